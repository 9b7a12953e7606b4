/* receive_pack_reply.h: gitproxy's own answer to a push it refuses, in
 * the bytes git-receive-pack would send (gitprotocol-pack(5), "Report
 * Status"; gitprotocol-capabilities(5), side-band-64k and report-status),
 * so that git shows it the usual way:
 *
 *   remote: airlock: refs/heads/main: denied by rule ... (band 2)
 *    ! [remote rejected] HEAD -> main (denied by airlock rule ...)
 *
 * With side-band-64k or side-band the client gets each ref's message on
 * band 2, a last summary line, then the report on band 1 ("unpack ok",
 * "ng <ref> <reason>" for every ref, flush-pkt), then a flush-pkt. Without
 * side-band there is no channel for messages: the report alone. Without
 * report-status there is no report: messages (if side-band) and the
 * flush-pkt. ("unpack ok" is what receive-pack says when the refusal
 * comes after the pack, as a hook's does; git then reports each ref.)
 *
 * The writer is incremental: rp_reply_fill() writes whole packets into
 * the room it is given (at least RP_REPLY_ROOM bytes) and is called again
 * until rp_reply_done(); memory is the fixed struct, whatever the number
 * of refs. Each ref is described on demand by the caller's function. */
#ifndef GITPROXY_RECEIVE_PACK_REPLY_H
#define GITPROXY_RECEIVE_PACK_REPLY_H

#include "push_commands.h"

#include <stdbool.h>
#include <stddef.h>

#define RP_MESSAGE_MAX 2048 /* a band-2 line, LF included */
#define RP_STATUS_MAX 160   /* an ng reason */
#define RP_REPLY_ROOM 4096  /* fill() needs this much room to make progress */

struct rp_ref {
	const char *name;              /* the refname */
	size_t len;
	char status[RP_STATUS_MAX];    /* the ng reason (no LF) */
	char message[RP_MESSAGE_MAX];  /* a band-2 line (no LF), "" for none */
};

typedef void rp_describe_fn(void *ctx, size_t i, struct rp_ref *out);

struct rp_reply {
	size_t nrefs;
	rp_describe_fn *describe;
	void *ctx;
	char summary[RP_MESSAGE_MAX]; /* the last band-2 line, "" for none */
	bool side_band, report;
	size_t band_payload;          /* data bytes per side-band packet */
	enum { RP_MESSAGES, RP_SUMMARY, RP_UNPACK, RP_REFS, RP_REPORT_END, RP_END, RP_DONE } phase;
	size_t next;                  /* the ref RP_MESSAGES or RP_REFS is at */
	struct rp_ref ref;
};

/* caps: what the client asked for in its first command. */
void rp_reply_init(struct rp_reply *r, const struct push_parser *caps, size_t nrefs, rp_describe_fn *describe,
                   void *ctx, const char *summary);
size_t rp_reply_fill(struct rp_reply *r, char *out, size_t room);
bool rp_reply_done(const struct rp_reply *r);

#endif
