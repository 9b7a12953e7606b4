/* emit_dnsmasq.c: dnsmasq.conf and dnsmasq.servers (dnsmasq 2.90).
 *
 * Default deny: "local=/#/" answers every name from local data only, and
 * there is none (no-hosts), so every name is NXDOMAIN unless a longer
 * server= match forwards it. dnsmasq picks the longest matching domain.
 *   https NAME    server=/NAME/UPSTREAM   NAME and every name under it ...
 *                 server=/ *.NAME/         ... but names under NAME are
 *                                          answered locally: NXDOMAIN
 *   https *.DOM   server=/ *.DOM/UPSTREAM  names under DOM, not DOM itself
 * (written here with a space after '/' only to keep this comment closed).
 * Verified against dnsmasq 2.90 by tests/dnsmasq-test.sh.
 * The subdomain line of an exact name is left out when a wildcard rule
 * allows names under it anyway. Known DoH/DoT resolvers get "local=/R/" in
 * the main file: longer than any wildcard that could cover them, so they
 * stay NXDOMAIN.
 * dnsmasq re-reads only the servers-file on SIGHUP, and that file may hold
 * nothing but server= lines (local= there is ignored), which is why the
 * rules live in it and the defaults in the main file. */
#include "emit.h"

#include "lint.h"

void emit_dnsmasq_conf(struct buf *b, const struct ruleset *rs, const struct emit_opts *o)
{
	emit_header(b, rs, "dnsmasq configuration");
	buf_printf(b,
	           "# Run as: dnsmasq --keep-in-foreground --conf-file=%s/dnsmasq.conf\n"
	           "# (as root: it binds port 53, then becomes user dnsmasq)\n"
	           "user=dnsmasq\n"
	           "listen-address=%s\n"
	           "bind-interfaces\n"
	           "port=53\n"
	           "pid-file=\n"
	           "no-resolv\n"
	           "no-hosts\n"
	           "no-poll\n"
	           "log-queries\n"
	           "log-facility=-\n"
	           "stop-dns-rebind\n"
	           "domain-needed\n"
	           "bogus-priv\n"
	           "no-negcache\n"
	           "# Default deny: every name not forwarded by a server= line below is NXDOMAIN.\n"
	           "local=/#/\n"
	           "# Public DNS-over-HTTPS/TLS resolvers: always NXDOMAIN.\n",
	           o->installed_dir, o->listen);
	for (size_t i = 0; i < lint_resolver_count; i++)
		buf_printf(b, "local=/%s/\n", lint_resolver_names[i]);
	buf_printf(b,
	           "# The allowlisted names (re-read on SIGHUP).\n"
	           "servers-file=%s/dnsmasq.servers\n",
	           o->installed_dir);
}

void emit_dnsmasq_servers(struct buf *b, const struct ruleset *rs, const struct emit_opts *o)
{
	emit_header(b, rs, "dnsmasq servers-file");
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->dropped || r->kind != RULE_HTTPS)
			continue;
		buf_printf(b, "# rule %s\n", r->id);
		buf_printf(b, "server=/%s/%s\n", r->host, o->dns_upstream);
		if (r->host[0] != '*' && !r->subdomains_allowed)
			buf_printf(b, "server=/*.%s/\n", r->host);
	}
}
