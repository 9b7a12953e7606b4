/* tap.h: the smallest TAP producer. Each check prints "ok - what" or
 * "not ok - what" (tests/tap-run numbers them); a failure also prints
 * where. main() returns tap_status(). */
#ifndef GEN_CONFIGS_TAP_H
#define GEN_CONFIGS_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_failures;

__attribute__((format(printf, 4, 5))) static inline int tap_check(int ok, const char *file, int line,
                                                                  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs(ok ? "ok - " : "not ok - ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	if (!ok) {
		printf("#   failed at %s:%d\n", file, line);
		tap_failures++;
	}
	fflush(stdout);
	return ok;
}

#define ok(cond, ...) tap_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static inline int tap_status(void)
{
	return tap_failures ? 1 : 0;
}

#endif
