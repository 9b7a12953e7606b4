/* test_push_policy.c: every rule of docs/allowlist.md's push section,
 * judged on real policies (gitproxy.json v3 written to a file). */
#include "builtin_rules.h"
#include "policy.h"
#include "push_policy.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[] = "/tmp/gitproxy-test-push-policy-XXXXXX";

#define LIMITS "\"limits\":{\"connections\":{\"value\":256,\"rule\":\"c\"},\"transfers\":{\"value\":64,\"rule\":\"t\"}," \
	"\"request-rate\":{\"value\":30,\"per\":60,\"rule\":\"r\"},\"request-burst\":{\"value\":600,\"rule\":\"b\"}," \
	"\"push-rate\":{\"value\":1024,\"per\":1,\"rule\":\"pr\"},\"push-burst\":{\"value\":1024,\"rule\":\"pb\"}," \
	"\"push-size\":{\"value\":1024,\"rule\":\"ps\"},\"head-timeout\":{\"value\":10,\"rule\":\"h\"}," \
	"\"idle-timeout\":{\"value\":60,\"rule\":\"i\"},\"session-ttl\":{\"value\":43200,\"rule\":\"st\"},\"transfer-timeout\":{\"value\":3600,\"rule\":\"tt\"}}"
#define ALL "\"host\":\"*\",\"owner\":\"*\",\"name\":\"*\""
#define REPO(o, r) "\"host\":\"github.com\",\"owner\":\"" o "\",\"name\":\"" r "\""
#define RULE(action, pattern, scope, id) \
	"{\"action\":\"" action "\"," pattern scope ",\"rule\":\"" id "\",\"source\":\"50-push.conf:1\"}"
#define PAT(p) "\"pattern\":\"" p "\","

static struct policy *load(const char *push)
{
	char why[300];
	FILE *f = fopen(path, "w");
	fprintf(f, "{\"version\":4,\"git_hosts\":[],\"repos\":[],\"push\":[%s]," LIMITS "}", push);
	fclose(f);
	struct policy *p = policy_load(path, why, sizeof why);
	if (!p)
		printf("# %s\n", why);
	return p;
}

static const struct repo_id repo = {"github.com", "airlock-test", "allowed"};
static const struct head_answer head_develop = {HEAD_KNOWN, "refs/heads/develop", NULL};
static const struct head_answer head_none = {HEAD_NONE, NULL, NULL};

/* The verdict's rule id, "allowed:<id>", or "waits" when it needs the
 * default branch. */
static const char *judge(const struct policy *p, const struct head_answer *head, enum push_kind kind, const char *ref)
{
	static char out[200];
	struct push_verdict v;
	if (!push_judge(p, &repo, head, kind, ref, strlen(ref), &v))
		return "waits";
	snprintf(out, sizeof out, "%s%s", v.allowed ? "allowed:" : "", v.rule);
	return out;
}

#define is(got, want, ...)                                                   \
	do {                                                                     \
		const char *got_ = (got);                                            \
		if (!ok(strcmp(got_, (want)) == 0, __VA_ARGS__))                     \
			printf("#   got %s, want %s\n", got_, (want));                  \
	} while (0)

static void defaults(void)
{
	struct policy *p = load("");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/agent/x"), "allowed:" RULE_PUSH_BRANCHES,
	   "default: a new branch is allowed");
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/feature"), "allowed:" RULE_PUSH_BRANCHES,
	   "default: updating a branch is allowed");
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/main"), RULE_PROTECT_MAIN, "default: main is protected");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/master"), RULE_PROTECT_MASTER, "default: master is protected");
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/production"), RULE_PROTECT_PRODUCTION,
	   "default: production is protected");
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/release/1.2"), RULE_PROTECT_RELEASE,
	   "default: release/1.2 is protected");
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/release/1.2/fix"), RULE_PROTECT_RELEASE,
	   "default: release/* covers deeper names");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/releases"), "allowed:" RULE_PUSH_BRANCHES,
	   "default: releases is not release/*");
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/mainline"), "allowed:" RULE_PUSH_BRANCHES,
	   "default: mainline is not main");
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/develop"), RULE_PROTECT_HEAD,
	   "default: the upstream's default branch is protected");
	is(judge(p, &head_develop, PUSH_DELETE, "refs/heads/agent/x"), RULE_PUSH_DELETE, "default: deletions refused");
	is(judge(p, &head_develop, PUSH_DELETE, "refs/heads/main"), RULE_PROTECT_MAIN,
	   "default: deleting main names main's protection");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/tags/v9.9.9"), RULE_PUSH_TAGS, "default: tags refused");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/notes/commits"), RULE_PUSH_OTHER, "default: other refs refused");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/Main"), "allowed:" RULE_PUSH_BRANCHES,
	   "default: refnames are case-sensitive, as in git");
	policy_free(p);
}

