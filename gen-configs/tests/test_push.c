/* test_push.c: the push directive: its grammar, the rules it stores, and
 * each of its lint rules with the exact file:line:col reported. */
#include "lint_helper.h"
#include "tap.h"

#define HOSTS "git-host github.com\ngit-host ghe.example.test\n"

/* Everything reported for text (with --repos repos, or NULL), exactly. */
static void exact_with(const char *text, const char *repos, const char *want, const char *what)
{
	struct outcome o;
	run_fragment(text, strlen(text), repos, &o);
	ok(strcmp(o.text, want) == 0, "%s", what);
	if (strcmp(o.text, want) != 0)
		printf("# got:  %s# want: %s", o.text, want);
	outcome_free(&o);
}

#define exact(text, want, what) exact_with(text, NULL, want, what)
#define accepts(text, what) exact_with(text, NULL, "", "accepts " what)

static void grammar(void)
{
	const char *all = HOSTS "repo my-org/*\n"
	                        "push allow refs/heads/agent/* id=agent-branches\n"
	                        "push allow-delete\trefs/heads/agent/*   # its own branches\n"
	                        "push protect refs/heads/staging repo=my-org/app\n"
	                        "push read-only repo=github.com/my-org/mirror id=mirror-ro\n"
	                        "push allow refs/tags/v* repo=my-org/*\n";
	struct outcome o;
	run_fragment(all, strlen(all), NULL, &o);
	ok(o.errors == 0 && o.warnings == 0, "every action, with and without repo= and id=, is accepted");
	if (o.errors || o.warnings)
		printf("# got: %s", o.text);
	const struct rule *r = o.rs.n == 8 ? o.rs.rules : NULL;
	ok(r && r[3].kind == RULE_PUSH && r[3].action == PUSH_ALLOW && strcmp(r[3].pattern, "refs/heads/agent/*") == 0 &&
	       strcmp(r[3].id, "agent-branches") == 0 && r[3].id_explicit,
	   "allow: pattern and explicit id stored");
	ok(r && r[4].action == PUSH_ALLOW_DELETE && strcmp(r[4].id, "t.conf:5") == 0 && push_unscoped(&r[4]) &&
	       strcmp(r[4].owner, "*") == 0 && strcmp(r[4].repo, "*") == 0,
	   "allow-delete without repo=: scope '*', automatic id file:line");
	ok(r && r[5].action == PUSH_PROTECT && strcmp(r[5].host, "github.com") == 0 && strcmp(r[5].owner, "my-org") == 0 &&
	       strcmp(r[5].repo, "app") == 0 && r[5].col == 6 && r[5].pattern_col == 14 && r[5].scope_col == 38,
	   "protect with repo=OWNER/REPO: host github.com by default; columns of action, pattern, scope");
	ok(r && r[6].action == PUSH_READ_ONLY && !r[6].pattern && strcmp(r[6].repo, "mirror") == 0,
	   "read-only: no pattern, repo= with its host");
	ok(r && strcmp(r[7].repo, "*") == 0 && strcmp(r[7].pattern, "refs/tags/v*") == 0, "repo=OWNER/*");
	outcome_free(&o);

	exact("push deny refs/heads/x\n",
	      "t.conf:1:6: error: unknown push action 'deny' (expected allow, allow-delete, protect or read-only) "
	      "[push-action]\n",
	      "push-action: an unknown action, at the action");
	exact("push Allow refs/heads/x\n",
	      "t.conf:1:6: error: unknown push action 'Allow' (expected allow, allow-delete, protect or read-only) "
	      "[push-action]\n",
	      "push-action: actions are lowercase");
	exact("push\n", "t.conf:1:5: error: 'push' needs an action: allow, allow-delete, protect or read-only [missing-argument]\n",
	      "missing-argument: push alone, after the directive");
	exact("push id=x\n",
	      "t.conf:1:6: error: 'push' needs an action: allow, allow-delete, protect or read-only [missing-argument]\n",
	      "missing-argument: an id for an action");
	exact("push allow\n", "t.conf:1:11: error: 'push allow' needs a ref pattern, such as refs/heads/agent/* [missing-argument]\n",
	      "missing-argument: allow without a pattern");
	exact("push protect id=x\n",
	      "t.conf:1:14: error: 'push protect' needs a ref pattern, such as refs/heads/agent/* [missing-argument]\n",
	      "missing-argument: protect with an id for a pattern");
	exact(HOSTS "repo o/r\npush allow-delete repo=o/r\n",
	      "t.conf:4:19: error: 'push allow-delete' needs a ref pattern, such as refs/heads/agent/* [missing-argument]\n",
	      "missing-argument: allow-delete with repo= for a pattern");
	exact("push read-only refs/heads/x\n",
	      "t.conf:1:16: error: 'push read-only' takes no pattern: it refuses every push (only repo=SPEC, id=IDENT and "
	      "a # comment may follow) [trailing-garbage]\n",
	      "trailing-garbage: read-only with a pattern");
	exact("push allow refs/heads/x refs/heads/y\n",
	      "t.conf:1:25: error: unexpected text after the push rule (after the pattern only repo=SPEC, then id=IDENT, "
	      "then a # comment may follow) [trailing-garbage]\n",
	      "trailing-garbage: a second pattern");
	exact(HOSTS "repo o/r\npush allow refs/heads/x id=a repo=o/r\n",
	      "t.conf:4:30: error: unexpected text after the push rule (after the pattern only repo=SPEC, then id=IDENT, "
	      "then a # comment may follow) [trailing-garbage]\n",
	      "trailing-garbage: repo= after id=");
	exact("push read-only id=ro x\n",
	      "t.conf:1:22: error: unexpected text after the push rule (after the pattern only repo=SPEC, then id=IDENT, "
	      "then a # comment may follow) [trailing-garbage]\n",
	      "trailing-garbage: text after read-only's id");
	accepts("push allow refs/heads/x # repo=o/r is a comment here\n", "a comment after the pattern");
}

