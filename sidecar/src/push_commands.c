#include "push_commands.h"

#include "git_names.h"

#include <string.h>

/* The longest first command line (see PKTLINE_KEEP) must fit in what the
 * pkt-line reader keeps: 2 SHA-256 ids, 2 spaces, a refname, NUL, 1 KiB of
 * capabilities, LF. */
_Static_assert(2 * PUSH_HEXSZ_MAX + 2 + PUSH_REFNAME_MAX + 1 + 1024 + 1 <= PKTLINE_KEEP,
               "PKTLINE_KEEP too small for a receive-pack command line");

/* The lines git-receive-pack takes as the start of a push certificate's
 * signature (gpg-interface.c: OpenPGP, X.509 and SSH formats). */
static const char *const signature_starts[] = {
	"-----BEGIN PGP SIGNATURE-----",
	"-----BEGIN PGP MESSAGE-----",
	"-----BEGIN SIGNED MESSAGE-----",
	"-----BEGIN SSH SIGNATURE-----",
};

void push_parser_init(struct push_parser *p)
{
	memset(p, 0, sizeof *p);
	pktline_init(&p->pkt);
	p->state = PUSH_START;
}

const char *push_kind_name(enum push_kind kind)
{
	switch (kind) {
	case PUSH_CREATE:
		return "create";
	case PUSH_UPDATE:
		return "update";
	case PUSH_DELETE:
		return "delete";
	}
	return "?";
}

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

static bool equals(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

static bool lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool all_zero(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '0')
			return false;
	return true;
}

/* The capability list after the first command's NUL: SP-separated
 * visible ASCII. Only what changes the parse is looked at. */
static const char *parse_caps(struct push_parser *p, const char *s, size_t n)
{
	bool format_seen = false;
	size_t i = 0;
	p->hexsz = 40;
	while (i < n) {
		size_t j = i;
		for (; j < n && s[j] != ' '; j++)
			if ((unsigned char)s[j] < 0x21 || (unsigned char)s[j] > 0x7e)
				return "control byte in the capability list";
		const char *t = s + i;
		size_t k = j - i;
		if (equals(t, k, "push-options"))
			p->push_options = true;
		else if (equals(t, k, "report-status"))
			p->report_status = true;
		else if (equals(t, k, "report-status-v2"))
			p->report_status_v2 = true;
		else if (equals(t, k, "side-band-64k"))
			p->side_band_64k = true;
		else if (equals(t, k, "side-band"))
			p->side_band = true;
		else if (equals(t, k, "atomic"))
			p->atomic = true;
		else if (starts(t, k, "push-options=") || starts(t, k, "atomic="))
			return "capability push-options or atomic with a value";
		else if (starts(t, k, "object-format")) {
			if (format_seen)
				return "object-format capability given twice";
			format_seen = true;
			if (equals(t, k, "object-format=sha1"))
				p->hexsz = 40;
			else if (equals(t, k, "object-format=sha256"))
				p->hexsz = 64;
			else
				return "unsupported object-format";
		}
		i = j + 1;
	}
	if (p->shallow_hexsz && p->shallow_hexsz != p->hexsz)
		return "shallow id length does not match the object-format";
	return NULL;
}

static const char *parse_shallow(struct push_parser *p, const char *s, size_t n)
{
	if ((n != 40 && n != 64) || !lower_hex(s, n))
		return "malformed shallow line";
	if (p->shallow_hexsz && p->shallow_hexsz != n)
		return "shallow ids of different lengths";
	p->shallow_hexsz = (unsigned)n;
	p->shallows++;
	return NULL;
}

