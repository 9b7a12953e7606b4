/* rules_check.c: checks that need the whole rule set. Each works on a
 * sorted array of pointers into the set, so 10^5 rules cost O(n log n).
 * Ties sort by pointer, which is input order: the first rule in input order
 * is the one kept, and later ones are the ones reported.
 * Errors: duplicate-conflict (also two values for one limit), duplicate-id, repo-host, push-scope,
 * push-conflict. Warnings: duplicate (the later copy is marked dropped), redundant, https-git-host. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "limit_directive.h"
#include "parse.h"
#include "rules.h"
#include "xalloc.h"

static int cmp_ptr(const struct rule *a, const struct rule *b)
{
	return (a > b) - (a < b);
}

/* The repositories a repo or push rule is about: host, then owner and
 * name case-insensitively (GitHub's rule). */
static int cmp_scope(const struct rule *a, const struct rule *b)
{
	int c = strcmp(a->host, b->host);
	if (c == 0)
		c = strcasecmp(a->owner, b->owner);
	if (c == 0)
		c = strcasecmp(a->repo, b->repo);
	return c;
}

/* Patterns are case-sensitive, as refnames are; read-only has none. */
static int cmp_pattern(const struct rule *a, const struct rule *b)
{
	if (!a->pattern || !b->pattern)
		return (a->pattern != NULL) - (b->pattern != NULL);
	return strcmp(a->pattern, b->pattern);
}

/* The identity of what a rule allows, ignoring its id; 0 only for two
 * rules of one target. */
static int cmp_target_of(const struct rule *a, const struct rule *b)
{
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if (a->kind == RULE_LIMIT)
		return a->limit - b->limit;
	if (a->kind == RULE_REPO)
		return cmp_scope(a, b);
	if (a->kind == RULE_PUSH) {
		int c = (int)a->action - (int)b->action;
		if (c == 0)
			c = cmp_pattern(a, b);
		return c ? c : cmp_scope(a, b);
	}
	return strcmp(a->host, b->host);
}

static int cmp_target(const void *pa, const void *pb)
{
	const struct rule *a = *(const struct rule *const *)pa, *b = *(const struct rule *const *)pb;
	int c = cmp_target_of(a, b);
	return c ? c : cmp_ptr(a, b);
}

static int cmp_id(const void *pa, const void *pb)
{
	const struct rule *a = *(const struct rule *const *)pa, *b = *(const struct rule *const *)pb;
	int c = strcmp(a->id, b->id);
	return c ? c : cmp_ptr(a, b);
}

/* Two limit rules set the same limit: they are the same rule only if they
 * set it to the same value (checked by the caller). */
static bool same_target(const struct rule *a, const struct rule *b)
{
	return cmp_target_of(a, b) == 0;
}

static bool from_repos_option(const struct rule *r)
{
	return !r->id_explicit && strcmp(r->id, REPOS_OPTION_ID) == 0;
}

static const char *path_of(const struct ruleset *rs, const struct rule *r)
{
	return rs->sources[r->source].path;
}

static void describe(const struct rule *r, char *out, size_t cap)
{
	if (r->kind == RULE_REPO)
		snprintf(out, cap, "repo %s/%s/%s", r->host, r->owner, r->repo);
	else if (r->kind == RULE_PUSH && push_unscoped(r))
		snprintf(out, cap, "push %s%s%.64s", push_action_name(r->action), r->pattern ? " " : "",
		         r->pattern ? r->pattern : "");
	else if (r->kind == RULE_PUSH)
		snprintf(out, cap, "push %s%s%.64s repo=%s/%s/%s", push_action_name(r->action), r->pattern ? " " : "",
		         r->pattern ? r->pattern : "", r->host, r->owner, r->repo);
	else if (r->kind == RULE_LIMIT)
		snprintf(out, cap, "limit %s", limit_defs[r->limit].name);
	else
		snprintf(out, cap, "%s %s", rule_kind_name(r->kind), r->host);
}

