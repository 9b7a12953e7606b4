#include "push_commands.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Z40 "0000000000000000000000000000000000000000"
#define A40 "1234567890abcdef1234567890abcdef12345678"
#define B40 "fedcba0987654321fedcba0987654321fedcba09"
#define Z64 Z40 "000000000000000000000000"
#define A64 A40 "1234567890abcdef12345678"
#define B64 B40 "fedcba0987654321fedcba09"
#define CAPS " report-status-v2 side-band-64k quiet object-format=sha1 agent=git/2.39.5"
#define PACK "PACK\0\0\0\2\0\0\0\0"

static struct push_parser p;

/* A request body built packet by packet. */
static char body[80000];
static size_t blen;

static void reset(void)
{
	blen = 0;
}

static void pkt(const char *s, size_t n)
{
	char len[5];
	snprintf(len, sizeof len, "%04zx", n + 4);
	memcpy(body + blen, len, 4);
	memcpy(body + blen + 4, s, n);
	blen += n + 4;
}

static void line(const char *s)
{
	pkt(s, strlen(s));
}

/* command NUL caps */
static void first(const char *cmd, const char *caps)
{
	char b[4096];
	size_t n = strlen(cmd), c = strlen(caps);
	memcpy(b, cmd, n);
	b[n] = '\0';
	memcpy(b + n + 1, caps, c);
	pkt(b, n + 1 + c);
}

static void raw(const char *s, size_t n)
{
	memcpy(body + blen, s, n);
	blen += n;
}

static void flush(void)
{
	raw("0000", 4);
}

/* Where packets end in in[0, n), found by a framing walk of its own that
 * stops at the first bytes that are not a pkt-line length (the pack). */
static void boundaries(const char *in, size_t n, char *end)
{
	size_t at = 0;
	memset(end, 0, n + 1);
	while (at + 4 <= n) {
		unsigned v;
		char h[5] = {in[at], in[at + 1], in[at + 2], in[at + 3], 0};
		if (strspn(h, "0123456789abcdefABCDEF") != 4 || sscanf(h, "%x", &v) != 1)
			break;
		at += v < 4 ? 4 : v;
		if (at > n)
			break;
		end[at] = 1;
	}
}

/* Feeds in[0, n) the way a relay would: the first `first` bytes, then
 * `step` more each time the parser needs more, re-offering what it did not
 * consume. Writes the events to log, one per ';'. Returns 0, or -1 if an
 * invariant broke: used > offered, NEED_MORE without consuming everything,
 * an event that does not end at a packet boundary. */
static int run(const char *in, size_t n, size_t first_cut, size_t step, char *log, size_t cap)
{
	static char end[100000];
	size_t at = 0, avail = first_cut < n ? first_cut : n, w = 0;
	boundaries(in, n, end);
	push_parser_init(&p);
	log[0] = '\0';
	for (;;) {
		size_t used;
		enum push_event ev = push_parser_feed(&p, in + at, avail - at, &used);
		if (used > avail - at)
			return -1;
		at += used;
		if (ev == PUSH_NEED_MORE) {
			if (at != avail)
				return -1;
			if (avail == n) {
				w += (size_t)snprintf(log + w, cap - w, "need more@%zu", at);
				return 0;
			}
			avail = avail + step < n ? avail + step : n;
			continue;
		}
		if (ev != PUSH_ERROR && !end[at])
			return -1;
		switch (ev) {
		case PUSH_PACKET:
			w += (size_t)snprintf(log + w, cap - w, ".;");
			break;
		case PUSH_COMMAND:
			w += (size_t)snprintf(log + w, cap - w, "%s %s %.7s..%.7s;", push_kind_name(p.cmd.kind),
			                      p.cmd.refname, p.cmd.old_oid, p.cmd.new_oid);
			break;
		case PUSH_OPTION:
			w += (size_t)snprintf(log + w, cap - w, "option %.*s;", (int)p.option_len, p.option);
			break;
		case PUSH_END:
			snprintf(log + w, cap - w, "end@%zu", at);
			return push_parser_feed(&p, in + at, n - at, &used) == PUSH_END && used == 0 ? 0 : -1;
		case PUSH_ERROR:
			snprintf(log + w, cap - w, "error: %s", p.reason);
			return push_parser_feed(&p, "0000", 4, &used) == PUSH_ERROR && used == 0 ? 0 : -1;
		case PUSH_NEED_MORE:
			break;
		}
		if (w >= cap)
			return -1;
	}
}

