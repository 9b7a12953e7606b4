/* test_lint.c: every lint rule, with input it refuses and input it
 * accepts; the exact file:line:col of a few; parser edge cases. */
#include "lint_helper.h"
#include "tap.h"

/* expect an error (or, for warning rules, a warning) tagged [rule]; rule
 * NULL: accepted without any message. len 0: strlen(text). */
static void case_n(const char *text, size_t len, const char *rule, int warning, const char *what)
{
	struct outcome o;
	run_fragment(text, len ? len : strlen(text), NULL, &o);
	int passed;
	if (!rule) {
		passed = ok(o.errors == 0 && o.warnings == 0, "accepts %s", what);
	} else {
		char tag[64];
		snprintf(tag, sizeof tag, "[%s]", rule);
		passed = ok(strstr(o.text, tag) && (warning ? o.errors == 0 && o.warnings > 0 : o.errors > 0),
		            "%s %s [%s]", warning ? "warns about" : "refuses", what, rule);
	}
	if (!passed)
		printf("# got: %s\n", o.text);
	outcome_free(&o);
}

#define refuses(text, rule, what) case_n(text, 0, rule, 0, what)
#define warns(text, rule, what) case_n(text, 0, rule, 1, what)
#define accepts(text, what) case_n(text, 0, NULL, 0, what)

static void exact(const char *text, const char *want, const char *what)
{
	struct outcome o;
	run_fragment(text, strlen(text), NULL, &o);
	ok(strcmp(o.text, want) == 0, "reports %s exactly", what);
	if (strcmp(o.text, want) != 0)
		printf("# got:  %s# want: %s", o.text, want);
	outcome_free(&o);
}

static char *repeat(char c, size_t n, const char *prefix, const char *suffix)
{
	size_t p = strlen(prefix), s = strlen(suffix);
	char *out = malloc(p + n + s + 1);
	if (!out)
		exit(1);
	memcpy(out, prefix, p);
	memset(out + p, c, n);
	memcpy(out + p + n, suffix, s + 1);
	return out;
}

/* "https " + labels of 63 'a' joined by '.' up to total name length n, + ".test\n". */
static char *name_of_length(size_t n)
{
	char *name = malloc(n + 16);
	if (!name)
		exit(1);
	size_t body = n - 5, i = 0;
	while (i < body) {
		size_t label = body - i > 63 ? 63 : body - i;
		if (i > 0 && body - i <= 1)
			break;
		if (i > 0) {
			name[i++] = '.';
			label = body - i > 63 ? 63 : body - i;
		}
		memset(name + i, 'a', label);
		i += label;
	}
	memcpy(name + i, ".test", 6);
	char *line = malloc(strlen(name) + 16);
	if (!line)
		exit(1);
	snprintf(line, strlen(name) + 16, "https %s\n", name);
	free(name);
	return line;
}

