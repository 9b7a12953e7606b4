/* request_body.h: a request's body as its head declares it (none,
 * Content-Length, or chunked), decoded from the client's input buffer.
 *
 * request_body_read() takes raw bytes from in (consuming them) and writes
 * at most cap body bytes to out. It returns the body bytes written, which
 * is 0 when in holds nothing more of the body (or only framing), and -1
 * when the chunked framing is malformed. b->done is true once the body has
 * ended; bytes after it stay in `in` (the next request). */
#ifndef GITPROXY_REQUEST_BODY_H
#define GITPROXY_REQUEST_BODY_H

#include "buffer.h"
#include "chunked.h"
#include "http_request.h"

#include <stdbool.h>
#include <sys/types.h>

struct request_body {
	bool chunked;
	struct chunked dec;
	unsigned long long left; /* Content-Length bytes still to come */
	bool done;
};

void request_body_init(struct request_body *b, const struct http_request *req);
ssize_t request_body_read(struct request_body *b, struct buffer *in, char *out, size_t cap);

#endif