/* The body's events fed whole; they must be the same a byte at a time and
 * split in two at every point. */
static const char *parse_buf(const char *in, size_t n)
{
	static char want[16384], got[16384];
	if (run(in, n, n, n, want, sizeof want) < 0)
		return "invariant broken (whole)";
	for (size_t cut = 0; cut <= n; cut++) {
		if (run(in, n, cut ? cut : 1, cut ? n : 1, got, sizeof got) < 0)
			return "invariant broken (split)";
		if (strcmp(got, want) != 0) {
			printf("# split at %zu: %s\n", cut, got);
			return "split gave other events";
		}
	}
	/* ... and whole again, so that p is the parser of the whole run. */
	run(in, n, n, n, want, sizeof want);
	return want;
}

static const char *parse(void)
{
	return parse_buf(body, blen);
}

#define is(got, want, ...)                                                       \
	do {                                                                     \
		const char *got_ = (got);                                        \
		if (!ok(strcmp(got_, want) == 0, __VA_ARGS__))                   \
			printf("#   got:  %s\n#   want: %s\n", got_, want);      \
	} while (0)

static const struct {
	const char *file, *events;
	unsigned hexsz;
	bool signed_push, push_options, pack_follows;
} real[] = {
	{"create.req", "create refs/heads/main 0000000..35efa39;end@179", 40, false, false, true},
	{"update-tag-branch.req",
	 "update refs/heads/main 35efa39..11fe9cd;create refs/tags/v1.0 0000000..36b94df;"
	 "create refs/heads/feature/x 0000000..11fe9cd;end@385",
	 40, false, false, true},
	{"push-options.req",
	 "update refs/heads/main 11fe9cd..07a935a;.;option ci.skip;option merge_request.title=hello world;end@242", 40,
	 false, true, true},
	{"delete.req", "delete refs/heads/feature/x 11fe9cd..0000000;end@184", 40, false, false, false},
	{"delete-push-option.req", "delete refs/heads/feature/x 11fe9cd..0000000;.;option reason=cleanup;end@219", 40,
	 false, true, false},
	{"atomic.req", "create refs/heads/b2 0000000..c2ac1b8;create refs/heads/other 0000000..07a935a;end@286", 40,
	 false, false, true},
	{"cert-ssh.req", ".;.;.;.;.;.;create refs/heads/signed 0000000..c2ac1b8;.;.;.;.;.;.;.;end@750", 40, true, false,
	 true},
	{"cert-gpg-push-options.req",
	 ".;.;.;.;.;.;.;update refs/heads/main 07a935a..c45ffd8;create refs/heads/signed2 0000000..c45ffd8;"
	 ".;.;.;.;.;.;.;.;.;option ci.skip;end@825",
	 40, true, true, true},
	{"shallow.req", ".;create refs/heads/from-shallow 0000000..f41c9c5;end@240", 40, false, false, true},
	{"sha256-create.req", "create refs/heads/main 0000000..64dbffb;end@229", 64, false, false, true},
	{"sha256-update-push-option.req",
	 "update refs/heads/main 64dbffb..4f8baf9;create refs/heads/copy 0000000..4f8baf9;.;option opt;end@402", 64, false,
	 true, true},
	{"sha256-delete.req", "delete refs/heads/copy 4f8baf9..0000000;end@229", 64, false, false, false},
	{"sha256-shallow.req", ".;create refs/heads/s256-shallow 0000000..b3ab25e;end@314", 64, false, false, true},
	{"sha256-shallow-cert-ssh.req", ".;.;.;.;.;.;.;create refs/heads/s256-signed 0000000..b3ab25e;.;.;.;.;.;.;.;end@908",
	 64, true, false, true},
};

