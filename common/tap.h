/* tap.h: the one TAP producer of airlock's C unit tests. ok(cond, fmt...)
 * prints "ok N - what" or "not ok N - what" and, on failure, where;
 * main() ends with `return tap_done();`, which prints the plan and gives
 * the exit status (0 all passed, 1 some failed). */
#ifndef AIRLOCK_TAP_H
#define AIRLOCK_TAP_H

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
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
