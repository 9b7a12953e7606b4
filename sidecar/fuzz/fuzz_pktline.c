/* libFuzzer: the pkt-line reader, fed in pieces whose sizes come from the
 * input itself, must never consume past what it is given, must consume
 * everything when it needs more, and must report exactly the packets a
 * plain whole-buffer walk finds, with the payload prefix it kept.
 * Input: see pieces.h. */
#include "pktline.h"

#include "hex.h"
#include "pieces.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next packet of s at `at`, read whole: 1 and its event, end and
 * payload length; 0 if s ends inside it; -1 if it is malformed. */
static int reference(const uint8_t *s, size_t n, size_t at, enum pktline_event *ev, size_t *end, size_t *len)
{
	unsigned v = 0;
	if (n - at < 4) {
		for (size_t i = at; i < n; i++)
			if (hex_value(s[i]) < 0)
				return -1;
		return 0;
	}
	for (int i = 0; i < 4; i++) {
		int h = hex_value(s[at + (size_t)i]);
		if (h < 0)
			return -1;
		v = v << 4 | (unsigned)h;
	}
	*len = 0;
	*end = at + 4;
	if (v <= 2) {
		*ev = v == 0 ? PKTLINE_FLUSH : v == 1 ? PKTLINE_DELIM : PKTLINE_RESPONSE_END;
		return 1;
	}
	if (v == 3 || v > PKTLINE_MAX)
		return -1;
	*ev = PKTLINE_DATA;
	*len = v - 4;
	*end = at + v;
	return *end <= n ? 1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pieces pc;
	const uint8_t *s;
	if (!pieces_split(data, size, &pc, &s))
		return 0;
	size_t n = pc.n, at = 0;
	/* A copy of exactly n bytes, so ASan sees any read past the end. */
	char *in = malloc(n ? n : 1);
	if (!in)
		return 0;
	memcpy(in, s, n);

	/* next: where the packet to be reported next starts. */
	static struct pktline r;
	size_t next = 0, end, len;
	enum pktline_event want;
	pktline_init(&r);
	while (pieces_next(&pc, at)) {
		size_t used, give = pc.avail - at;
		enum pktline_event ev = pktline_feed(&r, in + at, give, &used);
		if (used > give)
			abort();
		if (ev == PKTLINE_NEED_MORE) {
			if (used != give)
				abort();
			at += used;
			continue;
		}
		if (ev == PKTLINE_ERROR) {
			if (used != 0 || !r.reason || pktline_feed(&r, "0000", 4, &used) != PKTLINE_ERROR || used != 0)
				abort();
			break;
		}
		if (used == 0)
			abort(); /* an event without progress */
		at += used;
		if (reference(s, n, next, &want, &end, &len) != 1 || end != at || want != ev)
			abort();
		if (ev == PKTLINE_DATA) {
			size_t kept = len < PKTLINE_KEEP ? len : PKTLINE_KEEP;
			if (r.len != len || r.kept != kept || r.truncated != (len > PKTLINE_KEEP) ||
			    memcmp(r.buf, s + end - len, kept) != 0)
				abort();
		}
		next = end;
	}
	/* Stopped: on an error the walk finds the same malformed packet;
	 * otherwise everything was consumed and at most an incomplete packet
	 * is left. */
	if (r.state == PKTLINE_FAILED ? reference(s, n, next, &want, &end, &len) != -1
	                              : at != n || (next != n && reference(s, n, next, &want, &end, &len) != 0))
		abort();
	free(in);
	return 0;
}
