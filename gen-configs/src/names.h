/* names.h: is this DNS name something the allowlist may contain?
 *
 * name_check() returns NULL for an acceptable name, or the lint rule it
 * breaks with a one-line explanation in why[whylen]. Accepted: lowercase
 * ASCII LDH labels of 1-63 bytes, 2+ labels, at most 253 bytes, punycode
 * labels that are valid IDNA, not an IP literal in any encoding, not a
 * public suffix, not a DoH/DoT resolver; with wildcard set, NAME is the
 * part after "*." and must itself be within one registrable domain. */
#ifndef GEN_CONFIGS_NAMES_H
#define GEN_CONFIGS_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* 0, or -1 if the Public Suffix List cannot be loaded (fail closed). */
int names_init(void);
void names_free(void);
const char *name_check(const char *name, bool wildcard, char *why, size_t whylen);
/* The DoH/DoT resolver names refused everywhere, NULL-terminated. */
extern const char *const resolver_names[];

#endif
