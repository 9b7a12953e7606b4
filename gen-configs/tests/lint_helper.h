/* lint_helper.h: run fragment text through the parser and the cross-rule
 * checks, the way gen-configs does for one file named t.conf, and keep
 * what was reported. Shared by the unit tests. */
#ifndef GEN_CONFIGS_LINT_HELPER_H
#define GEN_CONFIGS_LINT_HELPER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpsl.h>

#include "diag.h"
#include "parse.h"
#include "rules.h"

struct outcome {
	unsigned errors;
	unsigned warnings;
	char *text;          /* everything reported, malloc'd */
	struct ruleset rs;   /* the rules, for tests that look at them */
};

static inline psl_ctx_t *helper_psl(void)
{
	static psl_ctx_t *psl;
	if (!psl)
		psl = psl_load_file("/usr/share/publicsuffix/public_suffix_list.dafsa");
	if (!psl) {
		puts("not ok - cannot load the Public Suffix List (install publicsuffix)");
		exit(1);
	}
	return psl;
}

/* repos may be NULL (no --repos). */
static inline void run_fragment(const char *text, size_t len, const char *repos, struct outcome *o)
{
	size_t size = 0;
	FILE *f = open_memstream(&o->text, &size);
	if (!f)
		exit(1);
	struct diag d;
	diag_init(&d, f);
	ruleset_init(&o->rs);
	size_t src = ruleset_add_source(&o->rs, "t.conf", "t.conf");
	parse_fragment(&o->rs, &d, helper_psl(), src, text, len);
	if (repos) {
		size_t rsrc = ruleset_add_source(&o->rs, "--repos", "--repos");
		parse_repos_option(&o->rs, &d, helper_psl(), rsrc, repos);
	}
	rules_check(&o->rs, &d);
	fclose(f);
	o->errors = d.errors;
	o->warnings = d.warnings;
}

static inline void outcome_free(struct outcome *o)
{
	free(o->text);
	ruleset_free(&o->rs);
}

#endif