static void real_bodies(void)
{
	for (size_t i = 0; i < sizeof real / sizeof *real; i++) {
		char path[256];
		snprintf(path, sizeof path, "tests/push/%s", real[i].file);
		FILE *f = fopen(path, "rb");
		size_t n = f ? fread(body, 1, sizeof body, f) : 0;
		if (f)
			fclose(f);
		if (!ok(n > 0, "push: read %s (run from sidecar/)", path))
			continue;
		is(parse_buf(body, n), real[i].events, "push: git %s, whole, a byte at a time, every 2-way split",
		   real[i].file);
		ok(p.hexsz == real[i].hexsz && p.signed_push == real[i].signed_push &&
		       p.push_options == real[i].push_options && p.pack_follows == real[i].pack_follows,
		   "push: git %s flags", real[i].file);
		const char *end = strrchr(real[i].events, '@');
		size_t at = end ? (size_t)atol(end + 1) : 0;
		ok(real[i].pack_follows ? at + 4 <= n && memcmp(body + at, "PACK", 4) == 0 : at == n,
		   "push: git %s ends where the pack starts", real[i].file);
	}
}

static void grammar(void)
{
	reset();
	first(Z40 " " A40 " refs/heads/main", CAPS);
	flush();
	raw(PACK, 12);
	is(parse(), "create refs/heads/main 0000000..1234567;end@179", "push: one create, then the pack");
	ok(p.commands == 1 && p.pack_follows && p.hexsz == 40 && !p.push_options && !p.signed_push &&
	       strcmp(p.cmd.old_oid, Z40) == 0 && strcmp(p.cmd.new_oid, A40) == 0 && p.cmd.refname_len == 15,
	   "push: the command's fields");

	reset();
	first(A40 " " B40 " refs/heads/main", CAPS);
	line(B40 " " Z40 " refs/heads/old");
	line(Z40 " " B40 " refs/tags/v1\n");
	line(A40 " " A40 " refs/heads/same");
	flush();
	is(parse(),
	   "update refs/heads/main 1234567..fedcba0;delete refs/heads/old fedcba0..0000000;"
	   "create refs/tags/v1 0000000..fedcba0;update refs/heads/same 1234567..1234567;end@479",
	   "push: update, delete, create (LF stripped), no-op update");

	reset();
	line(A40 " " B40 " refs/heads/main");
	flush();
	is(parse(), "update refs/heads/main 1234567..fedcba0;end@105", "push: a first command without capabilities");
	ok(p.hexsz == 40, "push: no capabilities means SHA-1");

	reset();
	first(A40 " " B40 " refs/heads/main", "");
	flush();
	is(parse(), "update refs/heads/main 1234567..fedcba0;end@106", "push: an empty capability list");

	reset();
	first(A40 " " B40 " refs/heads/main", "report-status atomic\n");
	flush();
	is(parse(), "update refs/heads/main 1234567..fedcba0;end@127", "push: capabilities ending in LF");
	ok(p.atomic, "push: atomic seen");

	reset();
	flush();
	is(parse(), "end@4", "push: an empty command list");
	ok(p.commands == 0 && !p.pack_follows, "push: nothing to update, no pack");

	reset();
	line("shallow " A40 "\n");
	line("shallow " B40);
	flush();
	is(parse(), ".;.;end@109", "push: shallow lines only");
	ok(p.shallows == 2, "push: shallow lines counted");

	reset();
	line("shallow " A64);
	first(Z64 " " A64 " refs/heads/x", "object-format=sha256");
	flush();
	is(parse(), ".;create refs/heads/x 0000000..1234567;end@247", "push: SHA-256 shallow and command");
	ok(p.hexsz == 64 && strcmp(p.cmd.new_oid, A64) == 0, "push: SHA-256 oid kept whole");

	reset();
	first(A40 " " Z40 " refs/heads/a", "push-options");
	flush();
	line("ci.skip\n");
	line("title=a b");
	flush();
	is(parse(), "delete refs/heads/a 1234567..0000000;.;option ci.skip;option title=a b;end@144",
	   "push: push options after the flush, LF stripped");
	ok(p.options == 2 && !p.pack_follows, "push: options counted; delete-only, no pack");

	reset();
	first(A40 " " B40 " refs/heads/a", "push-options");
	flush();
	flush();
	raw(PACK, 12);
	is(parse(), "update refs/heads/a 1234567..fedcba0;.;end@119", "push: push-options capability, no options");

	reset();
	first("push-cert", CAPS "\n");
	line("certificate version 0.1\n");
	line("pusher A U Thor <a@example.org> 1700000000 +0000\n");
	line("pushee https://github.com/o/r.git\n");
	line("nonce 1700000000-abc\n");
	line("push-option ci.skip\n");
	line("\n");
	line(A40 " " B40 " refs/heads/main\n");
	line(Z40 " " B40 " refs/heads/new\n");
	line("-----BEGIN PGP SIGNATURE-----\n");
	line("\n");
	line("iHUEABYKAB0WIQ=\n");
	line("-----END PGP SIGNATURE-----\n");
	line("push-cert-end\n");
	flush();
	line("ci.skip\n");
	flush();
	is(parse(),
	   ".;.;.;.;.;.;.;update refs/heads/main 1234567..fedcba0;create refs/heads/new 0000000..fedcba0;.;.;.;.;.;"
	   "end@577",
	   "push: push certificate, no push options capability: the packet after the flush is the pack");

	reset();
	first("push-cert", "push-options");
	line("certificate version 0.1\n");
	line("\n");
	line(A40 " " B40 " refs/heads/main\n");
	line("push-cert-end\n");
	flush();
	line("o\n");
	flush();
	is(parse(), ".;.;.;update refs/heads/main 1234567..fedcba0;.;.;option o;end@193",
	   "push: a certificate without headers or signature, push options after it");
	ok(p.signed_push && p.commands == 1, "push: signed push seen");

	reset();
	first("push-cert", "");
	line("certificate version 0.1\n");
	line("\n");
	line("-----BEGIN SSH SIGNATURE-----\n");
	line("push-cert-end\n");
	flush();
	is(parse(), ".;.;.;.;.;end@103", "push: a certificate without commands");

	reset();
	first(Z40 " " A40 " refs/heads/main", CAPS);
	flush();
	size_t used;
	push_parser_init(&p);
	ok(push_parser_feed(&p, body, blen, &used) == PUSH_COMMAND && used == 175 &&
	       push_parser_feed(&p, body + used, blen - used, &used) == PUSH_END && used == 4,
	   "push: one packet per call");
	ok(push_parser_feed(&p, "0000", 4, &used) == PUSH_END && used == 0, "push: after the end, nothing is read");

	/* The longest refname and capability list that fit. */
	char name[2048] = "refs/heads/", caps[1100];
	memset(name + 11, 'x', PUSH_REFNAME_MAX - 11);
	name[PUSH_REFNAME_MAX] = '\0';
	memset(caps, 'c', 1024);
	caps[1024] = '\0';
	char cmd[2400];
	reset();
	snprintf(cmd, sizeof cmd, Z64 " " A64 " %s", name);
	char allcaps[1200];
	snprintf(allcaps, sizeof allcaps, "object-format=sha256 %.1002s\n", caps);
	first(cmd, allcaps);
	flush();
	parse();
	ok(p.commands == 1 && p.cmd.refname_len == PUSH_REFNAME_MAX && strcmp(p.cmd.refname, name) == 0 &&
	       p.state == PUSH_DONE,
	   "push: a 1024-byte refname with SHA-256 ids and 1 KiB of capabilities");
	name[PUSH_REFNAME_MAX] = 'x';
	name[PUSH_REFNAME_MAX + 1] = '\0';
	reset();
	snprintf(cmd, sizeof cmd, A40 " " B40 " %s", name);
	line(cmd);
	flush();
	is(parse(), "error: refname longer than 1024 bytes", "push: a 1025-byte refname refused");
}

