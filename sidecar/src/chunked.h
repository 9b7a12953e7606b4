/* chunked.h: streaming decoder for a chunked request body (RFC 9112 7.1),
 * strict: hex sizes of at most 15 digits, no chunk extensions, no trailer
 * fields, CRLF exactly where required.
 *
 * chunked_decode() takes the raw bytes received so far and copies payload
 * bytes to out. It returns the number of payload bytes written (possibly 0
 * when only framing was consumed or more input is needed) and sets *used to
 * the raw bytes consumed; -1 on a syntax error. dec->done is true once the
 * last chunk and the final CRLF have been consumed. */
#ifndef GITPROXY_CHUNKED_H
#define GITPROXY_CHUNKED_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct chunked {
	enum { CHUNK_SIZE, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF,
	       CHUNK_LAST_CR, CHUNK_LAST_LF } state;
	unsigned long long remaining;
	int digits;
	bool done;
};

void chunked_init(struct chunked *dec);
ssize_t chunked_decode(struct chunked *dec, const char *in, size_t n, size_t *used,
                       char *out, size_t cap);

#endif