static void check_duplicates(struct ruleset *rs, struct diag *d, struct rule **v)
{
	qsort(v, rs->n, sizeof *v, cmp_target);
	size_t head = 0; /* first rule, in input order, of the current target */
	for (size_t i = 1; i < rs->n; i++) {
		const struct rule *keep = v[head], *r = v[i];
		if (!same_target(keep, r)) {
			head = i;
			continue;
		}
		char what[600];
		describe(r, what, sizeof what);
		bool same_id = keep->id_explicit == r->id_explicit &&
		               (!r->id_explicit || strcmp(keep->id, r->id) == 0);
		bool same_value = r->kind != RULE_LIMIT || (keep->value == r->value && keep->per == r->per);
		bool same_token = r->kind != RULE_GIT_HOST || (!keep->token && !r->token) ||
		                  (keep->token && r->token && strcmp(keep->token, r->token) == 0);
		if (!same_value) {
			diag_error(d, path_of(rs, r), r->line, r->col, "duplicate-conflict",
			           "'%s' is already set to another value by rule '%s' at %s:%u: one value per limit", what,
			           keep->id, path_of(rs, keep), keep->line);
		} else if (!same_token) {
			diag_error(d, path_of(rs, r), r->line, r->col, "duplicate-conflict",
			           "'%s' already has %s by rule '%s' at %s:%u: one token per git host", what,
			           keep->token ? "another token" : "no token", keep->id, path_of(rs, keep), keep->line);
		} else if (same_id || from_repos_option(r) || from_repos_option(keep)) {
			v[i]->dropped = true;
			diag_warning(d, path_of(rs, r), r->line, r->col, "duplicate",
			             "'%s' repeats the rule at %s:%u; this copy is ignored", what, path_of(rs, keep),
			             keep->line);
		} else {
			const char *verb = r->kind == RULE_LIMIT ? "set" : r->kind == RULE_PUSH ? "stated" : "allowed";
			diag_error(d, path_of(rs, r), r->line, r->col, "duplicate-conflict",
			           "'%s' is already %s by rule '%s' at %s:%u: one rule per target, one id per rule",
			           what, verb, keep->id, path_of(rs, keep), keep->line);
		}
	}
}

static void check_ids(struct ruleset *rs, struct diag *d, struct rule **v)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->n; i++)
		if (rs->rules[i].id_explicit && !rs->rules[i].dropped)
			v[n++] = &rs->rules[i];
	qsort(v, n, sizeof *v, cmp_id);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i - 1]->id, v[i]->id) != 0)
			continue;
		diag_error(d, path_of(rs, v[i]), v[i]->line, v[i]->id_col + 3, "duplicate-id",
		           "id '%s' is already used by the rule at %s:%u; ids are unique across all files", v[i]->id,
		           path_of(rs, v[i - 1]), v[i - 1]->line);
	}
}

static int cmp_host_key(const void *key, const void *elem)
{
	return strcmp((const char *)key, (*(const struct rule *const *)elem)->host);
}

static int cmp_host(const void *pa, const void *pb)
{
	const struct rule *a = *(const struct rule *const *)pa, *b = *(const struct rule *const *)pb;
	int c = strcmp(a->host, b->host);
	return c ? c : cmp_ptr(a, b);
}

/* Fills v with the live rules of one kind (https: only wildcards, with
 * host keys compared as written, "*.base"), sorted by host. */
static size_t collect(struct ruleset *rs, struct rule **v, enum rule_kind kind, bool wildcards)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->n; i++) {
		struct rule *r = &rs->rules[i];
		if (r->dropped || r->kind != kind)
			continue;
		if (kind == RULE_HTTPS && (r->host[0] == '*') != wildcards)
			continue;
		v[n++] = r;
	}
	qsort(v, n, sizeof *v, cmp_host);
	return n;
}

