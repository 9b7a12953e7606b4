#include "policy.h"

#include "git_names.h"
#include "limits.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yajl/yajl_tree.h>

struct repo_scope {
	char *host, *owner, *name, *rule;
};
struct policy {
	unsigned long holders;
	struct git_host *hosts;
	size_t nhosts;
	struct repo_scope *repos;
	size_t nrepos;
	struct push_rule *push;
	size_t npush;
	struct limit limits[LIM_COUNT];
	char *limit_rules[LIM_COUNT];
};

static const struct {
	const char *name;
	bool rate;
} limit_names[LIM_COUNT] = {
	[LIM_CONNECTIONS] = {"connections", false},     [LIM_TRANSFERS] = {"transfers", false},
	[LIM_REQUEST_RATE] = {"request-rate", true},    [LIM_REQUEST_BURST] = {"request-burst", false},
	[LIM_PUSH_RATE] = {"push-rate", true},          [LIM_PUSH_BURST] = {"push-burst", false},
	[LIM_PUSH_SIZE] = {"push-size", false},         [LIM_HEAD_TIMEOUT] = {"head-timeout", false},
	[LIM_IDLE_TIMEOUT] = {"idle-timeout", false},   [LIM_TRANSFER_TIMEOUT] = {"transfer-timeout", false},
	[LIM_SESSION_TTL] = {"session-ttl", false},
};

/* Values beyond this are not a limit anyone means, and doubles hold them exactly. */
#define LIMIT_VALUE_MAX (1ull << 50)

struct policy *policy_hold(struct policy *p)
{
	p->holders++;
	return p;
}

void policy_free(struct policy *p)
{
	if (!p || --p->holders > 0)
		return;
	for (size_t i = 0; i < p->nhosts; i++) {
		free(p->hosts[i].host);
		free(p->hosts[i].token);
		free(p->hosts[i].rule);
	}
	for (size_t i = 0; i < p->nrepos; i++) {
		free(p->repos[i].host);
		free(p->repos[i].owner);
		free(p->repos[i].name);
		free(p->repos[i].rule);
	}
	for (size_t i = 0; i < p->npush; i++) {
		struct push_rule *r = &p->push[i];
		free(r->pattern);
		free(r->host);
		free(r->owner);
		free(r->name);
		free(r->rule);
		free(r->source);
	}
	for (size_t i = 0; i < LIM_COUNT; i++)
		free(p->limit_rules[i]);
	free(p->hosts);
	free(p->repos);
	free(p->push);
	free(p);
}

