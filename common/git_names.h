/* git_names.h: the names gen-configs and gitproxy must judge alike, in
 * one module both compile:
 *   owner     GitHub's: [A-Za-z0-9] then [A-Za-z0-9-], at most 39 bytes
 *   repo      GitHub's: [A-Za-z0-9._-], at most 100 bytes, not "." or
 *             "..", not ending in ".git" (paths carry it, names do not)
 *   refname   git-check-ref-format plus receive-pack's own rules
 *   pattern   a refname with at most one '*', which stands for one or
 *             more bytes of any kind, '/' included
 *
 * Every check returns NULL when the name is acceptable, else a static
 * one-line reason, with *at set to the offset of the byte it is about.
 * Lengths are explicit: names need not be NUL-terminated, and a NUL
 * inside one is refused. */
#ifndef AIRLOCK_GIT_NAMES_H
#define AIRLOCK_GIT_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#define GIT_OWNER_MAX 39
#define GIT_REPO_MAX 100
#define GIT_REFNAME_MAX 1024

const char *git_owner_check(const char *s, size_t n, size_t *at);
const char *git_repo_check(const char *s, size_t n, size_t *at);
/* A delete may name a ref directly under refs/ (refs/foo), as
 * receive-pack allows, to remove it; a create or update needs
 * refs/<type>/<name>. */
const char *git_refname_check(const char *s, size_t n, bool for_delete, size_t *at);
/* A pattern is judged as the refname it would be with its '*' replaced
 * by a letter: refs/heads/agent/ * (no space) passes, refs/ * does not. */
const char *ref_pattern_check(const char *s, size_t n, size_t *at);
/* pattern: NUL-terminated and accepted by ref_pattern_check. */
bool ref_pattern_match(const char *pattern, const char *name, size_t n);
bool ref_pattern_is_exact(const char *pattern);
/* True if some refname under prefix (e.g. "refs/heads/") could match. */
bool ref_pattern_reaches(const char *pattern, const char *prefix);

#endif
