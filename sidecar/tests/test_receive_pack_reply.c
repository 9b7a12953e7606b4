/* test_receive_pack_reply.c: gitproxy's answer to a refused push, byte
 * for byte for the usual capabilities, and read back as send-pack would
 * for every combination, long refnames and small rooms. */
#include "receive_pack_reply.h"
#include "reply_check.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

static const char *refs[3] = {"refs/heads/main", "refs/heads/agent/x", NULL};
static const char *statuses[3] = {"denied by airlock rule default-protect-main", "another ref in this push was refused",
                                  "denied by airlock rule r3"};
static char longref[1100];

static void describe(void *ctx, size_t i, struct rp_ref *out)
{
	(void)ctx;
	out->name = refs[i];
	out->len = strlen(refs[i]);
	snprintf(out->status, sizeof out->status, "%s", statuses[i]);
	if (i == 1)
		out->message[0] = '\0';
	else
		snprintf(out->message, sizeof out->message, "airlock: %s: denied", refs[i]);
}

static struct push_parser caps(bool sb64, bool sb, bool report, bool report_v2)
{
	struct push_parser p;
	push_parser_init(&p);
	p.side_band_64k = sb64;
	p.side_band = sb;
	p.report_status = report;
	p.report_status_v2 = report_v2;
	return p;
}

/* The whole reply, in rooms of `room` bytes. */
static size_t write_all(struct rp_reply *r, char *out, size_t cap, size_t room)
{
	size_t n = 0;
	while (!rp_reply_done(r) && n + room <= cap)
		n += rp_reply_fill(r, out + n, room);
	return n;
}

static void exact_bytes(void)
{
	struct push_parser p = caps(true, false, false, true);
	struct rp_reply r;
	static char out[1 << 16];
	rp_reply_init(&r, &p, 2, describe, NULL, "airlock: summary");
	size_t n = write_all(&r, out, sizeof out, sizeof out);
	/* Written with the band byte apart: "\x01" "000e" is not "\x01000e". */
	static const char want[] = "0026" "\x02" "airlock: refs/heads/main: denied\n"
	                           "0016" "\x02" "airlock: summary\n"
	                           "0013" "\x01" "000eunpack ok\n"
	                           "0048" "\x01" "0043ng refs/heads/main denied by airlock rule default-protect-main\n"
	                           "0044" "\x01" "003fng refs/heads/agent/x another ref in this push was refused\n"
	                           "0009" "\x01" "0000"
	                           "0000";
	ok(rp_reply_done(&r) && n == sizeof want - 1 && memcmp(out, want, n) == 0,
	   "reply: side-band-64k and report-status-v2, byte for byte");
	p = caps(false, false, true, false);
	rp_reply_init(&r, &p, 2, describe, NULL, "airlock: summary");
	n = write_all(&r, out, sizeof out, sizeof out);
	static const char bare[] = "000eunpack ok\n"
	                           "0043ng refs/heads/main denied by airlock rule default-protect-main\n"
	                           "003fng refs/heads/agent/x another ref in this push was refused\n"
	                           "0000";
	ok(n == sizeof bare - 1 && memcmp(out, bare, n) == 0, "reply: report-status without side-band: the report alone");
	p = caps(false, false, false, false);
	rp_reply_init(&r, &p, 2, describe, NULL, "airlock: summary");
	ok(rp_reply_done(&r) && rp_reply_fill(&r, out, sizeof out) == 0, "reply: nothing asked for, nothing sent");
}

static void read_back(void)
{
	static char out[1 << 20];
	memset(longref, 0, sizeof longref);
	memcpy(longref, "refs/heads/", 11);
	memset(longref + 11, 'y', 1013);
	refs[2] = longref;
	for (int mask = 0; mask < 16; mask++) {
		bool sb64 = mask & 1, sb = mask & 2, rs = mask & 4, rs2 = mask & 8;
		struct push_parser p = caps(sb64, sb, rs, rs2);
		struct reply_expect e = {sb, sb64, rs || rs2, 3, refs, statuses, (sb || sb64) ? 3 : 0};
		for (size_t room = RP_REPLY_ROOM; room <= sizeof out; room *= 256) {
			struct rp_reply r;
			rp_reply_init(&r, &p, 3, describe, NULL, "airlock: summary");
			size_t n = write_all(&r, out, sizeof out, room);
			const char *why = reply_check(out, n, &e);
			ok(rp_reply_done(&r) && !why, "reply: read back: side-band-64k %d side-band %d report %d v2 %d, room %zu%s%s",
			   sb64, sb, rs, rs2, room, why ? ": " : "", why ? why : "");
		}
	}
	refs[2] = NULL;
}

int main(void)
{
	exact_bytes();
	read_back();
	return tap_done();
}
