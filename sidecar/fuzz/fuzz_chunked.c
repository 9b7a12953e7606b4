/* libFuzzer: the chunked decoder, fed in pieces whose sizes come from the
 * input itself, must never write past its output or consume past its input,
 * and must decode the same payload whatever the split. */
#include "chunked.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ssize_t run(const char *in, size_t n, size_t step, char *out, size_t cap, int *err)
{
	struct chunked d;
	size_t at = 0, produced = 0;
	chunked_init(&d);
	*err = 0;
	while (at < n && !d.done) {
		size_t used, give = n - at < step ? n - at : step;
		size_t room = cap - produced < 7 ? cap - produced : 7;
		ssize_t r = chunked_decode(&d, in + at, give, &used, out + produced, room);
		if (r < 0) {
			*err = 1;
			break;
		}
		if ((size_t)r > room || used > give)
			abort();
		if (r == 0 && used == 0 && room > 0)
			break; /* needs more input than there is */
		if (r == 0 && used == 0)
			break;
		produced += (size_t)r;
		at += used;
	}
	return (ssize_t)produced;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t step = (size_t)data[0] % 16 + 1;
	char *in = malloc(size - 1 ? size - 1 : 1), out1[4096], out2[4096];
	if (!in)
		return 0;
	memcpy(in, data + 1, size - 1);
	int err1, err2;
	ssize_t a = run(in, size - 1, step, out1, sizeof out1, &err1);
	ssize_t b = run(in, size - 1, size, out2, sizeof out2, &err2);
	/* Same verdict and same payload prefix, however the input is split. */
	if (err1 != err2 || (!err1 && (a != b || memcmp(out1, out2, (size_t)a) != 0)))
		abort();
	free(in);
	return 0;
}
