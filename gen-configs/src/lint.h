/* lint.h: checks on one rule's names, each a separate concern:
 *   lint_name.c      host name syntax: length, LDH, lowercase, IP literals,
 *                    wildcard position, IDNA (xn-- labels)
 *   lint_psl.c       public suffixes and wildcard scope (libpsl)
 *   lint_resolvers.c known DNS-over-HTTPS/TLS resolver names
 *   lint_special.c   special-use and private-use top-level names
 *   lint_repo.c      owner/repository grammar (common/git_names.h), ids
 *   lint_push.c      ref patterns, rules that lift a built-in protection
 *   lint_egress.c    egress-allow address ranges (cidr.h)
 * Every check returns 0 if the name passes, else reports exactly one error
 * through diag (file:line:col of the offending byte) and returns -1. */
#ifndef GEN_CONFIGS_LINT_H
#define GEN_CONFIGS_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include <libpsl.h>

#include "cidr.h"
#include "diag.h"

/* Where a checked name starts in the input. */
struct where {
	const char *file;
	unsigned line;
	unsigned col;
};

/* A host name as written: "*.base" (when wildcard_ok) or an exact name.
 * Sets *is_wildcard. */
int lint_name_syntax(struct diag *d, const struct where *w, const char *name,
                     bool wildcard_ok, bool *is_wildcard);
/* true if text is an IPv4 address in any form inet_aton(3) accepts
 * (127.1, 0x7f.1, 2130706433, 0177.0.0.1, ...) or ends in a numeric label. */
bool lint_looks_like_ipv4(const char *text);

/* base is the name without "*." when wildcard. */
int lint_psl(struct diag *d, const struct where *w, const psl_ctx_t *psl,
             const char *base, bool wildcard);

/* base is the name without "*." when wildcard. */
int lint_special_use(struct diag *d, const struct where *w, const char *base);

int lint_resolver(struct diag *d, const struct where *w, const char *base, bool wildcard);
/* The built-in list, for the dnsmasq emitter (NXDOMAIN for each). */
extern const char *const lint_resolver_names[];
extern const size_t lint_resolver_count;

int lint_owner(struct diag *d, const struct where *w, const char *owner);
/* "*" is accepted: every repository of the owner. */
int lint_repo_name(struct diag *d, const struct where *w, const char *repo);
/* Rule ids: [A-Za-z0-9][A-Za-z0-9._-]{0,63}, none that
 * builtin_rule_reserved() says is a built-in rule's. */
int lint_id(struct diag *d, const struct where *w, const char *id);
/* A git-host's token= value: the name of the compose secret that holds
 * its token, [a-z0-9][a-z0-9_-]{0,63} (the sidecar finds it at
 * /run/secrets/NAME). */
int lint_token_name(struct diag *d, const struct where *w, const char *name, size_t n);

/* A push rule's ref pattern, len bytes at text (not NUL-terminated). */
int lint_ref_pattern(struct diag *d, const struct where *w, const char *text, size_t len);
/* Warns (push-unprotect, nothing to return) when an allow or allow-delete
 * rule's exact pattern names a ref protected by a built-in rule. */
void lint_push_unprotect(struct diag *d, const struct where *w, bool for_delete, const char *pattern);

/* An egress-allow range, len bytes at text: its spelling (cidr.h), no
 * host bits, not /0, nothing the firewall never opens (cidr_never). Fills
 * *out when it passes. A range that is public already passes with a
 * warning (cidr-public): the rule changes nothing. */
int lint_egress_range(struct diag *d, const struct where *w, const char *text, size_t len, struct cidr *out);

#endif
