/* tap.h: a minimal TAP producer for the unit tests. ok(cond, name...)
 * prints "ok N - name" or "not ok N - name" with the failing line;
 * tap_done() prints the plan and returns the exit status for main(). */
#ifndef GITPROXY_TAP_H
#define GITPROXY_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_count, tap_failed;

__attribute__((format(printf, 4, 5))) static inline int tap_ok(int cond, const char *file, int line,
                                                               const char *fmt, ...)
{
	va_list ap;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond) {
		printf("#   at %s:%d\n", file, line);
		tap_failed++;
	}
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
