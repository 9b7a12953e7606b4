/* lint_push.c: the push directive's ref patterns, in the grammar of
 * common/git_names.h, and the warning for a rule that lifts one of the
 * built-in protections (common/builtin_rules.h). See lint.h for the
 * return convention. */
#include "lint.h"

#include <stdio.h>
#include <string.h>

#include "builtin_rules.h"
#include "git_names.h"

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

int lint_ref_pattern(struct diag *d, const struct where *w, const char *text, size_t len)
{
	size_t at;
	const char *why = ref_pattern_check(text, len, &at);
	if (!why)
		return 0;
	int shown = (int)(len > 64 ? 64 : len);
	/* A short name (main, heads/x) is what people write for git push;
	 * the rule needs the full refname, so say which one. */
	if (!starts_with(text, len, "refs/")) {
		const char *under = starts_with(text, len, "heads/") || starts_with(text, len, "tags/") ? "refs/" : "refs/heads/";
		char full[GIT_REFNAME_MAX + 1];
		size_t full_len = strlen(under) + len, at_full;
		if (full_len < sizeof full) {
			snprintf(full, sizeof full, "%s%.*s", under, (int)len, text);
			if (!ref_pattern_check(full, full_len, &at_full)) {
				diag_error(d, w->file, w->line, w->col, "ref-pattern",
				           "'%.*s' is not a full refname: write %s", shown, text, full);
				return -1;
			}
		}
	}
	diag_error(d, w->file, w->line, w->col + (unsigned)at, "ref-pattern", "bad ref pattern '%.*s': %s", shown, text,
	           why);
	return -1;
}

void lint_push_unprotect(struct diag *d, const struct where *w, bool for_delete, const char *pattern)
{
	/* Only an exact name lifts a protection: allow refs/heads/x* never does. */
	if (!ref_pattern_is_exact(pattern))
		return;
	const char *rule = builtin_protection(pattern, strlen(pattern));
	if (rule)
		diag_warning(d, w->file, w->line, w->col, "push-unprotect",
		             "'push %s %s' lifts the built-in protection %s: the sandbox may %s this branch",
		             for_delete ? "allow-delete" : "allow", pattern, rule, for_delete ? "delete" : "create and update");
}
