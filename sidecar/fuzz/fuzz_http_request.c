/* libFuzzer: the request-head parser must never read out of bounds, and a
 * head it accepts must be within its limits and consistent. */
#include "http_request.h"
#include "limits.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_request req;
	/* A private copy, so ASan sees any read past what was received. */
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	ssize_t head = http_request_parse(buf, size, &req);
	if (head > 0) {
		if ((size_t)head > size || (size_t)head > LIMIT_HEAD_BYTES || req.target[0] != '/' ||
		    (req.chunked && req.has_content_length) || (req.method != HTTP_GET && req.method != HTTP_POST))
			abort();
	} else if (head < 0 && (req.status < 400 || req.status > 505 || !req.reason)) {
		abort();
	}
	free(buf);
	return 0;
}