static void error_case(const char *want, const char *name)
{
	is(parse(), want, "push: refused: %s", name);
}

static void errors(void)
{
	reset();
	raw("00g0", 4);
	error_case("error: pkt-line length is not 4 hex digits", "non-hex pkt-line length");
	reset();
	raw("0003", 4);
	error_case("error: pkt-line length 0003 is invalid", "pkt-line length 3");
	reset();
	raw("0001", 4);
	error_case("error: delim-pkt or response-end-pkt in the update request", "delim-pkt");
	reset();
	line(A40 " " B40 " refs/heads/main");
	raw("0002", 4);
	error_case("update refs/heads/main 1234567..fedcba0;error: delim-pkt or response-end-pkt in the update request",
	           "response-end-pkt");
	reset();
	raw("0004", 4);
	error_case("error: empty pkt-line (0004) in the update request", "0004");
	reset();
	line("\n");
	error_case("error: malformed command (want <old-oid> SP <new-oid> SP <refname>)", "an empty line");
	reset();
	line("ERR go away");
	error_case("error: ERR packet in the update request", "an ERR packet");

	static char longline[3000];
	memset(longline, 'a', sizeof longline);
	reset();
	pkt(longline, PKTLINE_KEEP + 1);
	error_case("error: pkt-line before the pack longer than 2304 bytes", "a packet longer than kept");

	const struct {
		const char *line, *why;
	} cmds[] = {
		{"1234567890ABCDEF1234567890abcdef12345678 " B40 " refs/heads/a", "uppercase old oid"},
		{A40 " FEDCBA0987654321fedcba0987654321fedcba09 refs/heads/a", "uppercase new oid"},
		{"1234567890abcdef1234567890abcdef1234567 " B40 " refs/heads/a", "39-digit oid"},
		{A64 " " B64 " refs/heads/a", "SHA-256 oids without object-format"},
		{A40 "  " B40 " refs/heads/a", "two spaces"},
		{A40 "\t" B40 " refs/heads/a", "a tab"},
		{A40 " " B40 "\trefs/heads/a", "a tab before the refname"},
		{A40 " " B40, "no refname"},
		{A40 " " B40 " ", "an empty refname"},
		{"push-cert", "push-cert after a command"},
		{"shallow " A40, "shallow after a command"},
		{Z40 " " Z40 " refs/heads/a", "two zero oids"},
		{A40 " " B40 " refs/heads/a\r", "CR at the end"},
		{A40 " " B40 " refs/heads/a\n\n", "two LFs at the end"},
		{A40 " " B40 " heads/a", "refname outside refs/ (write it in full, e.g. refs/heads/main)"},
		{A40 " " B40 " refs/heads/a..b", "'..'"},
		{A40 " " B40 " refs/heads/a b", "space in refname"},
		{A40 " " B40 " refs/heads/a@{1}", "'@{'"},
		{A40 " " B40 " refs/heads/a.lock", "'.lock'"},
		{A40 " " B40 " refs/heads/", "trailing '/'"},
		{A40 " " B40 " refs/foo", "a create or update at one level under refs/"},
	};
	const char *whys[] = {
		"malformed command (want <old-oid> SP <new-oid> SP <refname>)",
		"malformed command (want <old-oid> SP <new-oid> SP <refname>)",
		"malformed command (want <old-oid> SP <new-oid> SP <refname>)",
		"malformed command (want <old-oid> SP <new-oid> SP <refname>)",
		"malformed command (want <old-oid> SP <new-oid> SP <refname>)",
		"malformed command (want <old-oid> SP <new-oid> SP <refname>)",
		"malformed command (want <old-oid> SP <new-oid> SP <refname>)",
		"malformed command (want <old-oid> SP <new-oid> SP <refname>)",
		"refname outside refs/ (write it in full, e.g. refs/heads/main)",
		"malformed command (want <old-oid> SP <new-oid> SP <refname>)",
		"malformed command (want <old-oid> SP <new-oid> SP <refname>)",
		"command with two zero object ids",
		"control byte in refname",
		"control byte in refname",
		"refname outside refs/ (write it in full, e.g. refs/heads/main)",
		"refname holds '..'",
		"refname holds one of: space ~ ^ : ? * [ \\",
		"refname holds '@{'",
		"refname component ends with '.lock'",
		"empty refname component ('//' or a trailing '/')",
		"refname has no level under refs/<type>/",
	};
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
		char want[256];
		reset();
		line(Z40 " " A40 " refs/heads/first");
		line(cmds[i].line);
		flush();
		snprintf(want, sizeof want, "create refs/heads/first 0000000..1234567;error: %s", whys[i]);
		error_case(want, cmds[i].why);
	}
	reset();
	line(A40 " " Z40 " refs/foo");
	flush();
	is(parse(), "delete refs/foo 1234567..0000000;end@98", "push: a delete may name refs/<name>");

	reset();
	line(A40 " " B40 " refs/heads/a");
	first(A40 " " B40 " refs/heads/b", "push-options");
	flush();
	error_case("update refs/heads/a 1234567..fedcba0;error: NUL in a command other than the first",
	           "capabilities on the second command");
	reset();
	first(A40 " " B40 " refs/heads/a", "report-status\001");
	error_case("error: control byte in the capability list", "control byte in capabilities");
	reset();
	pkt(A40 " " B40 " refs/heads/a\0push-options\0atomic", 114);
	error_case("error: control byte in the capability list", "a second NUL");
	reset();
	first(A40 " " B40 " refs/heads/a", "object-format=md5");
	error_case("error: unsupported object-format", "object-format=md5");
	reset();
	first(A40 " " B40 " refs/heads/a", "object-format");
	error_case("error: unsupported object-format", "object-format without a value");
	reset();
	first(A40 " " B40 " refs/heads/a", "object-format=sha1 object-format=sha256");
	error_case("error: object-format capability given twice", "object-format twice");
	reset();
	first(A40 " " B40 " refs/heads/a", "push-options=yes");
	error_case("error: capability push-options or atomic with a value", "push-options=yes");
	reset();
	first(A40 " " B40 " refs/heads/a", "object-format=sha256");
	error_case("error: malformed command (want <old-oid> SP <new-oid> SP <refname>)", "SHA-1 ids with sha256");

	reset();
	line("shallow " A40);
	first(A64 " " B64 " refs/heads/a", "object-format=sha256");
	error_case(".;error: shallow id length does not match the object-format", "SHA-1 shallow, SHA-256 push");
	reset();
	line("shallow " A40);
	line("shallow " A64);
	error_case(".;error: shallow ids of different lengths", "shallow ids of different lengths");
	reset();
	line("shallow 1234567890ABCDEF1234567890abcdef12345678");
	error_case("error: malformed shallow line", "uppercase shallow id");
	reset();
	line("shallow " A40 " ");
	error_case("error: malformed shallow line", "shallow with a trailing space");
	reset();
	line("shallow ");
	error_case("error: malformed shallow line", "shallow without an id");

	/* The push certificate. */
	const struct {
		const char *line, *why, *name;
	} cert[] = {
		{"certificate version 0.2\n", "push certificate does not start with 'certificate version 0.1'",
		 "certificate version 0.2"},
		{"certificate version 0.1", "push certificate does not start with 'certificate version 0.1'",
		 "version without LF"},
		{"pusher a\n\n", "push certificate line with a control byte or without LF", "a line with two LFs"},
		{"pusher a", "push certificate line with a control byte or without LF", "a header without LF"},
		{"pusher a\tb\n", "push certificate line with a control byte or without LF", "a tab in a header"},
		{"signer a\n", "unknown push certificate header", "an unknown header"},
		{A40 " " B40 " refs/heads/a\n", "unknown push certificate header", "a command before the blank line"},
	};
	for (size_t i = 0; i < sizeof cert / sizeof *cert; i++) {
		char want[256];
		reset();
		first("push-cert", "");
		if (i > 1)
			line("certificate version 0.1\n");
		line(cert[i].line);
		snprintf(want, sizeof want, "%serror: %s", i > 1 ? ".;.;" : ".;", cert[i].why);
		error_case(want, cert[i].name);
	}
	const struct {
		const char *line, *why, *name;
	} certbody[] = {
		{A40 " " B40 " refs/heads/a", "push certificate line with a control byte or without LF",
		 "a certificate command without LF"},
		{"\n", "malformed command (want <old-oid> SP <new-oid> SP <refname>)", "a blank line among the commands"},
		{"push-cert-end", "push certificate line with a control byte or without LF", "push-cert-end without LF"},
		{A40 " " B40 " refs/heads/a\nb\n", "push certificate line with a control byte or without LF",
		 "an LF inside a certificate line"},
		{"-----BEGIN FOO-----\n", "malformed command (want <old-oid> SP <new-oid> SP <refname>)",
		 "an unknown armor line"},
	};
	for (size_t i = 0; i < sizeof certbody / sizeof *certbody; i++) {
		char want[256];
		reset();
		first("push-cert", "");
		line("certificate version 0.1\n");
		line("\n");
		line(certbody[i].line);
		snprintf(want, sizeof want, ".;.;.;error: %s", certbody[i].why);
		error_case(want, certbody[i].name);
	}
	reset();
	first("push-cert", "");
	line("certificate version 0.1\n");
	line("\n");
	pkt(A40 " " B40 " refs/heads/a\0x\n", 98);
	error_case(".;.;.;error: push certificate line with a control byte or without LF", "a NUL in a certificate line");
	reset();
	first("push-cert", "");
	line("certificate version 0.1\n");
	line("\n");
	line(A40 " " B40 " refs/heads/a\n");
	flush();
	error_case(".;.;.;update refs/heads/a 1234567..fedcba0;error: flush-pkt inside the push certificate",
	           "a certificate ended by a flush-pkt");
	reset();
	first("push-cert", "");
	line("certificate version 0.1\n");
	line("\n");
	line("-----BEGIN PGP SIGNATURE-----\n");
	line(A40 " " B40 " refs/heads/a\n");
	line("-----BEGIN PGP SIGNATURE-----\n");
	error_case(".;.;.;.;.;error: second signature start in the push certificate", "a second signature start");
	reset();
	first("push-cert", "");
	line("certificate version 0.1\n");
	line("\n");
	line("push-cert-end\n");
	line(A40 " " B40 " refs/heads/a");
	error_case(".;.;.;.;error: pkt-line between push-cert-end and the flush-pkt", "a command after push-cert-end");
	reset();
	first("push-cert", "");
	line("certificate version 0.1\n");
	line("\n");
	line("-----BEGIN PGP SIGNATURE-----\n");
	line("abc\001\n");
	error_case(".;.;.;.;error: push certificate line with a control byte or without LF",
	           "a control byte in a signature line");
	reset();
	first("push-cert", "");
	line("certificate version 0.1\n");
	line("\n");
	line("-----BEGIN PGP SIGNATURE-----\n");
	line("ERR x\n");
	error_case(".;.;.;.;error: ERR packet in the update request", "an ERR packet in the signature");

	/* Push options. */
	const struct {
		const char *opt;
		size_t n;
		const char *why, *name;
	} opts[] = {
		{"", 0, "empty pkt-line (0004) in the update request", "0004 as a push option"},
		{"\n", 1, "empty push option", "an empty push option"},
		{"a\tb", 3, "push option with a byte outside visible ASCII and space", "a tab in a push option"},
		{"a\0b", 3, "push option with a byte outside visible ASCII and space", "a NUL in a push option"},
		{"caf\xc3\xa9", 5, "push option with a byte outside visible ASCII and space", "UTF-8 in a push option"},
		{"a\n\n", 3, "push option with a byte outside visible ASCII and space", "two LFs"},
		{"ERR x", 5, "ERR packet in the update request", "an ERR packet as a push option"},
	};
	for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
		char want[256];
		reset();
		first(A40 " " B40 " refs/heads/a", "push-options");
		flush();
		pkt(opts[i].opt, opts[i].n);
		snprintf(want, sizeof want, "update refs/heads/a 1234567..fedcba0;.;error: %s", opts[i].why);
		error_case(want, opts[i].name);
	}
	reset();
	first(A40 " " B40 " refs/heads/a", "push-options");
	flush();
	raw("0001", 4);
	error_case("update refs/heads/a 1234567..fedcba0;.;error: delim-pkt or response-end-pkt in the update request",
	           "a delim-pkt among push options");

	reset();
	line(A40 " " B40 " refs/heads/a");
	is(parse(), "update refs/heads/a 1234567..fedcba0;need more@98", "push: a body cut before the flush needs more");
}

