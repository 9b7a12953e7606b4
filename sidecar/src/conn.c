#include "conn.h"

#include "audit.h"
#include "auth.h"
#include "http_status.h"
#include "limits.h"
#include "log.h"
#include "policy.h"
#include "relay.h"
#include "server.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#define LINGER_TIMEOUT 2.0

static void try_request(struct conn *c);

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

/* True once the request has run for its whole transfer-timeout. */
static bool out_of_time(const struct conn *c)
{
	return ev_now(c->server->loop) - c->started >= seconds_of(c, LIM_TRANSFER_TIMEOUT) - 0.001;
}

/* A transfer's deadline: the idle timeout, or the end of its total time
 * if that comes first. */
void conn_touch(struct conn *c)
{
	if (c->state != CONN_RELAY)
		return;
	double idle = seconds_of(c, LIM_IDLE_TIMEOUT);
	double left = c->started + seconds_of(c, LIM_TRANSFER_TIMEOUT) - ev_now(c->server->loop);
	arm_deadline(c, left >= idle ? idle : left > 0.001 ? left : 0.001);
}

static void new_request_id(char out[17])
{
	unsigned char r[8];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		memset(r, 0, sizeof r);
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
}

static bool is_push(const struct route *r)
{
	return r->service == SERVICE_RECEIVE_PACK && r->endpoint == ENDPOINT_RPC;
}

static void audit(struct conn *c, int status, const char *rule, const char *reason)
{
	const struct route *r = c->routed ? &c->route : NULL;
	struct audit_record rec = {
		.request_id = c->request_id,
		.peer = c->peer,
		.method = c->req.method == HTTP_POST ? "POST" : c->req.method == HTTP_GET ? "GET" : NULL,
		.host = r ? r->host : NULL,
		.owner = r ? r->owner : NULL,
		.repo = r ? r->repo : NULL,
		.service = r ? route_service_name(r->service) : NULL,
		.status = status,
		.bytes_in = c->bytes_in,
		.bytes_out = c->bytes_out,
		.duration_ms = (ev_now(c->server->loop) - c->started) * 1000.0,
		.rule = rule,
		.reason = reason,
	};
	if (r && is_push(r)) {
		rec.refs = c->push.text;
		rec.ref_updates = c->push.updates;
		rec.refs_error = c->push.error;
	}
	audit_write(&rec);
	stats_request(&c->server->stats, status, c->bytes_in, c->bytes_out, r && is_push(r));
}

int conn_flush(struct conn *c)
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
			c->dead = true;
			return -1;
		}
		buffer_consume(&c->out, (size_t)w);
	}
	ev_io_stop(c->server->loop, &c->write_watch);
	return 0;
}

