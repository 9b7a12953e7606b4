/* limit_directive.c: see limit_directive.h. */
#include "limit_directive.h"

#include <stdio.h>
#include <string.h>

#define KIB 1024ull
#define MIB (1024ull * KIB)
#define GIB (1024ull * MIB)
#define TIB (1024ull * GIB)

/* Order is the order of gitproxy.json's "limits" object and of the docs. */
const struct limit_def limit_defs[] = {
	{"connections", LIMIT_UNIT_COUNT, 1, 4096, 256, 1, "256"},
	{"transfers", LIMIT_UNIT_COUNT, 1, 4096, 64, 1, "64"},
	{"request-rate", LIMIT_UNIT_COUNT_RATE, 1, 1000000, 1200, 60, "1200/min"},
	{"request-burst", LIMIT_UNIT_COUNT, 1, 1000000, 600, 1, "600"},
	{"push-rate", LIMIT_UNIT_BYTE_RATE, KIB, TIB, 64 * MIB, 1, "64MiB/s"},
	{"push-burst", LIMIT_UNIT_BYTES, KIB, TIB, 2 * GIB, 1, "2GiB"},
	{"push-size", LIMIT_UNIT_BYTES, KIB, TIB, 2 * GIB, 1, "2GiB"},
	{"head-timeout", LIMIT_UNIT_DURATION, 1, 600, 10, 1, "10s"},
	{"idle-timeout", LIMIT_UNIT_DURATION, 1, 3600, 60, 1, "60s"},
	{"transfer-timeout", LIMIT_UNIT_DURATION, 1, 86400, 3600, 1, "1h"},
	{"session-ttl", LIMIT_UNIT_DURATION, 1, 30 * 86400, 12 * 3600, 1, "12h"},
};
const size_t limit_def_count = sizeof limit_defs / sizeof limit_defs[0];

int limit_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < limit_def_count; i++)
		if (strlen(limit_defs[i].name) == len && memcmp(limit_defs[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

struct suffix {
	const char *text;
	unsigned long long factor;
};

static const struct suffix byte_suffixes[] = {{"", 1}, {"KiB", KIB}, {"MiB", MIB}, {"GiB", GIB}, {"TiB", TIB}};
static const struct suffix time_suffixes[] = {{"s", 1}, {"min", 60}, {"h", 3600}};

/* A decimal number without leading zeros, at most 15 digits (so that any
 * factor below 2^13 cannot overflow): its length, or 0. */
static size_t number_prefix(const char *text, size_t len, unsigned long long *out)
{
	size_t n = 0;
	unsigned long long v = 0;
	while (n < len && text[n] >= '0' && text[n] <= '9' && n < 16)
		v = v * 10 + (unsigned long long)(text[n++] - '0');
	if (n == 0 || n > 15 || (n > 1 && text[0] == '0'))
		return 0;
	*out = v;
	return n;
}

/* text is exactly one of the suffixes: its factor, or 0. */
static unsigned long long suffix_factor(const struct suffix *s, size_t ns, const char *text, size_t len)
{
	for (size_t i = 0; i < ns; i++)
		if (strlen(s[i].text) == len && memcmp(s[i].text, text, len) == 0)
			return s[i].factor;
	return 0;
}

/* N followed by one of the suffixes, nothing else: 0, or -1. */
static int quantity(const char *text, size_t len, const struct suffix *s, size_t ns, unsigned long long *out)
{
	unsigned long long n;
	size_t digits = number_prefix(text, len, &n);
	if (digits == 0)
		return -1;
	unsigned long long factor = suffix_factor(s, ns, text + digits, len - digits);
	if (factor == 0 || n > ~0ull / factor)
		return -1;
	*out = n * factor;
	return 0;
}

static const char *unit_example(enum limit_unit u)
{
	switch (u) {
	case LIMIT_UNIT_COUNT: return "a count such as 64";
	case LIMIT_UNIT_BYTES: return "a size such as 512MiB (units: KiB, MiB, GiB, TiB, or none for bytes)";
	case LIMIT_UNIT_DURATION: return "a duration such as 30s, 5min or 1h";
	case LIMIT_UNIT_COUNT_RATE: return "a rate such as 600/min (per s, min or h)";
	case LIMIT_UNIT_BYTE_RATE: return "a rate such as 32MiB/s (per s, min or h)";
	}
	return "?";
}

static int parse_by_unit(const struct limit_def *def, const char *text, size_t len, unsigned long long *value,
                         unsigned *per)
{
	const size_t nb = sizeof byte_suffixes / sizeof byte_suffixes[0];
	const size_t nt = sizeof time_suffixes / sizeof time_suffixes[0];
	*per = 1;
	switch (def->unit) {
	case LIMIT_UNIT_COUNT:
		return quantity(text, len, byte_suffixes, 1, value);
	case LIMIT_UNIT_BYTES:
		return quantity(text, len, byte_suffixes, nb, value);
	case LIMIT_UNIT_DURATION:
		return quantity(text, len, time_suffixes, nt, value);
	case LIMIT_UNIT_COUNT_RATE:
	case LIMIT_UNIT_BYTE_RATE: {
		const char *slash = memchr(text, '/', len);
		if (!slash)
			return -1;
		size_t left = (size_t)(slash - text);
		unsigned long long f = suffix_factor(time_suffixes, nt, slash + 1, len - left - 1);
		if (f == 0)
			return -1;
		*per = (unsigned)f;
		return quantity(text, left, byte_suffixes, def->unit == LIMIT_UNIT_COUNT_RATE ? 1 : nb, value);
	}
	}
	return -1;
}

static void say_bytes(char *out, size_t cap, unsigned long long v)
{
	static const char *const names[] = {"", "KiB", "MiB", "GiB", "TiB"};
	size_t i = 0;
	while (i + 1 < sizeof names / sizeof names[0] && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		i++;
	}
	snprintf(out, cap, "%llu%s", v, names[i]);
}

int limit_parse_value(struct diag *d, const struct where *w, const struct limit_def *def, const char *text,
                      size_t len, unsigned long long *value, unsigned *per)
{
	if (parse_by_unit(def, text, len, value, per) < 0) {
		diag_error(d, w->file, w->line, w->col, "limit-value", "'%.*s' is not a valid value for limit %s: expected %s",
		           (int)(len > 64 ? 64 : len), text, def->name, unit_example(def->unit));
		return -1;
	}
	/* A rate's bounds are per second; its value is per `per` seconds. */
	if (*value < def->min || *value / *per > def->max) {
		char lo[32], hi[32];
		bool bytes = def->unit == LIMIT_UNIT_BYTES || def->unit == LIMIT_UNIT_BYTE_RATE;
		if (bytes) {
			say_bytes(lo, sizeof lo, def->min);
			say_bytes(hi, sizeof hi, def->max);
		} else {
			snprintf(lo, sizeof lo, "%llu", def->min);
			snprintf(hi, sizeof hi, "%llu", def->max);
		}
		const char *unit = def->unit == LIMIT_UNIT_DURATION ? " s" : "";
		const char *rate = def->unit == LIMIT_UNIT_COUNT_RATE || def->unit == LIMIT_UNIT_BYTE_RATE ? " per s" : "";
		diag_error(d, w->file, w->line, w->col, "limit-value", "limit %s must be from %s%s to %s%s%s", def->name, lo,
		           unit, hi, unit, rate);
		return -1;
	}
	return 0;
}
