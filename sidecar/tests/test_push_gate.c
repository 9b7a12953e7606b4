/* test_push_gate.c: the update request held whole and judged: bodies fed
 * whole and a byte at a time give the same commands and keep every byte;
 * the bounds (commands, bytes) refuse; a cut body fails; the audit view
 * lists refused refs first. */
#include "limits.h"
#include "policy.h"
#include "push_gate.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define Z40 "0000000000000000000000000000000000000000"
#define A40 "1234567890abcdef1234567890abcdef12345678"
#define B40 "fedcba0987654321fedcba0987654321fedcba09"
#define CAPS "report-status-v2 side-band-64k quiet object-format=sha1 agent=git/2.39.5"

static char body[2 * LIMIT_PUSH_REQUEST];
static size_t blen;

static void pkt(const char *s, size_t n)
{
	snprintf(body + blen, 5, "%04zx", n + 4);
	memcpy(body + blen + 4, s, n);
	blen += n + 4;
}

static void command(const char *old, const char *new, const char *ref, bool first)
{
	char b[4096];
	int n = snprintf(b, sizeof b, "%s %s %s", old, new, ref);
	if (first)
		n += snprintf(b + n + 1, sizeof b - (size_t)n - 1, "%s", CAPS) + 1;
	b[n++] = '\n';
	pkt(b, (size_t)n);
}

static void flush(void)
{
	memcpy(body + blen, "0000", 4);
	blen += 4;
}

static char path[] = "/tmp/gitproxy-test-gate-XXXXXX";

static struct policy *load_default(void)
{
	char why[300];
	FILE *f = fopen(path, "w");
	fputs("{\"version\":4,\"git_hosts\":[],\"repos\":[],\"push\":[],\"limits\":{"
	      "\"connections\":{\"value\":256,\"rule\":\"c\"},\"transfers\":{\"value\":64,\"rule\":\"t\"},"
	      "\"request-rate\":{\"value\":30,\"per\":60,\"rule\":\"r\"},\"request-burst\":{\"value\":600,\"rule\":\"b\"},"
	      "\"push-rate\":{\"value\":1024,\"per\":1,\"rule\":\"pr\"},\"push-burst\":{\"value\":1024,\"rule\":\"pb\"},"
	      "\"push-size\":{\"value\":1024,\"rule\":\"ps\"},\"head-timeout\":{\"value\":10,\"rule\":\"h\"},"
	      "\"idle-timeout\":{\"value\":60,\"rule\":\"i\"},\"session-ttl\":{\"value\":43200,\"rule\":\"st\"},\"transfer-timeout\":{\"value\":3600,\"rule\":\"tt\"}}}",
	      f);
	fclose(f);
	return policy_load(path, why, sizeof why);
}

/* Feeds body in pieces of step bytes (0: whole). */
static enum gate_state feed(struct push_gate *g, size_t step)
{
	enum gate_state st = GATE_READING;
	for (size_t at = 0; at < blen && st == GATE_READING;) {
		size_t n = step && blen - at > step ? step : blen - at;
		st = push_gate_feed(g, body + at, n);
		at += n;
	}
	return st;
}

static void two_refs(void)
{
	blen = 0;
	command(A40, B40, "refs/heads/agent/x", true);
	command(A40, B40, "refs/heads/main", false);
	flush();
	size_t request = blen;
	memcpy(body + blen, "PACK\0\0\0\2\0\0\0\0", 12);
	blen += 12;
	for (size_t step = 0; step <= 7; step += 7) {
		struct push_gate g;
		push_gate_init(&g);
		ok(feed(&g, step) == GATE_COMPLETE && g.ncmds == 2, "gate: two commands, fed %s", step ? "7 bytes at a time" : "whole");
		size_t len;
		const char *name = push_gate_refname(&g, 1, &len);
		ok(len == 15 && memcmp(name, "refs/heads/main", 15) == 0 && g.cmds[1].kind == PUSH_UPDATE,
		   "gate: the second refname and kind kept");
		ok(g.parsed == request && g.nheld >= request && (step || g.nheld == blen),
		   "gate: parsed up to the pack; what came with it held too");
		ok(g.parser.side_band_64k && g.parser.report_status_v2 && !g.parser.report_status,
		   "gate: the client's capabilities for the reply");
		char out[64 * 1024];
		size_t taken = 0, n;
		while ((n = push_gate_take(&g, out + taken, 100)) > 0)
			taken += n;
		ok(taken == g.nheld && memcmp(out, body, taken) == 0 && push_gate_take(&g, out, 100) == 0,
		   "gate: every held byte handed on unchanged, once");
		push_gate_free(&g);
	}
}

