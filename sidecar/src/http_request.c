#include "http_request.h"

#include "limits.h"

#include <string.h>
#include <strings.h>

static ssize_t refuse(struct http_request *req, int status, const char *reason)
{
	req->status = status;
	req->reason = reason;
	return -1;
}

/* RFC 9110 tchar. */
static bool is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Finds the end of the head ("\r\n\r\n"), going on from scan->scanned.
 * A bare CR or LF anywhere before it is refused: a peer that splits lines
 * at either would read another head than ours (a CR ending the request
 * line early once hid a field glued on after it). Returns the head length,
 * 0 if not there yet, or refuses. */
static ssize_t head_length(const char *buf, size_t len, struct head_scan *scan, struct http_request *req)
{
	size_t i = scan->scanned;
	for (; i < len; i++) {
		if (buf[i] == '\r') {
			if (i + 1 == len)
				break; /* what follows the CR is not here yet */
			if (buf[i + 1] != '\n')
				return refuse(req, 400, "bare CR in the request head");
			continue;
		}
		if (buf[i] != '\n')
			continue;
		if (i == 0 || buf[i - 1] != '\r')
			return refuse(req, 400, "bare LF in the request head");
		scan->line_ended = true;
		if (i >= 3 && buf[i - 2] == '\n' && buf[i - 3] == '\r')
			return (ssize_t)(i + 1);
	}
	scan->scanned = i;
	return 0;
}

/* Copies a header value into a fixed field; a value that does not fit is
 * refused rather than truncated. A repeated field is refused too: none of
 * the fields the proxy keeps may legitimately appear twice. */
static int keep(char *field, size_t cap, const char *v, size_t n)
{
	if (field[0] != '\0' || n >= cap || n == 0)
		return -1;
	memcpy(field, v, n);
	field[n] = '\0';
	return 0;
}

static bool value_is(const char *v, size_t n, const char *want)
{
	return strlen(want) == n && strncasecmp(v, want, n) == 0;
}

static int parse_content_length(const char *v, size_t n, unsigned long long *out)
{
	unsigned long long x = 0;
	if (n == 0 || n > 15)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		x = x * 10 + (unsigned long long)(v[i] - '0');
	}
	*out = x;
	return 0;
}

static ssize_t parse_request_line(const char *line, size_t n, struct http_request *req)
{
	const char *sp1 = memchr(line, ' ', n);
	if (!sp1)
		return refuse(req, 400, "malformed request line");
	size_t mlen = (size_t)(sp1 - line);
	if (mlen == 3 && memcmp(line, "GET", 3) == 0)
		req->method = HTTP_GET;
	else if (mlen == 4 && memcmp(line, "POST", 4) == 0)
		req->method = HTTP_POST;
	else {
		for (size_t i = 0; i < mlen; i++)
			if (!is_tchar((unsigned char)line[i]))
				return refuse(req, 400, "malformed request line");
		return refuse(req, mlen ? 405 : 400, mlen ? "method not allowed: only GET and POST" : "malformed request line");
	}
	const char *target = sp1 + 1;
	const char *sp2 = memchr(target, ' ', n - (size_t)(target - line));
	if (!sp2)
		return refuse(req, 400, "malformed request line");
	size_t tlen = (size_t)(sp2 - target);
	if (tlen == 0 || target[0] != '/')
		return refuse(req, 400, "request target must be an absolute path");
	if (tlen >= sizeof req->target)
		return refuse(req, 431, "request target too long");
	for (size_t i = 0; i < tlen; i++)
		if ((unsigned char)target[i] <= ' ' || (unsigned char)target[i] >= 0x7f)
			return refuse(req, 400, "control or non-ASCII byte in the request target");
	memcpy(req->target, target, tlen);
	req->target[tlen] = '\0';
	const char *version = sp2 + 1;
	size_t vlen = n - (size_t)(version - line);
	/* HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 2.3) */
	if (vlen != 8 || memcmp(version, "HTTP/", 5) != 0 || version[5] < '0' || version[5] > '9' ||
	    version[6] != '.' || version[7] < '0' || version[7] > '9')
		return refuse(req, 400, "malformed HTTP version");
	if (version[5] != '1' || version[7] > '1')
		return refuse(req, 505, "HTTP version not supported: only 1.1 and 1.0");
	req->http10 = version[7] == '0';
	return 0;
}

