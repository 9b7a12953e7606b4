/* test_emit.c: how rules map to lines of each generated file (the golden
 * tests hold whole files; these pin the mapping rules one by one). */
#include <yajl/yajl_tree.h>

#include "emit.h"
#include "limit_directive.h"
#include "lint_helper.h"
#include "manifest.h"
#include "tap.h"

static struct buf out;

static const char *text(void)
{
	buf_put(&out, "", 1);
	out.len--;
	return out.data;
}

static const struct emit_opts opts = {"10.1.2.2", "10.9.9.9", "10.1.2.3", "/cfg"};

int main(void)
{
	struct outcome o;
	const char *frag = "git-host github.com id=gh\nhttps api.test id=api\nhttps *.wild.test\nhttps wild.test\n"
	                   "https x.wild.test\nhttps api.test id=api\nrepo github.com/O/*\n"
	                   "limit request-rate 30/min id=slow\nlimit push-size 1GiB\n"
	                   "push allow refs/heads/agent/* id=agent\npush read-only repo=O/mirror\n"
	                   "push allow refs/heads/agent/* id=agent\n";
	run_fragment(frag, strlen(frag), "a/b", &o);
	ok(o.errors == 0, "the fixture is accepted");

	buf_init(&out);
	emit_dnsmasq_servers(&out, &o.rs, &opts);
	const char *s = text();
	ok(strstr(s, "\nserver=/api.test/10.9.9.9\nserver=/*.api.test/\n") != NULL,
	   "exact name: forwarded, names under it NXDOMAIN");
	ok(strstr(s, "\nserver=/*.wild.test/10.9.9.9\n") != NULL, "wildcard: forwarded for names under it");
	ok(strstr(s, "\nserver=/wild.test/10.9.9.9\n# rule") != NULL && !strstr(s, "server=/*.wild.test/\n"),
	   "exact name with its own wildcard: no NXDOMAIN line to fight the wildcard");
	ok(strstr(s, "server=/*.x.wild.test/\n") == NULL, "exact name under a wildcard: no NXDOMAIN line");
	ok(strstr(s, "api.test/10.9.9.9\nserver=/*.api.test/\n# rule t.conf:3") != NULL,
	   "a dropped duplicate is not emitted twice");
	buf_free(&out);

	emit_dnsmasq_conf(&out, &o.rs, &opts);
	s = text();
	ok(strstr(s, "\nlisten-address=10.1.2.2\n") && strstr(s, "\nservers-file=/cfg/dnsmasq.servers\n") &&
	       strstr(s, "\nlocal=/#/\n") && strstr(s, "\nlocal=/dns.google/\n") && strstr(s, "\nuser=dnsmasq\n"),
	   "dnsmasq.conf: listen address, servers-file, default deny, resolvers, user");
	ok(!strstr(s, "dhcp"), "dnsmasq.conf: no DHCP");
	buf_free(&out);

	emit_tinyproxy_filter(&out, &o.rs);
	s = text();
	ok(strstr(s, "\n^api\\.test:443$\n") != NULL, "filter: exact name anchored with :443");
	ok(strstr(s, "\n^([a-z0-9-]+\\.)+wild\\.test:443$\n") != NULL, "filter: wildcard needs at least one label");
	buf_free(&out);

	emit_tinyproxy_conf(&out, &o.rs, &opts);
	s = text();
	ok(strstr(s, "\nAllow 10.1.2.3\n") && strstr(s, "\nListen 10.1.2.2\n") &&
	       strstr(s, "\nFilter \"/cfg/tinyproxy.filter\"\n") && strstr(s, "\nConnectPort 443\n") &&
	       strstr(s, "\nFilterDefaultDeny Yes\n") && strstr(s, "\nFilterURLs On\n"),
	   "tinyproxy.conf: Allow, Listen, Filter path, ConnectPort, default deny");
	buf_free(&out);
	struct emit_opts no_client = opts;
	no_client.client = NULL;
	emit_tinyproxy_conf(&out, &o.rs, &no_client);
	ok(!strstr(text(), "\nAllow "), "tinyproxy.conf: no --client, no Allow line");
	buf_free(&out);

	emit_gitproxy_json(&out, &o.rs);
	char err[128];
	yajl_val root = yajl_tree_parse(text(), err, sizeof err);
	const char *hosts_path[] = {"git_hosts", NULL}, *repos_path[] = {"repos", NULL};
	yajl_val hosts = root ? yajl_tree_get(root, hosts_path, yajl_t_array) : NULL;
	yajl_val repos = root ? yajl_tree_get(root, repos_path, yajl_t_array) : NULL;
	const char *version_path[] = {"version", NULL};
	yajl_val version = root ? yajl_tree_get(root, version_path, yajl_t_number) : NULL;
	ok(root && YAJL_IS_OBJECT(root) && root->u.object.len == 5 && strcmp(root->u.object.keys[0], "version") == 0 &&
	       strcmp(root->u.object.keys[1], "git_hosts") == 0 && strcmp(root->u.object.keys[2], "repos") == 0 &&
	       strcmp(root->u.object.keys[3], "push") == 0 && strcmp(root->u.object.keys[4], "limits") == 0 && version &&
	       YAJL_GET_INTEGER(version) == 4,
	   "gitproxy.json: version 4, git_hosts, repos, push, limits in that order");
	ok(strstr(text(), "\n  \"push\": [\n    {\n      \"action\": \"allow\",\n      \"pattern\": \"refs/heads/agent/*\",\n"
	                  "      \"host\": \"*\",\n      \"owner\": \"*\",\n      \"name\": \"*\",\n"
	                  "      \"rule\": \"agent\",\n      \"source\": \"t.conf:10\"\n    },\n") != NULL,
	   "gitproxy.json: a push rule without repo=: members in order, '*' for host, owner and name");
	ok(strstr(text(), "    {\n      \"action\": \"read-only\",\n      \"host\": \"github.com\",\n"
	                  "      \"owner\": \"O\",\n      \"name\": \"mirror\",\n      \"rule\": \"t.conf:11\",\n"
	                  "      \"source\": \"t.conf:11\"\n    }\n  ],\n") != NULL,
	   "gitproxy.json: read-only has no pattern; repo= as written; the dropped copy is left out");
	const char *limits_path[] = {"limits", NULL};
	yajl_val limits = root ? yajl_tree_get(root, limits_path, yajl_t_object) : NULL;
	ok(limits && limits->u.object.len == limit_def_count, "gitproxy.json: every limit is present");
	ok(strstr(text(), "\"request-rate\": {\n      \"value\": 30,\n      \"per\": 60,\n      \"rule\": \"slow\"\n") != NULL,
	   "gitproxy.json: a rate set by a rule: value per period, the rule's id");
	ok(strstr(text(), "\"push-size\": {\n      \"value\": 1073741824,\n      \"rule\": \"t.conf:9\"\n") != NULL,
	   "gitproxy.json: a size in bytes, no period, automatic id");
	ok(strstr(text(), "\"transfers\": {\n      \"value\": 64,\n      \"rule\": \"default-transfers\"\n") != NULL,
	   "gitproxy.json: a limit no rule sets: its default, rule default-NAME");
	ok(hosts && hosts->u.array.len == 1 && repos && repos->u.array.len == 2, "gitproxy.json: 1 host, 2 repos");
	ok(strstr(text(), "\"owner\": \"O\",\n      \"name\": \"*\",\n      \"rule\": \"t.conf:7\"") != NULL,
	   "gitproxy.json: owner as written, '*' name, automatic id");
	ok(out.data[out.len - 1] == '\n', "gitproxy.json ends with a newline");
	yajl_tree_free(root);
	struct buf again;
	buf_init(&again);
	emit_gitproxy_json(&again, &o.rs);
	ok(again.len == out.len && memcmp(again.data, out.data, out.len) == 0, "the same rules give the same bytes");
	buf_free(&again);
	buf_free(&out);

	struct buf a, b;
	buf_init(&a);
	buf_init(&b);
	buf_puts(&a, "abc");
	struct manifest_entry e[] = {{"z", &b}, {"a", &a}};
	manifest_build(&out, e, 2);
	ok(strcmp(text(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a\n"
	                  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  z\n") == 0,
	   "manifest: sha256sum format, names sorted");
	buf_free(&a);
	buf_free(&out);

	outcome_free(&o);

	const char *egress = "egress-allow 10.20.0.0/16 id=corp\negress-allow fd00:1::/48\n"
	                     "egress-allow 10.20.0.0/16 id=corp\negress-allow 192.168.1.7/32\n";
	run_fragment(egress, strlen(egress), NULL, &o);
	ok(o.errors == 0, "the egress fixture is accepted");
	emit_egress_nft(&out, &o.rs, &opts);
	s = text();
	ok(strncmp(s, "# nftables ruleset of the sidecar's egress firewall, generated by gen-configs", 77) == 0 &&
	       strstr(s, "\ntable inet airlock {}\ndelete table inet airlock\ntable inet airlock {\n") != NULL,
	   "egress.nft: the header, then the table replaced in one transaction");
	ok(strstr(s, "\t\t# rule corp\n\t\tip daddr 10.20.0.0/16 tcp dport 443 counter name allow_corp accept\n") != NULL &&
	       strstr(s, "\tcounter allow_corp { comment \"egress-allow 10.20.0.0/16\"; }\n") != NULL,
	   "egress.nft: an explicit id names the rule's counter; the comment names the range");
	ok(strstr(s, "\t\t# rule t.conf:2\n\t\tip6 daddr fd00:1::/48 tcp dport 443 counter name allow/2 accept\n") &&
	       strstr(s, "\t\t# rule t.conf:4\n\t\tip daddr 192.168.1.7/32 tcp dport 443 counter name allow/3 accept\n"),
	   "egress.nft: an automatic id: counter allow/N, N its place; IPv6 as ip6; the dropped copy not counted");
	const char *first = strstr(s, "10.20.0.0/16 tcp");
	ok(first && !strstr(first + 1, "10.20.0.0/16 tcp"), "egress.nft: a dropped duplicate is not emitted twice");
	ok(strstr(s, "\t\tip saddr 10.1.2.2 ip daddr != { 10.1.2.2, 10.1.2.3 } counter name isolated_other reject") != NULL,
	   "egress.nft: from the isolated address only to the sandbox (and itself)");
	ok(strstr(s, "ct original ip daddr 10.9.9.9 ct original proto-dst 53 counter name dnsmasq_upstream accept\n") != NULL,
	   "egress.nft: dnsmasq reaches --dns-upstream on port 53, matched before Docker's NAT");
	ok(strstr(s, "\t\tmeta skuid gitproxy jump gitproxy\n\t\tmeta skuid tinyproxy jump tinyproxy\n"
	             "\t\tmeta skuid dnsmasq jump dnsmasq\n\t\tmeta skuid != 0 counter name other_users reject") != NULL,
	   "egress.nft: each daemon's user to its chain, every other user but root refused");
	const char *never = strstr(s, "\tset never4 {"), *jump = strstr(s, "\t\tjump egress_allow\n");
	const char *special = strstr(s, "\t\tip daddr @special4 counter name tinyproxy_internal");
	const char *never_rule = strstr(s, "\t\tip daddr @never4 counter name tinyproxy_internal");
	ok(never && strstr(never, "169.254.0.0/16,") && strstr(never, "127.0.0.0/8,") && strstr(s, "\t\t\tfe80::/10,") &&
	       strstr(s, "\t\t\t198.18.0.0/15,") && strstr(s, "\t\t\t8000::/1,"),
	   "egress.nft: the never and special sets hold the tables' ranges");
	ok(never_rule && jump && special && never_rule < strstr(never_rule, "\t\tjump egress_allow\n") &&
	       strstr(never_rule, "\t\tjump egress_allow\n") < special,
	   "egress.nft: never-opened ranges before the egress-allow rules, special-purpose ones after");
	ok(strstr(s, "\t\ttcp dport 443 counter name tinyproxy_https accept\n\t\tcounter name tinyproxy_other reject") != NULL,
	   "egress.nft: then port 443 of the rest, and nothing else");
	bool short_comments = true;
	for (const char *c = strstr(s, "comment \""); c; c = strstr(c + 1, "comment \""))
		short_comments &= strchr(c + 9, '"') - (c + 9) <= 128;
	ok(short_comments, "egress.nft: every comment nft keeps fits its 128 bytes");
	buf_free(&out);
	struct emit_opts alone = opts;
	alone.client = NULL;
	emit_egress_nft(&out, &o.rs, &alone);
	ok(strstr(text(), "isolated_other") == NULL, "egress.nft: no --client, no rule for the isolated address");
	buf_free(&out);
	outcome_free(&o);

	struct ruleset empty;
	ruleset_init(&empty);
	emit_tinyproxy_filter(&out, &empty);
	ok(strstr(text(), "Inputs: none") != NULL, "an allowlist of no fragments says so in the header");
	buf_free(&out);
	return tap_done();
}
