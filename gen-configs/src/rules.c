/* rules.c: see rules.h. */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void ruleset_init(struct ruleset *rs)
{
	memset(rs, 0, sizeof *rs);
}

void ruleset_free(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		rule_release(&rs->rules[i]);
	for (size_t i = 0; i < rs->nsources; i++) {
		free(rs->sources[i].path);
		free(rs->sources[i].basename);
	}
	free(rs->rules);
	free(rs->sources);
	ruleset_init(rs);
}

size_t ruleset_add_source(struct ruleset *rs, const char *path, const char *basename)
{
	void *p = rs->sources;
	xgrow(&p, &rs->capsources, rs->nsources + 1, sizeof *rs->sources);
	rs->sources = p;
	rs->sources[rs->nsources].path = xstrndup(path, strlen(path));
	rs->sources[rs->nsources].basename = xstrndup(basename, strlen(basename));
	return rs->nsources++;
}

void rule_release(struct rule *r)
{
	free(r->host);
	free(r->owner);
	free(r->repo);
	free(r->pattern);
	free(r->token);
	free(r->id);
}

static char *copy_or_null(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

struct rule *ruleset_add(struct ruleset *rs, const struct rule *r)
{
	void *p = rs->rules;
	xgrow(&p, &rs->cap, rs->n + 1, sizeof *rs->rules);
	rs->rules = p;
	struct rule *out = &rs->rules[rs->n++];
	*out = *r;
	out->host = copy_or_null(r->host);
	out->owner = copy_or_null(r->owner);
	out->repo = copy_or_null(r->repo);
	out->pattern = copy_or_null(r->pattern);
	out->token = copy_or_null(r->token);
	out->id = copy_or_null(r->id);
	return out;
}

const char *rule_kind_name(enum rule_kind k)
{
	switch (k) {
	case RULE_GIT_HOST:
		return "git-host";
	case RULE_HTTPS:
		return "https";
	case RULE_REPO:
		return "repo";
	case RULE_LIMIT:
		return "limit";
	case RULE_PUSH:
		return "push";
	case RULE_EGRESS:
		return "egress-allow";
	}
	return "?";
}

const char *push_action_name(enum push_action a)
{
	switch (a) {
	case PUSH_ALLOW:
		return "allow";
	case PUSH_ALLOW_DELETE:
		return "allow-delete";
	case PUSH_PROTECT:
		return "protect";
	case PUSH_READ_ONLY:
		return "read-only";
	}
	return "?";
}

bool push_unscoped(const struct rule *r)
{
	/* "*" is no host a repo= could name (lint_name_syntax refuses it). */
	return strcmp(r->host, "*") == 0;
}
