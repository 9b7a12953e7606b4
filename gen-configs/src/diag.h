/* diag.h: diagnostics about the input, in the one format editors and the
 * bats suites read:
 *   FILE:LINE:COL: error: MESSAGE [rule-name]
 *   FILE:LINE:COL: warning: MESSAGE [rule-name]
 *   FILE: error: MESSAGE [rule-name]          (about a whole file, line 0)
 * Errors past LIMIT_ERRORS_SHOWN are counted but not printed. A diag with a
 * NULL sink only counts (the fuzz harness). */
#ifndef GEN_CONFIGS_DIAG_H
#define GEN_CONFIGS_DIAG_H

#include <stdio.h>

struct diag {
	FILE *out;               /* where messages go; NULL: count only */
	unsigned errors;         /* errors seen, printed or not */
	unsigned warnings;
};

#if defined(__GNUC__)
#define DIAG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DIAG_PRINTF(f, a)
#endif

void diag_init(struct diag *d, FILE *out);
void diag_error(struct diag *d, const char *file, unsigned line, unsigned col,
                const char *rule, const char *fmt, ...) DIAG_PRINTF(6, 7);
void diag_warning(struct diag *d, const char *file, unsigned line, unsigned col,
                  const char *rule, const char *fmt, ...) DIAG_PRINTF(6, 7);
/* Prints how many errors were not shown, if any. */
void diag_finish(struct diag *d);

#endif
