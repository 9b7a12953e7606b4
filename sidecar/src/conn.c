/* conn.c: see conn.h.
 *
 * Convention: a function that may close the connection (refuse,
 * after_response, fail_request and whatever calls them) is the last thing
 * its caller does with c. */
#include "conn.h"

#include "admit.h"
#include "builtin_rules.h"
#include "default_branch.h"
#include "http_status.h"
#include "limits.h"
#include "log.h"
#include "policy.h"
#include "server.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LINGER_TIMEOUT 2.0
#define LAST_CHUNK "0\r\n\r\n"
#define CHUNK_FRAMING 24 /* the size line and the CRLF after the data */

_Static_assert(CLIENT_OUT_BUFFER >= CURL_MAX_WRITE_SIZE + CHUNK_FRAMING + sizeof LAST_CHUNK + 1024,
               "an out buffer holding a response head must take any one libcurl write with its framing");
_Static_assert(CLIENT_OUT_BUFFER >= RP_REPLY_ROOM + CHUNK_FRAMING + sizeof LAST_CHUNK + 1024,
               "an out buffer holding a response head must take a reply step");

static void try_request(struct conn *c);
static void after_response(struct conn *c, bool reusable);

/* ---- time ---- */

static void arm_deadline(struct conn *c, ev_tstamp seconds)
{
	c->deadline.repeat = seconds;
	ev_timer_again(c->server->loop, &c->deadline);
}

static const struct limit *limit_of(const struct conn *c, enum limit_name n)
{
	return server_limit(c->server, n);
}

static double seconds_of(const struct conn *c, enum limit_name n)
{
	return (double)limit_of(c, n)->value;
}

static bool in_request(const struct conn *c)
{
	return c->state == CONN_PUSH || c->state == CONN_RELAY || c->state == CONN_DRAIN || c->state == CONN_REPLY;
}

/* True once the request has run for its whole transfer-timeout. */
static bool out_of_time(const struct conn *c)
{
	return ev_now(c->server->loop) - c->outcome.started >= seconds_of(c, LIM_TRANSFER_TIMEOUT) - 0.001;
}

/* Progress in a request: the deadline is the idle timeout, or the end of
 * its total time if that comes first. */
static void touch(struct conn *c)
{
	if (!in_request(c))
		return;
	double idle = seconds_of(c, LIM_IDLE_TIMEOUT);
	double left = c->outcome.started + seconds_of(c, LIM_TRANSFER_TIMEOUT) - ev_now(c->server->loop);
	arm_deadline(c, left >= idle ? idle : left > 0.001 ? left : 0.001);
}

/* ---- the client's socket ---- */

static bool is_push(const struct conn *c)
{
	return c->routed && c->route.service == SERVICE_RECEIVE_PACK && c->route.endpoint == ENDPOINT_RPC;
}

/* Writes what it can of c->out now; arms the write watcher for the rest.
 * 0, or -1 if the client is gone (then client_gone is set; never closes). */
static int flush_out(struct conn *c)
{
	while (buffer_len(&c->out) > 0) {
		ssize_t w = send(c->fd, buffer_head(&c->out), buffer_len(&c->out), MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			ev_io_start(c->server->loop, &c->write_watch);
			return 0;
		}
		if (w < 0) {
			c->client_gone = true;
			return -1;
		}
		buffer_consume(&c->out, (size_t)w);
	}
	ev_io_stop(c->server->loop, &c->write_watch);
	return 0;
}

/* Room in c->in again: read the client (unless it has said all it will). */
static void read_again(struct conn *c)
{
	if (!c->read_closed)
		ev_io_start(c->server->loop, &c->read_watch);
}

/* ---- the end of a request ---- */

static void release_request(struct conn *c)
{
	struct server *s = c->server;
	if (c->holds_transfer) {
		s->ntransfers--;
		c->holds_transfer = false;
	}
	if (c->gate) {
		push_gate_free(c->gate);
		free(c->gate);
		c->gate = NULL;
	}
	free(c->reply);
	c->reply = NULL;
	policy_free(c->policy);
	c->policy = NULL;
}

