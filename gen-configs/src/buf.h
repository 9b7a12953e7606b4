/* buf.h: a growable byte buffer that owns its bytes. Emitters build each
 * output file in one, so its bytes can be hashed and written whole. */
#ifndef GEN_CONFIGS_BUF_H
#define GEN_CONFIGS_BUF_H

#include <stddef.h>

#include "diag.h"

struct buf {
	char *data;   /* not NUL-terminated */
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_put(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) DIAG_PRINTF(2, 3);

#endif