static void check_repo_hosts(struct ruleset *rs, struct diag *d, struct rule **v)
{
	size_t n = collect(rs, v, RULE_GIT_HOST, false);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->dropped || r->kind != RULE_REPO)
			continue;
		if (bsearch(r->host, v, n, sizeof *v, cmp_host_key))
			continue;
		diag_error(d, path_of(rs, r), r->line, r->col, "repo-host",
		           "no git-host rule allows '%s': add 'git-host %s' to a fragment", r->host, r->host);
	}
}

/* The wildcard rule "*.<suffix>" among the n sorted in v, or NULL. */
static const struct rule *wildcard_for(struct rule **v, size_t n, const char *suffix)
{
	char key[300];
	if (snprintf(key, sizeof key, "*.%s", suffix) >= (int)sizeof key)
		return NULL;
	struct rule **hit = bsearch(key, v, n, sizeof *v, cmp_host_key);
	return hit ? *hit : NULL;
}

static void check_https_coverage(struct ruleset *rs, struct diag *d, struct rule **v)
{
	size_t n = collect(rs, v, RULE_HTTPS, true);
	for (size_t i = 0; i < rs->n; i++) {
		struct rule *r = &rs->rules[i];
		if (r->dropped || r->kind != RULE_HTTPS)
			continue;
		bool wildcard = r->host[0] == '*';
		const char *name = wildcard ? r->host + 2 : r->host;
		if (!wildcard && wildcard_for(v, n, name))
			r->subdomains_allowed = true;
		for (const char *dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.')) {
			const struct rule *w = wildcard_for(v, n, dot + 1);
			if (!w)
				continue;
			r->subdomains_allowed = !wildcard;
			diag_warning(d, path_of(rs, r), r->line, r->col, "redundant",
			             "'%s' is already covered by '%s' (rule '%s' at %s:%u)", r->host, w->host, w->id,
			             path_of(rs, w), w->line);
			break;
		}
	}
}

/* https to a git host reaches it around gitproxy: no repository scope, no
 * push policy. Allowed (a GitHub Enterprise API may need it) but said. */
static void check_git_host_bypass(struct ruleset *rs, struct diag *d, struct rule **v)
{
	size_t nw = collect(rs, v, RULE_HTTPS, true);
	struct rule **exact = xmalloc(rs->n * sizeof *exact);
	size_t ne = collect(rs, exact, RULE_HTTPS, false);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *g = &rs->rules[i];
		if (g->dropped || g->kind != RULE_GIT_HOST)
			continue;
		struct rule **hit = bsearch(g->host, exact, ne, sizeof *exact, cmp_host_key);
		const struct rule *h = hit ? *hit : NULL;
		for (const char *dot = strchr(g->host, '.'); !h && dot; dot = strchr(dot + 1, '.'))
			h = wildcard_for(v, nw, dot + 1);
		if (!h)
			continue;
		diag_warning(d, path_of(rs, h), h->line, h->col, "https-git-host",
		             "'https %s' lets the sandbox reach the git host %s directly, around gitproxy's "
		             "repository scope (git-host rule '%s' at %s:%u)", h->host, g->host, g->id,
		             path_of(rs, g), g->line);
	}
	free(exact);
}

static int cmp_owner_key(const void *key, const void *elem)
{
	const struct rule *k = key, *e = *(const struct rule *const *)elem;
	int c = strcmp(k->host, e->host);
	return c ? c : strcasecmp(k->owner, e->owner);
}

static int cmp_owner(const void *pa, const void *pb)
{
	const struct rule *a = *(const struct rule *const *)pa, *b = *(const struct rule *const *)pb;
	int c = cmp_owner_key(a, pb);
	return c ? c : cmp_ptr(a, b);
}