/* old-oid SP new-oid SP refname, without LF. */
static const char *parse_command(struct push_parser *p, const char *s, size_t n)
{
	size_t h = p->hexsz;
	if (n < 2 * h + 2 || !lower_hex(s, h) || s[h] != ' ' || !lower_hex(s + h + 1, h) ||
	    s[2 * h + 1] != ' ')
		return "malformed command (want <old-oid> SP <new-oid> SP <refname>)";
	bool old_zero = all_zero(s, h), new_zero = all_zero(s + h + 1, h);
	if (old_zero && new_zero)
		return "command with two zero object ids";
	enum push_kind kind = old_zero ? PUSH_CREATE : new_zero ? PUSH_DELETE : PUSH_UPDATE;
	const char *name = s + 2 * h + 2;
	size_t len = n - 2 * h - 2;
	size_t at;
	const char *why = git_refname_check(name, len, kind == PUSH_DELETE, &at);
	if (why)
		return why;
	struct push_command *c = &p->cmd;
	c->kind = kind;
	memcpy(c->old_oid, s, h);
	c->old_oid[h] = '\0';
	memcpy(c->new_oid, s + h + 1, h);
	c->new_oid[h] = '\0';
	memcpy(c->refname, name, len);
	c->refname[len] = '\0';
	c->refname_len = len;
	p->commands++;
	if (kind != PUSH_DELETE)
		p->pack_follows = true;
	return NULL;
}

/* Certificate lines are concatenated by receive-pack, so each must be
 * exactly one line: LF at its end, no other control byte (no NUL, no LF). */
static bool cert_line(const char *s, size_t n)
{
	if (n == 0 || s[n - 1] != '\n')
		return false;
	for (size_t i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] == 0x7f)
			return false;
	return true;
}

static bool signature_start(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof signature_starts / sizeof *signature_starts; i++)
		if (starts(s, n, signature_starts[i]))
			return true;
	return false;
}

static enum push_event fail(struct push_parser *p, const char *reason, size_t *used)
{
	p->state = PUSH_FAILED;
	p->reason = reason;
	*used = 0;
	return PUSH_ERROR;
}

/* Returns the event for a reason-or-NULL from a parse step. */
static enum push_event step(struct push_parser *p, const char *why, enum push_event ev, size_t *used)
{
	return why ? fail(p, why, used) : ev;
}

static enum push_event on_flush(struct push_parser *p, size_t *used)
{
	switch (p->state) {
	case PUSH_START:
	case PUSH_COMMANDS:
	case PUSH_CERT_END:
		if (p->push_options) {
			p->state = PUSH_OPTIONS;
			return PUSH_PACKET;
		}
		p->state = PUSH_DONE;
		return PUSH_END;
	case PUSH_OPTIONS:
		p->state = PUSH_DONE;
		return PUSH_END;
	default:
		return fail(p, "flush-pkt inside the push certificate", used);
	}
}

/* The first packet that is not a shallow line: the first command or
 * push-cert, each with the capability list after a NUL. */
static enum push_event on_first(struct push_parser *p, const char *s, size_t m, size_t *used)
{
	const char *nul = memchr(s, '\0', m);
	size_t head = nul ? (size_t)(nul - s) : m;
	const char *why = nul ? parse_caps(p, nul + 1, m - head - 1) : parse_caps(p, s, 0);
	if (why)
		return fail(p, why, used);
	if (equals(s, head, "push-cert")) {
		p->signed_push = true;
		p->state = PUSH_CERT_VERSION;
		return PUSH_PACKET;
	}
	p->state = PUSH_COMMANDS;
	return step(p, parse_command(p, s, head), PUSH_COMMAND, used);
}