/* name with control bytes and non-ASCII as \xNN, for a TAP line. */
static const char *printable(const char *s)
{
	static char out[512];
	size_t w = 0;
	out[0] = '\0';
	for (; *s && w + 5 < sizeof out; s++) {
		unsigned char c = (unsigned char)*s;
		w += (size_t)snprintf(out + w, sizeof out - w, c < 0x20 || c > 0x7e ? "\\x%02x" : "%c", c);
	}
	return out;
}

static void refnames(void)
{
	const struct {
		const char *name, *why;
		bool del;
	} t[] = {
		{"refs/heads/main", NULL, false},
		{"refs/heads/feature/x-1_2.3", NULL, false},
		{"refs/tags/v1.0", NULL, false},
		{"refs/heads/caf\xc3\xa9", NULL, false},
		{"refs/heads/a@b", NULL, false},
		{"refs/heads/a.b.lockx", NULL, false},
		{"refs/for/main%topic", NULL, false},
		{"refs/heads/@", NULL, false},
		{"refs/stash", NULL, true},
		{"refs/stash", "refname has no level under refs/<type>/", false},
		{"", "refname outside refs/ (write it in full, e.g. refs/heads/main)", false},
		{"refs", "refname outside refs/ (write it in full, e.g. refs/heads/main)", false},
		{"refs/", "empty refname component ('//' or a trailing '/')", true},
		{"HEAD", "refname outside refs/ (write it in full, e.g. refs/heads/main)", false},
		{"heads/main", "refname outside refs/ (write it in full, e.g. refs/heads/main)", false},
		{"Refs/heads/main", "refname outside refs/ (write it in full, e.g. refs/heads/main)", false},
		{"/refs/heads/main", "refname outside refs/ (write it in full, e.g. refs/heads/main)", false},
		{"refs//heads/main", "empty refname component ('//' or a trailing '/')", false},
		{"refs/heads//main", "empty refname component ('//' or a trailing '/')", false},
		{"refs/heads/main/", "empty refname component ('//' or a trailing '/')", false},
		{"refs/heads/.main", "refname component starts with '.'", false},
		{"refs/heads/a/.b", "refname component starts with '.'", false},
		{"refs/heads/..", "refname holds '..'", false},
		{"refs/heads/a..b", "refname holds '..'", false},
		{"refs/heads/main.", "refname ends with '.'", false},
		{"refs/heads/main.lock", "refname component ends with '.lock'", false},
		{"refs/heads/main.lock/x", "refname component ends with '.lock'", false},
		{"refs/heads/a@{1}", "refname holds '@{'", false},
		{"refs/heads/a b", "refname holds one of: space ~ ^ : ? * [ \\", false},
		{"refs/heads/a~1", "refname holds one of: space ~ ^ : ? * [ \\", false},
		{"refs/heads/a^", "refname holds one of: space ~ ^ : ? * [ \\", false},
		{"refs/heads/a:b", "refname holds one of: space ~ ^ : ? * [ \\", false},
		{"refs/heads/a?", "refname holds one of: space ~ ^ : ? * [ \\", false},
		{"refs/heads/*", "refname holds one of: space ~ ^ : ? * [ \\", false},
		{"refs/heads/a[1]", "refname holds one of: space ~ ^ : ? * [ \\", false},
		{"refs/heads/a\\b", "refname holds one of: space ~ ^ : ? * [ \\", false},
		{"refs/heads/a\tb", "control byte in refname", false},
		{"refs/heads/a\x7f", "control byte in refname", false},
		{"refs/heads/a\nb", "control byte in refname", false},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		size_t at;
		const char *why = git_refname_check(t[i].name, strlen(t[i].name), t[i].del, &at);
		ok(t[i].why ? why && strcmp(why, t[i].why) == 0 : !why, "refname: '%s'%s %s", printable(t[i].name),
		   t[i].del ? " (delete)" : "", t[i].why ? "refused" : "accepted");
	}
	const char nul[] = "refs/heads/a\0b";
	size_t at;
	ok(git_refname_check(nul, sizeof nul - 1, false, &at) != NULL && at == 12, "refname: NUL refused, at its offset");
}

int main(void)
{
	real_bodies();
	grammar();
	errors();
	refnames();
	return tap_done();
}
