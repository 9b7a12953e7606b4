/* lint_psl.c: public suffixes, from the Public Suffix List (libpsl). An
 * exact name must not be a public suffix (a bare top-level domain like
 * "com", or "co.uk", or a private suffix like "github.io"); a wildcard
 * "*.base" must not have a public suffix as base, so it never covers more
 * than one registrable domain. libpsl's implicit "*" rule makes every
 * unlisted top-level label (e.g. "test") a public suffix too.
 * See lint.h for the return convention. */
#include "lint.h"

#include <string.h>

int lint_psl(struct diag *d, const struct where *w, const psl_ctx_t *psl,
             const char *base, bool wildcard)
{
	if (!psl_is_public_suffix(psl, base))
		return 0;
	if (wildcard)
		diag_error(d, w->file, w->line, w->col, "wildcard-scope",
		           "'*.%s' would cover every domain registered under the public suffix '%s': "
		           "a wildcard may cover at most one registrable domain", base, base);
	else if (!strchr(base, '.'))
		diag_error(d, w->file, w->line, w->col, "public-suffix",
		           "'%s' is a bare top-level domain", base);
	else
		diag_error(d, w->file, w->line, w->col, "public-suffix",
		           "'%s' is a public suffix: allowlist names registered under it", base);
	return -1;
}
