/* fuzz_allowlist.c: libFuzzer harness. The input is one fragment's bytes,
 * up to the first 0xff byte; the bytes after it, if any, are the --repos
 * list (cut at the first NUL), so parse_repos_option is fuzzed too.
 * Everything runs in memory: parse, cross-rule checks, every emitter, the
 * manifest. Nothing touches the file system; diagnostics are only counted.
 * Beyond memory errors it aborts if accepted input could break a generated
 * file or mislead gitproxy: a separator or quote byte in a stored field, a
 * stored ref pattern git_names.h would refuse, a push rule scoped to part
 * of "*", or a filter line that tinyproxy's 512-byte line buffer would cut. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libpsl.h>

#include "buf.h"
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
	struct buf out[6];
	for (int i = 0; i < 6; i++)
		buf_init(&out[i]);
	emit_dnsmasq_conf(&out[0], &rs, &opts);
	emit_dnsmasq_servers(&out[1], &rs, &opts);
	emit_tinyproxy_conf(&out[2], &rs, &opts);
	emit_tinyproxy_filter(&out[3], &rs);
	emit_gitproxy_json(&out[4], &rs);
	struct manifest_entry e[5] = {{"dnsmasq.conf", &out[0]},   {"dnsmasq.servers", &out[1]},
	                              {"tinyproxy.conf", &out[2]}, {"tinyproxy.filter", &out[3]},
	                              {"gitproxy.json", &out[4]}};
	manifest_build(&out[5], e, 5);

	/* What the parser accepted must never put a newline or a NUL into a
	 * generated line, nor a pattern over tinyproxy's 512-byte line. */
	if (d.errors == 0) {
		for (size_t i = 0; i < rs.n; i++) {
			const struct rule *r = &rs.rules[i];
			const char *fields[] = {r->host, r->owner, r->repo, r->id};
			for (size_t f = 0; f < 4; f++)
				if (fields[f] && strpbrk(fields[f], "\n\r\t #/\\\""))
					abort();
			size_t at;
			if (r->pattern && (strpbrk(r->pattern, "\n\r\t ") || ref_pattern_check(r->pattern, strlen(r->pattern), &at)))
				abort();
			if (r->kind == RULE_PUSH && (r->action == PUSH_READ_ONLY) != (r->pattern == NULL))
				abort();
			if (r->kind == RULE_PUSH && push_unscoped(r) && (strcmp(r->owner, "*") != 0 || strcmp(r->repo, "*") != 0))
				abort();
		}
		for (size_t off = 0, start = 0; off < out[3].len; off++) {
			if (out[3].data[off] == '\n') {
				if (off - start >= 500)
					abort();
				start = off + 1;
			}
		}
	}
	for (int i = 0; i < 6; i++)
		buf_free(&out[i]);
	ruleset_free(&rs);
	return 0;
}
