/* main.c: the gen-configs command line.
 *
 *   gen-configs --check [--repos LIST] [--tokens DIR] [--psl FILE] DIR
 *   gen-configs [--repos LIST] [--listen IPV4] [--dns-upstream IPV4]
 *               [--client IPV4] [--installed-dir DIR] [--tokens DIR]
 *               [--psl FILE] DIR OUTDIR
 *
 * --tokens DIR: every git-host's token= must be a file in DIR
 * (tokens_present.h).
 *
 * Exit codes: 0 ok; 1 input rejected (every error reported, nothing
 * written); 100 wrong usage; 111 system call or I/O failure (including an
 * unreadable Public Suffix List: without it no name can be checked). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpsl.h>

#include "atomic_file.h"
#include "buf.h"
#include "diag.h"
#include "emit.h"
#include "fragdir.h"
#include "ipv4.h"
#include "limits.h"
#include "manifest.h"
#include "parse.h"
#include "rules.h"
#include "tokens_present.h"

#define DEFAULT_PSL "/usr/share/publicsuffix/public_suffix_list.dafsa"

struct options {
	bool check;
	const char *repos;
	const char *tokens;
	const char *psl;
	const char *dir;
	const char *outdir;
	struct emit_opts emit;
};

static _Noreturn void usage(const char *why)
{
	fprintf(stderr,
	        "gen-configs: fatal: %s\n"
	        "usage: gen-configs --check [--repos LIST] [--tokens DIR] [--psl FILE] DIR\n"
	        "       gen-configs [--repos LIST] [--listen IPV4] [--dns-upstream IPV4] [--client IPV4]\n"
	        "                   [--installed-dir DIR] [--tokens DIR] [--psl FILE] DIR OUTDIR\n",
	        why);
	exit(100);
}

static _Noreturn void usage_option(const char *option, const char *why)
{
	char msg[256];
	snprintf(msg, sizeof msg, "%s: %s", option, why);
	usage(msg);
}

static bool installed_dir_ok(const char *p)
{
	size_t n = strlen(p);
	if (n < 2 || n > LIMIT_PATH_BYTES || p[0] != '/' || p[n - 1] == '/')
		return false;
	for (const char *c = p; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '/' || *c == '.' || *c == '_' || *c == '-'))
			return false;
		if (*c == '/' && (c[1] == '/' || (c[1] == '.' && (c[2] == '/' || c[2] == '\0' ||
		                                                  (c[2] == '.' && (c[3] == '/' || c[3] == '\0'))))))
			return false;
	}
	return true;
}

/* Takes the value of --name VALUE or --name=VALUE at argv[*i]; NULL if
 * argv[*i] is not this option. */
static const char *option_value(int argc, char **argv, int *i, const char *name, const char **slot)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);
	/* argv[*i] with *i < argc is never NULL; the analyzer cannot know. */
	if (strncmp(arg, name, n) != 0 || (arg[n] != '\0' && arg[n] != '=')) /* NOLINT(clang-analyzer-core.NonNullParamChecker) */
		return NULL;
	const char *value;
	if (arg[n] == '=') {
		value = arg + n + 1;
	} else {
		if (*i + 1 >= argc)
			usage_option(name, "needs a value");
		value = argv[++*i];
	}
	if (*slot)
		usage_option(name, "given twice");
	*slot = value;
	return value;
}

static void parse_args(int argc, char **argv, struct options *o)
{
	static const char *const names[] = {"--repos", "--listen", "--dns-upstream", "--client",
	                                    "--installed-dir", "--tokens", "--psl"};
	const char **slots[] = {&o->repos, &o->emit.listen, &o->emit.dns_upstream, &o->emit.client,
	                        &o->emit.installed_dir, &o->tokens, &o->psl};
	const char *positional[2];
	int npos = 0;
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (npos == 2)
				usage("too many arguments");
			positional[npos++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_done = true;
			continue;
		}
		if (strcmp(arg, "--check") == 0) {
			if (o->check)
				usage_option("--check", "given twice");
			o->check = true;
			continue;
		}
		bool known = false;
		for (size_t k = 0; k < sizeof names / sizeof names[0] && !known; k++)
			known = option_value(argc, argv, &i, names[k], slots[k]) != NULL;
		if (!known)
			usage("unknown option");
	}
	if (npos != (o->check ? 1 : 2))
		usage(o->check ? "--check takes one directory" : "expected DIR and OUTDIR");
	o->dir = positional[0];
	o->outdir = o->check ? NULL : positional[1];
	if (!o->emit.listen)
		o->emit.listen = "127.0.0.1";
	if (!o->emit.dns_upstream)
		o->emit.dns_upstream = "127.0.0.11";
	if (!o->emit.installed_dir)
		o->emit.installed_dir = "/run/airlock/config";
	if (!o->psl)
		o->psl = DEFAULT_PSL;
	const char *const addrs[] = {o->emit.listen, o->emit.dns_upstream, o->emit.client};
	const char *const addr_names[] = {"--listen", "--dns-upstream", "--client"};
	for (size_t k = 0; k < 3; k++) {
		if (!addrs[k])
			continue;
		if (!ipv4_dotted_quad(addrs[k]))
			usage_option(addr_names[k], "expected an IPv4 address like 10.0.0.2");
		if (ipv4_is_unspecified_or_broadcast(addrs[k]))
			usage_option(addr_names[k], "expected one host's address, not 0.0.0.0 or 255.255.255.255");
	}
	if (!installed_dir_ok(o->emit.installed_dir))
		usage_option("--installed-dir",
		             "expected an absolute path of letters, digits, '.', '_', '-', '/', without a trailing '/'");
}

