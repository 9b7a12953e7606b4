/* line_escape.c: see line_escape.h. */
#include "line_escape.h"

#include <stdio.h>
#include <string.h>

size_t escape_byte(unsigned char b, char out[ESCAPE_BYTE_MAX])
{
	static const char hex[] = "0123456789abcdef";
	if (b >= 0x20 && b < 0x7f && b != '\\') {
		out[0] = (char)b;
		return 1;
	}
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex[b >> 4];
	out[3] = hex[b & 15];
	return 4;
}

void line_escape_init(struct line_escape *e)
{
	e->len = 0;
	e->cut = 0;
}

/* The line is too long: escaped bytes are taken back from its end until
 * the mark fits before the LF. '\' only ever starts an escape, which is
 * 4 bytes long, so the last escaped byte is 4 bytes exactly when a '\'
 * stands 4 bytes from the end. */
static void start_cut(struct line_escape *e)
{
	e->cut = 1; /* the byte that did not fit */
	while (e->len + LINE_ESCAPE_MARK_MAX + 1 > LINE_ESCAPE_MAX) {
		e->len -= e->len >= 4 && e->line[e->len - 4] == '\\' ? 4 : 1;
		e->cut++;
	}
}

static int end_line(struct line_escape *e, line_escape_emit emit, void *ctx)
{
	if (e->cut)
		e->len += (size_t)snprintf(e->line + e->len, LINE_ESCAPE_MARK_MAX + 1, "\\[cut %llu bytes]", e->cut);
	e->line[e->len++] = '\n';
	size_t len = e->len;
	line_escape_init(e);
	return emit(ctx, e->line, len);
}

int line_escape_feed(struct line_escape *e, const char *in, size_t n, line_escape_emit emit, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)in[i];
		if (b == '\n') {
			int rc = end_line(e, emit, ctx);
			if (rc)
				return rc;
		} else if (e->cut) {
			e->cut++;
		} else {
			char shown[ESCAPE_BYTE_MAX];
			size_t k = escape_byte(b, shown);
			if (e->len + k + 1 > LINE_ESCAPE_MAX) {
				start_cut(e);
			} else {
				memcpy(e->line + e->len, shown, k);
				e->len += k;
			}
		}
	}
	return 0;
}

int line_escape_end(struct line_escape *e, line_escape_emit emit, void *ctx)
{
	if (e->len == 0 && e->cut == 0)
		return 0;
	return end_line(e, emit, ctx);
}
