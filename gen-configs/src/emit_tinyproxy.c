/* emit_tinyproxy.c: tinyproxy.conf and tinyproxy.filter (tinyproxy 1.11).
 *
 * FilterURLs On makes tinyproxy match each pattern against the request URL,
 * which for CONNECT is "host:port" and for any other method starts with
 * "http://". So a pattern anchored as ^host:443$ lets through CONNECT to
 * port 443 of that host and nothing else: plain-HTTP requests to an
 * allowlisted host never match (FilterURLs Off would match them by host
 * alone, on any port). ConnectPort 443 refuses other CONNECT ports first.
 *   https NAME   ^name\.escaped:443$
 *   https *.DOM  ^([a-z0-9-]+\.)+dom\.escaped:443$   (not DOM itself)
 * Case does not matter (FilterCaseSensitive Off); names are LDH, so '.' is
 * the only byte that needs escaping. tinyproxy reads filter lines into a
 * 512-byte buffer; the longest pattern a 253-byte name can make is ~420. */
#include "emit.h"

void emit_tinyproxy_conf(struct buf *b, const struct ruleset *rs, const struct emit_opts *o)
{
	emit_header(b, rs, "tinyproxy configuration");
	buf_printf(b,
	           "# Run as: tinyproxy -d -c %s/tinyproxy.conf\n"
	           "# (as root: it binds port 3128, then becomes User/Group tinyproxy)\n"
	           "User tinyproxy\n"
	           "Group tinyproxy\n"
	           "Port 3128\n"
	           "Listen %s\n"
	           "Timeout 600\n"
	           "MaxClients 100\n",
	           o->installed_dir, o->listen);
	if (o->client)
		buf_printf(b, "# Only the sandbox may use the proxy.\nAllow %s\n", o->client);
	else
		buf_puts(b, "# No --client given: no Allow line, so every client that reaches Listen may use it.\n");
	buf_printf(b,
	           "ConnectPort 443\n"
	           "DisableViaHeader Yes\n"
	           "LogLevel Info\n"
	           "# No LogFile: with -d tinyproxy logs to stdout.\n"
	           "Filter \"%s/tinyproxy.filter\"\n"
	           "FilterType ere\n"
	           "FilterURLs On\n"
	           "FilterCaseSensitive Off\n"
	           "FilterDefaultDeny Yes\n",
	           o->installed_dir);
}

static void put_escaped(struct buf *b, const char *name)
{
	for (const char *c = name; *c; c++) {
		if (*c == '.')
			buf_put(b, "\\.", 2);
		else
			buf_put(b, c, 1);
	}
}

void emit_tinyproxy_filter(struct buf *b, const struct ruleset *rs)
{
	emit_header(b, rs, "tinyproxy filter (allowed CONNECT targets, default deny)");
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->dropped || r->kind != RULE_HTTPS)
			continue;
		buf_printf(b, "# rule %s\n", r->id);
		if (r->host[0] == '*') {
			buf_puts(b, "^([a-z0-9-]+\\.)+");
			put_escaped(b, r->host + 2);
		} else {
			buf_puts(b, "^");
			put_escaped(b, r->host);
		}
		buf_puts(b, ":443$\n");
	}
}
