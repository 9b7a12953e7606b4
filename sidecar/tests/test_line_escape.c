#include "line_escape.h"
#include "tap.h"

#include "escape_check.h"

#include <stdlib.h>
#include <string.h>

/* Every line emitted, one after the other; an emit can be told to stop
 * the feed. */
struct sink {
	char buf[1 << 16];
	size_t len;
	size_t lines;
	int stop_after; /* stop (return 7) after this many lines; 0: never */
};

static int collect(void *ctx, const char *line, size_t len)
{
	struct sink *s = ctx;
	if (s->len + len <= sizeof s->buf) {
		memcpy(s->buf + s->len, line, len);
		s->len += len;
	}
	s->lines++;
	return s->stop_after && s->lines == (size_t)s->stop_after ? 7 : 0;
}

static struct sink sink;

/* The input fed whole, then ended; sink holds what came out. */
static void run(const char *in, size_t n)
{
	struct line_escape e;
	memset(&sink, 0, sizeof sink);
	line_escape_init(&e);
	line_escape_feed(&e, in, n, collect, &sink);
	line_escape_end(&e, collect, &sink);
}

#define RUN(literal) run(literal, sizeof literal - 1)

static int out_is(const char *want)
{
	return sink.len == strlen(want) && memcmp(sink.buf, want, sink.len) == 0;
}

/* A line too long for one line out, fed in pieces of step bytes; its one
 * line out is judged by escape_check. */
static struct line_escape big;
static char big_out[LINE_ESCAPE_MAX + 1];
static size_t big_out_len;

static int keep_big(void *ctx, const char *line, size_t len)
{
	(void)ctx;
	memcpy(big_out, line, len);
	big_out_len = len;
	return 0;
}

static const char *long_line(const unsigned char *in, size_t n, size_t step)
{
	line_escape_init(&big);
	big_out_len = 0;
	for (size_t at = 0; at < n; at += step)
		line_escape_feed(&big, (const char *)in + at, n - at < step ? n - at : step, keep_big, NULL);
	line_escape_feed(&big, "\n", 1, keep_big, NULL);
	return escape_check(in, n, big_out, big_out_len);
}

static int ends_with(const char *s, size_t n, const char *tail)
{
	size_t k = strlen(tail);
	return n >= k && memcmp(s + n - k, tail, k) == 0;
}

