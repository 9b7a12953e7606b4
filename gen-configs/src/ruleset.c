#include "ruleset.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ruleset_init(struct ruleset *s)
{
	memset(s, 0, sizeof *s);
}

static void rule_free(struct rule *r)
{
	free(r->name);
	free(r->host);
	free(r->owner);
	free(r->repo);
	free(r->id);
}

void ruleset_free(struct ruleset *s)
{
	for (size_t i = 0; i < s->n; i++)
		rule_free(&s->rules[i]);
	for (size_t i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->rules);
	free(s->files);
	free(s->by_key.slots);
	free(s->by_id.slots);
	memset(s, 0, sizeof *s);
}

const char *ruleset_file(struct ruleset *s, const char *name)
{
	char **f = realloc(s->files, (s->nfiles + 1) * sizeof *f);
	if (!f)
		return NULL;
	s->files = f;
	if (!(f[s->nfiles] = strdup(name)))
		return NULL;
	return f[s->nfiles++];
}

/* The identity of a rule for duplicate detection: kind and what it names;
 * owners and repositories compare case-insensitively, as GitHub does. */
static void rule_key(const struct rule *r, char *key, size_t cap)
{
	if (r->kind == RULE_REPO) {
		snprintf(key, cap, "r %s/%s/%s", r->host, r->owner, r->repo);
		for (char *c = key; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	} else {
		snprintf(key, cap, "%c %s%s", r->kind == RULE_GIT_HOST ? 'g' : 'h', r->wildcard ? "*." : "", r->name);
	}
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Open addressing over rule indices. key_of() recomputes a stored rule's key. */
static size_t *lookup(struct slot_table *t, const struct ruleset *s, const char *key, bool by_id)
{
	char other[600];
	size_t mask = t->cap - 1;
	for (size_t i = (size_t)hash(key) & mask;; i = (i + 1) & mask) {
		if (!t->slots[i])
			return &t->slots[i];
		const struct rule *r = &s->rules[t->slots[i] - 1];
		if (by_id ? strcmp(r->id, key) == 0 : (rule_key(r, other, sizeof other), strcmp(other, key) == 0))
			return &t->slots[i];
	}
}

static int grow(struct slot_table *t, const struct ruleset *s, bool by_id)
{
	if (t->cap && (s->n + 1) * 2 <= t->cap)
		return 0;
	size_t cap = t->cap ? t->cap * 2 : 64;
	size_t *old = t->slots, oldcap = t->cap;
	if (!(t->slots = calloc(cap, sizeof *t->slots))) {
		t->slots = old;
		return -1;
	}
	t->cap = cap;
	char key[600];
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i])
			continue;
		const struct rule *r = &s->rules[old[i] - 1];
		if (!by_id)
			rule_key(r, key, sizeof key);
		*lookup(t, s, by_id ? r->id : key, by_id) = old[i];
	}
	free(old);
	return 0;
}

int ruleset_add(struct ruleset *s, struct rule *r, struct diag *d)
{
	char key[600];
	rule_key(r, key, sizeof key);
	if (grow(&s->by_key, s, false) < 0 || grow(&s->by_id, s, true) < 0)
		goto oom;
	size_t *kslot = lookup(&s->by_key, s, key, false);
	if (*kslot) {
		const struct rule *first = &s->rules[*kslot - 1];
		bool conflict = r->explicit_id && first->explicit_id && strcmp(r->id, first->id) != 0;
		if (conflict)
			diag_error(d, r->file, r->line, r->col, "conflict",
			           "this rule is also at %s:%u with another id (%s, here %s)", first->file, first->line,
			           first->id, r->id);
		else
			diag_warning(d, r->file, r->line, r->col, "duplicate", "the same rule is already at %s:%u",
			             first->file, first->line);
		rule_free(r);
		return conflict ? -1 : 1;
	}
	size_t *islot = r->explicit_id ? lookup(&s->by_id, s, r->id, true) : NULL;
	if (islot && *islot) {
		const struct rule *first = &s->rules[*islot - 1];
		diag_error(d, r->file, r->line, r->col, "id-duplicate", "id %s already names the rule at %s:%u", r->id,
		           first->file, first->line);
		rule_free(r);
		return -1;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct rule *rules = realloc(s->rules, cap * sizeof *rules);
		if (!rules)
			goto oom;
		s->rules = rules;
		s->cap = cap;
	}
	s->rules[s->n++] = *r;
	*kslot = s->n;
	if (islot)
		*islot = s->n;
	return 0;
oom:
	diag_error(d, r->file, r->line, r->col, "internal", "out of memory");
	rule_free(r);
	return -1;
}

void ruleset_finish(struct ruleset *s, struct diag *d)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct rule *r = &s->rules[i];
		if (r->kind != RULE_REPO)
			continue;
		char key[600];
		snprintf(key, sizeof key, "g %s", r->host);
		if (!s->by_key.cap || !*lookup(&s->by_key, s, key, false))
			diag_error(d, r->file, r->line, r->col, "repo-host",
			           "repository %s/%s is on %s, which no git-host rule allows", r->owner, r->repo, r->host);
	}
}
