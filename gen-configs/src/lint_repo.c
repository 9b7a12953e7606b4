/* lint_repo.c: owners and repository names in the grammar of
 * common/git_names.h (the one gitproxy enforces on request paths), plus
 * "*" for every repository of an owner; and our rule ids:
 *   id     [A-Za-z0-9] then [A-Za-z0-9._-], at most 64 bytes, not a
 *          built-in rule's (common/builtin_rules.h)
 * See lint.h for the return convention. */
#include "lint.h"

#include <string.h>

#include "builtin_rules.h"
#include "git_names.h"
#include "limits.h"

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int lint_owner(struct diag *d, const struct where *w, const char *owner)
{
	size_t at;
	const char *why = git_owner_check(owner, strlen(owner), &at);
	if (!why)
		return 0;
	diag_error(d, w->file, w->line, w->col + (unsigned)at, "repo-syntax", "'%.*s': %s",
	           (int)(strlen(owner) > 64 ? 64 : strlen(owner)), owner, why);
	return -1;
}

int lint_repo_name(struct diag *d, const struct where *w, const char *repo)
{
	if (strcmp(repo, "*") == 0)
		return 0;
	size_t n = strlen(repo), at;
	const char *why = git_repo_check(repo, n, &at);
	if (!why)
		return 0;
	/* A '*' next to other bytes is most likely a glob meant as owner/'*'. */
	if (n <= GIT_REPO_MAX && repo[at] == '*')
		why = "'*' stands alone for every repository of the owner";
	diag_error(d, w->file, w->line, w->col + (unsigned)at, "repo-syntax", "'%.*s': %s",
	           (int)(n > 64 ? 64 : n), repo, why);
	return -1;
}

static const char *builtin_rule_what(const char *id)
{
	for (size_t i = 0; i < builtin_rule_count; i++)
		if (strcmp(builtin_rules[i].id, id) == 0)
			return builtin_rules[i].what;
	return NULL;
}

int lint_id(struct diag *d, const struct where *w, const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > LIMIT_ID_BYTES) {
		diag_error(d, w->file, w->line, w->col, "id-syntax", "an id is 1 to %u bytes long", LIMIT_ID_BYTES);
		return -1;
	}
	/* A denial's rule id must mean one thing: gitproxy's own decisions
	 * carry these. */
	if (builtin_rule_reserved(id)) {
		const char *what = builtin_rule_what(id);
		if (what)
			diag_error(d, w->file, w->line, w->col, "id-reserved",
			           "'%s' is the id of a built-in rule (%s): choose another", id, what);
		else
			diag_error(d, w->file, w->line, w->col, "id-reserved",
			           "ids beginning with 'default-' name built-in rules: choose another");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (is_alnum(c) || (i > 0 && (c == '.' || c == '_' || c == '-')))
			continue;
		diag_error(d, w->file, w->line, w->col + (unsigned)i, "id-syntax",
		           "an id is a letter or digit, then letters, digits, '.', '_' or '-'");
		return -1;
	}
	return 0;
}

int lint_token_name(struct diag *d, const struct where *w, const char *name, size_t n)
{
	if (n == 0 || n > LIMIT_ID_BYTES) {
		diag_error(d, w->file, w->line, w->col, "token-name", "a token's secret name is 1 to %u bytes long",
		           LIMIT_ID_BYTES);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '_' || c == '-')))
			continue;
		diag_error(d, w->file, w->line, w->col + (unsigned)i, "token-name",
		           "a token's secret name is lowercase letters, digits, '_' and '-' (not first): the compose "
		           "secret mounted at /run/secrets/NAME");
		return -1;
	}
	return 0;
}
