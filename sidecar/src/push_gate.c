/* push_gate.c: see push_gate.h. */
#include "push_gate.h"

#include "builtin_rules.h"
#include "limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void push_gate_init(struct push_gate *g)
{
	memset(g, 0, sizeof *g);
	push_parser_init(&g->parser);
	g->state = GATE_READING;
}

void push_gate_free(struct push_gate *g)
{
	free(g->held);
	free(g->cmds);
	free(g->names);
	g->held = g->names = NULL;
	g->cmds = NULL;
}

static enum gate_state fail(struct push_gate *g, int status, const char *reason)
{
	g->state = GATE_FAILED;
	g->status = status;
	g->reason = reason;
	return g->state;
}

/* buf with room for need elements of size bytes (doubling from 4 KiB),
 * or NULL with buf left as it was. */
static void *grow(void *buf, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return buf;
	size_t n = *cap ? *cap : 4096 / size;
	while (n < need)
		n *= 2;
	void *p = realloc(buf, n * size);
	if (p)
		*cap = n;
	return p;
}

static int add_command(struct push_gate *g, const struct push_command *c)
{
	if (g->ncmds == LIMIT_PUSH_COMMANDS) {
		fail(g, 413, "more ref updates in one push than gitproxy holds (1000): push fewer refs at a time");
		return -1;
	}
	struct gate_command *cmds = grow(g->cmds, &g->cmds_cap, g->ncmds + 1, sizeof *g->cmds);
	if (cmds)
		g->cmds = cmds;
	char *names = cmds ? grow(g->names, &g->names_cap, g->nnames + c->refname_len, 1) : NULL;
	if (!names) {
		fail(g, 503, "out of memory");
		return -1;
	}
	g->names = names;
	g->cmds[g->ncmds++] = (struct gate_command){.kind = c->kind, .name = g->nnames, .len = c->refname_len};
	memcpy(g->names + g->nnames, c->refname, c->refname_len);
	g->nnames += c->refname_len;
	return 0;
}

enum gate_state push_gate_feed(struct push_gate *g, const char *data, size_t n)
{
	if (g->state != GATE_READING || n == 0)
		return g->state;
	char *held = grow(g->held, &g->held_cap, g->nheld + n, 1);
	if (!held)
		return fail(g, 503, "out of memory");
	g->held = held;
	memcpy(g->held + g->nheld, data, n);
	g->nheld += n;
	while (g->state == GATE_READING && g->parsed < g->nheld) {
		size_t used;
		enum push_event ev = push_parser_feed(&g->parser, g->held + g->parsed, g->nheld - g->parsed, &used);
		g->parsed += used;
		if (ev == PUSH_COMMAND && add_command(g, &g->parser.cmd) < 0)
			return g->state;
		if (ev == PUSH_END)
			g->state = GATE_COMPLETE;
		else if (ev == PUSH_ERROR)
			return fail(g, 400, g->parser.reason);
		else if (ev == PUSH_NEED_MORE)
			break;
	}
	if (g->state == GATE_READING && g->nheld > LIMIT_PUSH_REQUEST)
		return fail(g, 413, "update request before the pack larger than gitproxy holds (256 KiB)");
	return g->state;
}

enum gate_state push_gate_body_end(struct push_gate *g)
{
	if (g->state == GATE_READING)
		return fail(g, 400, "the body ended inside its update request");
	return g->state;
}

const char *push_gate_refname(const struct push_gate *g, size_t i, size_t *len)
{
	*len = g->cmds[i].len;
	return g->names + g->cmds[i].name;
}

void push_gate_set_head(struct push_gate *g, struct head_answer head)
{
	g->head.state = head.state;
	snprintf(g->head_ref, sizeof g->head_ref, "%s", head.state == HEAD_KNOWN ? head.ref : "");
	snprintf(g->head_why, sizeof g->head_why, "%s", head.state == HEAD_FAILED && head.why ? head.why : "");
	g->head.ref = g->head_ref;
	g->head.why = g->head_why;
}

bool push_gate_judge(struct push_gate *g, const struct policy *p, const struct repo_id *repo)
{
	size_t refused = 0;
	for (size_t i = 0; i < g->ncmds; i++) {
		struct gate_command *c = &g->cmds[i];
		if (!push_judge(p, repo, &g->head, c->kind, g->names + c->name, c->len, &c->verdict))
			return false;
		refused += !c->verdict.allowed;
	}
	g->judged = true;
	g->refused = refused;
	g->allowed = refused == 0;
	return true;
}

void push_gate_refuse_all(struct push_gate *g)
{
	for (size_t i = 0; i < g->ncmds; i++)
		g->cmds[i].verdict = (struct push_verdict){
			.allowed = false, .why = WHY_TOO_LARGE, .rule = RULE_PUSH_REQUEST, .source = "built-in"};
	g->judged = true;
	g->allowed = false;
	g->refused = g->ncmds;
}

size_t push_gate_take(struct push_gate *g, char *out, size_t cap)
{
	size_t n = g->nheld - g->forwarded;
	if (n > cap)
		n = cap;
	memcpy(out, g->held + g->forwarded, n);
	g->forwarded += n;
	return n;
}

static void audit_entry(const struct push_gate *g, const struct gate_command *c, struct audit_ref *out)
{
	*out = (struct audit_ref){
		.update = push_kind_name(c->kind),
		.ref = g->names + c->name,
		.len = c->len,
		.judged = g->judged,
		.allowed = c->verdict.allowed,
		.rule = g->judged ? c->verdict.rule : NULL,
	};
}

size_t push_gate_audit(const struct push_gate *g, struct audit_ref *out, size_t max, size_t *omitted)
{
	size_t n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < g->ncmds && n < max; i++) {
			const struct gate_command *c = &g->cmds[i];
			bool refused = g->judged && !c->verdict.allowed;
			if (refused == (pass == 0))
				audit_entry(g, c, &out[n++]);
		}
	*omitted = g->ncmds - n;
	return n;
}
