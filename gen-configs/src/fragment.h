/* fragment.h: parse one allowlist fragment held in memory.
 *
 * One rule per line: DIRECTIVE ARG [id=ID], '#' starts a comment (at the
 * start of a line or after blanks), blanks are spaces and tabs. Directives:
 *   git-host NAME                 gitproxy may forward to NAME
 *   https NAME | https *.DOMAIN   DNS answers and CONNECT :443 through tinyproxy
 *   repo [HOST/]OWNER/REPO        a repository in scope (REPO may be *)
 * "limit" and "push" are reserved for later versions and refused.
 * Every problem is reported through diag with file:line:col; the line is
 * then skipped and parsing goes on, so one run reports every error. */
#ifndef GEN_CONFIGS_FRAGMENT_H
#define GEN_CONFIGS_FRAGMENT_H

#include "diag.h"
#include "ruleset.h"

#include <stdbool.h>
#include <stddef.h>

#define FRAGMENT_MAX_LINE 4096

/* file: the name used in diagnostics and default ids (kept by the set). */
void fragment_parse(const char *file, const char *text, size_t len, struct ruleset *set, struct diag *d);
/* One repository in the OWNER/REPO or HOST/OWNER/REPO form (AIRLOCK_REPOS
 * entries use it too, with id "env:AIRLOCK_REPOS" not marked explicit, so
 * a repository named both there and in a fragment is only a duplicate).
 * 0 or -1 after a diagnostic. */
int fragment_add_repo(struct ruleset *set, struct diag *d, const char *file, unsigned line, unsigned col,
                      const char *spec, const char *id, bool explicit_id);

#endif
