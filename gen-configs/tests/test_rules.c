/* test_rules.c: the rule set: input order, automatic ids, --repos, which
 * duplicate is kept, and the flags the emitters read. */
#include "lint_helper.h"
#include "tap.h"

int main(void)
{
	struct outcome o;
	run_fragment("git-host github.com id=gh\nhttps b.test\n\nhttps a.test id=a\n", 52, "o/r,h.test/x/*", &o);
	ok(o.errors == 1, "a repo on a host without git-host is refused even from --repos (got %u)", o.errors);
	ok(strstr(o.text, "--repos:1:5: error: no git-host rule allows 'h.test'") != NULL, "--repos errors name their column");
	outcome_free(&o);

	const char *frag = "git-host github.com id=gh\nhttps b.test\n\nhttps a.test id=a\nrepo o/r id=own\n";
	run_fragment(frag, strlen(frag), "o/R,p/q", &o);
	ok(o.errors == 0 && o.warnings == 1, "a --repos entry repeating a fragment's repo is a warning");
	ok(o.rs.n == 6, "six rules stored (got %zu)", o.rs.n);
	ok(strcmp(o.rs.rules[1].id, "t.conf:2") == 0, "automatic id is file:line");
	ok(strcmp(o.rs.rules[2].host, "a.test") == 0 && o.rs.rules[2].id_explicit, "input order is kept");
	ok(!o.rs.rules[3].dropped && o.rs.rules[4].dropped, "the fragment's rule is kept, the --repos copy dropped");
	ok(strcmp(o.rs.rules[5].id, REPOS_OPTION_ID) == 0 && strcmp(o.rs.rules[5].host, "github.com") == 0,
	   "--repos entries get id env:AIRLOCK_REPOS and host github.com");
	outcome_free(&o);

	run_fragment("", 0, "", &o);
	ok(o.errors == 0 && o.rs.n == 0, "an empty --repos adds nothing");
	outcome_free(&o);
	run_fragment("git-host github.com\n", 20, "a/b,,c/d", &o);
	ok(o.errors == 1 && strstr(o.text, "--repos:1:5: error: empty entry"), "an empty --repos entry is refused");
	outcome_free(&o);
	run_fragment("git-host github.com\n", 20, "a/b, c/d", &o);
	ok(o.errors == 1, "a space in --repos is refused");
	outcome_free(&o);
	run_fragment("git-host github.com\n", 20, "a/b,", &o);
	ok(o.errors == 1, "a trailing comma in --repos is refused");
	outcome_free(&o);

	const char *cover = "https a.test\nhttps b.test\nhttps *.b.test\nhttps c.b.test\n";
	run_fragment(cover, strlen(cover), NULL, &o);
	ok(!o.rs.rules[0].subdomains_allowed, "an exact name alone: subdomains not allowed");
	ok(o.rs.rules[1].subdomains_allowed, "an exact name with its own wildcard: subdomains allowed");
	ok(o.rs.rules[3].subdomains_allowed, "an exact name under a wildcard: subdomains allowed");
	ok(o.warnings == 1, "only the name under the wildcard is redundant");
	outcome_free(&o);

	const char *triple = "https a.test id=x\nhttps a.test id=y\nhttps a.test id=z\n";
	run_fragment(triple, strlen(triple), NULL, &o);
	ok(o.errors == 2 && strstr(o.text, "t.conf:3:7: error: 'https a.test' is already allowed by rule 'x' at t.conf:1"),
	   "every conflicting copy names the first rule");
	outcome_free(&o);
	return tap_done();
}