static void patterns(void)
{
	exact("push allow main\n", "t.conf:1:12: error: 'main' is not a full refname: write refs/heads/main [ref-pattern]\n",
	      "ref-pattern: a branch's short name, with the full one");
	exact("push protect tags/v*\n",
	      "t.conf:1:14: error: 'tags/v*' is not a full refname: write refs/tags/v* [ref-pattern]\n",
	      "ref-pattern: tags/ without refs/");
	exact("push allow-delete agent/*\n",
	      "t.conf:1:19: error: 'agent/*' is not a full refname: write refs/heads/agent/* [ref-pattern]\n",
	      "ref-pattern: a short pattern");
	exact("push allow a..b\n",
	      "t.conf:1:12: error: bad ref pattern 'a..b': refname outside refs/ (write it in full, e.g. refs/heads/main) "
	      "[ref-pattern]\n",
	      "ref-pattern: no suggestion that would be refused too");
	exact("push allow refs/heads/a*b*\n",
	      "t.conf:1:26: error: bad ref pattern 'refs/heads/a*b*': a pattern has at most one '*' [ref-pattern]\n",
	      "ref-pattern: a second '*', at it");
	exact("push allow refs/heads/x..y\n",
	      "t.conf:1:24: error: bad ref pattern 'refs/heads/x..y': refname holds '..' [ref-pattern]\n",
	      "ref-pattern: '..', at it");
	exact("push protect refs/*\n",
	      "t.conf:1:14: error: bad ref pattern 'refs/*': refname has no level under refs/<type>/ [ref-pattern]\n",
	      "ref-pattern: a star directly under refs/");
	exact("push allow refs/heads/ma~in\n",
	      "t.conf:1:25: error: bad ref pattern 'refs/heads/ma~in': refname holds one of: space ~ ^ : ? * [ \\ "
	      "[ref-pattern]\n",
	      "ref-pattern: a byte git refuses, at it");
	exact("push allow refs/heads/x.lock\n",
	      "t.conf:1:24: error: bad ref pattern 'refs/heads/x.lock': refname component ends with '.lock' [ref-pattern]\n",
	      "ref-pattern: a '.lock' component");
	exact("push allow refs/heads/\n",
	      "t.conf:1:23: error: bad ref pattern 'refs/heads/': empty refname component ('//' or a trailing '/') "
	      "[ref-pattern]\n",
	      "ref-pattern: a trailing '/'");
	accepts("push allow refs/heads/a*b\npush allow refs/*/x\npush allow refs/notes/commits\n",
	        "a star inside a component, for the type, and an exact notes ref");
}

