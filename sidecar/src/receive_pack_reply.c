/* receive_pack_reply.c: see receive_pack_reply.h. */
#include "receive_pack_reply.h"

#include <stdio.h>
#include <string.h>

/* pkt-line payloads: 65516 bytes at most; a side-band packet spends one on
 * the band number. Plain side-band packets are at most 1000 bytes. */
#define BAND_64K_PAYLOAD (65520 - 5)
#define BAND_PAYLOAD (1000 - 5)

/* Byte strings, not C strings: what goes on the wire has no NUL. */
static const char flush_pkt[4] = {'0', '0', '0', '0'};
static const char ng[3] = {'n', 'g', ' '};

void rp_reply_init(struct rp_reply *r, const struct push_parser *caps, size_t nrefs, rp_describe_fn *describe,
                   void *ctx, const char *summary)
{
	memset(r, 0, sizeof *r);
	r->nrefs = nrefs;
	r->describe = describe;
	r->ctx = ctx;
	snprintf(r->summary, sizeof r->summary, "%s", summary ? summary : "");
	r->side_band = caps->side_band_64k || caps->side_band;
	r->band_payload = caps->side_band_64k ? BAND_64K_PAYLOAD : BAND_PAYLOAD;
	r->report = caps->report_status || caps->report_status_v2;
	r->phase = r->side_band ? RP_MESSAGES : r->report ? RP_UNPACK : RP_DONE;
}

bool rp_reply_done(const struct rp_reply *r)
{
	return r->phase == RP_DONE;
}

static size_t put_length(char *out, size_t payload)
{
	snprintf(out, 5, "%04zx", payload + 4);
	return 4;
}

/* data on band (1: the report, 2: messages), split into as many packets
 * as the band's packet size needs. */
static size_t put_band(const struct rp_reply *r, char *out, int band, const char *data, size_t n)
{
	size_t w = 0;
	while (n > 0) {
		size_t take = n < r->band_payload ? n : r->band_payload;
		w += put_length(out + w, take + 1);
		out[w++] = (char)band;
		memcpy(out + w, data, take);
		w += take;
		data += take;
		n -= take;
	}
	return w;
}

/* One pkt-line of the report: on band 1, or bare without side-band. */
static size_t put_report(const struct rp_reply *r, char *out, const char *line, size_t n)
{
	char pkt[4 + 4 + GIT_REFNAME_MAX + 1 + RP_STATUS_MAX + 1];
	size_t w = put_length(pkt, n);
	memcpy(pkt + w, line, n);
	w += n;
	if (!r->side_band) {
		memcpy(out, pkt, w);
		return w;
	}
	return put_band(r, out, 1, pkt, w);
}

/* Copies text as one line: a control byte would end or garble the line
 * git prints, so it becomes '?'. */
static size_t one_line(char *out, const char *text, size_t max)
{
	size_t n = strnlen(text, max);
	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)text[i] < 0x20 || text[i] == 0x7f ? '?' : text[i];
	return n;
}

/* A band-2 line: cut to one packet, LF-terminated. */
static size_t put_message(const struct rp_reply *r, char *out, const char *text)
{
	char line[RP_MESSAGE_MAX];
	size_t n = one_line(line, text, (r->band_payload < sizeof line ? r->band_payload : sizeof line) - 1);
	line[n++] = '\n';
	return put_band(r, out, 2, line, n);
}

/* Writes the next item; its size is bounded well below RP_REPLY_ROOM. */
static size_t step(struct rp_reply *r, char *out)
{
	switch (r->phase) {
	case RP_MESSAGES:
		while (r->next < r->nrefs) {
			r->describe(r->ctx, r->next++, &r->ref);
			if (r->ref.message[0])
				return put_message(r, out, r->ref.message);
		}
		r->phase = RP_SUMMARY;
		return 0;
	case RP_SUMMARY:
		r->phase = r->report ? RP_UNPACK : RP_END;
		return r->summary[0] ? put_message(r, out, r->summary) : 0;
	case RP_UNPACK:
		r->phase = RP_REFS;
		r->next = 0;
		return put_report(r, out, "unpack ok\n", 10);
	case RP_REFS: {
		if (r->next == r->nrefs) {
			r->phase = RP_REPORT_END;
			return 0;
		}
		r->describe(r->ctx, r->next++, &r->ref);
		char line[3 + GIT_REFNAME_MAX + 1 + RP_STATUS_MAX + 1];
		size_t len = r->ref.len > GIT_REFNAME_MAX ? GIT_REFNAME_MAX : r->ref.len;
		size_t w = 0;
		memcpy(line, ng, sizeof ng);
		w += sizeof ng;
		memcpy(line + w, r->ref.name, len);
		w += len;
		line[w++] = ' ';
		w += one_line(line + w, r->ref.status, RP_STATUS_MAX - 1);
		line[w++] = '\n';
		return put_report(r, out, line, w);
	}
	case RP_REPORT_END:
		/* The report's flush-pkt, inside band 1 when multiplexed. */
		r->phase = r->side_band ? RP_END : RP_DONE;
		if (r->side_band)
			return put_band(r, out, 1, flush_pkt, sizeof flush_pkt);
		memcpy(out, flush_pkt, sizeof flush_pkt);
		return sizeof flush_pkt;
	case RP_END:
		r->phase = RP_DONE;
		memcpy(out, flush_pkt, sizeof flush_pkt);
		return sizeof flush_pkt;
	case RP_DONE:
		break;
	}
	return 0;
}

size_t rp_reply_fill(struct rp_reply *r, char *out, size_t room)
{
	size_t w = 0;
	while (r->phase != RP_DONE && room - w >= RP_REPLY_ROOM)
		w += step(r, out + w);
	return w;
}
