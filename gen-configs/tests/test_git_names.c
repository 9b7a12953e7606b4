/* test_git_names.c: common/git_names.c, the grammar gen-configs and
 * gitproxy share: refnames as git and receive-pack take them, ref
 * patterns and their matching, owners and repository names. */
#include <stdlib.h>
#include <string.h>

#include "git_names.h"
#include "tap.h"

enum kind { OWNER, REPO, REFNAME, DELETE_REFNAME, PATTERN };

static const char *kind_name[] = {"owner", "repo", "refname", "refname to delete", "pattern"};

static const char *check(enum kind k, const char *s, size_t n, size_t *at)
{
	switch (k) {
	case OWNER:
		return git_owner_check(s, n, at);
	case REPO:
		return git_repo_check(s, n, at);
	case REFNAME:
		return git_refname_check(s, n, false, at);
	case DELETE_REFNAME:
		return git_refname_check(s, n, true, at);
	case PATTERN:
		return ref_pattern_check(s, n, at);
	}
	return "?";
}

static void good_n(enum kind k, const char *s, size_t n, const char *what)
{
	size_t at = 0;
	const char *why = check(k, s, n, &at);
	ok(!why, "%s: accepts %s", kind_name[k], what);
	if (why)
		printf("# refused at %zu: %s\n", at, why);
}

/* Refused, with the offending byte at offset want_at. */
static void bad_n(enum kind k, const char *s, size_t n, size_t want_at, const char *what)
{
	size_t at = (size_t)-1;
	const char *why = check(k, s, n, &at);
	ok(why && at == want_at, "%s: refuses %s at byte %zu", kind_name[k], what, want_at);
	if (!why || at != want_at)
		printf("# got %s at %zu\n", why ? why : "(accepted)", at);
}

#define good(k, s, what) good_n(k, s, strlen(s), what)
#define bad(k, s, at, what) bad_n(k, s, strlen(s), at, what)

static char *filled(const char *prefix, char c, size_t n)
{
	size_t p = strlen(prefix);
	char *s = malloc(p + n + 1);
	if (!s)
		exit(1);
	memcpy(s, prefix, p);
	memset(s + p, c, n);
	s[p + n] = '\0';
	return s;
}

static void match(const char *pattern, const char *name, bool want, const char *what)
{
	bool got = ref_pattern_match(pattern, name, strlen(name));
	ok(got == want, "'%s' %s '%s': %s", pattern, want ? "matches" : "does not match", name, what);
}

static void refnames(void)
{
	good(REFNAME, "refs/heads/main", "a branch");
	good(REFNAME, "refs/heads/agent/a/b", "a branch several levels deep");
	good(REFNAME, "refs/tags/v1.0", "a tag with a dot");
	good(REFNAME, "refs/notes/commits", "notes");
	good(REFNAME, "refs/pull/1/head", "a pull request ref");
	good(REFNAME, "refs/heads/a.lock.b", "'.lock' inside a component");
	good(REFNAME, "refs/heads/a@b{c}", "'@' and braces apart");
	good(REFNAME, "refs/heads/-x", "a component starting with '-' (git-check-ref-format takes it)");
	good(REFNAME, "refs/heads/\xc3\xa9", "bytes above 0x7f");
	bad(REFNAME, "heads/main", 0, "a name outside refs/");
	bad(REFNAME, "main", 0, "a short name");
	bad(REFNAME, "", 0, "the empty name");
	bad(REFNAME, "refs/main", 0, "a name directly under refs/");
	good(DELETE_REFNAME, "refs/main", "a name directly under refs/ (receive-pack deletes it)");
	bad(DELETE_REFNAME, "refs/", 5, "refs/ alone");
	bad(REFNAME, "refs/heads/", 11, "a trailing '/'");
	bad(REFNAME, "refs/heads/x/", 13, "a trailing '/' after a component");
	bad(REFNAME, "refs/heads//x", 11, "'//'");
	bad(REFNAME, "refs/heads/.x", 11, "a component starting with '.'");
	bad(REFNAME, "refs/heads/x.lock", 12, "a name ending in '.lock'");
	bad(REFNAME, "refs/heads/x.lock/y", 12, "a component ending in '.lock'");
	bad(REFNAME, "refs/heads/x.", 12, "a name ending in '.'");
	bad(REFNAME, "refs/heads/a..b", 12, "'..'");
	bad(REFNAME, "refs/heads/a@{b", 12, "'@{'");
	const char *forbidden = " ~^:?*[\\";
	for (const char *c = forbidden; *c; c++) {
		char name[32];
		snprintf(name, sizeof name, "refs/heads/a%cb", *c);
		bad(REFNAME, name, 12, name);
	}
	bad(REFNAME, "refs/heads/a\x01", 12, "a control byte");
	bad(REFNAME, "refs/heads/a\x7f", 12, "DEL");
	bad_n(REFNAME, "refs/heads/a\0b", 14, 12, "a NUL inside the name");
	char *max = filled("refs/heads/", 'x', 1024 - 11), *over = filled("refs/heads/", 'x', 1025 - 11);
	good(REFNAME, max, "a 1024-byte name");
	bad(REFNAME, over, 1024, "a 1025-byte name");
	free(max);
	free(over);
	size_t at;
	const char *why = git_refname_check("refs/heads/a..b", 15, false, &at);
	ok(why && strstr(why, ".."), "the reason names what is wrong ('%s')", why ? why : "");
}