static void scope(void)
{
	accepts(HOSTS "repo o/r\npush allow refs/heads/x repo=o/r\n", "repo=OWNER/REPO with its repo rule");
	accepts(HOSTS "repo o/r\npush allow refs/heads/x repo=O/R\n", "repo= compared case-insensitively");
	accepts(HOSTS "repo o/*\npush allow refs/heads/x repo=o/r\n", "repo=OWNER/REPO under repo OWNER/*");
	accepts(HOSTS "repo o/r\npush read-only repo=o/*\n", "repo=OWNER/* with a repo rule of the owner");
	accepts(HOSTS "repo ghe.example.test/o/r\npush read-only repo=ghe.example.test/o/r\n", "repo= on another git host");
	exact_with(HOSTS "push allow refs/heads/x repo=o/r\n", "o/r", "", "push-scope: --repos puts a repository in scope");
	exact(HOSTS "repo o/r\npush allow refs/heads/x repo=o/s\n",
	      "t.conf:4:30: error: no repo rule puts github.com/o/s in scope: add 'repo github.com/o/s' (or 'repo "
	      "github.com/o/*') [push-scope]\n",
	      "push-scope: another repository of the owner, at the value of repo=");
	exact(HOSTS "repo p/r\npush read-only repo=o/*\n",
	      "t.conf:4:21: error: no repo rule puts a repository of github.com/o in scope: add 'repo github.com/o/*' or a "
	      "repo rule for one of its repositories [push-scope]\n",
	      "push-scope: OWNER/* with no repo rule of the owner");
	exact(HOSTS "repo o/r\npush protect refs/heads/x repo=ghe.example.test/o/r\n",
	      "t.conf:4:32: error: no repo rule puts ghe.example.test/o/r in scope: add 'repo ghe.example.test/o/r' (or "
	      "'repo ghe.example.test/o/*') [push-scope]\n",
	      "push-scope: the same owner/repo on another host");
	exact(HOSTS "repo o/*\npush allow refs/heads/x repo=o\n",
	      "t.conf:4:30: error: expected [HOST/]OWNER/REPO [repo-syntax]\n", "repo=: a spec without '/', as repo's");
	exact(HOSTS "repo o/*\npush allow refs/heads/x repo=o/r.git\n",
	      "t.conf:4:33: error: 'r.git': a repository name does not end in '.git' [repo-syntax]\n",
	      "repo=: a .git suffix, at it");
	exact(HOSTS "repo o/*\npush allow refs/heads/x repo=-o/r\n",
	      "t.conf:4:30: error: '-o': an owner is letters, digits and '-' (not first) [repo-syntax]\n",
	      "repo=: a bad owner");
	exact("push allow refs/heads/x repo=\n", "t.conf:1:30: error: expected [HOST/]OWNER/REPO [repo-syntax]\n",
	      "repo=: empty");
	exact("push allow refs/heads/x repo=*.a.test/o/r\n",
	      "t.conf:1:30: error: a wildcard is allowed only in an https rule; this needs an exact host name "
	      "[wildcard-not-allowed]\n",
	      "repo=: a host checked as repo's");
}

static void conflicts(void)
{
	exact("push allow refs/heads/x id=a\npush protect refs/heads/x\n",
	      "t.conf:2:6: error: 'push protect refs/heads/x' contradicts 'push allow refs/heads/x' (rule 'a' at t.conf:1): "
	      "protect wins over allow, so the allow rule would never apply; keep one [push-conflict]\n",
	      "push-conflict: protect after allow, at the later rule, naming the earlier");
	exact("push protect refs/tags/v* id=p\npush allow-delete refs/tags/v*\n",
	      "t.conf:2:6: error: 'push allow-delete refs/tags/v*' contradicts 'push protect refs/tags/v*' (rule 'p' at "
	      "t.conf:1): protect wins over allow, so the allow rule would never apply; keep one [push-conflict]\n",
	      "push-conflict: allow-delete after protect");
	exact(HOSTS "repo o/r\npush read-only repo=o/r id=ro\npush allow refs/heads/x repo=O/R\n",
	      "t.conf:5:6: error: 'push allow refs/heads/x repo=github.com/O/R' contradicts 'push read-only "
	      "repo=github.com/o/r' (rule 'ro' at t.conf:4): read-only refuses every push there, so the allow rule would "
	      "never apply; keep one [push-conflict]\n",
	      "push-conflict: allow after read-only in the same scope");
	exact("push allow-delete refs/heads/x id=d\npush read-only\n",
	      "t.conf:2:6: error: 'push read-only' contradicts 'push allow-delete refs/heads/x' (rule 'd' at t.conf:1): "
	      "read-only refuses every push there, so the allow rule would never apply; keep one [push-conflict]\n",
	      "push-conflict: read-only after allow-delete, both without repo=");
	struct outcome o;
	const char *three = "push allow refs/heads/x\npush protect refs/heads/x\npush allow refs/heads/x repo=o/r\n"
	                    "push allow-delete refs/heads/x\n";
	char text[512];
	snprintf(text, sizeof text, HOSTS "repo o/r\n%s", three);
	run_fragment(text, strlen(text), NULL, &o);
	ok(o.errors == 2 && strstr(o.text, "t.conf:5:6: error: 'push protect refs/heads/x' contradicts") &&
	       strstr(o.text, "t.conf:7:6: error: 'push allow-delete refs/heads/x' contradicts 'push protect refs/heads/x' "
	                      "(rule 't.conf:5'"),
	   "push-conflict: every contradicting rule reported, the scoped allow left alone (got %u)", o.errors);
	outcome_free(&o);
	accepts("push allow refs/heads/*\npush protect refs/heads/x\n", "a protect inside an allow's pattern (an exception)");
	accepts(HOSTS "repo o/r\npush protect refs/heads/x\npush allow refs/heads/x repo=o/r\n",
	        "protect and allow of one pattern in different scopes");
	accepts(HOSTS "repo o/r\npush read-only repo=o/r\npush allow refs/heads/x\n",
	        "read-only for one repository beside an allow for all");
	accepts("push read-only\npush protect refs/heads/x\n", "read-only beside protect");
}

