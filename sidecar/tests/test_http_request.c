#include "http_request.h"
#include "tap.h"

#include <string.h>

static struct http_request req;

static ssize_t parse(const char *s)
{
	struct head_scan scan = {0};
	return http_request_parse(s, strlen(s), &scan, &req);
}

/* s arriving a byte at a time, the scan kept between reads: the result of
 * the first read that decides, and in *at how many bytes had come. */
static ssize_t parse_bytewise(const char *s, size_t *at)
{
	struct head_scan scan = {0};
	size_t n = strlen(s);
	for (*at = 1; *at <= n; (*at)++) {
		ssize_t r = http_request_parse(s, *at, &scan, &req);
		if (r != 0)
			return r;
	}
	return 0;
}

/* The request is refused with this status. */
static int refused(const char *s, int status)
{
	return parse(s) < 0 && req.status == status;
}

static void incremental(void)
{
	static const char get[] = "GET /git/github.com/o/r.git/info/refs?service=git-upload-pack HTTP/1.1\r\n"
	                          "Host: x\r\nUser-Agent: git/2.39\r\n\r\nnext";
	size_t at;
	ssize_t r = parse_bytewise(get, &at);
	ok(r == (ssize_t)sizeof get - 5 && at == sizeof get - 5 && strcmp(req.user_agent, "git/2.39") == 0,
	   "a head arriving a byte at a time is complete at its last byte, fields parsed");
	r = parse_bytewise("GET / HTTP/1.1\r", &at);
	ok(r == 0, "a CR at the end of what has come waits for the next byte");
	r = parse_bytewise("GET / HTTP/1.1\rX: y\r\n\r\n", &at);
	ok(r < 0 && req.status == 400 && at == 16 && req.method == HTTP_UNKNOWN,
	   "... and is refused as a bare CR once it has come");
	char line[8300];
	memset(line, 'a', sizeof line - 1);
	memcpy(line, "GET /", 5);
	line[sizeof line - 1] = '\0';
	r = parse_bytewise(line, &at);
	ok(r < 0 && req.status == 431 && at == 8193, "a request line without its end refused at 8193 bytes, read bytewise");
	struct head_scan scan = {0};
	static char big[40000];
	memcpy(big, "GET / HTTP/1.1\r\n", 16);
	for (size_t i = 16; i + 4 < sizeof big; i += 4)
		memcpy(big + i, "X:\r\n", 4);
	size_t calls = 0;
	for (size_t n = 1; n <= 32768; n++, calls++)
		if (http_request_parse(big, n, &scan, &req) != 0)
			break;
	ok(req.status == 431 && scan.scanned <= 32768, "a growing head is scanned once: %zu reads, %zu bytes scanned",
	   calls, scan.scanned);
}

