/* tokens.h: the upstream tokens, one per git host whose git-host rule
 * names one (`git-host HOST token=NAME`): the file DIR/NAME, read when a
 * policy is loaded (secret.h's rules: 1..4 KiB of visible ASCII, one
 * trailing newline). A host whose rule names no token gets none: gitproxy
 * sends no Authorization to it, never another host's token.
 *
 * Each token is kept only as the header gitproxy sends, "Authorization:
 * Basic base64(x-access-token:TOKEN)" (GitHub's form for a token used over
 * HTTPS), wiped when freed. tokens_load() returns the set the caller owns,
 * or NULL with why naming the host and the file. */
#ifndef GITPROXY_TOKENS_H
#define GITPROXY_TOKENS_H

#include "policy.h"

#include <stddef.h>

struct tokens;

struct tokens *tokens_load(const struct policy *p, const char *dir, char *why, size_t whylen);
void tokens_free(struct tokens *t);
/* The header line for host, or NULL when it has no token. */
const char *tokens_header(const struct tokens *t, const char *host);

#endif
