/* buffer.h: a fixed-capacity byte queue. Bytes are appended at the tail and
 * consumed from the head; the live bytes are moved to the front when the tail
 * runs out of room, so both ends are always one contiguous span (one read(2)
 * or write(2) each). The buffer owns its storage; capacity never grows, which
 * is what bounds memory per transfer. */
#ifndef GITPROXY_BUFFER_H
#define GITPROXY_BUFFER_H

#include <stddef.h>

struct buffer {
	char *data;
	size_t cap, start, end;
};

/* 0 on success, -1 if the allocation failed. */
int buffer_init(struct buffer *b, size_t cap);
void buffer_free(struct buffer *b);
static inline size_t buffer_len(const struct buffer *b) { return b->end - b->start; }
static inline const char *buffer_head(const struct buffer *b) { return b->data + b->start; }
void buffer_consume(struct buffer *b, size_t n);
/* Contiguous free room at the tail, compacting first if that makes more. */
size_t buffer_room(struct buffer *b);
static inline char *buffer_tail(struct buffer *b) { return b->data + b->end; }
static inline void buffer_commit(struct buffer *b, size_t n) { b->end += n; }
/* Append all of src or nothing: 0 on success, -1 if it does not fit. */
int buffer_append(struct buffer *b, const void *src, size_t n);

#endif