/* One header field line (no CRLF). Returns 0 or refuses. */
static ssize_t parse_field(const char *line, size_t n, struct http_request *req, bool *seen_cl)
{
	if (line[0] == ' ' || line[0] == '\t')
		return refuse(req, 400, "obsolete line folding in a header");
	const char *colon = memchr(line, ':', n);
	if (!colon || colon == line)
		return refuse(req, 400, "malformed header field");
	size_t nlen = (size_t)(colon - line);
	for (size_t i = 0; i < nlen; i++)
		if (!is_tchar((unsigned char)line[i]))
			return refuse(req, 400, "malformed header field name");
	const char *v = colon + 1;
	size_t vlen = n - nlen - 1;
	while (vlen && (*v == ' ' || *v == '\t'))
		v++, vlen--;
	while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
		vlen--;
	for (size_t i = 0; i < vlen; i++) {
		unsigned char c = (unsigned char)v[i];
		if ((c < ' ' && c != '\t') || c == 0x7f)
			return refuse(req, 400, "control byte in a header value");
	}

#define NAME_IS(s) (nlen == sizeof(s) - 1 && strncasecmp(line, s, nlen) == 0)
#define KEEP(field)                                                                   \
	do {                                                                              \
		if (keep(req->field, sizeof req->field, v, vlen) < 0)                         \
			return refuse(req, vlen >= sizeof req->field ? 431 : 400,                 \
			              vlen >= sizeof req->field ? "header value too long"         \
			                                        : "empty or repeated header field"); \
	} while (0)

	if (NAME_IS("Content-Length")) {
		if (*seen_cl)
			return refuse(req, 400, "duplicate Content-Length");
		*seen_cl = true;
		if (parse_content_length(v, vlen, &req->content_length) < 0)
			return refuse(req, 400, "malformed Content-Length");
		req->has_content_length = true;
	} else if (NAME_IS("Transfer-Encoding")) {
		if (req->chunked)
			return refuse(req, 400, "duplicate Transfer-Encoding");
		if (!value_is(v, vlen, "chunked"))
			return refuse(req, 501, "transfer coding not supported: only chunked");
		req->chunked = true;
	} else if (NAME_IS("Expect")) {
		if (!value_is(v, vlen, "100-continue"))
			return refuse(req, 417, "expectation not supported");
		req->expect_continue = true;
	} else if (NAME_IS("Connection")) {
		if (value_is(v, vlen, "close"))
			req->connection_close = true;
		else if (!value_is(v, vlen, "keep-alive"))
			return refuse(req, 400, "unsupported Connection option");
	} else if (NAME_IS("Authorization"))
		KEEP(authorization);
	else if (NAME_IS("Content-Type"))
		KEEP(content_type);
	else if (NAME_IS("Content-Encoding"))
		KEEP(content_encoding);
	else if (NAME_IS("Accept"))
		KEEP(accept);
	else if (NAME_IS("Accept-Encoding"))
		KEEP(accept_encoding);
	else if (NAME_IS("Git-Protocol"))
		KEEP(git_protocol);
	else if (NAME_IS("User-Agent"))
		KEEP(user_agent);
	/* Any other field is dropped: it is never forwarded upstream. */
#undef KEEP
#undef NAME_IS
	return 0;
}

ssize_t http_request_parse(const char *buf, size_t len, struct head_scan *scan, struct http_request *req)
{
	size_t upto = len < LIMIT_HEAD_BYTES ? len : LIMIT_HEAD_BYTES;
	ssize_t head = head_length(buf, upto, scan, req);
	if (head == 0) {
		if (!scan->line_ended && upto > LIMIT_REQUEST_LINE)
			head = refuse(req, 431, "request line too long");
		else if (upto == LIMIT_HEAD_BYTES)
			head = refuse(req, 431, "request head too large");
		else
			return 0;
	}
	if (head < 0) {
		req->method = HTTP_UNKNOWN;
		return -1;
	}
	memset(req, 0, sizeof *req);

	/* From here every CR is the start of a CRLF ending a line. */
	const char *p = buf;
	const char *end = buf + head - 2; /* the final empty line's CRLF */
	const char *eol = memchr(p, '\r', (size_t)(end - p));
	if ((size_t)(eol - p) > LIMIT_REQUEST_LINE)
		return refuse(req, 431, "request line too long");
	if (parse_request_line(p, (size_t)(eol - p), req) < 0)
		return -1;
	p = eol + 2;
	bool seen_cl = false;
	int fields = 0;
	while (p < end) {
		eol = memchr(p, '\r', (size_t)(end - p));
		if (eol == p)
			return refuse(req, 400, "malformed header field");
		if (++fields > LIMIT_HEADER_COUNT)
			return refuse(req, 431, "too many header fields");
		if (parse_field(p, (size_t)(eol - p), req, &seen_cl) < 0)
			return -1;
		p = eol + 2;
	}
	if (req->http10 && req->chunked)
		return refuse(req, 400, "Transfer-Encoding in an HTTP/1.0 request");
	if (req->http10)
		req->expect_continue = false;
	if (req->has_content_length && req->chunked)
		return refuse(req, 400, "both Content-Length and Transfer-Encoding");
	if (req->method == HTTP_GET && (req->chunked || (req->has_content_length && req->content_length)))
		return refuse(req, 400, "GET with a body");
	if (req->method == HTTP_POST && !req->chunked && !req->has_content_length)
		return refuse(req, 411, "POST needs Content-Length or chunked encoding");
	return head;
}
