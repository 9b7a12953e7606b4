/* push_policy.h: one ref update of a push judged against the policy's
 * push rules and the built-in ones, in the order docs/allowlist.md gives
 * ("push"): read-only, protect rules, the built-in protections (lifted
 * only by an allow rule naming the ref exactly), then allow / allow-delete
 * rules and the defaults for branches, tags, deletions and other refs.
 *
 * The upstream's default branch is protected too, so a verdict may depend
 * on it: push_judge() returns false when it does and the caller does not
 * know it yet (head->state HEAD_PENDING); the caller asks again once it
 * knows. Otherwise it fills *v and returns true. */
#ifndef GITPROXY_PUSH_POLICY_H
#define GITPROXY_PUSH_POLICY_H

#include "policy.h"
#include "push_commands.h"

#include <stdbool.h>
#include <stddef.h>

enum head_state {
	HEAD_PENDING, /* being learned */
	HEAD_KNOWN,   /* ref names it */
	HEAD_NONE,    /* the upstream advertises no default branch (an empty repository) */
	HEAD_FAILED,  /* could not be learned: why says so */
};

struct head_answer {
	enum head_state state;
	const char *ref; /* HEAD_KNOWN: refs/heads/... */
	const char *why; /* HEAD_FAILED */
};

/* What a verdict's message says. */
enum push_why {
	WHY_ALLOWED,
	WHY_READ_ONLY,    /* a read-only rule */
	WHY_PROTECTED,    /* a protect rule */
	WHY_BUILT_IN,     /* main, master, release/ *, production */
	WHY_DEFAULT_HEAD, /* the upstream's default branch */
	WHY_HEAD_UNKNOWN, /* the default branch could not be learned */
	WHY_UNLISTED,     /* allow rules name branches; none this one */
	WHY_TAG,
	WHY_DELETE,
	WHY_OTHER,        /* neither a branch nor a tag */
	WHY_TOO_LARGE,    /* the push is larger than gitproxy reads before forwarding */
};

struct push_verdict {
	bool allowed;
	enum push_why why;
	const char *rule;    /* the deciding rule's id */
	const char *source;  /* "<fragment>:<line>", or "built-in" */
	const char *pattern; /* WHY_UNLISTED: one allow pattern that would do, else NULL */
};

struct repo_id {
	const char *host, *owner, *repo;
};

bool push_judge(const struct policy *p, const struct repo_id *repo, const struct head_answer *head,
                enum push_kind kind, const char *ref, size_t len, struct push_verdict *v);

/* The one-line reason and how to allow it, for the person at the
 * terminal: "main is a protected branch; to let the sandbox push it, add
 * ..." (never a newline; at most cap - 1 bytes). */
void push_verdict_explain(const struct push_verdict *v, const struct repo_id *repo, const struct head_answer *head,
                          const char *ref, size_t len, char *out, size_t cap);

#endif
