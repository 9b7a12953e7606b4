/* emit_nft.c: egress.nft, the sidecar's egress firewall (nftables 1.0 or later).
 *
 * One table, inet airlock, hooked on output: it judges what the sidecar's
 * own processes send, by the user that owns the socket.
 *   gitproxy, tinyproxy  the resolver (Docker's embedded DNS), and TCP to
 *                        port 443 of public addresses and of the ranges an
 *                        egress-allow rule opens
 *   dnsmasq              its upstream (--dns-upstream) on port 53
 *   root                 anything: the entrypoint, s6, airlock-ctl
 *   any other user       nothing
 * Whatever the user, nothing leaves from the isolated address (--listen)
 * but to the sandbox (--client): a socket a daemon bound there as root
 * before it dropped to its user carries root's uid.
 * Never opened: cidr_never, and (filled at load, see below) the sidecar's
 * own addresses, its networks' gateways and the isolated network. Refused
 * unless an egress-allow rule opens them: cidr_special and the networks
 * the sidecar is on. Refusals reject (administratively prohibited), so a
 * daemon fails at once instead of after a connect timeout, and each is
 * counted in a named counter; airlock-ctl status lists them.
 *
 * The file replaces the table in one transaction ("table" then "delete
 * table" then the table: nft -f applies the whole file or nothing), and
 * the loader (airlock-firewall) appends, in the same transaction, the
 * elements of the sets only the running sidecar knows: never4/6 (its
 * addresses, gateways, isolated network), sidecar4/6 (its networks) and
 * resolvers4/6 (/etc/resolv.conf). Docker's embedded DNS is 127.0.0.11:53
 * NATed to another port inside the namespace, so the resolver and the
 * upstream are matched on the connection's original destination.
 *
 * Counter names: nft identifiers. An egress-allow rule's is allow_ID for
 * an explicit id (ids are nft-safe), allow/N (its place among the
 * egress-allow rules) for an automatic one, which may hold ':' and be too
 * long; its comment (at most 128 bytes in nft) names the range. */
#include "emit.h"

#include <string.h>

#include "cidr.h"

/* The daemons' users, as the sidecar image names them. */
static const char *const proxies[] = {"gitproxy", "tinyproxy"};

static const char reject[] = "reject with icmpx admin-prohibited";

static bool is_v6(const char *text)
{
	return strchr(text, ':') != NULL;
}

/* A set of one family holding the table's ranges of that family. */
static void put_set(struct buf *b, const char *name, bool v6, const struct cidr_range *table, size_t n)
{
	buf_printf(b, "\tset %s {\n\t\ttype %s; flags interval; auto-merge;\n\t\telements = {\n", name,
	           v6 ? "ipv6_addr" : "ipv4_addr");
	for (size_t i = 0; i < n; i++)
		if (is_v6(table[i].text) == v6)
			buf_printf(b, "\t\t\t%s,\t# %s\n", table[i].text, table[i].what);
	buf_puts(b, "\t\t}\n\t}\n");
}

static void put_counter(struct buf *b, const char *name, const char *comment)
{
	buf_printf(b, "\tcounter %s { comment \"%s\"; }\n", name, comment);
}

/* The counter name of the egress-allow rule r, the nth (from 1). */
/* The next egress-allow rule from *i on, with its counter's name in out
 * (after its id when it has one, else its place among them, counted in
 * *nth); NULL after the last. Both the counters and the chain walk them so. */
static const struct rule *next_allow(const struct ruleset *rs, size_t *i, size_t *nth, char *out, size_t cap)
{
	for (; *i < rs->n; (*i)++) {
		const struct rule *r = &rs->rules[*i];
		if (r->dropped || r->kind != RULE_EGRESS)
			continue;
		(*i)++;
		(*nth)++;
		if (r->id_explicit)
			snprintf(out, cap, "allow_%s", r->id);
		else
			snprintf(out, cap, "allow/%zu", *nth);
		return r;
	}
	return NULL;
}

static void put_counters(struct buf *b, const struct ruleset *rs, const struct emit_opts *o)
{
	for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++) {
		char name[64], comment[128];
		snprintf(name, sizeof name, "%s_https", proxies[i]);
		snprintf(comment, sizeof comment, "%s: TCP to port 443 of a public address", proxies[i]);
		put_counter(b, name, comment);
		snprintf(name, sizeof name, "%s_internal", proxies[i]);
		snprintf(comment, sizeof comment, "%s: refused, an internal or special-purpose address", proxies[i]);
		put_counter(b, name, comment);
		snprintf(name, sizeof name, "%s_other", proxies[i]);
		snprintf(comment, sizeof comment, "%s: refused, neither TCP port 443 nor the resolver", proxies[i]);
		put_counter(b, name, comment);
	}
	char comment[128];
	snprintf(comment, sizeof comment, "dnsmasq: queries to its upstream %s", o->dns_upstream);
	put_counter(b, "dnsmasq_upstream", comment);
	put_counter(b, "dnsmasq_other", "dnsmasq: refused, anything but its upstream");
	if (o->client)
		put_counter(b, "isolated_other", "refused: from the isolated address to anything but the sandbox");
	put_counter(b, "other_users", "refused: a user other than root and the daemons'");
	size_t i = 0, nth = 0;
	char name[96];
	for (const struct rule *r; (r = next_allow(rs, &i, &nth, name, sizeof name));) {
		buf_printf(b, "\t# rule %s\n", r->id);
		snprintf(comment, sizeof comment, "egress-allow %s", r->host);
		put_counter(b, name, comment);
	}
}

