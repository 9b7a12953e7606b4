/* gen-configs: lint allowlist.d and generate the sidecar daemons' configs.
 *
 *   gen-configs --check [--repos LIST] DIR
 *   gen-configs [--repos LIST] [--listen IPV4] [--client IPV4]
 *               [--dns-upstream IPV4] [--installed-dir DIR] DIR OUTDIR
 *
 * Exit codes: 0 ok (warnings allowed), 1 input rejected (every error is
 * reported as file:line:col: error: ... [rule]), 100 wrong usage,
 * 111 system failure. Nothing is written unless the input is accepted. */
#include "allowlist_dir.h"
#include "diag.h"
#include "emit.h"
#include "fragment.h"
#include "names.h"
#include "output.h"
#include "ruleset.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_REJECTED 1
#define EXIT_USAGE 100
#define EXIT_SYSTEM 111

static _Noreturn void usage(void)
{
	fputs("usage: gen-configs --check [--repos LIST] DIR\n"
	      "       gen-configs [--repos LIST] [--listen IPV4] [--client IPV4] [--dns-upstream IPV4]\n"
	      "                   [--installed-dir DIR] DIR OUTDIR\n",
	      stderr);
	exit(EXIT_USAGE);
}

static const char *ipv4_option(const char *name, const char *value)
{
	struct in_addr a;
	if (inet_pton(AF_INET, value, &a) != 1) {
		fprintf(stderr, "gen-configs: fatal: %s %s is not an IPv4 address\n", name, value);
		exit(EXIT_USAGE);
	}
	return value;
}

/* AIRLOCK_REPOS: comma-separated repositories, each a repo rule. */
static void add_env_repos(struct ruleset *set, struct diag *d, const char *list)
{
	const char *file = ruleset_file(set, "AIRLOCK_REPOS");
	char spec[512];
	if (!file) {
		fputs("gen-configs: fatal: out of memory\n", stderr);
		exit(EXIT_SYSTEM);
	}
	for (const char *p = list;;) {
		size_t n = strcspn(p, ",");
		while (n && (*p == ' ')) {
			p++;
			n--;
		}
		size_t m = n;
		while (m && p[m - 1] == ' ')
			m--;
		if (m == 0)
			diag_error(d, file, 1, (unsigned)(p - list) + 1, "repo-syntax", "empty repository entry");
		else if (m >= sizeof spec)
			diag_error(d, file, 1, (unsigned)(p - list) + 1, "repo-syntax", "repository entry too long");
		else {
			memcpy(spec, p, m);
			spec[m] = '\0';
			fragment_add_repo(set, d, file, 1, (unsigned)(p - list) + 1, spec, "env:AIRLOCK_REPOS", false);
		}
		if (!p[n])
			break;
		p += n + 1;
	}
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{"check", no_argument, NULL, 'k'},         {"repos", required_argument, NULL, 'r'},
		{"listen", required_argument, NULL, 'l'},  {"client", required_argument, NULL, 'c'},
		{"dns-upstream", required_argument, NULL, 'u'}, {"installed-dir", required_argument, NULL, 'i'},
		{NULL, 0, NULL, 0},
	};
	int check = 0, ch;
	const char *repos = NULL;
	struct emit_options o = {.listen = "127.0.0.1", .dns_upstream = "127.0.0.11",
	                         .installed_dir = "/run/airlock/config"};
	while ((ch = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
		switch (ch) {
		case 'k': check = 1; break;
		case 'r': repos = optarg; break;
		case 'l': o.listen = ipv4_option("--listen", optarg); break;
		case 'c': o.client = ipv4_option("--client", optarg); break;
		case 'u': o.dns_upstream = ipv4_option("--dns-upstream", optarg); break;
		case 'i':
			if (optarg[0] != '/' || strpbrk(optarg, "\"\n "))
				usage();
			o.installed_dir = optarg;
			break;
		default: usage();
		}
	}
	if (argc - optind != (check ? 1 : 2))
		usage();
	const char *dir = argv[optind], *outdir = check ? NULL : argv[optind + 1];

	if (names_init() < 0) {
		fputs("gen-configs: fatal: cannot load the Public Suffix List (install publicsuffix)\n", stderr);
		return EXIT_SYSTEM;
	}
	struct ruleset set;
	struct diag d = {.out = stderr};
	struct text sources = {0};
	ruleset_init(&set);
	int rc = allowlist_dir_read(dir, &set, &d, &sources) < 0 ? EXIT_SYSTEM : 0;
	if (rc == 0 && repos)
		add_env_repos(&set, &d, repos);
	if (rc == 0)
		ruleset_finish(&set, &d);
	if (rc == 0 && d.errors) {
		fprintf(stderr, "gen-configs: %u error%s, %u warning%s in %s: nothing written\n", d.errors,
		        d.errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s", dir);
		rc = EXIT_REJECTED;
	}
	if (rc == 0 && outdir) {
		struct text dconf = {0}, dservers = {0}, tconf = {0}, tfilter = {0}, json = {0};
		o.sources = sources.data ? sources.data : "(no fragments)";
		emit_dnsmasq_conf(&set, &o, &dconf);
		emit_dnsmasq_servers(&set, &o, &dservers);
		emit_tinyproxy_conf(&set, &o, &tconf);
		emit_tinyproxy_filter(&set, &o, &tfilter);
		if (emit_gitproxy_json(&set, &json) < 0 || dconf.failed || dservers.failed || tconf.failed ||
		    tfilter.failed || json.failed) {
			fputs("gen-configs: fatal: cannot build the configurations: out of memory\n", stderr);
			rc = EXIT_SYSTEM;
		} else {
			const struct output_file files[] = {
				{"dnsmasq.conf", &dconf},     {"dnsmasq.servers", &dservers}, {"tinyproxy.conf", &tconf},
				{"tinyproxy.filter", &tfilter}, {"gitproxy.json", &json},
			};
			if (output_write_all(outdir, files, 5) < 0)
				rc = EXIT_SYSTEM;
		}
		text_free(&dconf);
		text_free(&dservers);
		text_free(&tconf);
		text_free(&tfilter);
		text_free(&json);
	}
	text_free(&sources);
	ruleset_free(&set);
	names_free();
	return rc;
}
