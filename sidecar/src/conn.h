/* conn.h: one client connection's life, and the one owner of everything
 * about it: its socket, buffers, watchers and state, the current request
 * and its outcome, and every status gitproxy answers with.
 *
 * A request head is read and checked (admit.h); a push's update request is
 * then read into its gate and judged (push_gate.h) before one byte goes
 * upstream; an allowed request is relayed (relay.h), a refused one
 * answered here, a refused push in receive-pack's own words
 * (receive_pack_reply.h). The relay reports to the connection through the
 * conn_upload / conn_response_* / conn_transfer_done calls below and never
 * touches its fields. The next pipelined request is served on a later
 * loop turn, never from inside the previous one's callbacks.
 *
 * Ownership: the server's list owns each conn; a conn owns its socket,
 * buffers, transfer, gate and reply. conn_close() is the one close path;
 * it must not be called from inside a libcurl callback (those mark the
 * client gone and let the transfer's end close the connection). */
#ifndef GITPROXY_CONN_H
#define GITPROXY_CONN_H

#include "buffer.h"
#include "http_request.h"
#include "outcome.h"
#include "push_gate.h"
#include "receive_pack_reply.h"
#include "relay.h"
#include "request_body.h"
#include "route.h"

#include <ev.h>
#include <stdbool.h>

struct server;
struct policy;

enum conn_state {
	CONN_HEAD,    /* waiting for a request head */
	CONN_PUSH,    /* reading a push's update request into its gate, or waiting for its verdict */
	CONN_RELAY,   /* a transfer is in flight */
	CONN_DRAIN,   /* a refused push: the rest of its body is read and dropped */
	CONN_REPLY,   /* gitproxy's own answer to a refused push is being written */
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
	ev_timer resume;  /* serves a pipelined request on the next loop turn */
	struct buffer in, out;
	bool client_gone; /* a send failed inside a libcurl callback; the transfer's end closes */
	bool read_closed; /* the client half-closed after a whole request */

	/* The current request. */
	struct head_scan head_scan; /* how far the next head has been searched */
	struct http_request req;
	struct route route;
	bool routed, keep_alive;
	struct outcome outcome;
	char rule[128];          /* the rule that allowed it */
	struct request_body body;
	bool holds_transfer;     /* counted in the server's transfers */
	struct policy *policy;   /* held while a push's verdicts point into it */
	struct push_gate *gate;  /* a push */
	struct rp_reply *reply;  /* a refused push's answer */
	struct transfer *xfer;
	/* The response. */
	bool answered;           /* its head is queued */
	bool framed;             /* chunked; an HTTP/1.0 client reads to the close */
	bool withheld;           /* the upstream refused the token: nothing of its answer is relayed */
	int upstream_status;
	/* The client's side of a transfer failed (a malformed or oversized
	 * body): the status its end reports. */
	int failure_status;
	const char *failure_rule, *failure_reason;
};

void conn_accept(struct server *s, int fd, const char *peer);
/* The one close path. A request still open here is a bug: it is logged,
 * counted (stats outcome_errors) and ended with status 500. */
void conn_close(struct conn *c);
/* True while no request is in progress and no bytes of one are buffered. */
bool conn_idle(const struct conn *c);
/* Shutdown's grace is over: ends the request in progress (503) and closes. */
void conn_abort(struct conn *c);
/* A default-branch probe ended: pushes waiting for it are judged. */
void conn_default_branch_learned(struct server *s);

/* ---- reported by relay.c, inside libcurl callbacks ---- */
enum upload_step { UPLOAD_DATA, UPLOAD_WAIT, UPLOAD_END, UPLOAD_FAIL };
/* Request body bytes for the upstream: up to cap into buf. */
size_t conn_upload(struct conn *c, char *buf, size_t cap, enum upload_step *step);
/* The upstream's response head; 0, or -1 if the client is gone. */
int conn_response_begin(struct conn *c, const struct upstream_response *u);
enum conn_take { TAKE_OK, TAKE_PAUSE, TAKE_GONE };
enum conn_take conn_response_data(struct conn *c, const char *data, size_t n);
/* ---- reported by relay.c, outside libcurl callbacks ---- */
/* The transfer ended; the connection frees it and ends the request. */
void conn_transfer_done(struct conn *c, const struct transfer_end *e);

#endif
