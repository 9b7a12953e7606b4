/* rules.h: the rule set read from all fragments and --repos, in input order
 * (files by name, then line; --repos last). The set owns every string. */
#ifndef GEN_CONFIGS_RULES_H
#define GEN_CONFIGS_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "cidr.h"
#include "diag.h"

enum rule_kind { RULE_GIT_HOST, RULE_HTTPS, RULE_REPO, RULE_LIMIT, RULE_PUSH, RULE_EGRESS };

/* In the order of the docs; push_action_name gives the word. */
enum push_action { PUSH_ALLOW, PUSH_ALLOW_DELETE, PUSH_PROTECT, PUSH_READ_ONLY };

struct rule {
	enum rule_kind kind;
	char *host;        /* lowercase; for https it may begin with "*."; NULL for limit;
	                      push: the repo= host, or "*" without repo=;
	                      egress-allow: the range's canonical text */
	char *owner;       /* repo and push, as written; "*" for a push without repo= */
	char *repo;        /* repo and push, as written, or "*" */
	enum push_action action; /* push only */
	char *pattern;     /* push only: a ref pattern (git_names.h); NULL for read-only */
	unsigned pattern_col; /* push only: where the pattern starts */
	unsigned scope_col;   /* push only: where repo='s value starts, 0 without repo= */
	int limit;         /* limit only: index into limit_defs */
	unsigned long long value; /* limit only, in base units (limit_directive.h) */
	unsigned per;      /* limit only: value is per this many seconds (1 unless a rate) */
	struct cidr range; /* egress-allow only */
	char *token;       /* git-host only: the compose secret holding its token, or NULL for none */
	unsigned token_col; /* git-host only: where token='s value starts */
	char *id;          /* explicit id, "<file>:<line>" or "env:AIRLOCK_REPOS" */
	bool id_explicit;  /* written as id=... */
	size_t source;     /* index into ruleset.sources */
	unsigned line;     /* where the rule's argument starts */
	unsigned col;
	unsigned id_col;   /* where id= starts, when explicit */
	bool dropped;      /* an identical duplicate of an earlier rule: not emitted */
	bool subdomains_allowed; /* exact https name that a wildcard rule also
	                            covers names under (set by rules_check) */
};

/* One input: a fragment file, or the --repos option. */
struct source {
	char *path;        /* as printed in diagnostics */
	char *basename;    /* as used in automatic ids and output headers */
};

struct ruleset {
	struct rule *rules;
	size_t n;
	size_t cap;
	struct source *sources;
	size_t nsources;
	size_t capsources;
};

void ruleset_init(struct ruleset *rs);
void ruleset_free(struct ruleset *rs);
/* Registers an input; returns its index. */
size_t ruleset_add_source(struct ruleset *rs, const char *path, const char *basename);
/* Appends a copy of r (strings copied too); returns the stored rule. */
struct rule *ruleset_add(struct ruleset *rs, const struct rule *r);
/* Frees the strings r holds (not r). */
void rule_release(struct rule *r);
/* Cross-rule checks, once every input is parsed (rules_check.c): marks
 * identical duplicates dropped (warning duplicate), and reports
 * duplicate-conflict, duplicate-id, repo-host, push-scope, push-conflict,
 * and redundant (https, repo and egress-allow rules) and https-git-host
 * (warnings). */
void rules_check(struct ruleset *rs, struct diag *d);
/* "https", "git-host", "repo", "limit", "push" or "egress-allow". */
const char *rule_kind_name(enum rule_kind k);
/* "allow", "allow-delete", "protect" or "read-only". */
const char *push_action_name(enum push_action a);
/* true for a push rule without repo=: it applies to every repository. */
bool push_unscoped(const struct rule *r);

#endif
