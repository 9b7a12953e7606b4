/* libFuzzer: line_escape, fed in pieces whose sizes come from the input
 * (pieces.h). Every line out must be printable ASCII ended by LF, read
 * back to its line in (or, cut and marked, to a prefix of it, with the
 * count of what was left out: escape_check.h), one line out for each line
 * in; and the output must be the same whatever the split. */
#include "line_escape.h"

#include "../tests/escape_check.h"
#include "pieces.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct run {
	const uint8_t *in;
	size_t n;
	size_t line_start; /* where the line in that the next line out stands for begins */
	char *out;         /* every line out, one after the other */
	size_t out_len, out_cap;
};

static int judge(void *ctx, const char *line, size_t len)
{
	struct run *r = ctx;
	if (r->line_start >= r->n)
		abort(); /* more lines out than lines in */
	const uint8_t *lf = memchr(r->in + r->line_start, '\n', r->n - r->line_start);
	size_t in_len = (lf ? (size_t)(lf - r->in) : r->n) - r->line_start;
	if (escape_check(r->in + r->line_start, in_len, line, len))
		abort();
	r->line_start += in_len + 1;
	if (r->out_len + len > r->out_cap)
		abort();
	memcpy(r->out + r->out_len, line, len);
	r->out_len += len;
	return 0;
}

static void feed(struct run *r, struct pieces p)
{
	struct line_escape e;
	line_escape_init(&e);
	size_t at = 0;
	while (pieces_next(&p, at)) {
		if (line_escape_feed(&e, (const char *)r->in + at, p.avail - at, judge, r))
			abort();
		at = p.avail;
	}
	line_escape_end(&e, judge, r);
	/* Every line in was answered: the last one ended with the input, or
	 * with its LF. */
	if (r->line_start < r->n)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pieces split;
	const uint8_t *stream;
	if (!pieces_split(data, size, &split, &stream))
		return 0;
	/* At most 4 bytes out per byte in, plus an LF for each line. */
	size_t cap = 4 * split.n + split.n + 1;
	struct run a = {.in = stream, .n = split.n, .out = malloc(cap), .out_cap = cap};
	struct run b = {.in = stream, .n = split.n, .out = malloc(cap), .out_cap = cap};
	if (!a.out || !b.out)
		abort();
	feed(&a, split);
	feed(&b, pieces_whole(split.n));
	if (a.out_len != b.out_len || memcmp(a.out, b.out, a.out_len) != 0)
		abort();
	free(a.out);
	free(b.out);
	return 0;
}