static void patterns(void)
{
	good(PATTERN, "refs/heads/agent/*", "a star for the last levels");
	good(PATTERN, "refs/tags/v*", "a star after a prefix");
	good(PATTERN, "refs/heads/*", "every branch");
	good(PATTERN, "refs/*/x", "a star for the type");
	good(PATTERN, "refs/heads/a*b", "a star inside a component");
	good(PATTERN, "refs/heads/staging", "an exact name");
	bad(PATTERN, "refs/*", 0, "a star directly under refs/");
	bad(PATTERN, "refs/heads/**", 12, "two stars, at the second");
	bad(PATTERN, "refs/heads/*/*", 13, "two stars apart, at the second");
	bad(PATTERN, "main", 0, "a short name");
	bad(PATTERN, "heads/*", 0, "a pattern outside refs/");
	bad(PATTERN, "refs/heads/*.lock", 12, "a pattern ending in '.lock'");
	bad(PATTERN, "refs/heads/*.", 12, "a pattern ending in '.'");
	bad(PATTERN, "refs/heads/[ab]", 11, "'['");
	bad(PATTERN, "refs/heads/?", 11, "'?'");
	bad(PATTERN, "refs/heads/.*", 11, "a component starting with '.'");
	bad(PATTERN, "refs/heads/a..*", 12, "'..' before the star");
	bad(PATTERN, "refs/heads/*/", 13, "a trailing '/'");

	match("refs/heads/agent/*", "refs/heads/agent/x", true, "one level");
	match("refs/heads/agent/*", "refs/heads/agent/x/y", true, "'*' matches '/'");
	match("refs/heads/agent/*", "refs/heads/agent/", false, "'*' needs at least one byte");
	match("refs/heads/agent/*", "refs/heads/agent", false, "the prefix without its '/'");
	match("refs/heads/agent/*", "refs/heads/agentx", false, "a name that only shares a prefix");
	match("refs/heads/agent/*", "refs/tags/agent/x", false, "another type");
	match("refs/tags/v*", "refs/tags/v1.2", true, "a tag");
	match("refs/tags/v*", "refs/tags/v", false, "the star empty");
	match("refs/heads/a*b", "refs/heads/axb", true, "one byte between");
	match("refs/heads/a*b", "refs/heads/ax/yb", true, "a '/' between");
	match("refs/heads/a*b", "refs/heads/ab", false, "nothing between");
	match("refs/heads/a*b", "refs/heads/aab", true, "the star takes a byte equal to the head's last");
	match("refs/heads/a*b", "refs/heads/abx", false, "a name past the tail");
	match("refs/*/x", "refs/heads/x", true, "a star for the type");
	match("refs/heads/main", "refs/heads/main", true, "an exact pattern matches itself");
	match("refs/heads/main", "refs/heads/main2", false, "an exact pattern does not match a longer name");
	match("refs/heads/main", "refs/heads/mai", false, "an exact pattern does not match a shorter name");
	match("refs/heads/main", "refs/heads/Main", false, "matching is case-sensitive");
	ok(ref_pattern_match("refs/heads/main", "refs/heads/mainX", 15), "the name's length is what n says");
	ok(!ref_pattern_match("refs/heads/*", "refs/heads/x", 11), "a name cut before the star's byte does not match");
	ok(ref_pattern_is_exact("refs/heads/main") && !ref_pattern_is_exact("refs/heads/*"),
	   "is_exact: true without '*', false with it");

	ok(ref_pattern_reaches("refs/heads/agent/*", "refs/heads/"), "reaches: a pattern under refs/heads/ reaches branches");
	ok(!ref_pattern_reaches("refs/heads/agent/*", "refs/tags/"), "reaches: ... and not tags");
	ok(ref_pattern_reaches("refs/*/x", "refs/heads/") && ref_pattern_reaches("refs/*/x", "refs/tags/"),
	   "reaches: a star for the type reaches both");
	ok(ref_pattern_reaches("refs/he*/x", "refs/heads/") && !ref_pattern_reaches("refs/he*/x", "refs/tags/"),
	   "reaches: a star inside refs/heads/ reaches branches only");
	ok(ref_pattern_reaches("refs/heads/main", "refs/heads/") && !ref_pattern_reaches("refs/heads/main", "refs/tags/"),
	   "reaches: an exact branch reaches branches only");
	ok(!ref_pattern_reaches("refs/notes/x", "refs/heads/"), "reaches: notes do not reach branches");
	ok(!ref_pattern_reaches("refs/heads", "refs/heads/"), "reaches: an exact name shorter than the prefix is not under it");
}

