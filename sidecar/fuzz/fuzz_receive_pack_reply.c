/* fuzz_receive_pack_reply: the reply to a refused push, for any
 * capabilities, refs (as the refname rules let them through), statuses and
 * messages, written in rooms whose sizes the input picks. Properties: the
 * stream reads back as send-pack expects it (tests/reply_check.h), and it
 * is the same bytes whatever the room sizes. */
#include "git_names.h"
#include "receive_pack_reply.h"
#include "../tests/reply_check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REFS 16

static char names[MAX_REFS][GIT_REFNAME_MAX + 1];
static char statuses[MAX_REFS][RP_STATUS_MAX];
static char messages[MAX_REFS][RP_MESSAGE_MAX];
static const char *name_ptrs[MAX_REFS], *status_ptrs[MAX_REFS];

static void describe(void *ctx, size_t i, struct rp_ref *out)
{
	(void)ctx;
	out->name = names[i];
	out->len = strlen(names[i]);
	snprintf(out->status, sizeof out->status, "%s", statuses[i]);
	snprintf(out->message, sizeof out->message, "%s", messages[i]);
}

/* The next field of the input: up to LF or the end, at most cap - 1 bytes. */
static size_t take(const uint8_t **in, size_t *n, char *out, size_t cap)
{
	size_t k = 0;
	while (*n > 0 && **in != '\n' && k + 1 < cap) {
		out[k++] = (char)**in;
		(*in)++, (*n)--;
	}
	if (*n > 0 && **in == '\n')
		(*in)++, (*n)--;
	out[k] = '\0';
	return k;
}

/* What the reply makes of a status: one line, control bytes as '?'. */
static void as_sent(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

static char one[1 << 21], pieces[1 << 21];

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
	if (n < 2)
		return 0;
	uint8_t flags = in[0], rooms = in[1];
	in += 2, n -= 2;
	struct push_parser caps;
	push_parser_init(&caps);
	caps.side_band_64k = flags & 1;
	caps.side_band = flags & 2;
	caps.report_status = flags & 4;
	caps.report_status_v2 = flags & 8;
	size_t nrefs = 0, messages_sent = 0;
	while (n > 0 && nrefs < MAX_REFS) {
		size_t at;
		size_t len = take(&in, &n, names[nrefs], sizeof names[nrefs]);
		take(&in, &n, statuses[nrefs], sizeof statuses[nrefs]);
		take(&in, &n, messages[nrefs], sizeof messages[nrefs]);
		if (git_refname_check(names[nrefs], len, true, &at))
			continue;
		messages_sent += messages[nrefs][0] != '\0';
		as_sent(statuses[nrefs]);
		name_ptrs[nrefs] = names[nrefs];
		status_ptrs[nrefs] = statuses[nrefs];
		nrefs++;
	}
	bool sb = caps.side_band_64k || caps.side_band;
	struct rp_reply r;
	rp_reply_init(&r, &caps, nrefs, describe, NULL, "airlock: summary");
	size_t whole = rp_reply_fill(&r, one, sizeof one);
	if (!rp_reply_done(&r))
		abort();
	struct reply_expect e = {caps.side_band, caps.side_band_64k, caps.report_status || caps.report_status_v2, nrefs,
	                         name_ptrs, status_ptrs, sb ? messages_sent + 1 : 0};
	if (reply_check(one, whole, &e))
		abort();
	rp_reply_init(&r, &caps, nrefs, describe, NULL, "airlock: summary");
	size_t got = 0;
	for (unsigned k = 0; !rp_reply_done(&r); k++) {
		size_t room = RP_REPLY_ROOM + ((rooms >> (k % 8)) & 1 ? 777 * (k % 5) : 0);
		if (got + room > sizeof pieces)
			abort();
		got += rp_reply_fill(&r, pieces + got, room);
	}
	if (got != whole || memcmp(one, pieces, whole) != 0)
		abort();
	return 0;
}
