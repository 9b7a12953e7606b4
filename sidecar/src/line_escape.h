/* line_escape.h: untrusted bytes made fit for a log, one line at a time.
 *
 * Every byte outside printable ASCII (0x20..0x7e), and '\' itself, is
 * written \xNN (two lowercase hex digits), the form gitproxy's audit gives
 * a refname. So what comes out is printable ASCII and LF only, no terminal
 * or log parser sees a control byte from the sandbox, and unescaping a line
 * gives back the bytes that went in.
 *
 * A line out is at most LINE_ESCAPE_MAX bytes, its LF included. A line
 * whose escaped form is longer is cut: as many whole escaped bytes as leave
 * room, then "\[cut N bytes]", N counting the bytes of the line left out
 * (its LF not counted). "\[" is no escape, so a cut line can never be read
 * as a whole one. Memory is fixed: the struct holds one line out, and the
 * rest of a long line is only counted.
 *
 * line_escape_feed() takes the input in pieces of any size and calls
 * emit(ctx, line, len) for each line it ends: line[0..len) ends with LF and
 * is valid during the call only. A nonzero return from emit stops the feed
 * there and is returned (the bytes after that LF are not taken); otherwise
 * it returns 0. line_escape_end() ends a last line that had no LF as if it
 * had one; it returns what emit returned, or 0 when no line was open. */
#ifndef GITPROXY_LINE_ESCAPE_H
#define GITPROXY_LINE_ESCAPE_H

#include <stddef.h>

/* PIPE_BUF on Linux: a line written to a pipe in one write lands whole,
 * never inside another writer's line. */
#define LINE_ESCAPE_MAX 4096

/* The longest a byte's escaped form is. */
#define ESCAPE_BYTE_MAX 4

/* The longest cut mark, with the largest count it can hold. A cut line
 * keeps at most LINE_ESCAPE_MAX - 1 - LINE_ESCAPE_MARK_MAX escaped bytes:
 * the room is made once, when the line is cut, so the mark fits however
 * long the line goes on. */
#define LINE_ESCAPE_MARK_MAX (sizeof "\\[cut 18446744073709551615 bytes]" - 1)

/* Writes b's escaped form to out; returns its length, 1 or 4. */
size_t escape_byte(unsigned char b, char out[ESCAPE_BYTE_MAX]);

typedef int (*line_escape_emit)(void *ctx, const char *line, size_t len);

struct line_escape {
	char line[LINE_ESCAPE_MAX];
	size_t len;             /* escaped bytes of the open line held in line */
	unsigned long long cut; /* bytes of the open line left out; 0: not cut */
};

void line_escape_init(struct line_escape *e);
int line_escape_feed(struct line_escape *e, const char *in, size_t n, line_escape_emit emit, void *ctx);
int line_escape_end(struct line_escape *e, line_escape_emit emit, void *ctx);

#endif
