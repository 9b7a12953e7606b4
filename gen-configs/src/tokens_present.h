/* tokens_present.h: with --tokens DIR, every git-host's token= must name a
 * non-empty regular file in DIR (in the sidecar, /run/airlock/secrets, where
 * the entrypoint installed each compose secret). A missing one is an error
 * at the rule's token=, code token-missing, saying how to provide it: a
 * policy gitproxy could not load is refused before anything is written.
 * Returns 0 (errors, if any, reported through d), or -1 when DIR itself
 * cannot be opened (the reason printed; exit 111). */
#ifndef GEN_CONFIGS_TOKENS_PRESENT_H
#define GEN_CONFIGS_TOKENS_PRESENT_H

#include "diag.h"
#include "rules.h"

int tokens_present(const struct ruleset *rs, struct diag *d, const char *dir);

#endif