static void default_branch(void)
{
	struct policy *p = load("");
	struct head_answer pending = {HEAD_PENDING, NULL, NULL}, failed = {HEAD_FAILED, NULL, "no answer"};
	is(judge(p, &pending, PUSH_CREATE, "refs/heads/agent/x"), "waits",
	   "head: an allowed branch waits for the default branch");
	is(judge(p, &pending, PUSH_UPDATE, "refs/heads/main"), RULE_PROTECT_MAIN,
	   "head: a ref refused anyway does not wait");
	is(judge(p, &pending, PUSH_CREATE, "refs/tags/v1"), RULE_PUSH_TAGS, "head: a tag does not wait");
	is(judge(p, &failed, PUSH_CREATE, "refs/heads/agent/x"), RULE_PROTECT_HEAD,
	   "head: unknown default branch: branches refused (fail closed)");
	is(judge(p, &head_none, PUSH_CREATE, "refs/heads/first"), "allowed:" RULE_PUSH_BRANCHES,
	   "head: an empty repository has no default branch to protect");
	policy_free(p);
	p = load(RULE("allow", PAT("refs/heads/develop"), ALL, "dev"));
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/develop"), "allowed:dev",
	   "head: an exact allow lifts the default branch's protection");
	is(judge(p, &pending, PUSH_UPDATE, "refs/heads/develop"), "allowed:dev",
	   "head: ... and then need not wait for it");
	policy_free(p);
}

