/* limit_directive.h: the `limit NAME VALUE` directive: gitproxy's limits,
 * their value syntax, ranges and defaults. The defaults live here only:
 * gen-configs writes every limit into gitproxy.json, so gitproxy never
 * guesses one.
 *
 * Value syntax, by the limit's unit (no spaces inside a value):
 *   count      N                      decimal, no leading zeros
 *   bytes      N[KiB|MiB|GiB|TiB]     binary units only: KB/MB are refused
 *   duration   N(s|min|h)             the unit is required
 *   rate       COUNT/(s|min|h) or BYTES/(s|min|h)
 * Values are stored in base units: bytes, seconds, and a rate as value per
 * `per` seconds (600/min is value 600, per 60: no rounding). */
#ifndef GEN_CONFIGS_LIMIT_DIRECTIVE_H
#define GEN_CONFIGS_LIMIT_DIRECTIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "lint.h"

enum limit_unit { LIMIT_UNIT_COUNT, LIMIT_UNIT_BYTES, LIMIT_UNIT_DURATION, LIMIT_UNIT_COUNT_RATE, LIMIT_UNIT_BYTE_RATE };

struct limit_def {
	const char *name;
	enum limit_unit unit;
	unsigned long long min, max; /* of the value in base units (per unit time for rates) */
	unsigned long long default_value;
	unsigned default_per;        /* rates only */
	const char *default_text;    /* the default as a fragment would write it */
};

extern const struct limit_def limit_defs[];
extern const size_t limit_def_count;

/* The index of the limit called name (len bytes), or -1. */
int limit_lookup(const char *name, size_t len);
/* Parses text (len bytes) as a value of limit def; 0 and *value, *per
 * (1 for non-rates), or -1 after reporting limit-value at w. */
int limit_parse_value(struct diag *d, const struct where *w, const struct limit_def *def, const char *text,
                      size_t len, unsigned long long *value, unsigned *per);

#endif