static void check_repo_coverage(struct ruleset *rs, struct diag *d, struct rule **v)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->n; i++)
		if (!rs->rules[i].dropped && rs->rules[i].kind == RULE_REPO && strcmp(rs->rules[i].repo, "*") == 0)
			v[n++] = &rs->rules[i];
	qsort(v, n, sizeof *v, cmp_owner);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->dropped || r->kind != RULE_REPO || strcmp(r->repo, "*") == 0)
			continue;
		struct rule **hit = bsearch(r, v, n, sizeof *v, cmp_owner_key);
		if (!hit)
			continue;
		diag_warning(d, path_of(rs, r), r->line, r->col, "redundant",
		             "'%s/%s/%s' is already covered by '%s/%s/*' (rule '%s' at %s:%u)", r->host, r->owner,
		             r->repo, (*hit)->host, (*hit)->owner, (*hit)->id, path_of(rs, *hit), (*hit)->line);
	}
}

static int cmp_range(const void *pa, const void *pb)
{
	const struct rule *a = *(const struct rule *const *)pa, *b = *(const struct rule *const *)pb;
	int c = cidr_compare(&a->range, &b->range);
	return c ? c : cmp_ptr(a, b);
}

/* Ranges are nested or disjoint, and sorted a wider one comes before the
 * ranges it holds: one sweep with the last range not covered by another
 * finds every covered one. The covered rule is kept (its counter simply
 * never counts what the wider rule takes first). */
static void check_egress_coverage(struct ruleset *rs, struct diag *d, struct rule **v)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->n; i++)
		if (!rs->rules[i].dropped && rs->rules[i].kind == RULE_EGRESS)
			v[n++] = &rs->rules[i];
	qsort(v, n, sizeof *v, cmp_range);
	const struct rule *cover = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = v[i];
		if (!cover || !cidr_contains(&cover->range, &r->range)) {
			cover = r;
			continue;
		}
		if (cidr_compare(&cover->range, &r->range) == 0)
			continue; /* the same range again: check_duplicates said so */
		diag_warning(d, path_of(rs, r), r->line, r->col, "redundant",
		             "'egress-allow %s' is already covered by '%s' (rule '%s' at %s:%u)", r->host, cover->host,
		             cover->id, path_of(rs, cover), cover->line);
	}
}

/* By scope (repo and push rules), then input order. */
static int cmp_repo(const void *pa, const void *pb)
{
	const struct rule *a = *(const struct rule *const *)pa, *b = *(const struct rule *const *)pb;
	int c = cmp_scope(a, b);
	return c ? c : cmp_ptr(a, b);
}

static int cmp_repo_key(const void *key, const void *elem)
{
	return cmp_scope(key, *(const struct rule *const *)elem);
}

/* A push rule's repo= must name repositories that are in scope: else the
 * rule is about nothing, most likely a typo or a repo rule removed. */
static void check_push_scope(struct ruleset *rs, struct diag *d, struct rule **v)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->n; i++)
		if (!rs->rules[i].dropped && rs->rules[i].kind == RULE_REPO)
			v[n++] = &rs->rules[i];
	qsort(v, n, sizeof *v, cmp_repo);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->dropped || r->kind != RULE_PUSH || push_unscoped(r))
			continue;
		/* v is sorted by host and owner too, so cmp_owner_key finds any
		 * rule of the owner. */
		struct rule owner_all = *r;
		owner_all.repo = "*";
		if (strcmp(r->repo, "*") == 0 ? bsearch(r, v, n, sizeof *v, cmp_owner_key) != NULL
		                              : bsearch(r, v, n, sizeof *v, cmp_repo_key) != NULL ||
		                                    bsearch(&owner_all, v, n, sizeof *v, cmp_repo_key) != NULL)
			continue;
		if (strcmp(r->repo, "*") == 0)
			diag_error(d, path_of(rs, r), r->line, r->scope_col, "push-scope",
			           "no repo rule puts a repository of %s/%s in scope: add 'repo %s/%s/*' or a repo rule for "
			           "one of its repositories",
			           r->host, r->owner, r->host, r->owner);
		else
			diag_error(d, path_of(rs, r), r->line, r->scope_col, "push-scope",
			           "no repo rule puts %s/%s/%s in scope: add 'repo %s/%s/%s' (or 'repo %s/%s/*')", r->host,
			           r->owner, r->repo, r->host, r->owner, r->repo, r->host, r->owner);
	}
}

