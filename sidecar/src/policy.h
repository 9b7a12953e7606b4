/* policy.h: what gitproxy may forward, and its limits, loaded from
 * gitproxy.json (schema version 4 in docs/architecture.md; written by
 * gen-configs, which also owns the limits' defaults). Strict: unknown keys,
 * wrong types, a missing field or limit, or an unknown version are refused.
 *
 * policy_load() returns a new policy the caller owns (policy_free), or NULL
 * with a one-line reason in why[whylen]. A policy is counted: whoever keeps
 * pointers into it past a reload holds it (policy_hold) and frees it too;
 * the last free releases it. The lookups return the id of the
 * rule that allows, or NULL if nothing does (the request is then denied by
 * the default rule, "default-deny"). */
#ifndef GITPROXY_POLICY_H
#define GITPROXY_POLICY_H

#include <stdbool.h>
#include <stddef.h>

struct policy;

/* The `limit` directive's names (docs/allowlist.md), in gitproxy.json's order. */
enum limit_name {
	LIM_CONNECTIONS,     /* concurrent client connections */
	LIM_TRANSFERS,       /* concurrent upstream transfers */
	LIM_REQUEST_RATE,    /* requests per `per` seconds */
	LIM_REQUEST_BURST,   /* requests at once */
	LIM_PUSH_RATE,       /* bytes pushed per `per` seconds */
	LIM_PUSH_BURST,      /* bytes pushed at once */
	LIM_PUSH_SIZE,       /* bytes in one push request body */
	LIM_HEAD_TIMEOUT,    /* s to receive a request head */
	LIM_IDLE_TIMEOUT,    /* s without progress in a transfer */
	LIM_TRANSFER_TIMEOUT, /* s for one whole request */
	LIM_SESSION_TTL,     /* s a session secret is valid after it is made */
	LIM_COUNT
};

struct limit {
	unsigned long long value;
	unsigned long long per; /* 1 except for rates */
	const char *rule;       /* the rule that set it, or "default-NAME" */
};

/* A `git-host` rule: gitproxy forwards to host, with the token in the
 * secret named token (NULL: no token at all, never another host's). */
struct git_host {
	char *host, *token, *rule;
};

/* A `push` rule of allowlist.d (docs/allowlist.md says how they combine;
 * push_policy.c applies them). host, owner and name are "*" for a rule
 * without repo=; name alone is "*" for OWNER/ *. */
enum push_action { PUSH_RULE_ALLOW, PUSH_RULE_ALLOW_DELETE, PUSH_RULE_PROTECT, PUSH_RULE_READ_ONLY };

struct push_rule {
	enum push_action action;
	char *pattern; /* NULL for read-only */
	char *host, *owner, *name;
	char *rule;    /* its id */
	char *source;  /* "<fragment>:<line>" */
};

struct policy *policy_load(const char *path, char *why, size_t whylen);
void policy_free(struct policy *p);
struct policy *policy_hold(struct policy *p);
const struct limit *policy_limit(const struct policy *p, enum limit_name n);
/* A rate limit's value per second. */
double policy_rate(const struct policy *p, enum limit_name n);
const char *policy_limit_name(enum limit_name n);
const char *policy_host_rule(const struct policy *p, const char *host);
const char *policy_repo_rule(const struct policy *p, const char *host, const char *owner,
                             const char *repo);
const struct git_host *policy_git_hosts(const struct policy *p, size_t *n);
/* The push rules, in allowlist order. */
const struct push_rule *policy_push_rules(const struct policy *p, size_t *n);
/* True if rule r applies to the repository owner/repo on host. */
bool push_rule_applies(const struct push_rule *r, const char *host, const char *owner, const char *repo);

#endif
