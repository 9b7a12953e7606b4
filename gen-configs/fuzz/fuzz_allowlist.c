/* fuzz_allowlist.c: libFuzzer harness. The input is one fragment's bytes,
 * up to the first 0xff byte; the bytes after it, if any, are the --repos
 * list (cut at the first NUL), so parse_repos_option is fuzzed too.
 * Everything runs in memory: parse, cross-rule checks, every emitter, the
 * manifest. Nothing touches the file system; diagnostics are only counted.
 * Beyond memory errors it aborts if accepted input could break a generated
 * file or mislead gitproxy: a separator or quote byte in a stored field, a
 * stored ref pattern git_names.h would refuse, a push rule scoped to part
 * of "*", a filter line that tinyproxy's 512-byte line buffer would cut,
 * or an egress-allow range the firewall must never open, or one not in
 * its one spelling (nft would read it, but duplicates would slip by). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libpsl.h>

#include "buf.h"
#include "cidr.h"
#include "diag.h"
#include "emit.h"
#include "git_names.h"
#include "manifest.h"
#include "parse.h"
#include "rules.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const psl_ctx_t *psl(void)
{
	static psl_ctx_t *ctx;
	if (!ctx)
		ctx = psl_load_file("/usr/share/publicsuffix/public_suffix_list.dafsa");
	if (!ctx)
		abort();
	return ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *split = memchr(text, 0xff, size);
	size_t frag_len = split ? (size_t)(split - text) : size;

	struct diag d;
	diag_init(&d, NULL);
	struct ruleset rs;
	ruleset_init(&rs);
	size_t src = ruleset_add_source(&rs, "fuzz/10-fuzz.conf", "10-fuzz.conf");
	parse_fragment(&rs, &d, psl(), src, text, frag_len);
	if (split) {
		size_t rest = size - frag_len - 1;
		char *repos = xstrndup(split + 1, rest);
		size_t rsrc = ruleset_add_source(&rs, "--repos", "--repos");
		parse_repos_option(&rs, &d, psl(), rsrc, repos);
		free(repos);
	}
	rules_check(&rs, &d);

	static const struct emit_opts opts = {"10.0.0.2", "10.0.0.53", "10.0.0.3", "/run/airlock/config"};
	struct buf out[7];
	for (int i = 0; i < 7; i++)
		buf_init(&out[i]);
	emit_dnsmasq_conf(&out[0], &rs, &opts);
	emit_dnsmasq_servers(&out[1], &rs, &opts);
	emit_tinyproxy_conf(&out[2], &rs, &opts);
	emit_tinyproxy_filter(&out[3], &rs);
	emit_gitproxy_json(&out[4], &rs);
	emit_egress_nft(&out[5], &rs, &opts);
	struct manifest_entry e[6] = {{"dnsmasq.conf", &out[0]},   {"dnsmasq.servers", &out[1]},
	                              {"tinyproxy.conf", &out[2]}, {"tinyproxy.filter", &out[3]},
	                              {"gitproxy.json", &out[4]},  {"egress.nft", &out[5]}};
	manifest_build(&out[6], e, 6);

	/* What the parser accepted must never put a newline or a NUL into a
	 * generated line, nor a pattern over tinyproxy's 512-byte line. */
	if (d.errors == 0) {
		for (size_t i = 0; i < rs.n; i++) {
			const struct rule *r = &rs.rules[i];
			/* An egress-allow range is written with '/' (and ':' for IPv6). */
			const char *fields[] = {r->kind == RULE_EGRESS ? NULL : r->host, r->owner, r->repo, r->id};
			for (size_t f = 0; f < 4; f++)
				if (fields[f] && strpbrk(fields[f], "\n\r\t #/\\\""))
					abort();
			if (r->kind == RULE_EGRESS && r->host[strspn(r->host, "0123456789abcdef.:/")] != '\0')
				abort();
			size_t at;
			if (r->pattern && (strpbrk(r->pattern, "\n\r\t ") || ref_pattern_check(r->pattern, strlen(r->pattern), &at)))
				abort();
			if (r->kind == RULE_PUSH && (r->action == PUSH_READ_ONLY) != (r->pattern == NULL))
				abort();
			if (r->kind == RULE_PUSH && push_unscoped(r) && (strcmp(r->owner, "*") != 0 || strcmp(r->repo, "*") != 0))
				abort();
			if (r->kind == RULE_EGRESS) {
				struct cidr again;
				if (cidr_parse(r->host, strlen(r->host), &again, &at) != CIDR_OK ||
				    cidr_compare(&again, &r->range) != 0 || cidr_has_host_bits(&r->range) || r->range.prefix == 0 ||
				    cidr_table_overlap(&r->range, cidr_never, cidr_never_count))
					abort();
			}
		}
		for (size_t off = 0, start = 0; off < out[3].len; off++) {
			if (out[3].data[off] == '\n') {
				if (off - start >= 500)
					abort();
				start = off + 1;
			}
		}
	}
	for (int i = 0; i < 7; i++)
		buf_free(&out[i]);
	ruleset_free(&rs);
	return 0;
}
