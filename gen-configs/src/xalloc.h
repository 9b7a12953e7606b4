/* xalloc.h: allocation that cannot fail. gen-configs is a one-shot program:
 * running out of memory ends it with "gen-configs: fatal: ..." and exit 111
 * (system failure), before anything is written. */
#ifndef GEN_CONFIGS_XALLOC_H
#define GEN_CONFIGS_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
/* Grows *array (of *cap elements of size elem) so that it holds at least
 * need elements; doubles, so appends are amortised O(1). */
void xgrow(void **array, size_t *cap, size_t need, size_t elem);
/* A NUL-terminated copy of the n bytes at s. */
char *xstrndup(const char *s, size_t n);

#endif