static int write_outputs(const char *outdir, const struct ruleset *rs, const struct emit_opts *eo)
{
	enum { N = 6 };
	struct buf bufs[N + 1];
	for (int i = 0; i <= N; i++)
		buf_init(&bufs[i]);
	emit_dnsmasq_conf(&bufs[0], rs, eo);
	emit_dnsmasq_servers(&bufs[1], rs, eo);
	emit_tinyproxy_conf(&bufs[2], rs, eo);
	emit_tinyproxy_filter(&bufs[3], rs);
	emit_gitproxy_json(&bufs[4], rs);
	emit_egress_nft(&bufs[5], rs, eo);
	struct manifest_entry entries[N] = {
		{"dnsmasq.conf", &bufs[0]},     {"dnsmasq.servers", &bufs[1]}, {"tinyproxy.conf", &bufs[2]},
		{"tinyproxy.filter", &bufs[3]}, {"gitproxy.json", &bufs[4]},   {"egress.nft", &bufs[5]},
	};
	manifest_build(&bufs[N], entries, N);

	int rc = 0;
	int dfd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		fprintf(stderr, "gen-configs: fatal: unable to open directory %s: %s\n", outdir, strerror(errno));
		rc = -1;
	}
	for (int i = 0; i <= N && rc == 0; i++) {
		const char *name = i < N ? entries[i].name : "MANIFEST.sha256";
		const char *step;
		if (atomic_write(dfd, name, bufs[i].data, bufs[i].len, 0644, &step) < 0) {
			fprintf(stderr, "gen-configs: fatal: unable to %s %s/%s: %s\n", step, outdir, name, strerror(errno));
			rc = -1;
		}
	}
	if (dfd >= 0)
		close(dfd);
	for (int i = 0; i <= N; i++)
		buf_free(&bufs[i]);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	parse_args(argc, argv, &o);

	psl_ctx_t *psl = psl_load_file(o.psl);
	if (!psl) {
		fprintf(stderr, "gen-configs: fatal: unable to load the Public Suffix List %s: "
		                "missing or unreadable (install the publicsuffix package)\n", o.psl);
		return 111;
	}
	/* An empty or truncated list would still load, and then pass *.co.uk:
	 * refuse a list that does not know a few long-standing suffixes. */
	if (!psl_is_public_suffix(psl, "co.uk") || !psl_is_public_suffix(psl, "github.io") ||
	    psl_is_public_suffix(psl, "example.com")) {
		fprintf(stderr, "gen-configs: fatal: unable to use the Public Suffix List %s: "
		                "it does not list co.uk and github.io as suffixes\n", o.psl);
		psl_free(psl);
		return 111;
	}
	struct diag d;
	diag_init(&d, stderr);
	struct ruleset rs;
	ruleset_init(&rs);
	int rc = 0;
	if (fragdir_load(o.dir, &rs, &d, psl) < 0) {
		rc = 111;
		goto out;
	}
	if (o.repos) {
		size_t source = ruleset_add_source(&rs, "--repos", "--repos");
		parse_repos_option(&rs, &d, psl, source, o.repos);
	}
	rules_check(&rs, &d);
	if (o.tokens && tokens_present(&rs, &d, o.tokens) < 0) {
		rc = 111;
		goto out;
	}
	diag_finish(&d);
	if (d.errors) {
		fprintf(stderr, "gen-configs: fatal: %s: %u error%s in the allowlist%s\n", o.dir, d.errors,
		        d.errors == 1 ? "" : "s", o.check ? "" : "; nothing was written");
		rc = 1;
		goto out;
	}
	if (!o.check && write_outputs(o.outdir, &rs, &o.emit) < 0)
		rc = 111;
out:
	ruleset_free(&rs);
	psl_free(psl);
	return rc;
}
