#include "chunked.h"

#include "hex.h"

#include <string.h>

void chunked_init(struct chunked *dec)
{
	memset(dec, 0, sizeof *dec);
	dec->state = CHUNK_SIZE;
}

ssize_t chunked_decode(struct chunked *dec, const char *in, size_t n, size_t *used,
                       char *out, size_t cap)
{
	size_t i = 0, produced = 0;
	while (i < n && !dec->done) {
		char c = in[i];
		switch (dec->state) {
		case CHUNK_SIZE: {
			int h = hex_value(c);
			if (h >= 0) {
				if (++dec->digits > 15)
					return -1;
				dec->remaining = dec->remaining << 4 | (unsigned)h;
			} else if (c == '\r' && dec->digits > 0) {
				dec->state = CHUNK_SIZE_LF;
			} else {
				return -1;
			}
			i++;
			break;
		}
		case CHUNK_SIZE_LF:
			if (c != '\n')
				return -1;
			i++;
			dec->digits = 0;
			dec->state = dec->remaining ? CHUNK_DATA : CHUNK_LAST_CR;
			break;
		case CHUNK_DATA: {
			size_t take = n - i;
			if (take > dec->remaining)
				take = (size_t)dec->remaining;
			if (take > cap - produced)
				take = cap - produced;
			if (take == 0)
				goto out; /* out is full */
			memcpy(out + produced, in + i, take);
			produced += take;
			i += take;
			dec->remaining -= take;
			if (dec->remaining == 0)
				dec->state = CHUNK_DATA_CR;
			break;
		}
		case CHUNK_DATA_CR:
		case CHUNK_LAST_CR:
			if (c != '\r')
				return -1;
			i++;
			dec->state = dec->state == CHUNK_DATA_CR ? CHUNK_DATA_LF : CHUNK_LAST_LF;
			break;
		case CHUNK_DATA_LF:
			if (c != '\n')
				return -1;
			i++;
			dec->state = CHUNK_SIZE;
			break;
		case CHUNK_LAST_LF:
			if (c != '\n')
				return -1;
			i++;
			dec->done = true;
			break;
		}
	}
out:
	*used = i;
	return (ssize_t)produced;
}
