/* parse.h: the fragment language's grammar, one rule per line:
 *   git-host HOST [id=ID]
 *   https NAME [id=ID]            NAME: exact host, or *.domain
 *   repo [HOST/]OWNER/REPO [id=ID] HOST defaults to github.com; REPO may be *
 *   limit NAME VALUE [id=ID]       gitproxy's limits (limit_directive.h)
 *   push allow|allow-delete|protect PATTERN [repo=SPEC] [id=ID]
 *   push read-only [repo=SPEC] [id=ID]
 *   egress-allow CIDR [id=ID]      an address range the firewall opens (cidr.h)
 *                                  PATTERN: a full ref pattern (git_names.h);
 *                                  SPEC: as repo's argument
 * Every problem is reported through diag (all of them, not only the first);
 * each line that passes every check becomes one rule in the set. */
#ifndef GEN_CONFIGS_PARSE_H
#define GEN_CONFIGS_PARSE_H

#include <stddef.h>

#include <libpsl.h>

#include "diag.h"
#include "rules.h"

#define DEFAULT_GIT_HOST "github.com"
#define REPOS_OPTION_ID "env:AIRLOCK_REPOS"

/* Parses one fragment's bytes; source is the index from ruleset_add_source. */
void parse_fragment(struct ruleset *rs, struct diag *d, const psl_ctx_t *psl, size_t source,
                    const char *data, size_t len);
/* Parses --repos: comma-separated [HOST/]OWNER/REPO, each a repo rule with
 * id REPOS_OPTION_ID. An empty list adds nothing. */
void parse_repos_option(struct ruleset *rs, struct diag *d, const psl_ctx_t *psl, size_t source,
                        const char *list);

#endif