static void owners_and_repos(void)
{
	good(OWNER, "a", "one letter");
	good(OWNER, "my-org", "a '-' inside");
	good(OWNER, "A1", "capitals and digits");
	good(OWNER, "a-", "a trailing '-' (older accounts have them)");
	char *o39 = filled("", 'o', 39), *o40 = filled("", 'o', 40);
	good(OWNER, o39, "39 bytes");
	bad(OWNER, o40, 0, "40 bytes");
	free(o39);
	free(o40);
	bad(OWNER, "", 0, "the empty owner");
	bad(OWNER, "-a", 0, "a leading '-'");
	bad(OWNER, "a_b", 1, "'_'");
	bad(OWNER, "a.b", 1, "'.'");
	bad(OWNER, "*", 0, "'*'");
	bad_n(OWNER, "a\0b", 3, 1, "a NUL inside");

	good(REPO, "r", "one letter");
	good(REPO, "a.b_c-D", "'.', '_', '-' and capitals");
	good(REPO, "...", "three dots");
	good(REPO, "r.gitx", "'.git' inside");
	char *r100 = filled("", 'r', 100), *r101 = filled("", 'r', 101);
	good(REPO, r100, "100 bytes");
	bad(REPO, r101, 0, "101 bytes");
	free(r100);
	free(r101);
	bad(REPO, "", 0, "the empty name");
	bad(REPO, ".", 0, "'.'");
	bad(REPO, "..", 0, "'..'");
	bad(REPO, "r.git", 1, "a '.git' suffix");
	bad(REPO, ".git", 0, "'.git'");
	bad(REPO, "a/b", 1, "a '/'");
	bad(REPO, "a*", 1, "'*'");
	bad(REPO, "a b", 1, "a space");
}

int main(void)
{
	refnames();
	patterns();
	owners_and_repos();
	return tap_done();
}
