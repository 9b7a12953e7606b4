#include "chunked.h"
#include "tap.h"

#include <string.h>

static char out[256];

/* Decodes all of in (in one call, or a byte at a time); returns the payload
 * length, or -1 on a syntax error. */
static ssize_t decode(const char *in, int bytewise, int *done)
{
	struct chunked d;
	size_t n = strlen(in), at = 0, produced = 0;
	chunked_init(&d);
	while (at < n && !d.done) {
		size_t used, give = bytewise ? 1 : n - at;
		ssize_t r = chunked_decode(&d, in + at, give, &used, out + produced, sizeof out - produced);
		if (r < 0)
			return -1;
		produced += (size_t)r;
		at += used;
	}
	*done = d.done;
	out[produced] = '\0';
	return (ssize_t)produced;
}

int main(void)
{
	int done;
	const char *good = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
	ok(decode(good, 0, &done) == 11 && done && strcmp(out, "hello world") == 0, "chunked: two chunks");
	ok(decode(good, 1, &done) == 11 && done && strcmp(out, "hello world") == 0, "chunked: a byte at a time");
	ok(decode("A\r\n0123456789\r\n0\r\n\r\n", 0, &done) == 10 && done, "chunked: uppercase hex size");
	ok(decode("5\r\nhel", 0, &done) == 3 && !done, "chunked: partial data is delivered, not done");
	ok(decode("5;ext=1\r\nhello\r\n0\r\n\r\n", 0, &done) < 0, "chunked: extensions refused");
	ok(decode("\r\nhello\r\n", 0, &done) < 0, "chunked: empty size refused");
	ok(decode("-5\r\nhello\r\n", 0, &done) < 0, "chunked: signed size refused");
	ok(decode(" 5\r\nhello\r\n", 0, &done) < 0, "chunked: space before size refused");
	ok(decode("5\nhello\r\n", 0, &done) < 0, "chunked: bare LF after size refused");
	ok(decode("5\r\nhelloX\r\n", 0, &done) < 0, "chunked: data longer than its size refused");
	ok(decode("1000000000000000\r\n", 0, &done) < 0, "chunked: size over 15 hex digits refused");
	ok(decode("0\r\nTrailer: x\r\n\r\n", 0, &done) < 0, "chunked: trailer fields refused");
	ok(decode("0\r\n\n", 0, &done) < 0, "chunked: bad final CRLF refused");

	struct chunked d;
	size_t used;
	char small[4];
	chunked_init(&d);
	ssize_t r = chunked_decode(&d, "8\r\nabcdefgh\r\n0\r\n\r\n", 18, &used, small, sizeof small);
	ok(r == 4 && used == 7 && memcmp(small, "abcd", 4) == 0 && !d.done, "chunked: stops when out is full");
	return tap_done();
}
