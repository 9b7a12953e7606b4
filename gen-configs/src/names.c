#include "names.h"

#include <arpa/inet.h>
#include <idn2.h>
#include <libpsl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const psl_ctx_t *psl;

/* Public DNS-over-HTTPS/TLS resolvers: a name here would let the sandbox
 * tunnel DNS past dnsmasq, so no rule may allow one, even by wildcard. */
const char *const resolver_names[] = {
	"dns.google", "dns.google.com", "cloudflare-dns.com", "one.one.one.one",
	"1dot1dot1dot1.cloudflare-dns.com", "mozilla.cloudflare-dns.com", "security.cloudflare-dns.com",
	"family.cloudflare-dns.com", "dns.quad9.net", "dns9.quad9.net", "dns10.quad9.net", "dns11.quad9.net",
	"doh.opendns.com", "dns.opendns.com", "dns.adguard.com", "dns.adguard-dns.com", "doh.cleanbrowsing.org",
	"dns.nextdns.io", "doh.mullvad.net", "dns.mullvad.net", "doh.dns.sb", "dns.alidns.com", "doh.pub",
	"dns.twnic.tw", "ordns.he.net", "doh.libredns.gr", "dns.controld.com", "freedns.controld.com",
	"doh.xfinity.com", "dns0.eu", "doh.applied-privacy.net", NULL,
};

int names_init(void)
{
	psl = psl_latest(NULL);
	return psl ? 0 : -1;
}

void names_free(void)
{
	psl_free((psl_ctx_t *)psl);
	psl = NULL;
}

static const char *fail(char *why, size_t whylen, const char *rule, const char *msg, const char *name)
{
	snprintf(why, whylen, msg, name);
	return rule;
}

/* WHATWG's "ends in a number": such a host is parsed as IPv4 by browsers
 * and many libraries, whatever the other labels are. */
static bool ends_in_number(const char *name)
{
	const char *last = strrchr(name, '.');
	last = last ? last + 1 : name;
	if (last[0] == '0' && last[1] == 'x') {
		last += 2;
		return strspn(last, "0123456789abcdef") == strlen(last);
	}
	return last[0] && strspn(last, "0123456789") == strlen(last);
}

static bool valid_punycode(const char *label, size_t n)
{
	char ascii[64], *unicode = NULL, *back = NULL;
	memcpy(ascii, label, n);
	ascii[n] = '\0';
	bool ok = idn2_to_unicode_8z8z(ascii, &unicode, 0) == IDN2_OK &&
	          idn2_lookup_u8((const uint8_t *)unicode, (uint8_t **)&back, IDN2_NONTRANSITIONAL) == IDN2_OK &&
	          strcmp(back, ascii) == 0;
	free(unicode);
	free(back);
	return ok;
}

static bool is_resolver(const char *name, bool wildcard)
{
	size_t n = strlen(name);
	for (const char *const *r = resolver_names; *r; r++) {
		size_t rn = strlen(*r);
		/* The name is a resolver or inside one, or a wildcard covers one. */
		if (strcmp(name, *r) == 0)
			return true;
		if (n > rn && name[n - rn - 1] == '.' && strcmp(name + n - rn, *r) == 0)
			return true;
		if (wildcard && rn > n && (*r)[rn - n - 1] == '.' && strcmp(*r + rn - n, name) == 0)
			return true;
	}
	return false;
}

const char *name_check(const char *name, bool wildcard, char *why, size_t whylen)
{
	size_t n = strlen(name);
	struct in_addr a4;
	struct in6_addr a6;
	if (strchr(name, ':') || inet_pton(AF_INET6, name, &a6) == 1 || inet_aton(name, &a4) || ends_in_number(name))
		return fail(why, whylen, "ip-literal", "%s is an IP address literal: allow names, not addresses", name);
	if (n > 253)
		return fail(why, whylen, "name-length", "%s is longer than 253 bytes", name);
	unsigned labels = 0;
	for (const char *p = name;;) {
		size_t len = strcspn(p, ".");
		if (len == 0)
			return fail(why, whylen, "name-syntax", "%s has an empty label", name);
		if (len > 63)
			return fail(why, whylen, "name-length", "%s has a label longer than 63 bytes", name);
		for (size_t i = 0; i < len; i++) {
			char c = p[i];
			if (c >= 'A' && c <= 'Z')
				return fail(why, whylen, "name-syntax", "%s has uppercase letters: write names in lowercase", name);
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
				return fail(why, whylen, "name-syntax", "%s has a byte that is not a letter, digit, '-' or '.'", name);
		}
		if (p[0] == '-' || p[len - 1] == '-')
			return fail(why, whylen, "name-syntax", "%s has a label that starts or ends with '-'", name);
		if (len >= 4 && p[2] == '-' && p[3] == '-') {
			if (strncmp(p, "xn--", 4) != 0 || !valid_punycode(p, len))
				return fail(why, whylen, "idna", "%s has a label that is not valid IDNA punycode", name);
		}
		labels++;
		if (!p[len])
			break;
		p += len + 1;
	}
	if (labels < 2)
		return fail(why, whylen, "public-suffix", "%s is a bare top-level name", name);
	if (psl_is_public_suffix2(psl, name, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) || !psl_registrable_domain(psl, name))
		return fail(why, whylen, wildcard ? "wildcard-scope" : "public-suffix",
		            wildcard ? "*.%s spans many registrable domains (it is a public suffix)"
		                     : "%s is a public suffix, not one site",
		            name);
	if (is_resolver(name, wildcard))
		return fail(why, whylen, "resolver", "%s is or covers a DNS-over-HTTPS/TLS resolver", name);
	return NULL;
}
