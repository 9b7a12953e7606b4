/* ruleset.h: the rules of every fragment, in input order (files by name,
 * then line), with the checks that need more than one line: an id names
 * one rule only; the same name twice is a warning when the two agree and
 * an error when their ids differ. The set owns every string in it. */
#ifndef GEN_CONFIGS_RULESET_H
#define GEN_CONFIGS_RULESET_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

enum rule_kind { RULE_GIT_HOST, RULE_HTTPS, RULE_REPO };

struct rule {
	enum rule_kind kind;
	char *name;  /* git-host, https: the name, without "*." for a wildcard */
	bool wildcard;
	char *host, *owner, *repo; /* repo rules */
	char *id;
	bool explicit_id;
	const char *file; /* owned by the set's file list */
	unsigned line, col;
};

struct slot_table {
	size_t *slots; /* rule index + 1; 0 = empty */
	size_t cap;
};

struct ruleset {
	struct rule *rules;
	size_t n, cap;
	char **files;
	size_t nfiles;
	struct slot_table by_key, by_id;
};

void ruleset_init(struct ruleset *s);
void ruleset_free(struct ruleset *s);
/* Remembers a file name for diagnostics; returns the set's copy or NULL. */
const char *ruleset_file(struct ruleset *s, const char *name);
/* Takes ownership of r's strings in every case. 0 if added, 1 if dropped
 * as a duplicate (a warning was given), -1 if refused (an error was given)
 * or out of memory. */
int ruleset_add(struct ruleset *s, struct rule *r, struct diag *d);
/* Checks that need the whole set: every repo's host is a git-host. */
void ruleset_finish(struct ruleset *s, struct diag *d);

#endif