static enum push_event on_data(struct push_parser *p, size_t *used)
{
	const char *s = p->pkt.buf;
	size_t n = p->pkt.len;
	if (p->pkt.truncated)
		return fail(p, "pkt-line before the pack longer than 2304 bytes", used);
	if (n == 0)
		return fail(p, "empty pkt-line (0004) in the update request", used);
	/* receive-pack dies on these wherever it reads a packet. */
	if (starts(s, n, "ERR "))
		return fail(p, "ERR packet in the update request", used);
	/* Outside the certificate a trailing LF is optional (receive-pack
	 * strips one); inside it, it is required. */
	size_t m = s[n - 1] == '\n' ? n - 1 : n;
	switch (p->state) {
	case PUSH_START:
		if (starts(s, m, "shallow ") && !memchr(s, '\0', m))
			return step(p, parse_shallow(p, s + 8, m - 8), PUSH_PACKET, used);
		return on_first(p, s, m, used);
	case PUSH_COMMANDS:
		if (memchr(s, '\0', m))
			return fail(p, "NUL in a command other than the first", used);
		return step(p, parse_command(p, s, m), PUSH_COMMAND, used);
	case PUSH_CERT_VERSION:
		if (!equals(s, n, "certificate version 0.1\n"))
			return fail(p, "push certificate does not start with 'certificate version 0.1'", used);
		p->state = PUSH_CERT_HEADER;
		return PUSH_PACKET;
	case PUSH_CERT_HEADER:
		if (!cert_line(s, n))
			return fail(p, "push certificate line with a control byte or without LF", used);
		if (n == 1) {
			p->state = PUSH_CERT_COMMANDS;
			return PUSH_PACKET;
		}
		if (!starts(s, n, "pusher ") && !starts(s, n, "pushee ") && !starts(s, n, "nonce ") &&
		    !starts(s, n, "push-option "))
			return fail(p, "unknown push certificate header", used);
		return PUSH_PACKET;
	case PUSH_CERT_COMMANDS:
		if (!cert_line(s, n))
			return fail(p, "push certificate line with a control byte or without LF", used);
		if (equals(s, n, "push-cert-end\n")) {
			p->state = PUSH_CERT_END;
			return PUSH_PACKET;
		}
		if (signature_start(s, n)) {
			p->state = PUSH_CERT_SIGNATURE;
			return PUSH_PACKET;
		}
		return step(p, parse_command(p, s, m), PUSH_COMMAND, used);
	case PUSH_CERT_SIGNATURE:
		if (!cert_line(s, n))
			return fail(p, "push certificate line with a control byte or without LF", used);
		if (equals(s, n, "push-cert-end\n")) {
			p->state = PUSH_CERT_END;
			return PUSH_PACKET;
		}
		/* receive-pack takes the last signature start as the end of
		 * the commands: a second one would make it read signature
		 * lines as commands. */
		if (starts(s, n, "-----BEGIN "))
			return fail(p, "second signature start in the push certificate", used);
		return PUSH_PACKET;
	case PUSH_CERT_END:
		return fail(p, "pkt-line between push-cert-end and the flush-pkt", used);
	case PUSH_OPTIONS:
		if (m == 0)
			return fail(p, "empty push option", used);
		for (size_t i = 0; i < m; i++)
			if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
				return fail(p, "push option with a byte outside visible ASCII and space", used);
		p->option = s;
		p->option_len = m;
		p->options++;
		return PUSH_OPTION;
	case PUSH_DONE:
	case PUSH_FAILED:
		break;
	}
	return fail(p, "push parser in an impossible state", used);
}

enum push_event push_parser_feed(struct push_parser *p, const char *in, size_t n, size_t *used)
{
	*used = 0;
	if (p->state == PUSH_FAILED)
		return PUSH_ERROR;
	if (p->state == PUSH_DONE)
		return PUSH_END;
	switch (pktline_feed(&p->pkt, in, n, used)) {
	case PKTLINE_NEED_MORE:
		return PUSH_NEED_MORE;
	case PKTLINE_DATA:
		return on_data(p, used);
	case PKTLINE_FLUSH:
		return on_flush(p, used);
	case PKTLINE_DELIM:
	case PKTLINE_RESPONSE_END:
		return fail(p, "delim-pkt or response-end-pkt in the update request", used);
	case PKTLINE_ERROR:
		break;
	}
	return fail(p, p->pkt.reason, used);
}
