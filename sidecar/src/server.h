/* server.h: the listening socket, the shared state every connection sees,
 * and orderly shutdown. */
#ifndef GITPROXY_SERVER_H
#define GITPROXY_SERVER_H

#include "curl_loop.h"
#include "policy.h"
#include "session.h"
#include "stats.h"
#include "token_bucket.h"

#include <curl/curl.h>
#include <ev.h>
#include <stdbool.h>
#include <stddef.h>

struct conn;
struct control_client;
struct default_branches;
struct tokens;

struct server {
	struct ev_loop *loop;
	int listen_fd;
	ev_io accept_watch;
	/* Accepting paused after running out of descriptors or memory. */
	ev_timer accept_retry;
	ev_tstamp accept_delay;         /* the pause now, 0 while accepting works */
	ev_tstamp accept_warned_at;     /* the last warning about it */
	unsigned long accept_failures;  /* since that warning */
	ev_timer heap_trim;             /* started when the last client goes */
	const char *config_path;      /* gitproxy.json, read again on reload */

	struct policy *policy;        /* replaced whole on reload */
	struct session session;       /* the sandbox's credential and its life */
	ev_tstamp started_at, loaded_at;
	unsigned long long reloads, reloads_refused;
	struct stats stats;
	int control_fd;               /* -1: no control socket */
	const char *control_path;
	ev_io control_watch;
	struct control_client *control_clients;
	size_t ncontrol_clients;
	const char *token_dir;        /* where the git hosts' tokens are (tokens.h) */
	struct tokens *tokens;        /* the running policy's: replaced with it */
	const char *ca_file;          /* NULL: the system store */
	struct curl_slist *connect_to;
	struct curl_loop curl;
	struct tls_resume *tls_resume; /* the upstreams' TLS sessions, for every connection */
	struct default_branches *default_branches; /* default_branch.c's table */
	struct conn *conns;
	size_t nconns;
	size_t ntransfers;            /* requests admitted and not yet ended (conn.c counts them) */
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
/* 0 if p's connections and transfers, with LIMIT_FD_RESERVE, fit in
 * RLIMIT_NOFILE's soft limit; else -1 with why filled in. */
int server_fds_fit(const struct policy *p, char *why, size_t whylen);
/* Reads the policy again and applies it (its limits, the session's TTL);
 * a policy that does not load, or that server_fds_fit refuses, is refused.
 * 0, or -1 with why filled in (the old one keeps serving). The session is
 * not touched: it changes only by rotate and revoke. */
int server_reload(struct server *s, char *why, size_t whylen);
/* Binds and listens on IPV4:PORT; 0, or -1 with why filled in. */
int server_listen(struct server *s, const char *address, char *why, size_t whylen);
/* Stops accepting; idle connections close now, transfers get a grace time. */
void server_shutdown(struct server *s);
/* A connection was freed: the loop ends once shutting down and none are left. */
void server_connection_gone(struct server *s);

#endif
