/* pktline.h: incremental reader for git's pkt-line framing
 * (gitprotocol-common(5)): a 4 hex digit length that counts itself, then
 * the payload. "0000" is a flush-pkt, "0001" a delim-pkt, "0002" a
 * response-end-pkt; "0003" is invalid; "0004" is an empty data packet.
 * Upper and lower case hex digits are both accepted, as git's own reader
 * does; anything else in the length is an error. A packet is at most 65520
 * bytes in all (65516 of payload), the limit git's writers keep to (git's
 * reader would take 3 bytes more; no conforming sender uses them).
 *
 * pktline_feed() takes the bytes received so far and consumes at most one
 * packet. It returns
 *   PKTLINE_NEED_MORE  every byte was consumed (*used == n) and the packet
 *                      is not complete yet: call again with more input;
 *   PKTLINE_DATA       a data packet is complete: *used bytes (<= n) were
 *                      consumed up to and including its last byte;
 *                      r->len is its payload length, the first r->kept
 *                      bytes of the payload are in r->buf, r->truncated
 *                      says whether bytes were dropped;
 *   PKTLINE_FLUSH, PKTLINE_DELIM, PKTLINE_RESPONSE_END
 *                      a special packet was consumed (*used <= n);
 *   PKTLINE_ERROR      the input is not pkt-lines: r->reason (a static
 *                      one-line string) says why, *used is 0, and the
 *                      reader stays in error: every later call fails too.
 * Memory is fixed: the payload beyond PKTLINE_KEEP bytes is consumed and
 * counted, never stored. r->buf is valid until the next call. */
#ifndef GITPROXY_PKTLINE_H
#define GITPROXY_PKTLINE_H

#include <stdbool.h>
#include <stddef.h>

#define PKTLINE_MAX 65520                      /* bytes, length field included */
#define PKTLINE_PAYLOAD_MAX (PKTLINE_MAX - 4)  /* 65516 */
/* Payload bytes kept of each packet. The longest receive-pack command line
 * is 2 SHA-256 hex ids, 2 spaces and a 1024 byte refname (1154 bytes); the
 * first one also carries NUL, a capability list (1 KiB allowed) and LF:
 * 2180 bytes. 2304 covers that with room to spare, and is far above any
 * push-certificate line git writes (signature lines are 64 to 76 bytes).
 * Longer packets are reported as truncated. */
#define PKTLINE_KEEP 2304

enum pktline_event {
	PKTLINE_NEED_MORE,
	PKTLINE_DATA,
	PKTLINE_FLUSH,
	PKTLINE_DELIM,
	PKTLINE_RESPONSE_END,
	PKTLINE_ERROR,
};

struct pktline {
	enum { PKTLINE_LENGTH, PKTLINE_PAYLOAD, PKTLINE_FAILED } state;
	int digits;       /* length digits seen of the current packet */
	size_t len;       /* payload length of the current packet */
	size_t have;      /* payload bytes consumed of it so far */
	size_t kept;      /* payload bytes in buf */
	bool truncated;   /* len > kept */
	const char *reason;
	char buf[PKTLINE_KEEP];
};

void pktline_init(struct pktline *r);
enum pktline_event pktline_feed(struct pktline *r, const char *in, size_t n, size_t *used);

#endif