static void allow_rules(void)
{
	struct policy *p = load(RULE("allow", PAT("refs/heads/agent/*"), ALL, "agent"));
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/agent/fix-1"), "allowed:agent", "allow: agent/* allows agent/fix-1");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/agent/a/b"), "allowed:agent", "allow: * matches across /");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/feature"), RULE_PUSH_UNLISTED,
	   "allow: a branch outside the allow pattern is refused");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/agent"), RULE_PUSH_UNLISTED, "allow: * needs at least one byte");
	is(judge(p, &head_develop, PUSH_DELETE, "refs/heads/agent/x"), RULE_PUSH_DELETE,
	   "allow: allow does not allow deleting");
	policy_free(p);

	p = load(RULE("allow", PAT("refs/tags/v*"), REPO("airlock-test", "allowed"), "tags"));
	is(judge(p, &head_develop, PUSH_CREATE, "refs/tags/v1.0"), "allowed:tags", "allow: a tag pattern allows tags");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/tags/x1.0"), RULE_PUSH_TAGS, "allow: other tags still refused");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/feature"), "allowed:" RULE_PUSH_BRANCHES,
	   "allow: a tag rule leaves the branch default as it is");
	policy_free(p);

	p = load(RULE("allow", PAT("refs/heads/*"), ALL, "all-branches"));
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/main"), RULE_PROTECT_MAIN,
	   "allow: a wildcard never lifts a built-in protection");
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/develop"), RULE_PROTECT_HEAD,
	   "allow: ... nor the default branch's");
	policy_free(p);

	p = load(RULE("allow", PAT("refs/heads/main"), REPO("AIRLOCK-TEST", "Allowed"), "main-ok"));
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/main"), "allowed:main-ok",
	   "allow: an exact allow for this repository lifts main's protection");
	is(judge(p, &head_develop, PUSH_DELETE, "refs/heads/main"), RULE_PROTECT_MAIN,
	   "allow: ... for updates, not for deleting it");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/feature"), "allowed:" RULE_PUSH_BRANCHES,
	   "allow: lifting main's protection does not restrict the other branches");
	policy_free(p);

	p = load(RULE("allow", PAT("refs/heads/staging"), ALL, "staging-only"));
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/staging"), "allowed:staging-only",
	   "allow: an exact branch that is not protected ...");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/feature"), RULE_PUSH_UNLISTED,
	   "allow: ... restricts pushes to the branches allow rules name");
	policy_free(p);

	p = load(RULE("allow", PAT("refs/heads/main"), REPO("airlock-test", "other"), "other-main"));
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/main"), RULE_PROTECT_MAIN,
	   "allow: a rule for another repository does not apply");
	policy_free(p);

	p = load(RULE("allow-delete", PAT("refs/heads/agent/*"), ALL, "cleanup"));
	is(judge(p, &head_develop, PUSH_DELETE, "refs/heads/agent/old"), "allowed:cleanup",
	   "allow-delete: the agent may delete its branches");
	is(judge(p, &head_develop, PUSH_DELETE, "refs/heads/other"), RULE_PUSH_DELETE,
	   "allow-delete: other deletions still refused");
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/other"), "allowed:" RULE_PUSH_BRANCHES,
	   "allow-delete: does not restrict creating branches");
	policy_free(p);
}

static void protect_and_read_only(void)
{
	struct policy *p = load(RULE("allow", PAT("refs/heads/agent/*"), ALL, "agent") ","
	                        RULE("protect", PAT("refs/heads/agent/keep"), ALL, "keep"));
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/agent/keep"), "keep", "protect: beats an allow rule listed before it");
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/agent/other"), "allowed:agent", "protect: only its pattern");
	policy_free(p);

	p = load(RULE("protect", PAT("refs/heads/staging"), ALL, "staging") "," RULE("allow", PAT("refs/heads/staging"), ALL, "s2"));
	is(judge(p, &head_develop, PUSH_UPDATE, "refs/heads/staging"), "staging",
	   "protect: beats an exact allow listed after it");
	policy_free(p);

	p = load(RULE("allow", PAT("refs/heads/agent/*"), ALL, "agent") "," RULE("read-only", "", REPO("airlock-test", "allowed"), "mirror"));
	is(judge(p, &head_develop, PUSH_CREATE, "refs/heads/agent/x"), "mirror", "read-only: refuses every update");
	is(judge(p, &head_develop, PUSH_DELETE, "refs/heads/agent/x"), "mirror", "read-only: and every delete");
	struct push_verdict v;
	struct repo_id other = {"github.com", "airlock-test", "other"};
	ok(push_judge(p, &other, &head_develop, PUSH_CREATE, "refs/heads/agent/x", 18, &v) && v.allowed &&
	       strcmp(v.rule, "agent") == 0,
	   "read-only: only for its repository");
	policy_free(p);
}

static void explanations(void)
{
	struct policy *p = load(RULE("allow", PAT("refs/heads/agent/*"), ALL, "agent"));
	struct push_verdict v;
	char why[1000];
	const char *ref = "refs/heads/main";
	push_judge(p, &repo, &head_develop, PUSH_UPDATE, ref, strlen(ref), &v);
	push_verdict_explain(&v, &repo, &head_develop, ref, strlen(ref), why, sizeof why);
	ok(strcmp(v.source, "built-in") == 0 && strstr(why, "protected branch") &&
	       strstr(why, "\"push allow refs/heads/main repo=airlock-test/allowed\""),
	   "explain: a built-in protection says how to lift it: %s", why);
	ref = "refs/heads/feature";
	push_judge(p, &repo, &head_develop, PUSH_CREATE, ref, strlen(ref), &v);
	push_verdict_explain(&v, &repo, &head_develop, ref, strlen(ref), why, sizeof why);
	ok(strstr(why, "refs/heads/agent/*") && strstr(why, "push allow refs/heads/feature"),
	   "explain: an unlisted branch names an allowed pattern: %s", why);
	ref = "refs/tags/v1";
	push_judge(p, &repo, &head_develop, PUSH_CREATE, ref, strlen(ref), &v);
	push_verdict_explain(&v, &repo, &head_develop, ref, strlen(ref), why, sizeof why);
	ok(strstr(why, "tags are not pushed by default"), "explain: tags: %s", why);
	ref = "refs/heads/agent/x";
	push_judge(p, &repo, &head_develop, PUSH_DELETE, ref, strlen(ref), &v);
	push_verdict_explain(&v, &repo, &head_develop, ref, strlen(ref), why, sizeof why);
	ok(strstr(why, "push allow-delete refs/heads/agent/x repo=airlock-test/allowed"), "explain: deletes: %s", why);
	ok(!strchr(why, '\n'), "explain: one line");
	policy_free(p);
	struct repo_id ghe = {"ghe.test", "o", "r"};
	p = load("");
	ref = "refs/heads/master";
	push_judge(p, &ghe, &head_none, PUSH_UPDATE, ref, strlen(ref), &v);
	push_verdict_explain(&v, &ghe, &head_none, ref, strlen(ref), why, sizeof why);
	ok(strstr(why, "repo=ghe.test/o/r"), "explain: another git host is named in the scope: %s", why);
	policy_free(p);
}

int main(void)
{
	int fd = mkstemp(path);
	close(fd);
	defaults();
	default_branch();
	allow_rules();
	protect_and_read_only();
	explanations();
	unlink(path);
	return tap_done();
}
