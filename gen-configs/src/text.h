/* text.h: a growable output text; the emitters build whole files in memory
 * (bounded by the input) so each can be written and hashed in one go. */
#ifndef GEN_CONFIGS_TEXT_H
#define GEN_CONFIGS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct text {
	char *data;
	size_t len, cap;
	bool failed; /* an allocation failed: the text is incomplete */
};

void text_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void text_append(struct text *t, const char *s, size_t n);
void text_free(struct text *t);

#endif
