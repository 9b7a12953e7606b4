/* lint_repo.c: GitHub's grammar for owners, repository names and our rule
 * ids, the same gitproxy enforces on request paths:
 *   owner  [A-Za-z0-9] then [A-Za-z0-9-], at most 39 bytes
 *   repo   [A-Za-z0-9._-], at most 100 bytes, not "." or "..", no ".git"
 *          suffix (gitproxy strips it from paths), or "*" for every repo
 *   id     [A-Za-z0-9] then [A-Za-z0-9._-], at most 64 bytes
 * See lint.h for the return convention. */
#include "lint.h"

#include <string.h>

#include "limits.h"

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int lint_owner(struct diag *d, const struct where *w, const char *owner)
{
	size_t n = strlen(owner);
	if (n == 0 || n > LIMIT_OWNER_BYTES) {
		diag_error(d, w->file, w->line, w->col, "repo-syntax",
		           "repository owner must be 1 to %u bytes long", LIMIT_OWNER_BYTES);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (is_alnum(owner[i]) || (owner[i] == '-' && i > 0))
			continue;
		diag_error(d, w->file, w->line, w->col + (unsigned)i, "repo-syntax",
		           "character '%c' is not allowed here: an owner is letters, digits and '-' (not first)",
		           owner[i]);
		return -1;
	}
	return 0;
}

int lint_repo_name(struct diag *d, const struct where *w, const char *repo)
{
	size_t n = strlen(repo);
	if (strcmp(repo, "*") == 0)
		return 0;
	if (n == 0 || n > LIMIT_REPO_BYTES) {
		diag_error(d, w->file, w->line, w->col, "repo-syntax",
		           "repository name must be 1 to %u bytes long, or '*'", LIMIT_REPO_BYTES);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = repo[i];
		if (is_alnum(c) || c == '.' || c == '_' || c == '-')
			continue;
		diag_error(d, w->file, w->line, w->col + (unsigned)i, "repo-syntax",
		           c == '*' ? "'*' stands alone for every repository of the owner"
		                    : "character not allowed in a repository name (letters, digits, '.', '_', '-')");
		return -1;
	}
	if (strcmp(repo, ".") == 0 || strcmp(repo, "..") == 0) {
		diag_error(d, w->file, w->line, w->col, "repo-syntax", "'%s' is not a repository name", repo);
		return -1;
	}
	if (n >= 4 && strcmp(repo + n - 4, ".git") == 0) {
		diag_error(d, w->file, w->line, w->col + (unsigned)n - 4, "repo-syntax",
		           "write the repository name without '.git'");
		return -1;
	}
	return 0;
}

int lint_id(struct diag *d, const struct where *w, const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > LIMIT_ID_BYTES) {
		diag_error(d, w->file, w->line, w->col, "id-syntax", "an id is 1 to %u bytes long", LIMIT_ID_BYTES);
		return -1;
	}
	/* gitproxy names its built-in rules default-deny, default-<limit>, ... */
	if (strncmp(id, "default-", 8) == 0) {
		diag_error(d, w->file, w->line, w->col, "id-reserved", "ids beginning with 'default-' name built-in rules");
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
