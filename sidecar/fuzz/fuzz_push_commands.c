/* libFuzzer: the receive-pack update-request parser, fed in pieces whose
 * sizes come from the input itself, must consume at most one packet per
 * call and never past what it is given, report only commands whose fields
 * are in the packet it consumed and pass the refname rules, never read on
 * after the end, and report the same events as when fed the whole input
 * at once. Input: see pieces.h (the stream is the request body). */
#include "push_commands.h"

#include "pieces.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct event {
	enum push_event ev;
	size_t end;
};

static unsigned hex4(const char *s)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v = v << 4 | (unsigned)(c <= '9' ? c - '0' : c <= 'F' ? c - 'A' + 10 : c - 'a' + 10);
	}
	return v;
}

static bool lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool zero(const char *s)
{
	return strspn(s, "0") == strlen(s);
}

/* One packet in[start, at) was consumed with event ev: check it. */
static void check_packet(const struct push_parser *p, const char *in, size_t start, size_t at, enum push_event ev)
{
	if (at - start < 4)
		abort();
	unsigned v = hex4(in + start);
	if (v == 0 ? at - start != 4 : v != at - start)
		abort(); /* not exactly one packet */
	const char *payload = in + start + 4;
	size_t len = at - start - 4;
	if (ev == PUSH_COMMAND) {
		const struct push_command *c = &p->cmd;
		size_t h = p->hexsz;
		if ((h != 40 && h != 64) || strlen(c->old_oid) != h || strlen(c->new_oid) != h ||
		    !lower_hex(c->old_oid, h) || !lower_hex(c->new_oid, h) || strlen(c->refname) != c->refname_len ||
		    c->refname_len > PUSH_REFNAME_MAX)
			abort();
		size_t offset;
		if (git_refname_check(c->refname, c->refname_len, c->kind == PUSH_DELETE, &offset))
			abort();
		bool oz = zero(c->old_oid), nz = zero(c->new_oid);
		if ((oz && nz) || c->kind != (oz ? PUSH_CREATE : nz ? PUSH_DELETE : PUSH_UPDATE))
			abort();
		if (len < 2 * h + 2 + c->refname_len || memcmp(payload, c->old_oid, h) != 0 || payload[h] != ' ' ||
		    memcmp(payload + h + 1, c->new_oid, h) != 0 || payload[2 * h + 1] != ' ' ||
		    memcmp(payload + 2 * h + 2, c->refname, c->refname_len) != 0)
			abort();
		/* What follows the refname: nothing, LF, or NUL and
		 * capabilities on the first command. */
		size_t rest = 2 * h + 2 + c->refname_len;
		if (rest < len && !(payload[rest] == '\n' && rest + 1 == len) && !(payload[rest] == '\0' && p->commands == 1))
			abort();
		if (c->kind != PUSH_DELETE && !p->pack_follows)
			abort();
	}
	if (ev == PUSH_OPTION) {
		if (p->option_len == 0 || p->option_len > len || memcmp(p->option, payload, p->option_len) != 0)
			abort();
		for (size_t i = 0; i < p->option_len; i++)
			if ((unsigned char)p->option[i] < 0x20 || (unsigned char)p->option[i] > 0x7e)
				abort();
	}
}

/* Feeds in[0, pc.n) in pc's pieces; logs the events other than
 * NEED_MORE. Returns the number logged; *reason is set on an error. */
static size_t run(const char *in, struct pieces pc, struct event *log, const char **reason)
{
	static struct push_parser p;
	size_t n = pc.n, at = 0, count = 0;
	push_parser_init(&p);
	*reason = NULL;
	while (pieces_next(&pc, at)) {
		size_t used, give = pc.avail - at;
		enum push_event ev = push_parser_feed(&p, in + at, give, &used);
		if (used > give)
			abort();
		if (ev == PUSH_NEED_MORE) {
			if (used != give)
				abort();
			at += used;
			continue;
		}
		if (ev == PUSH_ERROR) {
			if (used != 0 || !p.reason || push_parser_feed(&p, "0000", 4, &used) != PUSH_ERROR || used != 0)
				abort();
			*reason = p.reason;
			log[count++] = (struct event){ev, 0};
			return count;
		}
		if (used == 0)
			abort(); /* an event without progress */
		/* The packet started where the previous event ended. */
		check_packet(&p, in, count ? log[count - 1].end : 0, at + used, ev);
		at += used;
		log[count++] = (struct event){ev, at};
		if (ev == PUSH_END) {
			if (push_parser_feed(&p, in + at, n - at, &used) != PUSH_END || used != 0)
				abort();
			return count;
		}
	}
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pieces pc;
	const uint8_t *body;
	if (!pieces_split(data, size, &pc, &body))
		return 0;
	size_t n = pc.n;
	/* A copy of exactly n bytes, so ASan sees any read past the end. */
	char *in = malloc(n ? n : 1);
	struct event *a = malloc((n / 4 + 2) * sizeof *a), *b = malloc((n / 4 + 2) * sizeof *b);
	if (!in || !a || !b)
		abort();
	memcpy(in, body, n);
	const char *ra, *rb;
	size_t na = run(in, pc, a, &ra);
	size_t nb = run(in, pieces_whole(n), b, &rb);
	/* The same events, ending at the same places, and the same verdict
	 * (an error's place depends on where the bad bytes arrived). */
	if (na != nb || ra != rb)
		abort();
	for (size_t i = 0; i < na; i++)
		if (a[i].ev != b[i].ev || a[i].end != b[i].end)
			abort();
	free(in);
	free(a);
	free(b);
	return 0;
}
