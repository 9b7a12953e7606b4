/* builtin_rules.h: the ids of the rules built into airlock, which a
 * fragment may not take for its own rules (gen-configs refuses them, so
 * a denial's rule id always means one thing). gitproxy names its own
 * decisions with these macros only; docs/allowlist.md lists each. Every
 * id beginning with "default-" is reserved too (default-deny, the
 * default-<limit> ids, the push defaults below). */
#ifndef AIRLOCK_BUILTIN_RULES_H
#define AIRLOCK_BUILTIN_RULES_H

#include <stdbool.h>
#include <stddef.h>

#define RULE_HTTP_STRICT "http-strict"       /* the request is not strict HTTP/1.1 */
#define RULE_GIT_ROUTES "git-routes"         /* not one of the three git endpoints */
#define RULE_SESSION_AUTH "session-auth"     /* the session credential */
#define RULE_DEFAULT_DENY "default-deny"     /* host or repository not allowlisted */
#define RULE_UPSTREAM "upstream"             /* the upstream failed */
#define RULE_UPSTREAM_AUTH "upstream-auth"   /* the upstream refused the token */
#define RULE_GITPROXY "gitproxy"             /* gitproxy itself failed (out of memory) */
#define RULE_PUSH_REQUEST "push-request"     /* a push's update request is malformed or too large */
/* Push policy when no fragment says otherwise. */
#define RULE_PROTECT_MAIN "default-protect-main"
#define RULE_PROTECT_MASTER "default-protect-master"
#define RULE_PROTECT_RELEASE "default-protect-release"
#define RULE_PROTECT_PRODUCTION "default-protect-production"
#define RULE_PROTECT_HEAD "default-protect-head"     /* the upstream's default branch */
#define RULE_PUSH_BRANCHES "default-push-branches"   /* any other branch may be pushed */
#define RULE_PUSH_UNLISTED "default-push-unlisted"   /* allow rules for branches exist; none matches */
#define RULE_PUSH_TAGS "default-push-tags"
#define RULE_PUSH_DELETE "default-push-delete"
#define RULE_PUSH_OTHER "default-push-other"         /* a ref neither a branch nor a tag */

struct builtin_rule {
	const char *id;
	const char *what; /* one line, as docs/allowlist.md says it */
};

extern const struct builtin_rule builtin_rules[];
extern const size_t builtin_rule_count;

/* True if id is a built-in rule's or begins with "default-". */
bool builtin_rule_reserved(const char *id);

/* The branches protected without any rule (the upstream's default branch
 * aside, which only the upstream knows): the id of the built-in rule that
 * protects ref (n bytes), or NULL. gitproxy refuses pushes to them;
 * gen-configs warns about an allow rule that lifts one. */
const char *builtin_protection(const char *ref, size_t n);

#endif