static void put_proxy_chain(struct buf *b, const char *user)
{
	buf_printf(b,
	           "\tchain %s {\n"
	           "\t\tmeta l4proto { tcp, udp } ct original ip daddr @resolvers4 ct original proto-dst 53 accept\n"
	           "\t\tmeta l4proto { tcp, udp } ct original ip6 daddr @resolvers6 ct original proto-dst 53 accept\n"
	           "\t\tip daddr @never4 counter name %s_internal %s\n"
	           "\t\tip6 daddr @never6 counter name %s_internal %s\n"
	           "\t\tjump egress_allow\n"
	           "\t\tip daddr @special4 counter name %s_internal %s\n"
	           "\t\tip6 daddr @special6 counter name %s_internal %s\n"
	           "\t\tip daddr @sidecar4 counter name %s_internal %s\n"
	           "\t\tip6 daddr @sidecar6 counter name %s_internal %s\n"
	           "\t\ttcp dport 443 counter name %s_https accept\n"
	           "\t\tcounter name %s_other %s\n"
	           "\t}\n",
	           user, user, reject, user, reject, user, reject, user, reject, user, reject, user, reject, user, user,
	           reject);
}

static void put_egress_allow_chain(struct buf *b, const struct ruleset *rs)
{
	buf_puts(b, "\t# The egress-allow rules, in input order: TCP to port 443 of each range.\n"
	            "\tchain egress_allow {\n");
	size_t i = 0, nth = 0;
	char name[96];
	for (const struct rule *r; (r = next_allow(rs, &i, &nth, name, sizeof name));) {
		buf_printf(b, "\t\t# rule %s\n\t\t%s daddr %s tcp dport 443 counter name %s accept\n", r->id,
		           r->range.family == 4 ? "ip" : "ip6", r->host, name);
	}
	buf_puts(b, "\t}\n");
}

void emit_egress_nft(struct buf *b, const struct ruleset *rs, const struct emit_opts *o)
{
	emit_header(b, rs, "nftables ruleset of the sidecar's egress firewall");
	buf_puts(b, "# Loaded as root by airlock-firewall (nft -f), which appends the elements\n"
	            "# of the sets marked \"at load\" in the same transaction. The first two\n"
	            "# lines make the load replace the table whole, or leave it as it was.\n"
	            "table inet airlock {}\n"
	            "delete table inet airlock\n"
	            "table inet airlock {\n");
	put_counters(b, rs, o);
	buf_puts(b, "\n\t# Never opened, whatever the allowlist; at load also the sidecar's own\n"
	            "\t# addresses, its networks' gateways and the isolated network.\n");
	put_set(b, "never4", false, cidr_never, cidr_never_count);
	put_set(b, "never6", true, cidr_never, cidr_never_count);
	buf_puts(b, "\t# Not globally reachable: refused unless an egress-allow rule opens them.\n");
	put_set(b, "special4", false, cidr_special, cidr_special_count);
	put_set(b, "special6", true, cidr_special, cidr_special_count);
	buf_puts(b, "\t# At load: the networks the sidecar is on, refused unless egress-allow opens them.\n"
	            "\tset sidecar4 { type ipv4_addr; flags interval; auto-merge; }\n"
	            "\tset sidecar6 { type ipv6_addr; flags interval; auto-merge; }\n"
	            "\t# At load: the resolvers of /etc/resolv.conf, which gitproxy and tinyproxy use.\n"
	            "\tset resolvers4 { type ipv4_addr; }\n"
	            "\tset resolvers6 { type ipv6_addr; }\n\n");
	buf_puts(b, "\tchain output {\n"
	            "\t\ttype filter hook output priority filter; policy accept;\n"
	            "\t\t# Replies, and the rest of connections a rule below let through.\n"
	            "\t\tct state established,related accept\n");
	if (o->client && strcmp(o->client, o->listen) != 0)
		buf_printf(b, "\t\tip saddr %s ip daddr != { %s, %s } counter name isolated_other %s\n", o->listen,
		           o->listen, o->client, reject);
	else if (o->client)
		buf_printf(b, "\t\tip saddr %s ip daddr != %s counter name isolated_other %s\n", o->listen, o->client,
		           reject);
	for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
		buf_printf(b, "\t\tmeta skuid %s jump %s\n", proxies[i], proxies[i]);
	buf_printf(b,
	           "\t\tmeta skuid dnsmasq jump dnsmasq\n"
	           "\t\tmeta skuid != 0 counter name other_users %s\n"
	           "\t}\n",
	           reject);
	for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
		put_proxy_chain(b, proxies[i]);
	buf_printf(b,
	           "\tchain dnsmasq {\n"
	           "\t\tmeta l4proto { tcp, udp } ct original ip daddr %s ct original proto-dst 53 "
	           "counter name dnsmasq_upstream accept\n"
	           "\t\tcounter name dnsmasq_other %s\n"
	           "\t}\n",
	           o->dns_upstream, reject);
	put_egress_allow_chain(b, rs);
	buf_puts(b, "}\n");
}