void conn_close(struct conn *c)
{
	struct server *s = c->server;
	if (c->xfer)
		relay_abort(c);
	ev_io_stop(s->loop, &c->read_watch);
	ev_io_stop(s->loop, &c->write_watch);
	ev_timer_stop(s->loop, &c->deadline);
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

/* The response is queued: close once it is out, or at once if the client is
 * gone. Bytes the client may still be sending are drained for a moment after
 * our write side is shut, so an unread body does not turn into a reset that
 * destroys the response before the client reads it. */
static void close_after_response(struct conn *c)
{
	c->state = CONN_CLOSING;
	if (conn_flush(c) < 0) {
		conn_close(c);
		return;
	}
	if (buffer_len(&c->out) == 0) {
		shutdown(c->fd, SHUT_WR);
		c->state = CONN_LINGER;
		ev_io_start(c->server->loop, &c->read_watch);
	}
	arm_deadline(c, LINGER_TIMEOUT);
}

static void next_request(struct conn *c)
{
	c->state = CONN_HEAD;
	c->routed = false;
	c->rule[0] = '\0';
	arm_deadline(c, seconds_of(c, LIM_HEAD_TIMEOUT));
	ev_io_start(c->server->loop, &c->read_watch);
	if (conn_flush(c) < 0) {
		conn_close(c);
		return;
	}
	/* A pipelined request waits until the previous response is out, so a
	 * refusal always finds room in c->out (on_writable picks it up). */
	if (buffer_len(&c->in) > 0 && buffer_len(&c->out) == 0)
		try_request(c);
}

void conn_request_done(struct conn *c, int status, const char *reason, bool reusable)
{
	audit(c, status, c->rule[0] ? c->rule : NULL, reason);
	if (reusable && c->keep_alive && !c->server->shutting_down)
		next_request(c);
	else
		close_after_response(c);
}

void conn_fail(struct conn *c, int status, const char *reason)
{
	audit(c, status, c->rule[0] ? c->rule : NULL, reason);
	conn_close(c);
}

static void vrefuse(struct conn *c, int status, unsigned retry_after, const char *rule, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static void vrefuse(struct conn *c, int status, unsigned retry_after, const char *rule, const char *fmt, va_list ap)
{
	char reason[512], body[700], head[600], retry[40] = "";
	vsnprintf(reason, sizeof reason, fmt, ap);
	if (retry_after)
		snprintf(retry, sizeof retry, "Retry-After: %u\r\n", retry_after);
	int blen = snprintf(body, sizeof body, "airlock: %s [rule %s]\n", reason, rule);
	if (blen < 0 || (size_t)blen >= sizeof body)
		blen = (int)strlen(body);
	/* Reuse is safe only after a well-formed request whose body we will not
	 * be left to guess the end of. */
	bool reusable = c->routed && c->req.method == HTTP_GET && c->keep_alive &&
	                !c->server->shutting_down;
	int hlen = snprintf(head, sizeof head,
	                    "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\n"
	                    "Content-Length: %d\r\nX-Request-Id: %s\r\n%s%s%s\r\n",
	                    status, http_reason_phrase(status), blen, c->request_id, retry,
	                    status == 401 ? "WWW-Authenticate: Basic realm=\"airlock\"\r\n" : "",
	                    reusable ? "" : "Connection: close\r\n");
	if (buffer_append(&c->out, head, (size_t)hlen) == 0 &&
	    buffer_append(&c->out, body, (size_t)blen) == 0)
		c->bytes_out += (unsigned long long)blen;
	audit(c, status, rule, reason);
	if (reusable)
		next_request(c);
	else
		close_after_response(c);
}

void conn_refuse(struct conn *c, int status, const char *rule, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vrefuse(c, status, 0, rule, fmt, ap);
	va_end(ap);
}

/* A refusal over a limit that lifts with time: Retry-After says when. */
static void refuse_retry(struct conn *c, int status, double wait, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void refuse_retry(struct conn *c, int status, double wait, const char *rule, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vrefuse(c, status, wait < 1.0 ? 1u : wait > 86400.0 ? 86400u : (unsigned)ceil(wait), rule, fmt, ap);
	va_end(ap);
}

/* The limits on an allowed request; 0 to go on, -1 once refused. The
 * request rate is checked first, in dispatch(), for every request. */
static int check_transfer_limits(struct conn *c)
{
	struct server *s = c->server;
	ev_tstamp now = ev_now(s->loop);
	if (is_push(&c->route)) {
		const struct limit *size = limit_of(c, LIM_PUSH_SIZE);
		if (!c->req.chunked && c->req.content_length > size->value) {
			conn_refuse(c, 413, size->rule, "push of %llu bytes is larger than limit push-size (%llu bytes)",
			            (unsigned long long)c->req.content_length, size->value);
			return -1;
		}
		double wait = bucket_wait(&s->pushed, 0.0, now);
		if (wait > 0.0) {
			const struct limit *rate = limit_of(c, LIM_PUSH_RATE);
			refuse_retry(c, 429, wait, rate->rule,
			             "limit push-rate (%llu bytes per %llu s) reached by earlier pushes: retry in %.0f s",
			             rate->value, rate->per, ceil(wait));
			return -1;
		}
	}
	const struct limit *transfers = limit_of(c, LIM_TRANSFERS);
	if (s->ntransfers >= transfers->value) {
		refuse_retry(c, 503, 1.0, transfers->rule, "too many transfers at once (limit transfers %llu)",
		             transfers->value);
		return -1;
	}
	return 0;
}

static const char *expected_content_type(enum git_service s)
{
	return s == SERVICE_UPLOAD_PACK ? "application/x-git-upload-pack-request"
	                                : "application/x-git-receive-pack-request";
}

/* A complete head is in c->req: decide. */
static void dispatch(struct conn *c)
{
	struct server *s = c->server;
	c->routed = route_parse(c->req.target, c->req.method, &c->route) == 0;
	if (!bucket_take(&s->requests, 1.0, ev_now(s->loop))) {
		const struct limit *rate = limit_of(c, LIM_REQUEST_RATE), *burst = limit_of(c, LIM_REQUEST_BURST);
		double wait = bucket_wait(&s->requests, 1.0, ev_now(s->loop));
		refuse_retry(c, 429, wait, rate->rule, "limit request-rate (%llu per %llu s, burst %llu) reached: retry in %.0f s",
		             rate->value, rate->per, burst->value, ceil(wait));
		return;
	}
	if (!c->routed) {
		conn_refuse(c, c->route.status, "git-routes", "%s", c->route.reason);
		return;
	}
	const struct route *r = &c->route;
	if (c->req.method == HTTP_POST && strcmp(c->req.content_type, expected_content_type(r->service)) != 0) {
		conn_refuse(c, 415, "git-routes", "%s needs Content-Type %s", route_service_name(r->service),
		            expected_content_type(r->service));
		return;
	}
	if (!c->req.authorization[0] || !auth_basic_ok(c->req.authorization, s->session.bytes, s->session.len)) {
		conn_refuse(c, 401, "session-auth", "%s", c->req.authorization[0] ? "wrong session credential" : "session credential required");
		return;
	}
	if (!policy_host_rule(s->policy, r->host)) {
		conn_refuse(c, 403, "default-deny", "upstream host %s is not allowlisted", r->host);
		return;
	}
	const char *rule = policy_repo_rule(s->policy, r->host, r->owner, r->repo);
	if (!rule) {
		conn_refuse(c, 403, "default-deny", "repository %s/%s on %s is not in scope", r->owner, r->repo, r->host);
		return;
	}
	if (check_transfer_limits(c) < 0)
		return;
	snprintf(c->rule, sizeof c->rule, "%s", rule);
	if (c->req.expect_continue)
		buffer_append(&c->out, "HTTP/1.1 100 Continue\r\n\r\n", 25);
	c->state = CONN_RELAY;
	conn_touch(c);
	if (relay_start(c) < 0) {
		c->state = CONN_HEAD;
		conn_refuse(c, 503, "gitproxy", "cannot start the upstream transfer");
		return;
	}
	if (conn_flush(c) < 0)
		conn_close(c);
}

static void try_request(struct conn *c)
{
	ssize_t head = http_request_parse(buffer_head(&c->in), buffer_len(&c->in), &c->req);
	if (head == 0)
		return;
	c->started = ev_now(c->server->loop);
	c->bytes_in = c->bytes_out = 0;
	push_summary_reset(&c->push);
	new_request_id(c->request_id);
	if (head < 0) {
		c->keep_alive = false;
		conn_refuse(c, c->req.status, "http-strict", "%s", c->req.reason);
		return;
	}
	buffer_consume(&c->in, (size_t)head);
	/* HTTP/1.0 gets close-delimited responses: never reused. */
	c->keep_alive = !c->req.connection_close && !c->req.http10;
	dispatch(c);
}

static void on_readable(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	struct conn *c = (struct conn *)((char *)w - offsetof(struct conn, read_watch));
	char discard[4096];
	if (c->state == CONN_CLOSING || c->state == CONN_LINGER) {
		ssize_t r = read(c->fd, discard, sizeof discard);
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
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
	if (r == 0 && c->state == CONN_RELAY && relay_request_sent(c)) {
		/* A half-close after a complete request: the client still reads
		 * the response; the connection ends with it. */
		c->keep_alive = false;
		ev_io_stop(c->server->loop, &c->read_watch);
		return;
	}
	if (r <= 0) {
		if (c->state == CONN_RELAY)
			conn_fail(c, 499, "client closed the connection mid-request");
		else
			conn_close(c);
		return;
	}
	buffer_commit(&c->in, (size_t)r);
	if (c->state == CONN_HEAD && buffer_len(&c->out) == 0)
		try_request(c);
	else if (c->state == CONN_RELAY) {
		conn_touch(c);
		relay_client_input(c);
	}
}

static void on_writable(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	struct conn *c = (struct conn *)((char *)w - offsetof(struct conn, write_watch));
	if (conn_flush(c) < 0) {
		conn_close(c);
		return;
	}
	if (buffer_len(&c->out) > 0)
		return;
	if (c->state == CONN_RELAY) {
		conn_touch(c);
		relay_client_drained(c);
	} else if (c->state == CONN_CLOSING) {
		close_after_response(c);
	} else if (c->state == CONN_HEAD && buffer_len(&c->in) > 0) {
		try_request(c);
	}
}

static void on_deadline(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	struct conn *c = w->data;
	switch (c->state) {
	case CONN_HEAD:
		if (buffer_len(&c->in) > 0) {
			const struct limit *head = limit_of(c, LIM_HEAD_TIMEOUT);
			c->started = ev_now(c->server->loop);
			new_request_id(c->request_id);
			c->keep_alive = false;
			conn_refuse(c, 408, head->rule, "request head not complete within %llu s (limit head-timeout)",
			            head->value);
			return;
		}
		break;
	case CONN_RELAY: {
		const struct limit *l = limit_of(c, out_of_time(c) ? LIM_TRANSFER_TIMEOUT : LIM_IDLE_TIMEOUT);
		if (relay_response_started(c)) {
			/* Mid-response: the only honest signal left is to cut the stream. */
			snprintf(c->rule, sizeof c->rule, "%s", l->rule);
			conn_fail(c, 504, l == limit_of(c, LIM_TRANSFER_TIMEOUT) ? "transfer ran longer than limit transfer-timeout"
			                                                         : "transfer idle longer than limit idle-timeout");
			return;
		}
		/* Nothing answered yet: say who stalled, so git can show it. */
		bool body_stalled = !relay_request_sent(c);
		relay_abort(c);
		c->state = CONN_HEAD;
		c->keep_alive = false;
		if (l == limit_of(c, LIM_TRANSFER_TIMEOUT))
			conn_refuse(c, 504, l->rule, "request not answered within %llu s (limit transfer-timeout)", l->value);
		else if (body_stalled)
			conn_refuse(c, 408, l->rule, "request body stalled for %llu s (limit idle-timeout)", l->value);
		else
			conn_refuse(c, 504, l->rule, "upstream %s sent nothing for %llu s (limit idle-timeout)", c->route.host,
			            l->value);
		return;
	}
	case CONN_CLOSING:
	case CONN_LINGER:
		break;
	}
	conn_close(c);
}

void conn_accept(struct server *s, int fd, const char *peer)
{
	struct conn *c = calloc(1, sizeof *c);
	if (!c || buffer_init(&c->in, CLIENT_IN_BUFFER) < 0 || buffer_init(&c->out, CLIENT_OUT_BUFFER) < 0) {
		warn("cannot accept a connection from %s: out of memory", peer);
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
	c->state = CONN_HEAD;
	arm_deadline(c, seconds_of(c, LIM_HEAD_TIMEOUT));
	ev_io_start(s->loop, &c->read_watch);
}
