/* libFuzzer: the request-head parser must never read out of bounds, and a
 * head it accepts must be within its limits, consistent, and framed by
 * the strict grammar: every CR followed by LF, every LF preceded by CR,
 * ending in its first CRLF CRLF. */
#include "http_request.h"
#include "limits.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool strictly_framed(const char *h, size_t n)
{
	if (n < 4 || memcmp(h + n - 4, "\r\n\r\n", 4) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (h[i] == '\r' && (i + 1 == n || h[i + 1] != '\n'))
			return false;
		if (h[i] == '\n' && (i == 0 || h[i - 1] != '\r'))
			return false;
		if (i + 4 < n && memcmp(h + i, "\r\n\r\n", 4) == 0)
			return false; /* the head ends at its first empty line */
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_request req;
	/* A private copy, so ASan sees any read past what was received. */
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	struct head_scan whole_scan = {0};
	ssize_t head = http_request_parse(buf, size, &whole_scan, &req);
	int status = head < 0 ? req.status : 0;
	/* Arriving a byte at a time, the scan kept between reads, the same
	 * bytes decide the same way: the read that first decides sees the same
	 * head end or refusal as the whole input does. */
	struct head_scan scan = {0};
	static struct http_request piecewise;
	ssize_t r = 0;
	size_t upto = size < LIMIT_HEAD_BYTES + 2 ? size : LIMIT_HEAD_BYTES + 2;
	for (size_t n = 1; n <= upto && r == 0; n++)
		r = http_request_parse(buf, n, &scan, &piecewise);
	if (r != head || (r < 0 && piecewise.status != status) || scan.scanned > size)
		abort();
	if (head > 0) {
		if ((size_t)head > size || (size_t)head > LIMIT_HEAD_BYTES || req.target[0] != '/' ||
		    (req.chunked && req.has_content_length) || (req.method != HTTP_GET && req.method != HTTP_POST) ||
		    !strictly_framed(buf, (size_t)head))
			abort();
	} else if (head < 0 && (req.status < 400 || req.status > 505 || !req.reason)) {
		abort();
	}
	free(buf);
	return 0;
}
