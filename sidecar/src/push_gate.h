/* push_gate.h: a push's update request held back until it is judged.
 *
 * conn.c feeds the gate the request body (chunked framing already
 * removed) as it arrives. The gate keeps every byte, so an allowed push
 * goes upstream exactly as the client sent it; reads the commands as they
 * complete (push_commands.h); and reports GATE_COMPLETE at the update
 * request's last flush-pkt. Bytes after it (the pack's start) stay held
 * too; later body bytes are not the gate's business.
 *
 * Bounds: at most LIMIT_PUSH_COMMANDS ref updates and LIMIT_PUSH_REQUEST
 * bytes before the pack; beyond either the push is refused (413). Memory
 * is allocated as the request grows, never more than those bounds need.
 *
 * Once complete, push_gate_judge() gives every command its verdict
 * (push_policy.h); the push is allowed only if all of them are. */
#ifndef GITPROXY_PUSH_GATE_H
#define GITPROXY_PUSH_GATE_H

#include "audit.h"
#include "push_commands.h"
#include "push_policy.h"

#include <stdbool.h>
#include <stddef.h>

enum gate_state { GATE_READING, GATE_COMPLETE, GATE_FAILED };

struct gate_command {
	enum push_kind kind;
	size_t name, len; /* the refname: names arena offset and length */
	struct push_verdict verdict;
};

struct push_gate {
	enum gate_state state;
	struct push_parser parser;
	char *held;          /* every body byte fed so far */
	size_t nheld, held_cap;
	size_t parsed;       /* held bytes the parser has consumed */
	size_t forwarded;    /* held bytes handed on by push_gate_take */
	struct gate_command *cmds;
	size_t ncmds, cmds_cap;
	char *names;         /* the refnames, back to back */
	size_t nnames, names_cap;
	struct head_answer head;   /* the default branch as last learned */
	char head_ref[GIT_REFNAME_MAX + 1], head_why[200];
	bool judged, allowed;
	size_t refused;      /* commands refused by their own verdict */
	int status;          /* GATE_FAILED: 400 or 413 */
	const char *reason;  /* GATE_FAILED: a static one-line string */
};

void push_gate_init(struct push_gate *g);
void push_gate_free(struct push_gate *g);
/* Takes n more body bytes; returns the gate's state. */
enum gate_state push_gate_feed(struct push_gate *g, const char *data, size_t n);
/* The body ended: a gate still reading fails (the request was cut). */
enum gate_state push_gate_body_end(struct push_gate *g);
/* Keeps a copy of what is known of the default branch. */
void push_gate_set_head(struct push_gate *g, struct head_answer head);
/* Judges every command; false while a verdict waits for the default
 * branch (g->head.state HEAD_PENDING). */
bool push_gate_judge(struct push_gate *g, const struct policy *p, const struct repo_id *repo);
/* A push over the bounds: the commands read so far are refused, each by
 * rule `push-request`, so the answer can name them in git's own terms. */
void push_gate_refuse_all(struct push_gate *g);
const char *push_gate_refname(const struct push_gate *g, size_t i, size_t *len);
/* Copies up to cap held bytes not yet taken; 0 once all are taken. */
size_t push_gate_take(struct push_gate *g, char *out, size_t cap);
/* The audit record's view: at most max updates, the refused ones first
 * (so a long list never hides a refused ref); *omitted counts the rest. */
size_t push_gate_audit(const struct push_gate *g, struct audit_ref *out, size_t max, size_t *omitted);

#endif
