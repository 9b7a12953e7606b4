#include "buffer.h"
#include "tap.h"

#include <string.h>

int main(void)
{
	struct buffer b;
	ok(buffer_init(&b, 8) == 0, "buffer: init");
	ok(buffer_room(&b) == 8 && buffer_len(&b) == 0, "buffer: empty has all room");
	ok(buffer_append(&b, "abcdef", 6) == 0 && buffer_len(&b) == 6, "buffer: append");
	ok(buffer_append(&b, "xyz", 3) < 0 && buffer_len(&b) == 6, "buffer: append that does not fit is refused whole");
	buffer_consume(&b, 4);
	ok(buffer_len(&b) == 2 && memcmp(buffer_head(&b), "ef", 2) == 0, "buffer: consume from the head");
	ok(buffer_append(&b, "ghijkl", 6) == 0 && memcmp(buffer_head(&b), "efghijkl", 8) == 0,
	   "buffer: append compacts to make room");
	ok(buffer_room(&b) == 0, "buffer: full has no room");
	buffer_consume(&b, 8);
	ok(buffer_len(&b) == 0 && buffer_room(&b) == 8, "buffer: consuming everything resets");
	memcpy(buffer_tail(&b), "12", 2);
	buffer_commit(&b, 2);
	ok(buffer_len(&b) == 2 && memcmp(buffer_head(&b), "12", 2) == 0, "buffer: tail + commit");
	buffer_free(&b);
	ok(b.data == NULL && b.cap == 0, "buffer: free clears");
	return tap_done();
}