/* The request's one outcome record; then its resources go. */
static void end_request(struct conn *c, int status, const char *rule, const char *reason)
{
	const struct route *r = c->routed ? &c->route : NULL;
	struct audit_ref refs[LIMIT_AUDIT_REFS];
	struct audit_record rec = {
		.peer = c->peer,
		.method = c->req.method == HTTP_POST ? "POST" : c->req.method == HTTP_GET ? "GET" : NULL,
		.host = r ? r->host : NULL,
		.owner = r ? r->owner : NULL,
		.repo = r ? r->repo : NULL,
		.service = r ? route_service_name(r->service) : NULL,
		.status = status,
		.rule = rule,
		.reason = reason,
	};
	const struct push_gate *g = c->gate;
	if (g) {
		size_t omitted;
		rec.nrefs = push_gate_audit(g, refs, LIMIT_AUDIT_REFS, &omitted);
		rec.refs = refs;
		rec.ref_updates = g->ncmds;
		rec.refs_omitted = omitted;
		rec.push = g->state == GATE_COMPLETE && g->ncmds == 0 ? "empty"
		           : !g->judged                              ? "unjudged"
		           : g->allowed                              ? "allowed"
		                                                     : "refused";
		rec.refs_error = g->state == GATE_FAILED ? g->reason : NULL;
	}
	outcome_end(&c->outcome, c->server, &rec);
	release_request(c);
}

/* Queues "airlock: reason [rule id]" with status. */
static void queue_refusal(struct conn *c, int status, unsigned retry_after, const char *rule, const char *reason,
                          bool reusable)
{
	char body[700], head[600], retry[40] = "";
	if (retry_after)
		snprintf(retry, sizeof retry, "Retry-After: %u\r\n", retry_after);
	int blen = snprintf(body, sizeof body, "airlock: %s [rule %s]\n", reason, rule);
	if (blen < 0 || (size_t)blen >= sizeof body)
		blen = (int)strlen(body);
	int hlen = snprintf(head, sizeof head,
	                    "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\n"
	                    "Content-Length: %d\r\nX-Request-Id: %s\r\n%s%s%s\r\n",
	                    status, http_reason_phrase(status), blen, c->outcome.request_id, retry,
	                    status == 401 ? "WWW-Authenticate: Basic realm=\"airlock\"\r\n" : "",
	                    reusable ? "" : "Connection: close\r\n");
	if (buffer_append(&c->out, head, (size_t)hlen) == 0 && buffer_append(&c->out, body, (size_t)blen) == 0)
		c->outcome.bytes_out += (unsigned long long)blen;
}

/* Reuse is safe only once the request's body is read to its end. */
static bool reusable(const struct conn *c)
{
	return c->keep_alive && c->body.done && !c->server->shutting_down;
}

/* Refuses the current request with a one-line reason; gitproxy answers
 * it, so nothing of it goes upstream. */