int main(void)
{
	incremental();
	const char *get = "GET /git/github.com/o/r.git/info/refs?service=git-upload-pack HTTP/1.1\r\n"
	                  "Host: sidecar\r\nAuthorization: Basic YTpi\r\nGit-Protocol: version=2\r\n\r\n";
	ok(parse(get) == (ssize_t)strlen(get), "http: complete GET head parsed to its length");
	ok(req.method == HTTP_GET && strcmp(req.git_protocol, "version=2") == 0 &&
	   strcmp(req.authorization, "Basic YTpi") == 0, "http: fields kept");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\n") == 0, "http: incomplete head asks for more");
	const char *post = "POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Type: a/b\r\n\r\nhello";
	ok(parse(post) == (ssize_t)strlen(post) - 5 && req.has_content_length && req.content_length == 5,
	   "http: POST with Content-Length; body not part of the head");
	ok(parse("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") > 0 && req.chunked, "http: chunked POST");
	ok(parse("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n") > 0 &&
	   req.expect_continue, "http: Expect 100-continue");
	ok(parse("GET /x HTTP/1.1\r\nConnection: close\r\n\r\n") > 0 && req.connection_close, "http: Connection close");

	ok(refused("POST /x HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
	   "http: Content-Length with Transfer-Encoding refused");
	ok(refused("POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", 400), "http: duplicate Content-Length refused");
	ok(refused("POST /x HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n", 400), "http: list Content-Length refused");
	ok(refused("POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400), "http: negative Content-Length refused");
	ok(refused("POST /x HTTP/1.1\r\nContent-Length: +5\r\n\r\n", 400), "http: signed Content-Length refused");
	ok(refused("POST /x HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400), "http: huge Content-Length refused");
	ok(refused("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501), "http: unknown transfer coding refused");
	ok(refused("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
	   "http: duplicate Transfer-Encoding refused");
	ok(refused("POST /x HTTP/1.1\r\n\r\n", 411), "http: POST without a length refused");
	ok(refused("GET /x HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n", 400), "http: obs-fold refused");
	ok(refused("GET /x HTTP/1.1\nHost: x\n\n", 400), "http: bare LF refused");
	ok(refused("GET /x HTTP/1.1\r\nX-A: a\rb\r\n\r\n", 400), "http: bare CR in a value refused");
	/* A CR ending the request line early must not hide what follows it
	 * (here a field name glued on by a peer that splits lines at CR). */
	ok(refused("GET /x HTTP/1.1\rXHost: a\r\n\r\n", 400) && strstr(req.reason, "bare CR"),
	   "http: bare CR in the request line refused");
	ok(refused("GET /x\r HTTP/1.1\r\n\r\n", 400) && strstr(req.reason, "bare CR"), "http: bare CR in the target refused");
	ok(refused("GET /x HTTP/1.1\r\r\n\r\n", 400) && strstr(req.reason, "bare CR"), "http: CR CR LF refused");
	ok(refused("GET /x HTTP/1.1\r\nX-A: a\r\r\n\r\n", 400) && strstr(req.reason, "bare CR"),
	   "http: CR CR LF after a value refused");
	ok(refused("GET /x HTTP/1.1\r\n\rX-A: a\r\n\r\n", 400) && strstr(req.reason, "bare CR"),
	   "http: bare CR starting a line refused");
	ok(parse("GET /x HTTP/1.1\r") == 0 && parse("GET /x HTTP/1.1\r\nX-A: a\r\n\r") == 0,
	   "http: a CR that ends what was received so far waits for its LF");
	ok(refused("GET /x HTTP/1.1\r\nX-A: a\x01" "b\r\n\r\n", 400), "http: control byte in a value refused");
	ok(refused("GET /x HTTP/1.1\r\nX A: b\r\n\r\n", 400), "http: space in a field name refused");
	ok(refused("GET /x HTTP/1.1\r\n: b\r\n\r\n", 400), "http: empty field name refused");
	ok(refused("PUT /x HTTP/1.1\r\n\r\n", 405), "http: PUT refused");
	ok(refused("CONNECT x:443 HTTP/1.1\r\n\r\n", 405), "http: CONNECT refused");
	ok(refused("GET http://x/ HTTP/1.1\r\n\r\n", 400), "http: absolute-form target refused");
	ok(refused("GET /a\x7f HTTP/1.1\r\n\r\n", 400), "http: DEL in the target refused");
	ok(parse("GET /x HTTP/1.0\r\n\r\n") > 0 && req.http10, "http: HTTP/1.0 accepted and marked");
	ok(parse("GET /x HTTP/1.1\r\n\r\n") > 0 && !req.http10, "http: HTTP/1.1 not marked 1.0");
	ok(parse("POST /x HTTP/1.0\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n") > 0 && !req.expect_continue,
	   "http: HTTP/1.0 Expect: 100-continue ignored");
	ok(refused("POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400), "http: HTTP/1.0 chunked body refused");
	ok(refused("GET /x HTTP/2.0\r\n\r\n", 505), "http: HTTP/2.0 refused");
	ok(refused("GET /x HTTP/1.2\r\n\r\n", 505), "http: HTTP/1.2 refused");
	ok(refused("GET /x HTTP/0.9\r\n\r\n", 505), "http: HTTP/0.9 refused");
	ok(refused("GET /x HTTP/1.10\r\n\r\n", 400), "http: three-digit version malformed");
	ok(refused("GET /x http/1.1\r\n\r\n", 400), "http: lowercase protocol name malformed");
	ok(refused("GET /x HTTP/1.1 \r\n\r\n", 400), "http: trailing space after the version malformed");
	ok(refused("GET  /x HTTP/1.1\r\n\r\n", 400), "http: two spaces after the method malformed");
	ok(refused("GET /x HTTP/1.1\r\nExpect: something\r\n\r\n", 417), "http: unknown expectation refused");
	ok(refused("GET /x HTTP/1.1\r\nContent-Length: 3\r\n\r\n", 400), "http: GET with a body refused");
	ok(refused("GET /x HTTP/1.1\r\nGit-Protocol: a\r\nGit-Protocol: b\r\n\r\n", 400), "http: repeated kept field refused");

	static char big[40000];
	memset(big, 'a', sizeof big - 1);
	memcpy(big, "GET /", 5);
	ok(refused(big, 431), "http: endless request line refused");
	char many[8000] = "GET /x HTTP/1.1\r\n";
	for (int i = 0; i < 101; i++)
		strcat(many, "X-A: b\r\n");
	strcat(many, "\r\n");
	ok(refused(many, 431), "http: more than 100 fields refused");
	char longval[2000] = "GET /x HTTP/1.1\r\nAuthorization: ";
	memset(longval + strlen(longval), 'a', 1100);
	strcat(longval, "\r\n\r\n");
	ok(refused(longval, 431), "http: kept value beyond its field refused, not truncated");
	return tap_done();
}
