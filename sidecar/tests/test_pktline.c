#include "pktline.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static struct pktline r;

/* Feeds in (NUL-terminated) in one call to a fresh reader. */
static enum pktline_event one(const char *in, size_t *used)
{
	pktline_init(&r);
	return pktline_feed(&r, in, strlen(in), used);
}

static int data_is(const char *payload)
{
	size_t n = strlen(payload);
	return r.len == n && r.kept == n && !r.truncated && memcmp(r.buf, payload, n) == 0;
}

/* The events of in, fed whole (step 0) or step bytes at a time, written
 * to log as one letter each (F D R flush/delim/response-end, the payload
 * in brackets for data, E for an error); returns the bytes consumed. */
static size_t events(const char *in, size_t n, size_t step, char *log, size_t cap, size_t *loglen)
{
	size_t at = 0, avail = step ? (step < n ? step : n) : n, w = 0;
	pktline_init(&r);
	*loglen = 0;
	while (w + 3 + PKTLINE_KEEP < cap) {
		size_t used;
		enum pktline_event ev = pktline_feed(&r, in + at, avail - at, &used);
		if (used > avail - at)
			return (size_t)-1;
		at += used;
		switch (ev) {
		case PKTLINE_NEED_MORE:
			if (at != avail)
				return (size_t)-1;
			if (avail == n)
				return at;
			avail = avail + step > n ? n : avail + step;
			continue;
		case PKTLINE_DATA:
			log[w++] = '[';
			memcpy(log + w, r.buf, r.kept);
			w += r.kept;
			log[w++] = ']';
			break;
		case PKTLINE_FLUSH:
			log[w++] = 'F';
			break;
		case PKTLINE_DELIM:
			log[w++] = 'D';
			break;
		case PKTLINE_RESPONSE_END:
			log[w++] = 'R';
			break;
		case PKTLINE_ERROR:
			log[w++] = 'E';
			*loglen = w;
			return at;
		}
		*loglen = w;
	}
	return (size_t)-1;
}