/* Reads the whole file (bounded) into a NUL-terminated buffer. */
static char *slurp(const char *path, char *why, size_t whylen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(why, whylen, "unable to open %s: %s", path, strerror(errno));
		return NULL;
	}
	char *buf = malloc(LIMIT_CONFIG_BYTES + 1);
	size_t n = buf ? fread(buf, 1, LIMIT_CONFIG_BYTES + 1, f) : 0;
	int failed = !buf || ferror(f);
	fclose(f);
	if (failed || n > LIMIT_CONFIG_BYTES) {
		snprintf(why, whylen, "unable to read %s: %s", path, failed ? "read error" : "too large");
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* Copies the string members named in keys[] (all required, no others
 * allowed) of object o into out[]; returns 0 or -1 with why filled in. */
static int take_strings(yajl_val o, const char *what, const char *const keys[], size_t nkeys,
                        char **out, char *why, size_t whylen)
{
	if (!YAJL_IS_OBJECT(o) || o->u.object.len != nkeys) {
		snprintf(why, whylen, "each %s must be an object with exactly %zu members", what, nkeys);
		return -1;
	}
	for (size_t k = 0; k < nkeys; k++) {
		const char *path[] = {keys[k], NULL};
		yajl_val v = yajl_tree_get(o, path, yajl_t_string);
		const char *str = v ? YAJL_GET_STRING(v) : NULL;
		if (!str || !*str) {
			snprintf(why, whylen, "a %s lacks the string member \"%s\"", what, keys[k]);
			return -1;
		}
		if (!(out[k] = strdup(str))) {
			snprintf(why, whylen, "out of memory");
			return -1;
		}
	}
	return 0;
}

/* A positive integer member of o no greater than LIMIT_VALUE_MAX. */
static int take_count(yajl_val o, const char *key, unsigned long long *out)
{
	const char *path[] = {key, NULL};
	yajl_val v = yajl_tree_get(o, path, yajl_t_number);
	if (!v || !YAJL_IS_INTEGER(v) || YAJL_GET_INTEGER(v) < 1 ||
	    (unsigned long long)YAJL_GET_INTEGER(v) > LIMIT_VALUE_MAX)
		return -1;
	*out = (unsigned long long)YAJL_GET_INTEGER(v);
	return 0;
}

/* "limits": every name once, each {"value", "per" (rates only), "rule"}. */
static int load_limits(yajl_val limits, struct policy *p, char *why, size_t whylen)
{
	if (limits->u.object.len != LIM_COUNT) {
		snprintf(why, whylen, "limits must have exactly the %d limits gitproxy knows", LIM_COUNT);
		return -1;
	}
	for (size_t i = 0; i < LIM_COUNT; i++) {
		const char *name = limit_names[i].name, *path[] = {name, NULL};
		yajl_val o = yajl_tree_get(limits, path, yajl_t_object);
		size_t members = limit_names[i].rate ? 3 : 2;
		const char *rpath[] = {"rule", NULL};
		yajl_val rule = o ? yajl_tree_get(o, rpath, yajl_t_string) : NULL;
		const char *rule_id = rule ? YAJL_GET_STRING(rule) : NULL;
		struct limit *l = &p->limits[i];
		l->per = 1;
		if (!o || o->u.object.len != members || take_count(o, "value", &l->value) < 0 ||
		    (limit_names[i].rate && take_count(o, "per", &l->per) < 0) || !rule_id || !*rule_id) {
			snprintf(why, whylen, "limit %s must be {\"value\": N%s, \"rule\": ID} with N > 0", name,
			         limit_names[i].rate ? ", \"per\": SECONDS" : "");
			return -1;
		}
		if (!(p->limit_rules[i] = strdup(rule_id))) {
			snprintf(why, whylen, "out of memory");
			return -1;
		}
		l->rule = p->limit_rules[i];
	}
	return 0;
}

static const char *const push_actions[] = {
	[PUSH_RULE_ALLOW] = "allow",
	[PUSH_RULE_ALLOW_DELETE] = "allow-delete",
	[PUSH_RULE_PROTECT] = "protect",
	[PUSH_RULE_READ_ONLY] = "read-only",
};

static int push_action_of(const char *name, enum push_action *out)
{
	for (size_t i = 0; i < sizeof push_actions / sizeof *push_actions; i++)
		if (strcmp(push_actions[i], name) == 0) {
			*out = (enum push_action)i;
			return 0;
		}
	return -1;
}

/* One "push" entry: {"action", ["pattern",] "host", "owner", "name",
 * "rule", "source"}; every string required and non-empty, nothing else.
 * A repository scope is "*" whole, OWNER/ *, or one repository. */
static int load_push_rule(yajl_val o, struct push_rule *r, char *why, size_t whylen)
{
	static const char *const with_pattern[] = {"action", "pattern", "host", "owner", "name", "rule", "source"};
	static const char *const read_only[] = {"action", "host", "owner", "name", "rule", "source"};
	const char *apath[] = {"action", NULL};
	yajl_val action = YAJL_IS_OBJECT(o) ? yajl_tree_get(o, apath, yajl_t_string) : NULL;
	const char *name = action ? YAJL_GET_STRING(action) : NULL;
	if (!name || push_action_of(name, &r->action) < 0) {
		snprintf(why, whylen, "each push entry needs an action: allow, allow-delete, protect or read-only");
		return -1;
	}
	bool has_pattern = r->action != PUSH_RULE_READ_ONLY;
	char *s[7] = {NULL};
	int rc = has_pattern ? take_strings(o, "push entry", with_pattern, 7, s, why, whylen)
	                     : take_strings(o, "read-only push entry", read_only, 6, s, why, whylen);
	free(s[0]);
	char **rest = has_pattern ? s + 2 : s + 1;
	r->pattern = has_pattern ? s[1] : NULL;
	r->host = rest[0];
	r->owner = rest[1];
	r->name = rest[2];
	r->rule = rest[3];
	r->source = rest[4];
	if (rc < 0)
		return -1;
	size_t at;
	const char *bad = r->pattern ? ref_pattern_check(r->pattern, strlen(r->pattern), &at) : NULL;
	if (bad) {
		snprintf(why, whylen, "push rule %s: pattern %s: %s", r->rule, r->pattern, bad);
		return -1;
	}
	bool all_hosts = strcmp(r->host, "*") == 0, all_owners = strcmp(r->owner, "*") == 0;
	if ((all_hosts || all_owners) && !(all_hosts && all_owners && strcmp(r->name, "*") == 0)) {
		snprintf(why, whylen, "push rule %s: a scope is all repositories or one owner's or one repository's", r->rule);
		return -1;
	}
	return 0;
}

/* A non-empty string member of o, or NULL. */
static const char *string_member(yajl_val o, const char *key)
{
	const char *path[] = {key, NULL};
	yajl_val v = yajl_tree_get(o, path, yajl_t_string);
	const char *str = v ? YAJL_GET_STRING(v) : NULL;
	return str && *str ? str : NULL;
}

/* One "git_hosts" entry: {"host", "token", "rule"}, token a secret's name
 * or null for a host gitproxy sends no token to. */
static int load_git_host(yajl_val o, struct git_host *h, char *why, size_t whylen)
{
	const char *tpath[] = {"token", NULL};
	yajl_val token = YAJL_IS_OBJECT(o) ? yajl_tree_get(o, tpath, yajl_t_any) : NULL;
	const char *host = token ? string_member(o, "host") : NULL, *rule = host ? string_member(o, "rule") : NULL;
	const char *name = token && YAJL_IS_STRING(token) ? YAJL_GET_STRING(token) : NULL;
	if (!rule || o->u.object.len != 3 || !(YAJL_IS_NULL(token) || (name && *name))) {
		snprintf(why, whylen, "each git_hosts entry must be {\"host\", \"token\": NAME or null, \"rule\"}");
		return -1;
	}
	for (const char *c = name; c && *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-')) {
			snprintf(why, whylen, "git_hosts entry %s: token %s is not a secret's name", host, name);
			return -1;
		}
	h->host = strdup(host);
	h->rule = strdup(rule);
	h->token = name ? strdup(name) : NULL;
	if (!h->host || !h->rule || (name && !h->token)) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	return 0;
}

static int load_tree(yajl_val root, struct policy *p, char *why, size_t whylen)
{
	static const char *const repo_keys[] = {"host", "owner", "name", "rule"};
	const char *vpath[] = {"version", NULL}, *hpath[] = {"git_hosts", NULL}, *rpath[] = {"repos", NULL};
	const char *lpath[] = {"limits", NULL}, *ppath[] = {"push", NULL};
	yajl_val version = yajl_tree_get(root, vpath, yajl_t_number);
	yajl_val hosts = yajl_tree_get(root, hpath, yajl_t_array);
	yajl_val repos = yajl_tree_get(root, rpath, yajl_t_array);
	yajl_val push = yajl_tree_get(root, ppath, yajl_t_array);
	yajl_val limits = yajl_tree_get(root, lpath, yajl_t_object);

	if (!YAJL_IS_OBJECT(root) || root->u.object.len != 5 || !version || !hosts || !repos || !push || !limits) {
		snprintf(why, whylen, "expected an object with exactly version, git_hosts, repos, push and limits");
		return -1;
	}
	if (!YAJL_IS_INTEGER(version) || YAJL_GET_INTEGER(version) != 4) {
		snprintf(why, whylen, "unsupported version (this gitproxy reads version 4)");
		return -1;
	}
	if (load_limits(limits, p, why, whylen) < 0)
		return -1;
	size_t nh = hosts->u.array.len, nr = repos->u.array.len;
	p->hosts = calloc(nh ? nh : 1, sizeof *p->hosts);
	p->repos = calloc(nr ? nr : 1, sizeof *p->repos);
	if (!p->hosts || !p->repos) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < nh; i++)
		if (load_git_host(hosts->u.array.values[i], &p->hosts[p->nhosts++], why, whylen) < 0)
			return -1;
	for (size_t i = 0; i < nr; i++) {
		char *s[4] = {NULL, NULL, NULL, NULL};
		int rc = take_strings(repos->u.array.values[i], "repos entry", repo_keys, 4, s, why, whylen);
		p->repos[p->nrepos++] = (struct repo_scope){s[0], s[1], s[2], s[3]};
		if (rc < 0)
			return -1;
	}
	size_t np = push->u.array.len;
	if (!(p->push = calloc(np ? np : 1, sizeof *p->push))) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < np; i++)
		if (load_push_rule(push->u.array.values[i], &p->push[p->npush++], why, whylen) < 0)
			return -1;
	return 0;
}