static int cmp_push_pattern(const void *pa, const void *pb)
{
	const struct rule *a = *(const struct rule *const *)pa, *b = *(const struct rule *const *)pb;
	int c = cmp_scope(a, b);
	if (c == 0)
		c = cmp_pattern(a, b);
	return c ? c : cmp_ptr(a, b);
}

static bool same_scope(const struct rule *a, const struct rule *b)
{
	return cmp_scope(a, b) == 0;
}

static bool same_scope_and_pattern(const struct rule *a, const struct rule *b)
{
	return cmp_scope(a, b) == 0 && cmp_pattern(a, b) == 0;
}

static bool is_allow(const struct rule *r)
{
	return r->action == PUSH_ALLOW || r->action == PUSH_ALLOW_DELETE;
}

/* Reports r, which contradicts the earlier rule first. */
static void report_conflict(struct ruleset *rs, struct diag *d, const struct rule *r, const struct rule *first,
                            const char *why)
{
	char what[600], other[600];
	describe(r, what, sizeof what);
	describe(first, other, sizeof other);
	diag_error(d, path_of(rs, r), r->line, r->col, "push-conflict",
	           "'%s' contradicts '%s' (rule '%s' at %s:%u): %s, so the allow rule would never apply; keep one", what,
	           other, first->id, path_of(rs, first), first->line, why);
}

/* v[0, n) is sorted so that the rules same() groups are adjacent and in
 * input order. In a group, an allow or allow-delete rule and a rule of
 * action against contradict: each later one is reported, naming the
 * group's first rule of the other side. */
static void report_contradictions(struct ruleset *rs, struct diag *d, struct rule **v, size_t n,
                                  bool (*same)(const struct rule *, const struct rule *), enum push_action against,
                                  const char *why)
{
	const struct rule *first_allow = NULL, *first_against = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = v[i];
		if (i > 0 && !same(v[i - 1], r))
			first_allow = first_against = NULL;
		if (is_allow(r)) {
			if (first_against)
				report_conflict(rs, d, r, first_against, why);
			if (!first_allow)
				first_allow = r;
		} else if (r->action == against) {
			if (first_allow)
				report_conflict(rs, d, r, first_allow, why);
			if (!first_against)
				first_against = r;
		}
	}
}

/* Only rules with the same repo= (or none) are compared: a narrower
 * rule beside a wider one is how an exception is written. */
static void check_push_conflicts(struct ruleset *rs, struct diag *d, struct rule **v)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->n; i++)
		if (!rs->rules[i].dropped && rs->rules[i].kind == RULE_PUSH)
			v[n++] = &rs->rules[i];
	qsort(v, n, sizeof *v, cmp_push_pattern);
	report_contradictions(rs, d, v, n, same_scope_and_pattern, PUSH_PROTECT, "protect wins over allow");
	qsort(v, n, sizeof *v, cmp_repo);
	report_contradictions(rs, d, v, n, same_scope, PUSH_READ_ONLY, "read-only refuses every push there");
}

void rules_check(struct ruleset *rs, struct diag *d)
{
	if (rs->n == 0)
		return;
	struct rule **v = xmalloc(rs->n * sizeof *v);
	for (size_t i = 0; i < rs->n; i++)
		v[i] = &rs->rules[i];
	check_duplicates(rs, d, v);
	check_ids(rs, d, v);
	check_repo_hosts(rs, d, v);
	check_https_coverage(rs, d, v);
	check_repo_coverage(rs, d, v);
	check_egress_coverage(rs, d, v);
	check_git_host_bypass(rs, d, v);
	check_push_scope(rs, d, v);
	check_push_conflicts(rs, d, v);
	free(v);
}