static void judged(void)
{
	struct policy *p = load_default();
	struct repo_id repo = {"github.com", "airlock-test", "allowed"};
	blen = 0;
	char longname[1100] = "refs/heads/";
	memset(longname + 11, 'x', 1000);
	longname[1011] = '\0';
	command(Z40, B40, longname, true);
	command(A40, B40, "refs/heads/main", false);
	flush();
	struct push_gate g;
	push_gate_init(&g);
	ok(feed(&g, 0) == GATE_COMPLETE, "judge: a long refname beside main is read");
	push_gate_set_head(&g, (struct head_answer){HEAD_PENDING, NULL, NULL});
	ok(!push_gate_judge(&g, p, &repo) && !g.judged, "judge: waits for the default branch");
	push_gate_set_head(&g, (struct head_answer){HEAD_KNOWN, "refs/heads/main", NULL});
	ok(push_gate_judge(&g, p, &repo) && g.judged && !g.allowed && g.refused == 1, "judge: main refused, so the push");
	ok(strcmp(g.head.ref, "refs/heads/main") == 0, "judge: the gate keeps its own copy of the default branch");
	struct audit_ref refs[1];
	size_t omitted;
	size_t n = push_gate_audit(&g, refs, 1, &omitted);
	ok(n == 1 && omitted == 1 && refs[0].len == 15 && !refs[0].allowed && refs[0].judged,
	   "judge: a one-entry audit list shows the refused main, not the long name before it");
	push_gate_free(&g);
	policy_free(p);
}

static void bounds(void)
{
	struct push_gate g;
	blen = 0;
	command(Z40, B40, "refs/heads/a0", true);
	for (int i = 1; i <= LIMIT_PUSH_COMMANDS; i++) {
		char ref[40];
		snprintf(ref, sizeof ref, "refs/heads/a%d", i);
		command(Z40, B40, ref, false);
	}
	flush();
	push_gate_init(&g);
	ok(feed(&g, 0) == GATE_FAILED && g.status == 413 && strstr(g.reason, "1000"),
	   "bounds: more than 1000 ref updates refused (413)");
	push_gate_free(&g);

	blen = 0;
	command(Z40, B40, "refs/heads/a", true);
	/* Push options are the other unbounded part of the update request. */
	while (blen < LIMIT_PUSH_REQUEST + 100) {
		char ref[200];
		snprintf(ref, sizeof ref, "refs/heads/%0150zu", blen);
		command(Z40, B40, ref, false);
	}
	push_gate_init(&g);
	enum gate_state st = feed(&g, 4096);
	ok(st == GATE_FAILED && g.status == 413, "bounds: an update request over 256 KiB refused (413): %s",
	   g.reason ? g.reason : "");
	push_gate_free(&g);

	blen = 0;
	command(A40, B40, "refs/heads/x", true);
	push_gate_init(&g);
	ok(feed(&g, 0) == GATE_READING && push_gate_body_end(&g) == GATE_FAILED && g.status == 400,
	   "bounds: a body that ends inside the update request fails (400)");
	push_gate_free(&g);

	blen = 0;
	pkt("ERR nope", 8);
	push_gate_init(&g);
	ok(feed(&g, 0) == GATE_FAILED && g.status == 400 && strstr(g.reason, "ERR"), "bounds: a malformed request fails (400)");
	ok(push_gate_feed(&g, "0000", 4) == GATE_FAILED, "bounds: and stays failed");
	push_gate_free(&g);

	blen = 0;
	flush();
	push_gate_init(&g);
	ok(feed(&g, 0) == GATE_COMPLETE && g.ncmds == 0, "bounds: an empty update request is complete");
	push_gate_free(&g);
}

int main(void)
{
	int fd = mkstemp(path);
	close(fd);
	two_refs();
	judged();
	bounds();
	unlink(path);
	return tap_done();
}