struct policy *policy_load(const char *path, char *why, size_t whylen)
{
	char errbuf[256];
	char *text = slurp(path, why, whylen);
	if (!text)
		return NULL;
	yajl_val root = yajl_tree_parse(text, errbuf, sizeof errbuf);
	free(text);
	if (!root) {
		errbuf[strcspn(errbuf, "\n")] = '\0';
		snprintf(why, whylen, "%s: invalid JSON: %s", path, errbuf);
		return NULL;
	}
	struct policy *p = calloc(1, sizeof *p);
	if (p)
		p->holders = 1;
	char inner[200];
	if (!p || load_tree(root, p, inner, sizeof inner) < 0) {
		snprintf(why, whylen, "%s: %s", path, p ? inner : "out of memory");
		policy_free(p);
		p = NULL;
	}
	yajl_tree_free(root);
	return p;
}

const struct limit *policy_limit(const struct policy *p, enum limit_name n)
{
	return &p->limits[n];
}

double policy_rate(const struct policy *p, enum limit_name n)
{
	return (double)p->limits[n].value / (double)p->limits[n].per;
}

const char *policy_limit_name(enum limit_name n)
{
	return limit_names[n].name;
}

const char *policy_host_rule(const struct policy *p, const char *host)
{
	for (size_t i = 0; i < p->nhosts; i++)
		if (strcmp(p->hosts[i].host, host) == 0)
			return p->hosts[i].rule;
	return NULL;
}

/* GitHub treats owner and repository names case-insensitively. */
const char *policy_repo_rule(const struct policy *p, const char *host, const char *owner,
                             const char *repo)
{
	for (size_t i = 0; i < p->nrepos; i++) {
		const struct repo_scope *s = &p->repos[i];
		if (strcmp(s->host, host) == 0 && strcasecmp(s->owner, owner) == 0 &&
		    (strcmp(s->name, "*") == 0 || strcasecmp(s->name, repo) == 0))
			return s->rule;
	}
	return NULL;
}

const struct push_rule *policy_push_rules(const struct policy *p, size_t *n)
{
	*n = p->npush;
	return p->push;
}

bool push_rule_applies(const struct push_rule *r, const char *host, const char *owner, const char *repo)
{
	if (strcmp(r->host, "*") == 0)
		return true;
	return strcmp(r->host, host) == 0 && strcasecmp(r->owner, owner) == 0 &&
	       (strcmp(r->name, "*") == 0 || strcasecmp(r->name, repo) == 0);
}

const struct git_host *policy_git_hosts(const struct policy *p, size_t *n)
{
	*n = p->nhosts;
	return p->hosts;
}
