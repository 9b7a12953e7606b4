/* http_request.h: strict parser for one HTTP/1.1 request head.
 *
 * http_request_parse() looks at the bytes of one head received so far
 * (at the start of buf) and returns
 *   > 0  the head is complete: that many bytes are the head (the body, if
 *        any, follows); *req is filled in;
 *     0  the head is incomplete and still within limits: read more;
 *   < 0  the head is refused: req->status (400, 405, 411, 417, 431, 501,
 *        505) and req->reason (a static one-line string) say why.
 * Nothing in buf is modified; header values the proxy needs are copied into
 * req, so the caller may consume the head right away. Refused: a CR not
 * followed by LF or an LF not preceded by CR anywhere in the head,
 * obs-fold, bytes outside visible ASCII in the target, CTLs in values,
 * Content-Length together with Transfer-Encoding, duplicate or malformed
 * Content-Length, transfer codings other than chunked, methods other than
 * GET and POST, versions other than HTTP/1.1 and HTTP/1.0, a
 * Transfer-Encoding in an HTTP/1.0 request. An HTTP/1.0 request's
 * "Expect: 100-continue" is ignored, as RFC 9110 10.1.1 requires.
 *
 * The search for the head's end resumes where the last call stopped
 * (*scan), so a head that arrives a byte at a time costs one pass over its
 * bytes, not one per read; the fields are parsed once, when it is whole. */
#ifndef GITPROXY_HTTP_REQUEST_H
#define GITPROXY_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* HTTP_UNKNOWN: the request was refused before its method was known. */
enum http_method { HTTP_UNKNOWN, HTTP_GET, HTTP_POST };

struct http_request {
	enum http_method method;
	bool http10; /* HTTP/1.0: no chunked response, no keep-alive */
	char target[8192];
	char authorization[1024];
	char content_type[128];
	char content_encoding[64];
	char accept[256];
	char accept_encoding[128];
	char git_protocol[256];
	char user_agent[256];
	bool has_content_length;
	unsigned long long content_length;
	bool chunked;
	bool expect_continue;
	bool connection_close;
	int status;
	const char *reason;
};

/* How far the search for a head's end has come: buf[0, scanned) holds no
 * bare CR or LF and no end of the head; line_ended says whether the
 * request line's LF is in it. Zeroed for each new head. */
struct head_scan {
	size_t scanned;
	bool line_ended;
};

ssize_t http_request_parse(const char *buf, size_t len, struct head_scan *scan, struct http_request *req);

#endif