int main(void)
{
	/* Directives. */
	accepts("https a.test\n", "a known directive");
	refuses("http a.test\n", "unknown-directive", "an unknown directive");
	refuses("HTTPS a.test\n", "unknown-directive", "a directive in capitals");
	refuses("limit 10\n", "missing-argument", "limit without a value");
	refuses("limit transfers id=x\n", "missing-argument", "limit with an id for a value");

	/* Limits: each unit, its syntax and range. */
	accepts("limit connections 128\n", "a count");
	refuses("limit connections 0128\n", "limit-value", "a count with a leading zero");
	refuses("limit session-ttl 721h\n", "limit-value", "a session TTL over 30 days");
	refuses("limit connections 4097\n", "limit-value", "a count above its maximum");
	refuses("limit transfers 0\n", "limit-value", "a count of zero");
	refuses("limit transfers -1\n", "limit-value", "a negative count");
	refuses("limit transfers 1k\n", "limit-value", "a count with a unit");
	accepts("limit push-size 512MiB\n", "a size in MiB");
	accepts("limit push-size 1048576\n", "a size in bytes");
	refuses("limit push-size 512MB\n", "limit-value", "a decimal size unit");
	refuses("limit push-size 512 MiB\n", "trailing-garbage", "a space before the unit");
	refuses("limit push-size 1023\n", "limit-value", "a size below 1 KiB");
	refuses("limit push-burst 2048TiB\n", "limit-value", "a size above 1 TiB");
	refuses("limit push-size 99999999999999999TiB\n", "limit-value", "a size that overflows");
	accepts("limit idle-timeout 90s\n", "a duration in seconds");
	accepts("limit transfer-timeout 2h\n", "a duration in hours");
	accepts("limit session-ttl 3s\n", "a session TTL of a few seconds (for tests)");
	accepts("limit session-ttl 720h\n", "a session TTL of 30 days, the longest");
	refuses("limit idle-timeout 90\n", "limit-value", "a duration without a unit");
	refuses("limit idle-timeout 2d\n", "limit-value", "a duration in days");
	refuses("limit head-timeout 11min\n", "limit-value", "a duration above its maximum");
	accepts("limit request-rate 30/min\n", "a request rate per minute");
	refuses("limit request-rate 30\n", "limit-value", "a rate without a period");
	refuses("limit request-rate 30/day\n", "limit-value", "a rate per day");
	refuses("limit request-rate 1MiB/s\n", "limit-value", "a request rate in bytes");
	refuses("limit request-rate 0/s\n", "limit-value", "a zero rate");
	accepts("limit push-rate 8MiB/s\n", "a byte rate");
	refuses("limit push-rate 2TiB/s\n", "limit-value", "a byte rate above 1 TiB/s");
	accepts("limit push-rate 1TiB/min\n", "a byte rate whose per-second value is in range");
	refuses("limit uploads 3\n", "limit-name", "an unknown limit");
	accepts("limit transfers 4 id=few # comment\n", "a limit with an id and a comment");
	refuses("limit transfers 4 id=few extra\n", "trailing-garbage", "text after a limit's id");
	warns("limit transfers 4\nlimit transfers 4\n", "duplicate", "the same limit twice");
	refuses("limit transfers 4\nlimit transfers 5\n", "duplicate-conflict", "two values for one limit");
	refuses("limit transfers 4 id=a\nlimit transfers 4 id=b\n", "duplicate-conflict", "one limit, two ids");
	accepts("limit transfers 4\nlimit connections 4\n", "two different limits");
	refuses("https\n", "missing-argument", "https without a name");
	refuses("https id=x\n", "missing-argument", "https with only an id");
	refuses("repo\n", "missing-argument", "repo without a repository");
	refuses("https a.test b.test\n", "trailing-garbage", "a second name");
	refuses("https a.test id=x more\n", "trailing-garbage", "text after the id");
	accepts("https a.test id=x # a comment\n", "a comment after the id");
	accepts("  # indented comment\n\n\t\n", "comments and blank lines");
	accepts("", "an empty file");
	accepts("https\ta.test\tid=x\n", "tabs between tokens");

	/* Ids. */
	accepts("https a.test id=A0._-z\n", "an id with . _ -");
	refuses("https a.test id=-x\n", "id-syntax", "an id starting with '-'");
	refuses("https a.test id=\n", "id-syntax", "an empty id");
	refuses("https a.test id=default-x\n", "id-reserved", "an id in the built-in default- space");
	accepts("https a.test id=defaults\n", "an id that only begins with 'default'");
	refuses("https a.test id=upstream\n", "id-reserved", "a built-in rule's id outside default-");
	refuses("https a.test id=session-auth\n", "id-reserved", "the id session-auth");
	refuses("https a.test id=default-protect-main\n", "id-reserved", "a built-in push rule's id");
	accepts("https a.test id=upstream-mirror\n", "an id that only begins with a built-in one");
	exact("https a.test id=git-routes\n",
	      "t.conf:1:17: error: 'git-routes' is the id of a built-in rule (a path that is not one of the three git "
	      "endpoints, or a wrong Content-Type (404, 405, 415)): choose another [id-reserved]\n",
	      "a built-in id, naming the rule");
	refuses("https a.test id=a:b\n", "id-syntax", "an id with ':'");
	char *id64 = repeat('i', 64, "https a.test id=", "\n"), *id65 = repeat('i', 65, "https a.test id=", "\n");
	accepts(id64, "a 64-byte id");
	refuses(id65, "id-syntax", "a 65-byte id");
	free(id64);
	free(id65);
	accepts("https a.test id=x\nhttps b.test id=y\n", "distinct ids");
	refuses("https a.test id=x\nhttps b.test id=x\n", "duplicate-id", "one id on two rules");
	refuses("https a.test id=x\ngit-host b.test id=x\n", "duplicate-id", "one id on two kinds of rule");

	/* Duplicates. */
	warns("https a.test\nhttps a.test\n", "duplicate", "the same rule twice without ids");
	warns("https a.test id=x\nhttps a.test id=x\n", "duplicate", "the same rule twice with the same id");
	refuses("https a.test id=x\nhttps a.test id=y\n", "duplicate-conflict", "one name with two ids");
	refuses("https a.test id=x\nhttps a.test\n", "duplicate-conflict", "one name with and without an id");
	warns("git-host a.test\nhttps a.test\n", "https-git-host", "https to a git host (around gitproxy)");
	accepts("git-host a.test token=a_token id=a\n", "git-host with its token's secret name");
	accepts("git-host a.test token=a-2\ngit-host b.test\n", "one git-host with a token, one without");
	refuses("git-host a.test token=\n", "token-name", "an empty token name");
	refuses("git-host a.test token=A\n", "token-name", "an uppercase token name");
	refuses("git-host a.test token=_a\n", "token-name", "a token name starting with '_'");
	refuses("git-host a.test token=../x\n", "token-name", "a token name that is a path");
	refuses("git-host a.test id=x token=t\n", "trailing-garbage", "token= after id=");
	refuses("git-host a.test token=t token=u\n", "trailing-garbage", "token= twice");
	refuses("git-host a.test token=t\ngit-host a.test token=u\n", "duplicate-conflict", "two tokens for one host");
	refuses("git-host a.test token=t\ngit-host a.test\n", "duplicate-conflict", "a host with and without a token");
	warns("git-host a.test token=t\ngit-host a.test token=t\n", "duplicate", "the same git-host twice");
	warns("git-host ghe.a.test\nhttps *.a.test\n", "https-git-host", "a wildcard covering a git host");
	accepts("git-host a.test\nhttps api.a.test\nhttps *.b.a.test\n", "https names beside a git host");
	warns("git-host github.com\nrepo o/r\nrepo O/R\n", "duplicate", "a repository differing only in case");

	/* Lengths. */
	char *n253 = name_of_length(253), *n254 = name_of_length(254);
	accepts(n253, "a 253-byte name");
	refuses(n254, "name-too-long", "a 254-byte name");
	free(n253);
	free(n254);
	char *l63 = repeat('a', 63, "https ", ".test\n"), *l64 = repeat('a', 64, "https ", ".test\n");
	accepts(l63, "a 63-byte label");
	refuses(l64, "label-too-long", "a 64-byte label");
	free(l63);
	free(l64);
	char *long_line = repeat(' ', 4097, "https a.test", "\n"), *max_line = repeat(' ', 4084, "https a.test", "\n");
	accepts(max_line, "a 4096-byte line");
	refuses(long_line, "line-too-long", "a 4109-byte line");
	free(long_line);
	free(max_line);

	/* Host name syntax. */
	accepts("https a-b.c-d.test\n", "hyphens inside labels");
	refuses("https a..test\n", "name-syntax", "an empty label");
	refuses("https .a.test\n", "name-syntax", "a leading dot");
	refuses("https a.test.\n", "name-syntax", "a trailing dot");
	refuses("https -a.test\n", "name-syntax", "a label starting with '-'");
	refuses("https a-.test\n", "name-syntax", "a label ending with '-'");
	refuses("https a_b.test\n", "name-syntax", "an underscore");
	refuses("https https://a.test\n", "name-syntax", "a URL");
	refuses("https a.test:443\n", "name-syntax", "a port");
	refuses("https a.test/x\n", "name-syntax", "a path");
	refuses("https a.test#x\n", "name-syntax", "'#' inside a name");
	refuses("https A.test\n", "uppercase", "uppercase");
	refuses("git-host GitHub.com\n", "uppercase", "uppercase in git-host");

	/* IP literals, every spelling. */
	refuses("https 1.2.3.4\n", "ip-literal", "a dotted-quad IPv4 literal");
	refuses("https 127.1\n", "ip-literal", "the short form 127.1");
	refuses("https 0x7f.1\n", "ip-literal", "the hex form 0x7f.1");
	refuses("https 0x7f000001\n", "ip-literal", "a hex 32-bit literal");
	refuses("https 2130706433\n", "ip-literal", "a decimal 32-bit literal");
	refuses("https 0177.0.0.1\n", "ip-literal", "an octal literal");
	refuses("https 169.254.169.254\n", "ip-literal", "the metadata address");
	refuses("https a.123\n", "ip-literal", "a numeric top-level label");
	refuses("https *.10.0.0.1\n", "ip-literal", "a wildcard over an address");
	refuses("https ::1\n", "ip-literal", "IPv6 ::1");
	refuses("https [::1]\n", "ip-literal", "bracketed IPv6");
	refuses("https fe80::1\n", "ip-literal", "IPv6 fe80::1");
	refuses("https ::ffff:127.0.0.1\n", "ip-literal", "IPv4-mapped IPv6");
	refuses("git-host 10.0.0.1\n", "ip-literal", "an address as git-host");
	refuses("repo 10.0.0.1/o/r\n", "ip-literal", "an address as repo host");
	accepts("https 1e100.test\n", "a name beginning with digits");
	accepts("https 123.a.test\n", "a numeric label that is not the last");

	/* Bytes. */
	case_n("https a.test\0\n", 14, "nul-byte", 0, "a NUL byte");
	refuses("https a.test\r\n", "crlf", "a CRLF line ending");
	refuses("https a\r.test\n", "crlf", "a carriage return inside a line");
	refuses("https a.test\x01\n", "control-byte", "a control byte");
	refuses("https a.test\x7f\n", "control-byte", "DEL");
	refuses("https b\xc3\xbc" "cher.test\n", "non-ascii", "UTF-8 in a name");
	refuses("# caf\xc3\xa9\n", "non-ascii", "UTF-8 in a comment");
	warns("https a.test", "missing-newline", "a last line without newline");

	/* IDNA. */
	accepts("https xn--bcher-kva.test\n", "a valid punycode label");
	refuses("https xn--ls8h.test\n", "idna", "punycode of a disallowed code point");
	refuses("https xn--zz.test\n", "idna", "undecodable punycode");
	refuses("https xn--a.test\n", "idna", "punycode that decodes to ASCII");

	/* Wildcards. */
	accepts("https *.example.test\n", "a wildcard over one registrable domain");
	accepts("https *.a.example.co.uk\n", "a wildcard below a registrable domain");
	refuses("https a.*.test\n", "wildcard-position", "a wildcard in the middle");
	refuses("https *foo.test\n", "wildcard-position", "a partial-label wildcard");
	refuses("https **.a.test\n", "wildcard-position", "a double star");
	refuses("https *\n", "wildcard-position", "a bare star");
	refuses("https *.*.a.test\n", "wildcard-position", "two wildcard labels");
	refuses("git-host *.a.test\n", "wildcard-not-allowed", "a wildcard git-host");
	refuses("repo *.a.test/o/r\n", "wildcard-not-allowed", "a wildcard repo host");

	/* Public suffixes. */
	accepts("https a.co.uk\n", "a name under co.uk");
	accepts("https a.github.io\n", "a name under github.io");
	refuses("https com\n", "public-suffix", "a bare TLD");
	refuses("https test\n", "public-suffix", "a bare unlisted TLD");
	refuses("https co.uk\n", "public-suffix", "co.uk");
	refuses("https github.io\n", "public-suffix", "a private-section suffix");
	refuses("git-host com\n", "public-suffix", "a TLD as git-host");
	refuses("https *.com\n", "wildcard-scope", "*.com");
	refuses("https *.co.uk\n", "wildcard-scope", "*.co.uk");
	refuses("https *.github.io\n", "wildcard-scope", "*.github.io");
	refuses("https *.test\n", "wildcard-scope", "*.test");
	/* githubusercontent.com is in the PSL's private section. */
	refuses("https *.githubusercontent.com\n", "wildcard-scope", "*.githubusercontent.com");

	/* Special-use names. */
	refuses("https metadata.google.internal\n", "special-use", "a cloud metadata name");
	refuses("https localhost\n", "special-use", "localhost");
	refuses("https *.localhost\n", "special-use", "a wildcard under localhost");
	refuses("https printer.local\n", "special-use", "an mDNS name");
	refuses("https 1.0.0.127.in-addr.arpa\n", "special-use", "a reverse-lookup name");
	refuses("git-host git.corp\n", "special-use", "a private-network git host");
	accepts("https a.example\nhttps b.invalid\nhttps localhost.test\n", ".example, .invalid and .test names");

	/* DoH/DoT resolvers. */
	refuses("https dns.google\n", "doh-resolver", "dns.google");
	refuses("https cloudflare-dns.com\n", "doh-resolver", "cloudflare-dns.com");
	refuses("https x.cloudflare-dns.com\n", "doh-resolver", "a name under a resolver");
	refuses("https *.cloudflare-dns.com\n", "doh-resolver", "a wildcard under a resolver");
	refuses("https *.opendns.com\n", "doh-resolver", "a wildcard covering a resolver");
	refuses("git-host dns.quad9.net\n", "doh-resolver", "a resolver as git-host");
	accepts("https opendns.test\n", "a name that only looks similar");

	/* Repositories. */
	accepts("git-host github.com\nrepo o/r\nrepo O-1/R_x.y-z\nrepo github.com/p/*\n", "repo forms");
	accepts("git-host ghe.example.test\nrepo ghe.example.test/o/r\n", "a repo on another git-host");
	refuses("repo ghe.example.test/o/r\n", "repo-host", "a repo whose host has no git-host rule");
	refuses("repo o/r\n", "repo-host", "a github.com repo without git-host github.com");
	refuses("git-host github.com\nrepo o\n", "repo-syntax", "a repo without '/'");
	refuses("git-host github.com\nrepo a/b/c/d\n", "repo-syntax", "too many '/'");
	refuses("git-host github.com\nrepo o/r.git\n", "repo-syntax", "a .git suffix");
	refuses("git-host github.com\nrepo -o/r\n", "repo-syntax", "an owner starting with '-'");
	refuses("git-host github.com\nrepo o_x/r\n", "repo-syntax", "an owner with '_'");
	refuses("git-host github.com\nrepo o/..\n", "repo-syntax", "'..' as repository");
	refuses("git-host github.com\nrepo o/r*\n", "repo-syntax", "a partial wildcard repository");
	refuses("git-host github.com\nrepo */r\n", "repo-syntax", "a wildcard owner");
	refuses("git-host github.com\nrepo /r\n", "repo-syntax", "an empty owner");
	refuses("git-host github.com\nrepo o/\n", "repo-syntax", "an empty repository");
	char *o39 = repeat('o', 39, "git-host github.com\nrepo ", "/r\n");
	char *o40 = repeat('o', 40, "git-host github.com\nrepo ", "/r\n");
	char *r100 = repeat('r', 100, "git-host github.com\nrepo o/", "\n");
	char *r101 = repeat('r', 101, "git-host github.com\nrepo o/", "\n");
	accepts(r100, "a 100-byte repository name");
	refuses(r101, "repo-syntax", "a 101-byte repository name");
	free(r100);
	free(r101);
	exact("git-host github.com\nrepo o/a*\n",
	      "t.conf:2:9: error: 'a*': '*' stands alone for every repository of the owner [repo-syntax]\n",
	      "a partial wildcard at its '*'");
	exact("git-host github.com\nrepo o_x/r\n",
	      "t.conf:2:7: error: 'o_x': an owner is letters, digits and '-' (not first) [repo-syntax]\n",
	      "a bad owner at its byte");
	accepts(o39, "a 39-byte owner");
	refuses(o40, "repo-syntax", "a 40-byte owner");
	free(o39);
	free(o40);

	/* Redundancy. */
	warns("https *.a.test\nhttps b.a.test\n", "redundant", "an exact name under a wildcard");
	warns("https *.a.test\nhttps *.b.a.test\n", "redundant", "a wildcard under a wildcard");
	accepts("https a.test\nhttps *.a.test\n", "a name and a wildcard under it");
	warns("git-host github.com\nrepo o/*\nrepo o/x\n", "redundant", "a repository under owner/*");

	/* Every error is reported, not only the first. */
	struct outcome o;
	run_fragment("https 1.2.3.4\nbogus\nhttps A.test id=-\n", 37, NULL, &o);
	ok(o.errors == 4, "reports all 4 errors of 3 bad lines (got %u)", o.errors);
	outcome_free(&o);

	/* At most 100 errors are printed; the rest are counted. */
	char *many = malloc(150 * 14 + 1);
	if (!many)
		return 1;
	for (int i = 0; i < 150; i++)
		memcpy(many + 14 * i, "https 1.2.3.4\n", 14);
	many[150 * 14] = '\0';
	run_fragment(many, 150 * 14, NULL, &o);
	size_t printed = 0;
	for (const char *c = o.text; *c; c++)
		printed += *c == '\n';
	ok(o.errors == 150 && printed == 100, "150 errors: all counted, 100 printed (got %u, %zu)", o.errors, printed);
	outcome_free(&o);
	free(many);
	char *tail = NULL;
	size_t tail_len = 0;
	FILE *f = open_memstream(&tail, &tail_len);
	struct diag dg;
	diag_init(&dg, f);
	for (int i = 0; i < 103; i++)
		diag_error(&dg, "f", 1, 1, "r", "e");
	diag_finish(&dg);
	fclose(f);
	ok(strstr(tail, "f:1:1: error: e [r]\ngen-configs: 3 more errors not shown\n") != NULL,
	   "the errors not shown are counted at the end");
	free(tail);

	/* Exact positions. */
	exact("\n  https   a..test\n", "t.conf:2:13: error: empty label: a host name has no leading dot and no '..' [name-syntax]\n",
	      "the column of '..'");
	exact("https a.test id=x\nhttps b.test id=x\n",
	      "t.conf:2:17: error: id 'x' is already used by the rule at t.conf:1; ids are unique across all files [duplicate-id]\n",
	      "a duplicate id at its value");
	exact("https a.test\r\n", "t.conf:1:13: error: CRLF line ending: fragments use LF line endings only (e.g. dos2unix) [crlf]\n",
	      "a CRLF at the CR");
	exact("limit push-size 5GB\n",
	      "t.conf:1:17: error: '5GB' is not a valid value for limit push-size: expected a size such as 512MiB "
	      "(units: KiB, MiB, GiB, TiB, or none for bytes) [limit-value]\n",
	      "a bad limit value");
	exact("wat a.test\n",
	      "t.conf:1:1: error: unknown directive 'wat' (expected git-host, https, repo, limit, push or egress-allow) "
	      "[unknown-directive]\n",
	      "an unknown directive");

	/* egress-allow: one range in one spelling, never one the firewall keeps shut. */
	accepts("egress-allow 10.20.0.0/16 id=corp\n", "an IPv4 private range with an id");
	accepts("egress-allow 192.168.1.7/32\n", "one private address as a /32");
	accepts("egress-allow fd00:1::/48\n", "an IPv6 unique-local range");
	accepts("egress-allow 198.19.0.0/24 # the test network\n", "a benchmarking range and a comment");
	refuses("egress-allow\n", "missing-argument", "egress-allow without a range");
	refuses("egress-allow id=x\n", "missing-argument", "egress-allow with an id for a range");
	refuses("egress-allow 10.0.0.0/8 443\n", "trailing-garbage", "a port after the range");
	refuses("egress-allow 10.1.2.3\n", "cidr-syntax", "an address without a prefix length");
	refuses("egress-allow 10.1.0/16\n", "cidr-syntax", "three octets");
	refuses("egress-allow 010.1.0.0/16\n", "cidr-syntax", "an octet with a leading zero");
	refuses("egress-allow 10.1.0.0/016\n", "cidr-syntax", "a prefix length with a leading zero");
	refuses("egress-allow 10.1.0.0/33\n", "cidr-syntax", "an IPv4 prefix length over 32");
	refuses("egress-allow fd00::/129\n", "cidr-syntax", "an IPv6 prefix length over 128");
	refuses("egress-allow FD00:1::/48\n", "cidr-syntax", "IPv6 in capitals");
	refuses("egress-allow fd00:0:0:0::/64\n", "cidr-syntax", "IPv6 with zeros not compressed");
	refuses("egress-allow [fd00::1]/128\n", "cidr-syntax", "IPv6 in brackets");
	refuses("egress-allow fe80::1%eth0/128\n", "cidr-syntax", "IPv6 with a zone");
	refuses("egress-allow corp.test/32\n", "cidr-syntax", "a host name");
	refuses("egress-allow 10.1.2.3/16\n", "cidr-host-bits", "host bits set");
	refuses("egress-allow 0.0.0.0/0\n", "cidr-too-wide", "every IPv4 address");
	refuses("egress-allow ::/0\n", "cidr-too-wide", "every IPv6 address");
	refuses("egress-allow 127.0.0.1/32\n", "cidr-reserved", "loopback");
	refuses("egress-allow 169.254.169.254/32\n", "cidr-reserved", "the cloud metadata address");
	refuses("egress-allow 169.254.0.0/16\n", "cidr-reserved", "link-local");
	refuses("egress-allow 0.0.0.0/1\n", "cidr-reserved", "a range over loopback");
	refuses("egress-allow 0.0.0.0/8\n", "cidr-reserved", "'this network'");
	refuses("egress-allow 224.0.0.0/24\n", "cidr-reserved", "multicast");
	refuses("egress-allow 255.255.255.255/32\n", "cidr-reserved", "broadcast");
	refuses("egress-allow ::1/128\n", "cidr-reserved", "IPv6 loopback");
	refuses("egress-allow fe80::/64\n", "cidr-reserved", "IPv6 link-local");
	refuses("egress-allow ff02::/16\n", "cidr-reserved", "IPv6 multicast");
	refuses("egress-allow ::ffff:10.0.0.0/104\n", "cidr-reserved", "IPv4-mapped IPv6");
	refuses("egress-allow 8000::/1\n", "cidr-reserved", "a range over IPv6 link-local");
	warns("egress-allow 11.0.0.0/8\n", "cidr-public", "a public range, which needs no rule");
	warns("egress-allow 2a00::/16\n", "cidr-public", "a public IPv6 range");
	accepts("egress-allow 198.0.0.0/8\n", "a range that holds public and special-purpose addresses");
	warns("egress-allow 10.0.0.0/8\negress-allow 10.1.0.0/16\n", "redundant", "a range inside another");
	warns("egress-allow 10.1.0.0/16\negress-allow 10.0.0.0/8\n", "redundant", "a range inside a later one");
	accepts("egress-allow 10.1.0.0/16\negress-allow 10.2.0.0/16\n", "two ranges side by side");
	warns("egress-allow 10.1.0.0/16\negress-allow 10.1.0.0/16\n", "duplicate", "the same range twice");
	refuses("egress-allow 10.1.0.0/16 id=a\negress-allow 10.1.0.0/16 id=b\n", "duplicate-conflict",
	        "one range, two ids");
	refuses("egress-allow 10.1.0.0/16 id=a\nhttps a.test id=a\n", "duplicate-id", "an id another rule has");
	exact("egress-allow 10.1.2.3/16 id=x\n",
	      "t.conf:1:14: error: '10.1.2.3/16' has bits set past its prefix length: write the range as 10.1.0.0/16 "
	      "[cidr-host-bits]\n",
	      "host bits, with the network to write");
	exact("egress-allow 10.1.0.0/016\n",
	      "t.conf:1:23: error: expected a prefix length of 0..32 in decimal, without leading zeros [cidr-syntax]\n",
	      "a bad prefix length at its first byte");
	exact("egress-allow 169.254.169.254/32\n",
	      "t.conf:1:14: error: '169.254.169.254/32' overlaps 169.254.0.0/16 (link-local, where clouds serve instance "
	      "metadata (169.254.169.254)), which the firewall never opens [cidr-reserved]\n",
	      "a reserved range, with which and why");
	exact("egress-allow fd00:0::/32\n",
	      "t.conf:1:14: error: write the range as fd00::/32 (IPv6 in lowercase with zeros compressed, RFC 5952) "
	      "[cidr-syntax]\n",
	      "another IPv6 spelling, with the canonical one");
	exact("egress-allow 10.0.0.0/8\negress-allow 10.1.0.0/16 id=x\n",
	      "t.conf:2:14: warning: 'egress-allow 10.1.0.0/16' is already covered by '10.0.0.0/8' (rule 't.conf:1' at "
	      "t.conf:1) [redundant]\n",
	      "a covered range and the rule that covers it");
	return tap_done();
}
