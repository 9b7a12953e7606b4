/* admit.h: the checks a request head passes before gitproxy does anything
 * for it, in the order docs/gitproxy.md gives: the request rate, the git
 * route, the Content-Type of a POST, the session credential, the git host
 * and the repository's scope, a push's declared size, the push rate, and
 * the number of transfers. Each refusal is a status, the id of the rule
 * that refused, a one-line reason, and for limits that lift with time the
 * seconds to wait. admit() decides; conn.c answers. */
#ifndef GITPROXY_ADMIT_H
#define GITPROXY_ADMIT_H

#include "http_request.h"
#include "route.h"

#include <stdbool.h>

struct server;

struct admission {
	bool allowed;
	int status;            /* refused */
	const char *rule;      /* allowed: the repository's rule; refused: the refusing one */
	char reason[512];      /* refused */
	unsigned retry_after;  /* refused: seconds for Retry-After, 0 for none */
};

/* routed: route_parse() accepted the target into *r. */
void admit(struct server *s, const struct http_request *q, bool routed, const struct route *r, struct admission *a);

#endif
