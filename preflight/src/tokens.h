/* tokens.h: the sidecar's tokens. Its entrypoint gives gitproxy every
 * compose secret the sidecar service receives as a token file of the same
 * name (a git-host rule names one with token=NAME; github_token is the
 * default), so every one of them is a token, to be kept out of the
 * sandbox: the secret itself, and its file on the host.
 *
 * sidecar_tokens() lists them: github_token first, always (the sidecar
 * must receive it, and the sandbox never), then the source of each of the
 * sidecar's secrets (svc: the sidecar's service object, or NULL), each
 * name once, in the order of the list. It reads without refusing:
 * check_sidecar() refuses what it cannot read, and a list of more than
 * LIMIT_TOKENS names, whose first name left out is at more_at. The names
 * point into the document; t owns nothing. */
#ifndef PREFLIGHT_TOKENS_H
#define PREFLIGHT_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <yajl/yajl_tree.h>

#include "limits.h"

#define TOKENS_ALL ((size_t)-1) /* more_at when every name fits */

struct tokens {
	size_t n;                       /* names in name[] */
	const char *name[LIMIT_TOKENS]; /* github_token, then the sidecar's secrets */
	size_t more_at;                 /* index in the sidecar's secrets of the first name left out */
};

void sidecar_tokens(yajl_val svc, struct tokens *t);
/* name is one of t's. */
bool is_token(const struct tokens *t, const char *name);
/* The source of an element of a service's secrets list (a string, or an
 * object's source), or NULL when it has none of these shapes. */
const char *secret_source(yajl_val e);

#endif
