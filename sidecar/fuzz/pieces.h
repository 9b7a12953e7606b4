/* pieces.h: how the streaming harnesses (fuzz_pktline, fuzz_push_commands)
 * cut their input into the pieces they feed a parser, so a parser that
 * takes bytes as they arrive is tried at every boundary.
 *
 * Input: byte 0 says how many piece sizes follow ((b & 7) + 1); the sizes
 * are used in turn (0 means 4096); the rest is the stream. */
#ifndef GITPROXY_FUZZ_PIECES_H
#define GITPROXY_FUZZ_PIECES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pieces {
	const uint8_t *sizes; /* NULL: the whole stream at once */
	size_t nsizes, used;
	size_t n;     /* the stream's length */
	size_t avail; /* stream bytes [0, avail) have arrived */
};

/* Splits the input into sizes and stream; false if it is too short to
 * hold both. */
static inline bool pieces_split(const uint8_t *data, size_t size, struct pieces *p, const uint8_t **stream)
{
	if (size < 1)
		return false;
	size_t nsizes = (size_t)(data[0] & 7) + 1;
	if (size < 1 + nsizes)
		return false;
	*p = (struct pieces){.sizes = data + 1, .nsizes = nsizes, .n = size - 1 - nsizes};
	*stream = data + 1 + nsizes;
	return true;
}

/* The same stream arriving in one piece. */
static inline struct pieces pieces_whole(size_t n)
{
	return (struct pieces){.n = n, .avail = n};
}

/* The parser has consumed the stream up to at: once that is all that has
 * arrived, the next piece arrives. False when the whole stream has been
 * consumed. */
static inline bool pieces_next(struct pieces *p, size_t at)
{
	if (p->avail != at)
		return true;
	if (p->avail == p->n)
		return false;
	size_t k = p->sizes[p->used++ % p->nsizes];
	k = k ? k : 4096;
	p->avail = p->n - p->avail < k ? p->n : p->avail + k;
	return true;
}

#endif
