/* request_body.c: see request_body.h. */
#include "request_body.h"

#include <string.h>

void request_body_init(struct request_body *b, const struct http_request *req)
{
	b->chunked = req->chunked;
	chunked_init(&b->dec);
	b->left = req->method == HTTP_POST && !req->chunked ? req->content_length : 0;
	b->done = !req->chunked && b->left == 0;
}

ssize_t request_body_read(struct request_body *b, struct buffer *in, char *out, size_t cap)
{
	if (!b->chunked) {
		size_t n = buffer_len(in);
		if (n > b->left)
			n = (size_t)b->left;
		if (n > cap)
			n = cap;
		memcpy(out, buffer_head(in), n);
		buffer_consume(in, n);
		b->left -= n;
		b->done = b->left == 0;
		return (ssize_t)n;
	}
	/* Framing alone (a chunk size line) yields nothing: look at what follows. */
	while (!b->done && buffer_len(in) > 0) {
		size_t used;
		ssize_t n = chunked_decode(&b->dec, buffer_head(in), buffer_len(in), &used, out, cap);
		if (n < 0)
			return -1;
		buffer_consume(in, used);
		b->done = b->dec.done;
		if (n > 0 || used == 0)
			return n;
	}
	return 0;
}