int main(void)
{
	int every_byte = 1;
	for (int b = 0; b < 256; b++) {
		char shown[ESCAPE_BYTE_MAX], want[8];
		size_t n = escape_byte((unsigned char)b, shown);
		if (b >= 0x20 && b < 0x7f && b != '\\')
			every_byte &= n == 1 && shown[0] == (char)b;
		else
			every_byte &= n == 4 && snprintf(want, sizeof want, "\\x%02x", b) == 4 && memcmp(shown, want, 4) == 0;
	}
	ok(every_byte, "escape_byte: printable ASCII but '\\' as itself, every other byte as \\xNN in lowercase hex");

	RUN("plain text: 1 + 1 = 2\n");
	ok(out_is("plain text: 1 + 1 = 2\n"), "a printable line comes out as it went in");

	RUN("CONNECT a\x1b[31mred.test:443 HTTP/1.1\n");
	ok(out_is("CONNECT a\\x1b[31mred.test:443 HTTP/1.1\n"), "an ESC sequence comes out escaped");

	RUN("t\tc\rb\\d\x7f" "8\x80" "f\xff\n");
	ok(out_is("t\\x09c\\x0db\\x5cd\\x7f8\\x80f\\xff\n"), "tab, CR, backslash, DEL and bytes above 0x7f are escaped");

	RUN("a\0b\n");
	ok(out_is("a\\x00b\n"), "a NUL is escaped, not an end");

	RUN("one\ntwo\n\nthree\n");
	ok(out_is("one\ntwo\n\nthree\n") && sink.lines == 4, "several lines in one piece, an empty one among them");

	RUN("no newline");
	ok(out_is("no newline\n") && sink.lines == 1, "a last line without LF is ended by line_escape_end");

	RUN("done\n");
	ok(sink.lines == 1, "line_escape_end after an LF emits nothing");

	RUN("");
	ok(sink.len == 0 && sink.lines == 0, "no input, no output");

	{
		static const char in[] = "first \x1b line\nsecond\\line\nthird";
		struct line_escape e;
		struct sink whole;
		run(in, sizeof in - 1);
		whole = sink;
		memset(&sink, 0, sizeof sink);
		line_escape_init(&e);
		for (size_t i = 0; i < sizeof in - 1; i++)
			line_escape_feed(&e, in + i, 1, collect, &sink);
		line_escape_end(&e, collect, &sink);
		ok(sink.len == whole.len && memcmp(sink.buf, whole.buf, sink.len) == 0 && sink.lines == 3,
		   "fed a byte at a time, the same lines come out");
	}

	{
		struct line_escape e;
		memset(&sink, 0, sizeof sink);
		sink.stop_after = 1;
		line_escape_init(&e);
		int rc = line_escape_feed(&e, "a\nb\n", 4, collect, &sink);
		ok(rc == 7 && sink.lines == 1 && out_is("a\n"), "an emit's nonzero return stops the feed and is returned");
	}

	static unsigned char in[1 << 20];
	memset(in, 'a', LINE_ESCAPE_MAX - 1);
	ok(long_line(in, LINE_ESCAPE_MAX - 1, LINE_ESCAPE_MAX) == NULL && big_out_len == LINE_ESCAPE_MAX &&
	       !memchr(big_out, '[', big_out_len),
	   "a line of LINE_ESCAPE_MAX - 1 printable bytes comes out whole, LF making LINE_ESCAPE_MAX");

	memset(in, 'a', LINE_ESCAPE_MAX);
	const char *why = long_line(in, LINE_ESCAPE_MAX, LINE_ESCAPE_MAX);
	ok(why == NULL && big_out_len <= LINE_ESCAPE_MAX && ends_with(big_out, big_out_len, " bytes]\n"),
	   "one byte more is cut and marked (%s)", why ? why : "as specified");

	memset(in, 0x01, (LINE_ESCAPE_MAX - 1) / 4);
	ok(long_line(in, (LINE_ESCAPE_MAX - 1) / 4, 1) == NULL && big_out_len == (LINE_ESCAPE_MAX - 1) / 4 * 4 + 1,
	   "the most escaped bytes that fit come out whole");
	memset(in, 0x01, (LINE_ESCAPE_MAX - 1) / 4 + 1);
	why = long_line(in, (LINE_ESCAPE_MAX - 1) / 4 + 1, 1);
	ok(why == NULL && ends_with(big_out, big_out_len, " bytes]\n"), "one escaped byte more is cut (%s)",
	   why ? why : "as specified");

	/* Printable bytes up to the last room, then escaped ones: the cut must
	 * take back whole escapes, never half of one. */
	memset(in, 'a', LINE_ESCAPE_MAX - 60);
	memset(in + LINE_ESCAPE_MAX - 60, 0x1b, 100);
	why = long_line(in, LINE_ESCAPE_MAX + 40, 7);
	ok(why == NULL, "a cut through escaped bytes takes back whole escapes (%s)", why ? why : "as specified");

	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (unsigned char)(i * 37 + 11);
	for (size_t i = 0; i < sizeof in; i++)
		if (in[i] == '\n')
			in[i] = '\\';
	why = long_line(in, sizeof in, 65536);
	ok(why == NULL && big_out_len <= LINE_ESCAPE_MAX, "a 1 MiB line of every byte value: cut, marked, counted (%s)",
	   why ? why : "as specified");
	ok(ends_with(big_out, big_out_len, " bytes]\n") && strstr(big_out, "\\[cut "), "its mark is \\[cut N bytes]");

	{
		struct line_escape e;
		memset(&sink, 0, sizeof sink);
		line_escape_init(&e);
		line_escape_feed(&e, (const char *)in, sizeof in, collect, &sink);
		line_escape_feed(&e, "\nafter\n", 7, collect, &sink);
		ok(sink.lines == 2 && ends_with(sink.buf, sink.len, "]\nafter\n"), "the line after a cut one is whole");
	}
	return tap_done();
}
