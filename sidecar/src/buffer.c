#include "buffer.h"

#include <stdlib.h>
#include <string.h>

int buffer_init(struct buffer *b, size_t cap)
{
	b->data = malloc(cap);
	b->cap = cap;
	b->start = b->end = 0;
	return b->data ? 0 : -1;
}

void buffer_free(struct buffer *b)
{
	free(b->data);
	b->data = NULL;
	b->cap = b->start = b->end = 0;
}

void buffer_consume(struct buffer *b, size_t n)
{
	b->start += n;
	if (b->start == b->end)
		b->start = b->end = 0;
}

size_t buffer_room(struct buffer *b)
{
	if (b->start > 0 && b->cap - b->end < b->cap / 2) {
		memmove(b->data, b->data + b->start, b->end - b->start);
		b->end -= b->start;
		b->start = 0;
	}
	return b->cap - b->end;
}

int buffer_append(struct buffer *b, const void *src, size_t n)
{
	if (buffer_room(b) < n) {
		if (b->cap - buffer_len(b) < n)
			return -1;
		memmove(b->data, b->data + b->start, b->end - b->start);
		b->end -= b->start;
		b->start = 0;
	}
	memcpy(b->data + b->end, src, n);
	b->end += n;
	return 0;
}
