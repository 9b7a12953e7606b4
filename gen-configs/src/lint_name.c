/* lint_name.c: host name syntax. Accepted: lowercase LDH labels of 1..63
 * bytes joined by single dots, at most 253 bytes, no leading or trailing
 * dot, no label beginning or ending with '-', xn-- labels only when they
 * are valid IDNA2008 (they must survive a decode and re-encode with
 * libidn2 unchanged), and never anything that an IP stack would read as an
 * address. A wildcard is "*." followed by such a name, and only where the
 * caller allows it. See lint.h for the return convention. */
#include "lint.h"

#include <arpa/inet.h>
#include <idn2.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static bool is_ldh(char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-'; }

bool lint_looks_like_ipv4(const char *text)
{
	struct in_addr a;
	if (inet_aton(text, &a))
		return true;
	/* Resolvers differ in what they accept, so be wider than inet_aton:
	 * no real top-level label is all digits or 0x-hex. */
	const char *last = strrchr(text, '.');
	last = last ? last + 1 : text;
	if (*last == '\0')
		return false;
	const char *p = last;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		for (p += 2; is_hex(*p); p++)
			;
		return *p == '\0';
	}
	for (; is_digit(*p); p++)
		;
	return *p == '\0';
}

/* true if the xn-- label (n bytes at s) is valid IDNA2008: it decodes, and
 * encoding the decoded form gives back exactly the same bytes. */
static bool idna_label_ok(const char *s, size_t n)
{
	char ascii[LIMIT_LABEL_BYTES + 1];
	if (n > LIMIT_LABEL_BYTES)
		return false;
	memcpy(ascii, s, n);
	ascii[n] = '\0';
	char *unicode = NULL;
	if (idn2_to_unicode_8z8z(ascii, &unicode, 0) != IDN2_OK)
		return false;
	uint8_t *again = NULL;
	int rc = idn2_lookup_u8((const uint8_t *)unicode, &again, IDN2_NONTRANSITIONAL);
	bool ok = rc == IDN2_OK && again && strcmp((const char *)again, ascii) == 0;
	idn2_free(unicode);
	idn2_free(again);
	return ok;
}

static int check_labels(struct diag *d, const struct where *w, const char *base, unsigned col0)
{
	size_t len = strlen(base);
	if (base[0] == '.')
		goto empty;
	for (size_t start = 0; start <= len;) {
		const char *dot = memchr(base + start, '.', len - start);
		size_t end = dot ? (size_t)(dot - base) : len;
		size_t n = end - start;
		unsigned col = col0 + (unsigned)start;
		if (n == 0) {
			if (start == len) {
				diag_error(d, w->file, w->line, col - 1, "name-syntax",
				           "trailing dot: write the name without it");
				return -1;
			}
			goto empty;
		}
		if (n > LIMIT_LABEL_BYTES) {
			diag_error(d, w->file, w->line, col, "label-too-long",
			           "label is %zu bytes long; DNS allows at most %u", n, LIMIT_LABEL_BYTES);
			return -1;
		}
		if (base[start] == '-' || base[end - 1] == '-') {
			diag_error(d, w->file, w->line, base[start] == '-' ? col : col + (unsigned)n - 1,
			           "name-syntax", "label '%.*s' begins or ends with '-'", (int)n, base + start);
			return -1;
		}
		if (n >= 4 && memcmp(base + start, "xn--", 4) == 0 && !idna_label_ok(base + start, n)) {
			diag_error(d, w->file, w->line, col, "idna",
			           "label '%.*s' is not valid IDNA2008 punycode", (int)n, base + start);
			return -1;
		}
		if (!dot)
			break;
		start = end + 1;
	}
	return 0;
empty:
	diag_error(d, w->file, w->line, col0 + (unsigned)(base[0] == '.' ? 0 : (size_t)(strstr(base, "..") - base) + 1),
	           "name-syntax", "empty label: a host name has no leading dot and no '..'");
	return -1;
}

static int check_colon(struct diag *d, const struct where *w, const char *name)
{
	const char *colon = strchr(name, ':');
	unsigned col = w->col + (unsigned)(colon - name);
	struct in6_addr a6;
	if (strstr(name, "://")) {
		diag_error(d, w->file, w->line, w->col, "name-syntax", "expected a host name, not a URL");
		return -1;
	}
	const char *p = colon + 1;
	while (is_digit(*p))
		p++;
	if (colon != name && p != colon + 1 && *p == '\0') {
		diag_error(d, w->file, w->line, col, "name-syntax",
		           "expected a host name without a port: https always means port 443");
		return -1;
	}
	if (name[0] == '[' || inet_pton(AF_INET6, name, &a6) == 1 || strchr(colon + 1, ':')) {
		diag_error(d, w->file, w->line, w->col, "ip-literal",
		           "IPv6 address literal: the allowlist takes host names, never addresses");
		return -1;
	}
	diag_error(d, w->file, w->line, col, "name-syntax", "character ':' is not allowed in a host name");
	return -1;
}

int lint_name_syntax(struct diag *d, const struct where *w, const char *name,
                     bool wildcard_ok, bool *is_wildcard)
{
	size_t len = strlen(name);
	*is_wildcard = false;
	if (len > LIMIT_NAME_BYTES) {
		diag_error(d, w->file, w->line, w->col, "name-too-long",
		           "host name is %zu bytes long; DNS allows at most %u", len, LIMIT_NAME_BYTES);
		return -1;
	}
	if (strchr(name, ':'))
		return check_colon(d, w, name);
	if (name[0] == '[') {
		diag_error(d, w->file, w->line, w->col, "ip-literal",
		           "IPv6 address literal: the allowlist takes host names, never addresses");
		return -1;
	}
	const char *base = name;
	if (name[0] == '*' && name[1] == '.') {
		if (!wildcard_ok) {
			diag_error(d, w->file, w->line, w->col, "wildcard-not-allowed",
			           "a wildcard is allowed only in an https rule; this needs an exact host name");
			return -1;
		}
		base = name + 2;
		*is_wildcard = true;
	}
	unsigned col0 = w->col + (unsigned)(base - name);
	const char *star = strchr(base, '*');
	if (star) {
		diag_error(d, w->file, w->line, col0 + (unsigned)(star - base), "wildcard-position",
		           "'*' is allowed only as the whole leftmost label, as in *.example.com");
		return -1;
	}
	if (*base == '\0') {
		diag_error(d, w->file, w->line, col0, "name-syntax", "empty host name");
		return -1;
	}
	if (lint_looks_like_ipv4(base)) {
		diag_error(d, w->file, w->line, col0, "ip-literal",
		           "'%s' reads as an IPv4 address: the allowlist takes host names, never addresses", base);
		return -1;
	}
	for (const char *c = base; *c; c++) {
		unsigned col = col0 + (unsigned)(c - base);
		if (*c >= 'A' && *c <= 'Z') {
			char lower[LIMIT_NAME_BYTES + 1];
			for (size_t i = 0; i <= len; i++)
				lower[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] - 'A' + 'a') : name[i];
			diag_error(d, w->file, w->line, col, "uppercase",
			           "host names are written in lowercase: write '%s'", lower);
			return -1;
		}
		if (!is_ldh(*c) && *c != '.') {
			diag_error(d, w->file, w->line, col, "name-syntax",
			           "character '%c' is not allowed in a host name (letters, digits, '-', '.')%s", *c,
			           *c == '#' ? "; a comment needs a space before '#'" : "");
			return -1;
		}
	}
	return check_labels(d, w, base, col0);
}
