/* push_policy.c: see push_policy.h. */
#include "push_policy.h"

#include "builtin_rules.h"
#include "git_names.h"

#include <stdio.h>
#include <string.h>

#define BUILT_IN "built-in"

static bool under(const char *ref, size_t len, const char *prefix)
{
	size_t k = strlen(prefix);
	return len > k && memcmp(ref, prefix, k) == 0;
}

static bool verdict(struct push_verdict *v, bool allowed, enum push_why why, const char *rule, const char *source)
{
	*v = (struct push_verdict){.allowed = allowed, .why = why, .rule = rule, .source = source};
	return true;
}

static bool from_rule(struct push_verdict *v, bool allowed, enum push_why why, const struct push_rule *r)
{
	return verdict(v, allowed, why, r->rule, r->source);
}

/* An allow rule that could match a branch says which branches may be
 * pushed, so the others may not; one that names a protected branch
 * exactly only lifts that protection. */
static bool restricts_branches(const char *pattern)
{
	return ref_pattern_reaches(pattern, "refs/heads/") &&
	       !(ref_pattern_is_exact(pattern) && builtin_protection(pattern, strlen(pattern)));
}

/* The verdict before the default branch is considered. */
static void judge_rules(const struct policy *p, const struct repo_id *repo, enum push_kind kind, const char *ref,
                        size_t len, struct push_verdict *v, bool *lifted)
{
	size_t n;
	const struct push_rule *rules = policy_push_rules(p, &n);
	enum push_action wanted = kind == PUSH_DELETE ? PUSH_RULE_ALLOW_DELETE : PUSH_RULE_ALLOW;
	const struct push_rule *allowing = NULL, *branch_allow = NULL, *read_only = NULL, *protect = NULL;
	*lifted = false;
	for (size_t i = 0; i < n; i++) {
		const struct push_rule *r = &rules[i];
		if (!push_rule_applies(r, repo->host, repo->owner, repo->repo))
			continue;
		bool match = r->pattern && ref_pattern_match(r->pattern, ref, len);
		if (r->action == PUSH_RULE_READ_ONLY && !read_only)
			read_only = r;
		if (r->action == PUSH_RULE_PROTECT && match && !protect)
			protect = r;
		if (r->action == wanted && match) {
			if (!allowing)
				allowing = r;
			*lifted |= ref_pattern_is_exact(r->pattern);
		}
		if (r->action == PUSH_RULE_ALLOW && r->pattern && !branch_allow && restricts_branches(r->pattern))
			branch_allow = r;
	}
	if (read_only || protect) {
		*lifted = false;
		from_rule(v, false, read_only ? WHY_READ_ONLY : WHY_PROTECTED, read_only ? read_only : protect);
		return;
	}
	const char *protection = *lifted ? NULL : builtin_protection(ref, len);
	if (protection) {
		verdict(v, false, WHY_BUILT_IN, protection, BUILT_IN);
		return;
	}
	if (allowing) {
		from_rule(v, true, WHY_ALLOWED, allowing);
		return;
	}
	if (kind == PUSH_DELETE) {
		verdict(v, false, WHY_DELETE, RULE_PUSH_DELETE, BUILT_IN);
	} else if (under(ref, len, "refs/heads/")) {
		if (branch_allow) {
			verdict(v, false, WHY_UNLISTED, RULE_PUSH_UNLISTED, BUILT_IN);
			v->pattern = branch_allow->pattern;
		} else {
			verdict(v, true, WHY_ALLOWED, RULE_PUSH_BRANCHES, BUILT_IN);
		}
	} else if (under(ref, len, "refs/tags/")) {
		verdict(v, false, WHY_TAG, RULE_PUSH_TAGS, BUILT_IN);
	} else {
		verdict(v, false, WHY_OTHER, RULE_PUSH_OTHER, BUILT_IN);
	}
}

bool push_judge(const struct policy *p, const struct repo_id *repo, const struct head_answer *head,
                enum push_kind kind, const char *ref, size_t len, struct push_verdict *v)
{
	bool lifted;
	judge_rules(p, repo, kind, ref, len, v, &lifted);
	/* Only a branch the rules would let through waits for the default branch. */
	if (!v->allowed || lifted || !under(ref, len, "refs/heads/"))
		return true;
	switch (head->state) {
	case HEAD_PENDING:
		return false;
	case HEAD_KNOWN:
		if (strlen(head->ref) == len && memcmp(head->ref, ref, len) == 0)
			return verdict(v, false, WHY_DEFAULT_HEAD, RULE_PROTECT_HEAD, BUILT_IN);
		return true;
	case HEAD_NONE:
		return true;
	case HEAD_FAILED:
		return verdict(v, false, WHY_HEAD_UNKNOWN, RULE_PROTECT_HEAD, BUILT_IN);
	}
	return true;
}

/* "repo=OWNER/REPO", with the host when it is not github.com. */
static void scope_of(const struct repo_id *repo, char *out, size_t cap)
{
	if (strcmp(repo->host, "github.com") == 0)
		snprintf(out, cap, "repo=%s/%s", repo->owner, repo->repo);
	else
		snprintf(out, cap, "repo=%s/%s/%s", repo->host, repo->owner, repo->repo);
}

void push_verdict_explain(const struct push_verdict *v, const struct repo_id *repo, const struct head_answer *head,
                          const char *ref, size_t len, char *out, size_t cap)
{
	char scope[300];
	scope_of(repo, scope, sizeof scope);
	int n = (int)(len > 300 ? 300 : len);
	switch (v->why) {
	case WHY_ALLOWED:
		snprintf(out, cap, "allowed");
		break;
	case WHY_READ_ONLY:
		snprintf(out, cap, "the repository is read-only (fetch only); to push, remove rule %s", v->rule);
		break;
	case WHY_PROTECTED:
		snprintf(out, cap, "%.*s is protected by rule %s; to push it, remove or narrow that rule", n, ref, v->rule);
		break;
	case WHY_BUILT_IN:
	case WHY_DEFAULT_HEAD:
		snprintf(out, cap,
		         "%.*s is %s; to let the sandbox push it, add \"push %s %.*s %s\" to allowlist.d",
		         n, ref, v->why == WHY_BUILT_IN ? "a protected branch" : "the upstream's default branch",
		         "allow", n, ref, scope);
		break;
	case WHY_HEAD_UNKNOWN:
		snprintf(out, cap, "the upstream's default branch could not be learned (%s), so no branch is pushed; retry",
		         head && head->why ? head->why : "no answer");
		break;
	case WHY_UNLISTED:
		snprintf(out, cap, "no push allow rule names %.*s (branches allowed: %s ...); add \"push allow %.*s %s\"",
		         n, ref, v->pattern ? v->pattern : "none", n, ref, scope);
		break;
	case WHY_TAG:
		snprintf(out, cap, "tags are not pushed by default; to allow it, add \"push allow %.*s %s\" "
		         "(or a pattern such as refs/tags/v*)", n, ref, scope);
		break;
	case WHY_DELETE:
		snprintf(out, cap, "refs are not deleted by default; to allow it, add \"push allow-delete %.*s %s\"", n, ref,
		         scope);
		break;
	case WHY_OTHER:
		snprintf(out, cap, "only branches are pushed by default; to allow it, add \"push allow %.*s %s\"", n, ref,
		         scope);
		break;
	case WHY_TOO_LARGE:
		snprintf(out, cap, "the push has more ref updates than gitproxy reads before forwarding (at most 1000 ref "
		         "updates, 256 KiB before the pack): push fewer refs at a time");
		break;
	}
}
