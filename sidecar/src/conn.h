/* conn.h: one client connection's life: read a request head, check it
 * (strict HTTP, route, session credential, policy), then either refuse it
 * with a one-line reason or relay it upstream (relay.c), and answer the
 * next request on the same connection when it is safe to.
 *
 * Ownership: the server's list owns each conn; a conn owns its socket,
 * buffers and transfer. conn_close() is the one close path and must not be
 * called from inside a libcurl callback: those mark the conn dead and let
 * the transfer's completion close it. */
#ifndef GITPROXY_CONN_H
#define GITPROXY_CONN_H

#include "buffer.h"
#include "http_request.h"
#include "push_summary.h"
#include "route.h"

#include <ev.h>
#include <stdbool.h>

struct server;
struct transfer;

enum conn_state {
	CONN_HEAD,    /* waiting for a request head */
	CONN_RELAY,   /* a transfer is in flight */
	CONN_CLOSING, /* sending the last response, then closing */
	CONN_LINGER,  /* response sent, write side shut: draining what the client still sends */
};

struct conn {
	struct server *server;
	struct conn *prev, *next;
	int fd;
	char peer[48];
	enum conn_state state;
	ev_io read_watch, write_watch;
	ev_timer deadline;
	struct buffer in, out;
	struct transfer *xfer;
	bool dead; /* the client is gone; the transfer's completion closes us */

	/* The current request. */
	struct http_request req;
	struct route route;
	bool routed;
	bool keep_alive;
	char request_id[17];
	char rule[128];
	ev_tstamp started;
	unsigned long long bytes_in, bytes_out;
	struct push_summary push; /* a push's ref updates, for its audit record */
};

void conn_accept(struct server *s, int fd, const char *peer);
void conn_close(struct conn *c);
/* Writes what it can of c->out now; arms the write watcher for the rest.
 * 0, or -1 if the client is gone (never closes by itself). */
int conn_flush(struct conn *c);
/* Progress in either direction: push the idle deadline back. */
void conn_touch(struct conn *c);
/* The transfer ended and its response is queued: log it, then serve the
 * next request or close. */
void conn_request_done(struct conn *c, int status, const char *reason, bool reusable);
/* The response cannot be completed: log it and close at once. */
void conn_fail(struct conn *c, int status, const char *reason);
/* Refuse the current request: status, one-line body "airlock: reason [rule
 * id]", an audit record; the connection closes unless it is safe to reuse. */
void conn_refuse(struct conn *c, int status, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
