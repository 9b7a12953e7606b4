/* lint_egress.c: egress-allow's address range. The rule opens a range the
 * firewall refuses by default (cidr_special, or one of the sidecar's own
 * networks) to gitproxy and tinyproxy, so it must name exactly one range,
 * in one spelling, and never one the firewall keeps shut whatever the
 * allowlist says (cidr_never): loopback and link-local above all, where
 * the sidecar's own services and a cloud's metadata server answer.
 * See lint.h for the return convention. */
#include "lint.h"

int lint_egress_range(struct diag *d, const struct where *w, const char *text, size_t len, struct cidr *out)
{
	struct cidr c;
	size_t at;
	char canonical[CIDR_TEXT_MAX];
	int shown = len > CIDR_TEXT_MAX ? CIDR_TEXT_MAX : (int)len;
	switch (cidr_parse(text, len, &c, &at)) {
	case CIDR_OK:
		break;
	case CIDR_NO_PREFIX:
		diag_error(d, w->file, w->line, w->col, "cidr-syntax",
		           "expected ADDRESS/LENGTH: for this one address write %.*s/%u", shown, text,
		           c.family == 4 ? 32 : 128);
		return -1;
	case CIDR_BAD_ADDRESS:
		diag_error(d, w->file, w->line, w->col, "cidr-syntax",
		           "expected an address range such as 10.20.0.0/16 or fd00:1::/48 (IPv4 as four decimal "
		           "octets, IPv6 without brackets or zone)");
		return -1;
	case CIDR_NOT_CANONICAL:
		cidr_format(&c, canonical);
		diag_error(d, w->file, w->line, w->col, "cidr-syntax",
		           "write the range as %s (IPv6 in lowercase with zeros compressed, RFC 5952)", canonical);
		return -1;
	case CIDR_BAD_PREFIX:
		diag_error(d, w->file, w->line, w->col + (unsigned)at, "cidr-syntax",
		           "expected a prefix length of 0..%u in decimal, without leading zeros", c.family == 4 ? 32 : 128);
		return -1;
	}
	cidr_format(&c, canonical);
	if (cidr_has_host_bits(&c)) {
		struct cidr net = cidr_network(&c);
		char want[CIDR_TEXT_MAX];
		cidr_format(&net, want);
		diag_error(d, w->file, w->line, w->col, "cidr-host-bits",
		           "'%s' has bits set past its prefix length: write the range as %s", canonical, want);
		return -1;
	}
	if (c.prefix == 0) {
		diag_error(d, w->file, w->line, w->col, "cidr-too-wide",
		           "'%s' is every address: egress-allow opens the private ranges a host needs, one by one",
		           canonical);
		return -1;
	}
	const struct cidr_range *never = cidr_table_overlap(&c, cidr_never, cidr_never_count);
	if (never) {
		diag_error(d, w->file, w->line, w->col, "cidr-reserved",
		           "'%s' overlaps %s (%s), which the firewall never opens", canonical, never->text, never->what);
		return -1;
	}
	if (!cidr_table_overlap(&c, cidr_special, cidr_special_count))
		diag_warning(d, w->file, w->line, w->col, "cidr-public",
		             "'%s' is public: gitproxy and tinyproxy reach its port 443 without a rule; egress-allow "
		             "is for private and special-purpose ranges, so this one changes nothing", canonical);
	*out = c;
	return 0;
}
