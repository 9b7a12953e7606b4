/* policy.h: what gitproxy may forward, loaded from gitproxy.json (schema in
 * docs/architecture.md; written by gen-configs). Strict: unknown keys, wrong
 * types, a missing field or an unknown version are refused.
 *
 * policy_load() returns a new policy the caller owns (policy_free), or NULL
 * with a one-line reason in why[whylen]. The lookups return the id of the
 * rule that allows, or NULL if nothing does (the request is then denied by
 * the default rule, "default-deny"). */
#ifndef GITPROXY_POLICY_H
#define GITPROXY_POLICY_H

#include <stddef.h>

struct policy;

struct policy *policy_load(const char *path, char *why, size_t whylen);
void policy_free(struct policy *p);
const char *policy_host_rule(const struct policy *p, const char *host);
const char *policy_repo_rule(const struct policy *p, const char *host, const char *owner,
                             const char *repo);

#endif