static void refuse(struct conn *c, int status, unsigned retry_after, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void refuse(struct conn *c, int status, unsigned retry_after, const char *rule, const char *fmt, ...)
{
	char reason[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	bool reuse = reusable(c);
	queue_refusal(c, status, retry_after, rule, reason, reuse);
	end_request(c, status, rule, reason);
	after_response(c, reuse);
}

/* The request cannot be answered any more (the client left, or its
 * response was already under way): its end, then the connection's. */
static void fail_request(struct conn *c, int status, const char *rule, const char *reason)
{
	end_request(c, status, rule, reason);
	conn_close(c);
}

/* The response is queued: close once it is out, or at once if the client is
 * gone. Bytes the client may still be sending are drained for a moment after
 * our write side is shut, so an unread body does not turn into a reset that
 * destroys the response before the client reads it. */
static void close_after_response(struct conn *c)
{
	c->state = CONN_CLOSING;
	if (flush_out(c) < 0) {
		conn_close(c);
		return;
	}
	if (buffer_len(&c->out) == 0) {
		if (c->read_closed) {
			conn_close(c);
			return;
		}
		shutdown(c->fd, SHUT_WR);
		c->state = CONN_LINGER;
		ev_io_start(c->server->loop, &c->read_watch);
	}
	arm_deadline(c, LINGER_TIMEOUT);
}

static void next_request(struct conn *c)
{
	c->state = CONN_HEAD;
	arm_deadline(c, seconds_of(c, LIM_HEAD_TIMEOUT));
	read_again(c);
	if (flush_out(c) < 0) {
		conn_close(c);
		return;
	}
	/* A pipelined request waits for the previous response to be out (then
	 * on_writable takes it), and for the next loop turn. */
	if ((buffer_len(&c->in) > 0 || c->read_closed) && buffer_len(&c->out) == 0)
		ev_timer_start(c->server->loop, &c->resume);
}

/* Between requests, with nothing left to send: the next buffered request,
 * or the close a half-closed client has asked for. */
static void serve_next(struct conn *c)
{
	if (buffer_len(&c->in) > 0)
		try_request(c);
	else if (c->read_closed)
		close_after_response(c);
}

static void after_response(struct conn *c, bool reuse)
{
	if (reuse)
		next_request(c);
	else
		close_after_response(c);
}

/* ---- request bodies ---- */

static void set_failure(struct conn *c, int status, const char *rule, const char *reason)
{
	c->failure_status = status;
	c->failure_rule = rule;
	c->failure_reason = reason;
}

/* Body bytes from c->in: counted, a push's against push-size. -1 on a
 * malformed or oversized body (the failure is set). */
static ssize_t body_read(struct conn *c, char *buf, size_t cap)
{
	size_t before = buffer_len(&c->in);
	ssize_t n = request_body_read(&c->body, &c->in, buf, cap);
	if (buffer_len(&c->in) < before)
		read_again(c);
	if (n < 0) {
		set_failure(c, 400, RULE_HTTP_STRICT, "malformed chunked request body");
		return -1;
	}
	c->outcome.bytes_in += (unsigned long long)n;
	const struct limit *size = limit_of(c, LIM_PUSH_SIZE);
	if (is_push(c) && c->outcome.bytes_in > size->value) {
		set_failure(c, 413, size->rule, "push larger than limit push-size");
		return -1;
	}
	return n;
}

/* ---- a push: its update request, its verdict ---- */

static void start_relay(struct conn *c);
static void pump_reply(struct conn *c);

static void describe_ref(void *ctx, size_t i, struct rp_ref *out)
{
	struct conn *c = ctx;
	const struct push_gate *g = c->gate;
	const struct push_verdict *v = &g->cmds[i].verdict;
	out->name = push_gate_refname(g, i, &out->len);
	out->message[0] = '\0';
	if (v->allowed) {
		snprintf(out->status, sizeof out->status, "another ref in this push was refused");
		return;
	}
	snprintf(out->status, sizeof out->status, "denied by airlock rule %s", v->rule);
	char why[1600];
	struct repo_id repo = {c->route.host, c->route.owner, c->route.repo};
	push_verdict_explain(v, &repo, &g->head, out->name, out->len, why, sizeof why);
	snprintf(out->message, sizeof out->message, "airlock: %.*s: denied by rule %s (%s): %s",
	         (int)(out->len > 1024 ? 1024 : out->len), out->name, v->rule, v->source, why);
}

/* The first refused ref's rule and a one-line reason, for the audit. */
static const char *first_refusal(const struct push_gate *g, char *reason, size_t cap)
{
	for (size_t i = 0; i < g->ncmds; i++) {
		const struct push_verdict *v = &g->cmds[i].verdict;
		if (v->allowed)
			continue;
		size_t len;
		const char *name = push_gate_refname(g, i, &len);
		snprintf(reason, cap, "push refused: %.*s denied by rule %s (%s)%s", (int)(len > 256 ? 256 : len), name,
		         v->rule, v->source, g->refused > 1 ? "; other refs refused too" : "");
		return v->rule;
	}
	snprintf(reason, cap, "push refused");
	return NULL;
}

/* A refused push's answer: 200 and receive-pack's report, as git expects. */
static void begin_reply(struct conn *c)
{
	struct push_gate *g = c->gate;
	char summary[512];
	c->reply = malloc(sizeof *c->reply);
	if (!c->reply) {
		c->keep_alive = false;
		refuse(c, 503, 0, RULE_GITPROXY, "out of memory");
		return;
	}
	snprintf(summary, sizeof summary,
	         "airlock: push refused whole (%zu of %zu ref updates denied); nothing was sent to %s", g->refused,
	         g->ncmds, c->route.host);
	rp_reply_init(c->reply, &g->parser, g->ncmds, describe_ref, c, summary);
	char head[400];
	int n = snprintf(head, sizeof head,
	                 "HTTP/1.1 200 OK\r\nContent-Type: application/x-git-receive-pack-result\r\n"
	                 "Cache-Control: no-cache\r\nX-Request-Id: %s\r\n%s%s\r\n",
	                 c->outcome.request_id, c->framed ? "Transfer-Encoding: chunked\r\n" : "",
	                 reusable(c) ? "" : "Connection: close\r\n");
	buffer_append(&c->out, head, (size_t)n);
	c->answered = true;
	c->state = CONN_REPLY;
	touch(c);
	pump_reply(c);
}

/* Writes as much of the reply as c->out takes; ends the request once all
 * of it is queued. */
static void pump_reply(struct conn *c)
{
	char piece[2 * RP_REPLY_ROOM];
	while (!rp_reply_done(c->reply)) {
		if (buffer_room(&c->out) < sizeof piece + CHUNK_FRAMING + sizeof LAST_CHUNK) {
			if (flush_out(c) < 0) {
				fail_request(c, 499, NULL, "client went away during gitproxy's reply");
				return;
			}
			if (buffer_len(&c->out) > 0)
				return; /* on_writable comes back once it is out */
		}
		size_t n = rp_reply_fill(c->reply, piece, sizeof piece);
		if (n == 0)
			continue;
		char frame[CHUNK_FRAMING];
		int flen = c->framed ? snprintf(frame, sizeof frame, "%zx\r\n", n) : 0;
		buffer_append(&c->out, frame, (size_t)flen);
		buffer_append(&c->out, piece, n);
		buffer_append(&c->out, "\r\n", c->framed ? 2 : 0);
		c->outcome.bytes_out += n;
	}
	if (c->framed)
		buffer_append(&c->out, LAST_CHUNK, sizeof LAST_CHUNK - 1);
	char reason[400];
	const char *rule = first_refusal(c->gate, reason, sizeof reason);
	bool reuse = reusable(c);
	end_request(c, 200, rule, reason);
	after_response(c, reuse);
}

/* An update request without commands (git sends "0000" first, to probe,
 * before a big push) is answered as receive-pack answers it: 200 and an
 * empty body. The upstream is not asked; there is nothing to forward. */
static void answer_empty_push(struct conn *c)
{
	char head[400];
	int n = snprintf(head, sizeof head,
	                 "HTTP/1.1 200 OK\r\nContent-Type: application/x-git-receive-pack-result\r\n"
	                 "Cache-Control: no-cache\r\nX-Request-Id: %s\r\n%s%s\r\n%s",
	                 c->outcome.request_id, c->framed ? "Transfer-Encoding: chunked\r\n" : "",
	                 reusable(c) ? "" : "Connection: close\r\n", c->framed ? LAST_CHUNK : "");
	buffer_append(&c->out, head, (size_t)n);
	bool reuse = reusable(c);
	end_request(c, 200, c->rule, "no ref updates (git's probe before a push): answered by gitproxy");
	after_response(c, reuse);
}

/* The body of a push gitproxy answers itself is read to its end. */
static void answer_push(struct conn *c)
{
	if (c->gate->ncmds == 0)
		answer_empty_push(c);
	else
		begin_reply(c);
}

/* A push gitproxy answers itself (refused, or with nothing to update) has
 * its body read and dropped (within push-size and the timeouts), then
 * answered, so the connection can serve the next request and git reads
 * the answer after sending all it had, as from receive-pack. */
static void drain(struct conn *c)
{
	char sink[16384];
	for (;;) {
		ssize_t n = body_read(c, sink, sizeof sink);
		if (n < 0) {
			/* Oversized or malformed: answer anyway, then close. */
			c->keep_alive = false;
			break;
		}
		if (c->body.done || n == 0)
			break;
	}
	if (c->body.done || !c->keep_alive)
		answer_push(c);
}

static void decide_push(struct conn *c)
{
	struct push_gate *g = c->gate;
	struct repo_id repo = {c->route.host, c->route.owner, c->route.repo};
	if (g->ncmds == 0) {
		c->state = CONN_DRAIN;
		drain(c);
		return;
	}
	if (g->head.state == HEAD_PENDING)
		push_gate_set_head(g, default_branch_get(c->server, &c->route));
	if (!push_gate_judge(g, c->policy, &repo))
		return; /* waits for the default branch (conn_default_branch_learned) */
	if (g->allowed) {
		start_relay(c);
		return;
	}
	c->state = CONN_DRAIN;
	drain(c);
}

/* Reads the update request from what the client has sent. */
static void feed_push(struct conn *c)
{
	struct push_gate *g = c->gate;
	char piece[16384];
	while (g->state == GATE_READING) {
		ssize_t n = body_read(c, piece, sizeof piece);
		if (n < 0) {
			refuse(c, c->failure_status, 0, c->failure_rule, "%s", c->failure_reason);
			return;
		}
		if (n == 0 && !c->body.done)
			return; /* more to come */
		push_gate_feed(g, piece, (size_t)n);
		if (c->body.done)
			push_gate_body_end(g);
	}
	if (g->state == GATE_FAILED && g->status == 413 && g->ncmds > 0) {
		/* Too large to judge: refused in git's terms, naming the refs read. */
		push_gate_refuse_all(g);
		c->state = CONN_DRAIN;
		drain(c);
		return;
	}
	if (g->state == GATE_FAILED) {
		c->keep_alive = c->keep_alive && c->body.done;
		refuse(c, g->status, 0, RULE_PUSH_REQUEST, "push not forwarded: %s", g->reason);
		return;
	}
	decide_push(c);
}

static void start_push(struct conn *c)
{
	c->gate = malloc(sizeof *c->gate);
	if (!c->gate) {
		c->keep_alive = false;
		refuse(c, 503, 0, RULE_GITPROXY, "out of memory");
		return;
	}
	push_gate_init(c->gate);
	/* The verdicts point into the policy: it must outlive a reload. */
	c->policy = policy_hold(c->server->policy);
	push_gate_set_head(c->gate, default_branch_get(c->server, &c->route));
	c->state = CONN_PUSH;
	touch(c);
	feed_push(c);
}

void conn_default_branch_learned(struct server *s)
{
	for (struct conn *c = s->conns, *next; c; c = next) {
		next = c->next;
		if (c->state == CONN_PUSH && c->gate->state == GATE_COMPLETE && !c->gate->judged)
			decide_push(c);
	}
}

/* ---- relaying ---- */

static void start_relay(struct conn *c)
{
	c->xfer = relay_start(c, &c->req, &c->route, c->outcome.request_id);
	if (!c->xfer) {
		c->keep_alive = c->keep_alive && c->body.done;
		refuse(c, 503, 0, RULE_GITPROXY, "unable to start the upstream transfer");
		return;
	}
	c->state = CONN_RELAY;
	touch(c);
	if (flush_out(c) < 0)
		fail_request(c, 499, NULL, "client went away");
}

size_t conn_upload(struct conn *c, char *buf, size_t cap, enum upload_step *step)
{
	if (c->client_gone) {
		*step = UPLOAD_FAIL;
		return 0;
	}
	/* A push's held update request first, exactly as it came. */
	size_t n = c->gate ? push_gate_take(c->gate, buf, cap) : 0;
	if (n == 0) {
		ssize_t r = body_read(c, buf, cap);
		if (r < 0) {
			*step = UPLOAD_FAIL;
			return 0;
		}
		n = (size_t)r;
	}
	if (n > 0) {
		if (is_push(c))
			bucket_charge(&c->server->pushed, (double)n, ev_now(c->server->loop));
		touch(c);
		*step = UPLOAD_DATA;
		return n;
	}
	*step = c->body.done ? UPLOAD_END : UPLOAD_WAIT;
	return 0;
}

static bool credential_refused(int status)
{
	return status == 401 || status == 407;
}

int conn_response_begin(struct conn *c, const struct upstream_response *u)
{
	c->upstream_status = u->status;
	if (credential_refused(u->status)) {
		/* Its WWW-Authenticate would make git prompt for a password. */
		c->withheld = true;
		return 0;
	}
	char head[1024];
	int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\n", u->status, http_reason_phrase(u->status));
#define ADD(name, field)                                                                       \
	if (u->field[0])                                                                           \
		n += snprintf(head + n, sizeof head - (size_t)n, name ": %s\r\n", u->field);
	ADD("Content-Type", content_type)
	ADD("Content-Encoding", content_encoding)
	ADD("Cache-Control", cache_control)
	ADD("Expires", expires)
	ADD("Pragma", pragma)
#undef ADD
	n += snprintf(head + n, sizeof head - (size_t)n, "X-Request-Id: %s\r\n%s%s\r\n", c->outcome.request_id,
	              c->framed ? "Transfer-Encoding: chunked\r\n" : "", c->keep_alive ? "" : "Connection: close\r\n");
	/* The buffer holds at most a "100 Continue" ahead of it (see the
	 * static assertions at the top). */
	if ((buffer_room(&c->out) < (size_t)n && flush_out(c) < 0) || buffer_append(&c->out, head, (size_t)n) < 0) {
		c->client_gone = true;
		return -1;
	}
	c->answered = true;
	ev_io_start(c->server->loop, &c->write_watch);
	return 0;
}

enum conn_take conn_response_data(struct conn *c, const char *data, size_t n)
{
	if (c->client_gone)
		return TAKE_GONE;
	if (c->withheld || n == 0)
		return TAKE_OK;
	char frame[CHUNK_FRAMING];
	int flen = c->framed ? snprintf(frame, sizeof frame, "%zx\r\n", n) : 0;
	size_t tlen = c->framed ? 2 : 0;
	/* Pieces are gathered in c->out and sent when it is full or, at the
	 * latest, when the loop comes round to the write watcher: one send(2)
	 * per buffer, not one per TLS record. Room is always kept for the
	 * last-chunk marker that ends the response, which must never fail to fit. */
	size_t need = (size_t)flen + n + tlen + sizeof LAST_CHUNK - 1;
	if (buffer_room(&c->out) < need && flush_out(c) < 0)
		return TAKE_GONE;
	if (buffer_room(&c->out) < need) {
		ev_io_start(c->server->loop, &c->write_watch);
		return TAKE_PAUSE;
	}
	buffer_append(&c->out, frame, (size_t)flen);
	buffer_append(&c->out, data, n);
	buffer_append(&c->out, "\r\n", tlen);
	c->outcome.bytes_out += n;
	touch(c);
	ev_io_start(c->server->loop, &c->write_watch);
	return TAKE_OK;
}

void conn_transfer_done(struct conn *c, const struct transfer_end *e)
{
	relay_free(c->xfer);
	c->xfer = NULL;
	c->outcome.upstream_connect_us = e->connect_us;
	if (c->client_gone) {
		fail_request(c, 499, NULL, "client went away mid-transfer");
		return;
	}
	if (e->result == CURLE_OK && !c->withheld) {
		if (c->framed)
			buffer_append(&c->out, LAST_CHUNK, sizeof LAST_CHUNK - 1);
		bool reuse = reusable(c);
		end_request(c, c->upstream_status, c->rule, NULL);
		after_response(c, reuse);
		return;
	}
	/* With a response under way, cutting the stream is the only honest
	 * signal left, whatever went wrong. */
	if (c->answered) {
		fail_request(c, c->upstream_status, c->failure_rule ? c->failure_rule : c->rule,
		             c->failure_reason ? c->failure_reason : curl_easy_strerror(e->result));
		return;
	}
	c->keep_alive = c->keep_alive && c->body.done;
	if (c->failure_status)
		refuse(c, c->failure_status, 0, c->failure_rule, "%s", c->failure_reason);
	else if (c->withheld)
		refuse(c, 502, 0, RULE_UPSTREAM_AUTH, "upstream %s rejected the sidecar's credential (HTTP %d)",
		       c->route.host, c->upstream_status);
	else
		refuse(c, 502, 0, RULE_UPSTREAM, "upstream %s failed: %s", c->route.host, curl_easy_strerror(e->result));
}

/* ---- a new request ---- */

static void reset_request(struct conn *c)
{
	c->routed = false;
	c->rule[0] = '\0';
	c->answered = c->withheld = false;
	c->upstream_status = 0;
	c->failure_status = 0;
	c->failure_rule = c->failure_reason = NULL;
	c->framed = !c->req.http10;
}

/* A complete head is in c->req: decide. */
static void dispatch(struct conn *c)
{
	struct server *s = c->server;
	struct admission a;
	c->routed = route_parse(c->req.target, c->req.method, &c->route) == 0;
	admit(s, &c->req, c->routed, &c->route, &a);
	if (!a.allowed) {
		refuse(c, a.status, a.retry_after, a.rule, "%s", a.reason);
		return;
	}
	snprintf(c->rule, sizeof c->rule, "%s", a.rule);
	c->holds_transfer = true;
	s->ntransfers++;
	if (c->req.expect_continue)
		buffer_append(&c->out, "HTTP/1.1 100 Continue\r\n\r\n", 25);
	if (is_push(c)) {
		start_push(c);
		return;
	}
	if (c->route.service == SERVICE_RECEIVE_PACK)
		default_branch_prefetch(s, &c->route); /* the push that follows will want it */
	start_relay(c);
}

static void try_request(struct conn *c)
{
	ssize_t head = http_request_parse(buffer_head(&c->in), buffer_len(&c->in), &c->head_scan, &c->req);
	if (head == 0) {
		if (c->read_closed)
			close_after_response(c); /* the rest of this head will never come */
		return;
	}
	outcome_begin(&c->outcome, ev_now(c->server->loop));
	reset_request(c);
	if (head < 0) {
		c->keep_alive = false;
		c->body.done = false;
		refuse(c, c->req.status, 0, RULE_HTTP_STRICT, "%s", c->req.reason);
		return;
	}
	buffer_consume(&c->in, (size_t)head);
	c->head_scan = (struct head_scan){0}; /* the next head starts at the buffer's head */
	request_body_init(&c->body, &c->req);
	/* HTTP/1.0 gets close-delimited responses: never reused. */
	c->keep_alive = !c->req.connection_close && !c->req.http10;
	dispatch(c);
}

/* ---- events ---- */

/* The client went away (or broke the connection) in the middle of c's request. */
static void client_left(struct conn *c)
{
	if (c->xfer) {
		relay_free(c->xfer);
		c->xfer = NULL;
	}
	if (c->outcome.open)
		fail_request(c, 499, NULL, "client closed the connection mid-request");
	else
		conn_close(c);
}

/* Everything the current request needs from the client is in (or there
 * is no request): a half-close now is the client saying it will send no
 * more. It still reads: what it sent is answered, then the connection
 * closes. */
static bool half_close_allowed(const struct conn *c)
{
	return c->state == CONN_HEAD || ((c->state == CONN_RELAY || c->state == CONN_REPLY || c->state == CONN_PUSH) &&
	                                 c->body.done);
}

static void on_readable(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	struct conn *c = (struct conn *)((char *)w - offsetof(struct conn, read_watch));
	if (c->state == CONN_CLOSING || c->state == CONN_LINGER) {
		char discard[4096];
		ssize_t r = read(c->fd, discard, sizeof discard);
		if (r > 0 || (r < 0 && (errno == EAGAIN || errno == EINTR)))
			return;
		if (c->state == CONN_CLOSING && r == 0 && buffer_len(&c->out) > 0) {
			/* A half-close: the response still goes out, then we close. */
			c->read_closed = true;
			ev_io_stop(c->server->loop, &c->read_watch);
			return;
		}
		conn_close(c);
		return;
	}
	size_t room = buffer_room(&c->in);
	if (room == 0) {
		/* Backpressure: the body waits for the upstream to take it. */
		ev_io_stop(c->server->loop, &c->read_watch);
		return;
	}
	ssize_t r = read(c->fd, buffer_tail(&c->in), room);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r == 0 && half_close_allowed(c)) {
		c->read_closed = true;
		ev_io_stop(c->server->loop, &c->read_watch);
		if (c->state == CONN_HEAD && buffer_len(&c->out) == 0)
			serve_next(c); /* else on_writable does, once the queue is out */
		return;
	}
	if (r <= 0) {
		client_left(c);
		return;
	}
	buffer_commit(&c->in, (size_t)r);
	switch (c->state) {
	case CONN_HEAD:
		if (buffer_len(&c->out) == 0)
			try_request(c);
		break;
	case CONN_PUSH:
		touch(c);
		if (c->gate->state == GATE_READING)
			feed_push(c);
		break;
	case CONN_DRAIN:
		touch(c);
		drain(c);
		break;
	case CONN_RELAY:
		touch(c);
		relay_resume_upload(c->xfer);
		break;
	case CONN_REPLY:
	case CONN_CLOSING:
	case CONN_LINGER:
		break;
	}
}

static void on_writable(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	struct conn *c = (struct conn *)((char *)w - offsetof(struct conn, write_watch));
	if (flush_out(c) < 0) {
		client_left(c);
		return;
	}
	if (buffer_len(&c->out) > 0)
		return;
	switch (c->state) {
	case CONN_RELAY:
		touch(c);
		relay_resume_download(c->xfer);
		break;
	case CONN_REPLY:
		touch(c);
		pump_reply(c);
		break;
	case CONN_CLOSING:
		close_after_response(c);
		break;
	case CONN_HEAD:
		serve_next(c);
		break;
	case CONN_PUSH:
	case CONN_DRAIN:
	case CONN_LINGER:
		break;
	}
}

static void on_resume(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	struct conn *c = w->data;
	if (c->state == CONN_HEAD && buffer_len(&c->out) == 0)
		serve_next(c);
}

/* A request's time ran out: say who stalled, while there is still a way
 * to say it. */
static void request_timed_out(struct conn *c)
{
	const struct limit *l = limit_of(c, out_of_time(c) ? LIM_TRANSFER_TIMEOUT : LIM_IDLE_TIMEOUT);
	bool total = l == limit_of(c, LIM_TRANSFER_TIMEOUT);
	const char *which = total ? "transfer-timeout" : "idle-timeout";
	if (c->answered) {
		char reason[120];
		snprintf(reason, sizeof reason, "%s ran longer than limit %s", c->state == CONN_REPLY ? "reply" : "transfer",
		         which);
		fail_request(c, c->state == CONN_REPLY ? 200 : 504, l->rule, reason);
		return;
	}
	if (c->state == CONN_DRAIN) {
		/* A refused push that stalls still hears why it was refused. */
		c->keep_alive = false;
		answer_push(c);
		return;
	}
	bool body_stalled = !c->body.done;
	if (c->xfer) {
		relay_free(c->xfer);
		c->xfer = NULL;
	}
	c->keep_alive = false;
	if (total)
		refuse(c, 504, 0, l->rule, "request not answered within %llu s (limit transfer-timeout)", l->value);
	else if (body_stalled)
		refuse(c, 408, 0, l->rule, "request body stalled for %llu s (limit idle-timeout)", l->value);
	else if (c->state == CONN_PUSH)
		refuse(c, 504, 0, l->rule, "upstream %s did not tell its default branch within %llu s (limit idle-timeout)",
		       c->route.host, l->value);
	else
		refuse(c, 504, 0, l->rule, "upstream %s sent nothing for %llu s (limit idle-timeout)", c->route.host, l->value);
}

static void on_deadline(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	struct conn *c = w->data;
	switch (c->state) {
	case CONN_HEAD:
		if (buffer_len(&c->in) > 0 && buffer_len(&c->out) == 0) {
			const struct limit *head = limit_of(c, LIM_HEAD_TIMEOUT);
			outcome_begin(&c->outcome, ev_now(c->server->loop));
			c->req.method = HTTP_UNKNOWN; /* nothing of this head was read */
			reset_request(c);
			c->keep_alive = false;
			c->body.done = false;
			refuse(c, 408, 0, head->rule, "request head not complete within %llu s (limit head-timeout)",
			       head->value);
			return;
		}
		break;
	case CONN_PUSH:
	case CONN_RELAY:
	case CONN_DRAIN:
	case CONN_REPLY:
		request_timed_out(c);
		return;
	case CONN_CLOSING:
	case CONN_LINGER:
		break;
	}
	conn_close(c);
}

/* ---- the connection ---- */

void conn_close(struct conn *c)
{
	struct server *s = c->server;
	if (c->xfer) {
		relay_free(c->xfer);
		c->xfer = NULL;
	}
	if (c->outcome.open) {
		s->stats.outcome_errors++;
		warn("bug: connection from %s closed with request %s open", c->peer, c->outcome.request_id);
		end_request(c, 500, RULE_GITPROXY, "closed without an outcome (a gitproxy bug)");
	}
	release_request(c);
	ev_io_stop(s->loop, &c->read_watch);
	ev_io_stop(s->loop, &c->write_watch);
	ev_timer_stop(s->loop, &c->deadline);
	ev_timer_stop(s->loop, &c->resume);
	close(c->fd);
	buffer_free(&c->in);
	buffer_free(&c->out);
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	s->nconns--;
	free(c);
	server_connection_gone(s);
}

bool conn_idle(const struct conn *c)
{
	return c->state == CONN_HEAD && buffer_len(&c->in) == 0 && !c->outcome.open;
}

void conn_abort(struct conn *c)
{
	if (c->outcome.open) {
		char reason[120];
		snprintf(reason, sizeof reason, "shutdown: cut after the %.0f s grace", LIMIT_SHUTDOWN_GRACE);
		fail_request(c, c->answered ? (c->state == CONN_REPLY ? 200 : c->upstream_status) : 503, RULE_GITPROXY,
		             reason);
		return;
	}
	conn_close(c);
}

void conn_accept(struct server *s, int fd, const char *peer)
{
	struct conn *c = calloc(1, sizeof *c);
	if (!c || buffer_init(&c->in, CLIENT_IN_BUFFER) < 0 || buffer_init(&c->out, CLIENT_OUT_BUFFER) < 0) {
		warn("unable to accept a connection from %s: out of memory", peer);
		if (c) {
			buffer_free(&c->in);
			free(c);
		}
		close(fd);
		return;
	}
	c->server = s;
	c->fd = fd;
	snprintf(c->peer, sizeof c->peer, "%s", peer);
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->nconns++;
	ev_io_init(&c->read_watch, on_readable, fd, EV_READ);
	ev_io_init(&c->write_watch, on_writable, fd, EV_WRITE);
	ev_init(&c->deadline, on_deadline);
	c->deadline.data = c;
	ev_timer_init(&c->resume, on_resume, 0.0, 0.0);
	c->resume.data = c;
	c->state = CONN_HEAD;
	arm_deadline(c, seconds_of(c, LIM_HEAD_TIMEOUT));
	ev_io_start(s->loop, &c->read_watch);
}
