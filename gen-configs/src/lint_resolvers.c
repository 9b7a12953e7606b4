/* lint_resolvers.c: names of public DNS-over-HTTPS and DNS-over-TLS
 * resolvers. A sandbox that reached one could resolve any name past
 * dnsmasq, so the allowlist may not name one, nor anything under one, nor a
 * wildcard that covers one; dnsmasq answers NXDOMAIN for each of them (and
 * everything under it) whatever else the allowlist says.
 * Each entry is a subtree: the name and every name under it.
 * See lint.h for the return convention. */
#include "lint.h"

#include <string.h>

const char *const lint_resolver_names[] = {
	"1dot1dot1dot1.cloudflare-dns.com",
	"adguard-dns.com",
	"adguard-dns.io",
	"alidns.com",
	"cleanbrowsing.org",
	"cloudflare-dns.com",
	"dns.360.cn",
	"dns.adguard.com",
	"dns.alidns.com",
	"dns.controld.com",
	"dns.digitale-gesellschaft.ch",
	"dns.google",
	"dns.google.com",
	"dns.mullvad.net",
	"dns.nextdns.io",
	"dns.njal.la",
	"dns.opendns.com",
	"dns.pub",
	"dns.quad9.net",
	"dns.sb",
	"dns.switch.ch",
	"dns.twnic.tw",
	"dns.umbrella.com",
	"dns.watch",
	"dns0.eu",
	"dns10.quad9.net",
	"dns11.quad9.net",
	"dns9.quad9.net",
	"dnsforge.de",
	"doh.360.cn",
	"doh.applied-privacy.net",
	"doh.cleanbrowsing.org",
	"doh.dns.sb",
	"doh.familyshield.opendns.com",
	"doh.ffmuc.net",
	"doh.libredns.gr",
	"doh.mullvad.net",
	"doh.njal.la",
	"doh.opendns.com",
	"doh.pub",
	"doh.xfinity.com",
	"dot.libredns.gr",
	"dot.sb",
	"freedns.controld.com",
	"mozilla.cloudflare-dns.com",
	"nextdns.io",
	"one.one.one.one",
	"ordns.he.net",
	"quad9.net",
	"resolver1.opendns.com",
	"resolver2.opendns.com",
	"security.cloudflare-dns.com",
};
const size_t lint_resolver_count = sizeof lint_resolver_names / sizeof lint_resolver_names[0];

/* true if name (n bytes) is sub (s bytes) or lies under it. */
static bool at_or_under(const char *name, size_t n, const char *sub, size_t s)
{
	if (n == s)
		return memcmp(name, sub, n) == 0;
	return n > s && name[n - s - 1] == '.' && memcmp(name + n - s, sub, s) == 0;
}

int lint_resolver(struct diag *d, const struct where *w, const char *base, bool wildcard)
{
	/* Lengths once: this runs for every rule (10^5 rules x the list). */
	static size_t lengths[sizeof lint_resolver_names / sizeof lint_resolver_names[0]];
	if (lengths[0] == 0)
		for (size_t i = 0; i < lint_resolver_count; i++)
			lengths[i] = strlen(lint_resolver_names[i]);
	size_t n = strlen(base);
	for (size_t i = 0; i < lint_resolver_count; i++) {
		const char *r = lint_resolver_names[i];
		if (at_or_under(base, n, r, lengths[i])) {
			diag_error(d, w->file, w->line, w->col, "doh-resolver",
			           "'%s%s' is a public DNS-over-HTTPS/TLS resolver (%s): it would bypass the DNS allowlist",
			           wildcard ? "*." : "", base, r);
			return -1;
		}
		if (wildcard && at_or_under(r, lengths[i], base, n)) {
			diag_error(d, w->file, w->line, w->col, "doh-resolver",
			           "'*.%s' covers the public DNS-over-HTTPS/TLS resolver %s: it would bypass the DNS allowlist",
			           base, r);
			return -1;
		}
	}
	return 0;
}
