/* server.h: the listening socket, the shared state every connection sees,
 * and orderly shutdown. */
#ifndef GITPROXY_SERVER_H
#define GITPROXY_SERVER_H

#include "curl_loop.h"
#include "policy.h"
#include "secret.h"
#include "token_bucket.h"

#include <curl/curl.h>
#include <ev.h>
#include <stdbool.h>
#include <stddef.h>

struct conn;

struct server {
	struct ev_loop *loop;
	int listen_fd;
	ev_io accept_watch;
	struct policy *policy;        /* replaced whole on reload */
	struct secret session;        /* the sandbox's credential */
	char *upstream_authorization; /* "Authorization: Basic ...": holds the token */
	const char *ca_file;          /* NULL: the system store */
	struct curl_slist *connect_to;
	struct curl_loop curl;
	struct conn *conns;
	size_t nconns;
	size_t ntransfers;
	/* One sidecar serves one sandbox: these buckets are per sandbox. */
	struct token_bucket requests; /* request-rate, request-burst */
	struct token_bucket pushed;   /* push-rate, push-burst: bytes */
	bool shutting_down;
	ev_timer grace;
};

/* The running policy's limits (at start and after each reload). */
const struct limit *server_limit(const struct server *s, enum limit_name n);
/* Sets the rate limiters from the running policy: full buckets at start,
 * the current level kept on a reload. */
void server_apply_limits(struct server *s, bool initial);
/* Binds and listens on IPV4:PORT; 0, or -1 with why filled in. */
int server_listen(struct server *s, const char *address, char *why, size_t whylen);
/* Stops accepting; idle connections close now, transfers get a grace time. */
void server_shutdown(struct server *s);
/* A connection was freed: the loop ends once shutting down and none are left. */
void server_connection_gone(struct server *s);

#endif