static void duplicates(void)
{
	struct outcome o;
	run_fragment("push allow refs/heads/x\npush allow refs/heads/x\n", 48, NULL, &o);
	ok(o.errors == 0 && strstr(o.text, "t.conf:2:6: warning: 'push allow refs/heads/x' repeats the rule at t.conf:1; "
	                                   "this copy is ignored [duplicate]\n") &&
	       o.rs.n == 2 && !o.rs.rules[0].dropped && o.rs.rules[1].dropped,
	   "duplicate: the same push rule twice is a warning; the copy is dropped");
	outcome_free(&o);
	exact(HOSTS "repo o/r\npush read-only repo=o/r\npush read-only repo=O/R\n",
	      "t.conf:5:6: warning: 'push read-only repo=github.com/O/R' repeats the rule at t.conf:4; this copy is ignored "
	      "[duplicate]\n",
	      "duplicate: read-only twice for one repository, case aside");
	exact("push protect refs/heads/x id=a\npush protect refs/heads/x id=b\n",
	      "t.conf:2:6: error: 'push protect refs/heads/x' is already stated by rule 'a' at t.conf:1: one rule per "
	      "target, one id per rule [duplicate-conflict]\n",
	      "duplicate-conflict: one push rule with two ids");
	accepts("push allow refs/heads/x\npush allow-delete refs/heads/x\n", "allow and allow-delete of one pattern");
	accepts(HOSTS "repo o/r\npush allow refs/heads/x\npush allow refs/heads/x repo=o/r\n",
	        "one pattern with and without repo=");
	accepts("push allow refs/heads/x\npush allow refs/heads/X\n", "patterns differing in case (refnames are case-sensitive)");
	exact("push allow refs/heads/x id=default-push-tags\n",
	      "t.conf:1:28: error: 'default-push-tags' is the id of a built-in rule (tags are not pushed unless an allow "
	      "rule names them): choose another [id-reserved]\n",
	      "id-reserved: a built-in push rule's id on a push rule");
	exact("push allow refs/heads/x id=a\nhttps a.test id=a\n",
	      "t.conf:2:17: error: id 'a' is already used by the rule at t.conf:1; ids are unique across all files "
	      "[duplicate-id]\n",
	      "duplicate-id: a push rule's id taken again");
}

static void unprotect(void)
{
	exact("push allow refs/heads/main\n",
	      "t.conf:1:12: warning: 'push allow refs/heads/main' lifts the built-in protection default-protect-main: the "
	      "sandbox may create and update this branch [push-unprotect]\n",
	      "push-unprotect: allow of main, at the pattern");
	exact("push allow-delete refs/heads/master id=x\n",
	      "t.conf:1:19: warning: 'push allow-delete refs/heads/master' lifts the built-in protection "
	      "default-protect-master: the sandbox may delete this branch [push-unprotect]\n",
	      "push-unprotect: allow-delete of master");
	exact("push allow refs/heads/production\n",
	      "t.conf:1:12: warning: 'push allow refs/heads/production' lifts the built-in protection "
	      "default-protect-production: the sandbox may create and update this branch [push-unprotect]\n",
	      "push-unprotect: production");
	exact("push allow refs/heads/release/2.x\n",
	      "t.conf:1:12: warning: 'push allow refs/heads/release/2.x' lifts the built-in protection "
	      "default-protect-release: the sandbox may create and update this branch [push-unprotect]\n",
	      "push-unprotect: a branch under release/");
	accepts("push allow refs/heads/*\n", "allow refs/heads/* (a pattern never lifts a protection)");
	accepts("push allow refs/heads/release/*\n", "allow of release/* (a pattern)");
	accepts("push allow refs/heads/main*\n", "a pattern that only begins with main");
	accepts("push allow refs/heads/release\n", "refs/heads/release itself (not under release/)");
	accepts("push allow refs/heads/mainline\npush allow refs/tags/main\n", "names that only look alike");
	accepts("push protect refs/heads/main\n", "protect of main");
}

int main(void)
{
	grammar();
	patterns();
	scope();
	conflicts();
	duplicates();
	unprotect();
	return tap_done();
}