int main(void)
{
	size_t used;

	ok(one("0000", &used) == PKTLINE_FLUSH && used == 4, "pktline: 0000 is a flush-pkt");
	ok(one("0001", &used) == PKTLINE_DELIM && used == 4, "pktline: 0001 is a delim-pkt");
	ok(one("0002", &used) == PKTLINE_RESPONSE_END && used == 4, "pktline: 0002 is a response-end-pkt");
	ok(one("0003", &used) == PKTLINE_ERROR && used == 0 && strcmp(r.reason, "pkt-line length 0003 is invalid") == 0,
	   "pktline: 0003 refused");
	ok(one("0004", &used) == PKTLINE_DATA && used == 4 && data_is(""), "pktline: 0004 is an empty data packet");
	ok(one("0005a", &used) == PKTLINE_DATA && used == 5 && data_is("a"), "pktline: 0005a");
	ok(one("0006a\n", &used) == PKTLINE_DATA && used == 6 && data_is("a\n"), "pktline: the LF is payload");
	ok(one("000bfoobar\n", &used) == PKTLINE_DATA && used == 11 && data_is("foobar\n"), "pktline: 000bfoobar\\n");
	ok(one("000Afoobar", &used) == PKTLINE_DATA && used == 10 && data_is("foobar"),
	   "pktline: uppercase hex length accepted (as git does)");
	ok(one("000afoobar", &used) == PKTLINE_DATA && used == 10 && data_is("foobar"), "pktline: lowercase hex length");
	ok(one("0005a0005b", &used) == PKTLINE_DATA && used == 5 && data_is("a"), "pktline: one packet per call");
	ok(pktline_feed(&r, "0005b", 5, &used) == PKTLINE_DATA && used == 5 && data_is("b"),
	   "pktline: the next call reads the next packet");
	ok(one("00000005a", &used) == PKTLINE_FLUSH && used == 4, "pktline: a flush-pkt ends the call");

	pktline_init(&r);
	ok(pktline_feed(&r, "", 0, &used) == PKTLINE_NEED_MORE && used == 0, "pktline: no input, need more");
	ok(one("000", &used) == PKTLINE_NEED_MORE && used == 3, "pktline: partial length consumed, need more");
	ok(pktline_feed(&r, "9abc", 4, &used) == PKTLINE_NEED_MORE && used == 4,
	   "pktline: partial payload consumed, need more");
	ok(pktline_feed(&r, "de0000", 6, &used) == PKTLINE_DATA && used == 2 && data_is("abcde"),
	   "pktline: packet completed across calls, the rest left");

	/* "\000004" is NUL then "004". */
	const char *bad[] = {"00g0", " 004", "-004", "0x04", "+004", "00 4", "\000004", "004\n"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		pktline_init(&r);
		ok(pktline_feed(&r, bad[i], 4, &used) == PKTLINE_ERROR && used == 0 &&
		       strcmp(r.reason, "pkt-line length is not 4 hex digits") == 0,
		   "pktline: non-hex length %zu refused", i);
	}
	ok(pktline_feed(&r, "0000", 4, &used) == PKTLINE_ERROR && used == 0, "pktline: an error is sticky");
	ok(one("fff1", &used) == PKTLINE_ERROR && strcmp(r.reason, "pkt-line longer than 65520 bytes") == 0,
	   "pktline: fff1 (65521) refused");
	ok(one("ffff", &used) == PKTLINE_ERROR, "pktline: ffff refused");

	/* The largest packet: 65516 bytes of payload, of which the first
	 * PKTLINE_KEEP are kept. */
	char *big = malloc(PKTLINE_MAX + 4);
	if (!big)
		return 1;
	memcpy(big, "fff0", 4);
	for (size_t i = 4; i < PKTLINE_MAX; i++)
		big[i] = (char)('a' + i % 26);
	memcpy(big + PKTLINE_MAX, "0000", 4);
	pktline_init(&r);
	ok(pktline_feed(&r, big, PKTLINE_MAX + 4, &used) == PKTLINE_DATA && used == PKTLINE_MAX &&
	       r.len == PKTLINE_PAYLOAD_MAX && r.kept == PKTLINE_KEEP && r.truncated &&
	       memcmp(r.buf, big + 4, PKTLINE_KEEP) == 0,
	   "pktline: fff0 (65520) accepted, payload truncated to PKTLINE_KEEP");
	ok(pktline_feed(&r, big + used, 4, &used) == PKTLINE_FLUSH, "pktline: the packet after a truncated one");
	pktline_init(&r);
	size_t at = 0;
	enum pktline_event ev = PKTLINE_NEED_MORE;
	while (ev == PKTLINE_NEED_MORE && at < PKTLINE_MAX) {
		ev = pktline_feed(&r, big + at, 1, &used);
		at += used;
	}
	ok(ev == PKTLINE_DATA && at == PKTLINE_MAX && r.truncated && memcmp(r.buf, big + 4, PKTLINE_KEEP) == 0,
	   "pktline: the largest packet a byte at a time");

	/* Exactly PKTLINE_KEEP of payload is kept whole; one more is not. */
	snprintf(big, 5, "%04x", PKTLINE_KEEP + 4);
	pktline_init(&r);
	ok(pktline_feed(&r, big, PKTLINE_KEEP + 4, &used) == PKTLINE_DATA && r.kept == PKTLINE_KEEP && !r.truncated,
	   "pktline: a payload of PKTLINE_KEEP bytes is not truncated");
	snprintf(big, 5, "%04x", PKTLINE_KEEP + 5);
	big[4] = 'a';
	pktline_init(&r);
	ok(pktline_feed(&r, big, PKTLINE_KEEP + 5, &used) == PKTLINE_DATA && r.kept == PKTLINE_KEEP && r.truncated &&
	       r.len == PKTLINE_KEEP + 1,
	   "pktline: one byte more is");
	free(big);

	/* Every way of feeding a stream gives the same events. */
	const char stream[] = "0009hello0000000Aworld!0001000d\0bin\nary\xff"
	                      "00020004000bfoobar\n0003";
	const char expect[] = "[hello]F[world!]D[\0bin\nary\xff]R[][foobar\n]E";
	size_t n = sizeof stream - 1, wn, gn;
	char want[4096], got[4096];
	size_t end = events(stream, n, 0, want, sizeof want, &wn);
	ok(end == n - 4 && wn == sizeof expect - 1 && memcmp(want, expect, wn) == 0,
	   "pktline: a mixed stream with binary payload in one buffer");
	int same = 1;
	for (size_t step = 1; step <= n; step++) {
		size_t e = events(stream, n, step, got, sizeof got, &gn);
		/* The error comes after the same packets; the length digits
		 * before the bad one may have been consumed in earlier calls. */
		same &= e >= end && e < n && gn == wn && memcmp(got, want, wn) == 0;
	}
	ok(same, "pktline: the same events for every piece size from 1 to %zu", n);
	return tap_done();
}
