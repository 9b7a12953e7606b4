#include "pktline.h"

#include "hex.h"

#include <string.h>

void pktline_init(struct pktline *r)
{
	memset(r, 0, sizeof *r);
	r->state = PKTLINE_LENGTH;
}

static enum pktline_event fail(struct pktline *r, const char *reason, size_t *used)
{
	r->state = PKTLINE_FAILED;
	r->reason = reason;
	*used = 0;
	return PKTLINE_ERROR;
}

/* The packet whose length was just read: special packets are complete,
 * data packets start their payload. */
static enum pktline_event length_done(struct pktline *r, size_t at, size_t *used)
{
	size_t total = r->len;
	r->digits = 0;
	r->have = 0;
	r->kept = 0;
	r->truncated = false;
	*used = at;
	switch (total) {
	case 0:
		return PKTLINE_FLUSH;
	case 1:
		return PKTLINE_DELIM;
	case 2:
		return PKTLINE_RESPONSE_END;
	case 3:
		return fail(r, "pkt-line length 0003 is invalid", used);
	}
	if (total > PKTLINE_MAX)
		return fail(r, "pkt-line longer than 65520 bytes", used);
	r->len = total - 4;
	if (r->len == 0)
		return PKTLINE_DATA;
	r->state = PKTLINE_PAYLOAD;
	r->truncated = r->len > PKTLINE_KEEP;
	return PKTLINE_NEED_MORE;
}

enum pktline_event pktline_feed(struct pktline *r, const char *in, size_t n, size_t *used)
{
	size_t i = 0;
	if (r->state == PKTLINE_FAILED)
		return fail(r, r->reason, used);
	while (i < n) {
		if (r->state == PKTLINE_LENGTH) {
			int h = hex_value(in[i]);
			if (h < 0)
				return fail(r, "pkt-line length is not 4 hex digits", used);
			if (r->digits == 0)
				r->len = 0;
			r->len = r->len << 4 | (unsigned)h;
			i++;
			if (++r->digits < 4)
				continue;
			enum pktline_event ev = length_done(r, i, used);
			if (ev != PKTLINE_NEED_MORE)
				return ev;
			continue;
		}
		/* PKTLINE_PAYLOAD: keep what fits, count the rest. */
		size_t take = n - i;
		if (take > r->len - r->have)
			take = r->len - r->have;
		if (r->kept < PKTLINE_KEEP) {
			size_t keep = take < PKTLINE_KEEP - r->kept ? take : PKTLINE_KEEP - r->kept;
			memcpy(r->buf + r->kept, in + i, keep);
			r->kept += keep;
		}
		r->have += take;
		i += take;
		if (r->have == r->len) {
			r->state = PKTLINE_LENGTH;
			*used = i;
			return PKTLINE_DATA;
		}
	}
	*used = i;
	return PKTLINE_NEED_MORE;
}
