#include "relay.h"

#include "chunked.h"
#include "conn.h"
#include "http_status.h"
#include "push_commands.h"
#include "limits.h"
#include "log.h"
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LAST_CHUNK "0\r\n\r\n"

_Static_assert(CLIENT_OUT_BUFFER >= CURL_MAX_WRITE_SIZE + 32 + sizeof LAST_CHUNK,
               "an empty out buffer must hold any one libcurl write with its framing");

struct transfer {
	CURL *easy;
	struct conn *conn;
	struct curl_slist *headers;
	bool upload_paused, download_paused;
	/* Request body. */
	bool has_body, body_done, body_error;
	bool body_started; /* libcurl has taken body bytes: the request cannot be sent again */
	bool retried;      /* sent again once already, on a new connection */
	bool push;               /* a git-receive-pack body: counts against the push limits */
	struct push_parser *commands; /* reads its ref updates as they pass; NULL once done */
	bool too_large;          /* it went past push-size */
	bool chunked;
	struct chunked dec;
	unsigned long long body_left;
	/* Response. */
	bool framed; /* chunked to the client; an HTTP/1.0 client reads to the close */
	int status;
	bool head_sent;
	char content_type[128], content_encoding[64], cache_control[128], expires[64], pragma[64];
};

/* The upstream refused the token: its answer (and WWW-Authenticate, which
 * would make git prompt for a password) is withheld; the client gets 502. */
static bool credential_refused(const struct transfer *t)
{
	return t->status == 401 || t->status == 407;
}

static int pause_mask(const struct transfer *t)
{
	return (t->download_paused ? CURLPAUSE_RECV : 0) | (t->upload_paused ? CURLPAUSE_SEND : 0);
}

/* Frees every header line after wiping it: one of them holds the token. */
static void free_headers(struct curl_slist *list)
{
	for (struct curl_slist *h = list; h; h = h->next)
		explicit_bzero(h->data, strlen(h->data));
	curl_slist_free_all(list);
}

static void transfer_free(struct transfer *t)
{
	t->conn->server->ntransfers--;
	free(t->commands);
	curl_multi_remove_handle(t->conn->server->curl.multi, t->easy);
	curl_easy_cleanup(t->easy);
	free_headers(t->headers);
	t->conn->xfer = NULL;
	free(t);
}

/* ---- request body: client -> upstream ---- */

/* The ref updates at the head of a push body, read for the audit record as
 * the bytes pass; the bytes go upstream unchanged either way. */
static void read_push_commands(struct transfer *t, const char *data, size_t n)
{
	while (t->commands && n > 0) {
		size_t used = 0;
		enum push_event ev = push_parser_feed(t->commands, data, n, &used);
		data += used;
		n -= used;
		if (ev == PUSH_COMMAND) {
			push_summary_add(&t->conn->push, &t->commands->cmd);
		} else if (ev == PUSH_END || ev == PUSH_ERROR) {
			if (ev == PUSH_ERROR)
				t->conn->push.error = t->commands->reason;
			free(t->commands);
			t->commands = NULL;
		} else if (ev == PUSH_NEED_MORE) {
			break;
		}
	}
}

static size_t on_upload(char *buf, size_t size, size_t nitems, void *userp)
{
	struct transfer *t = userp;
	struct conn *c = t->conn;
	size_t cap = size * nitems;
	if (c->dead)
		return CURL_READFUNC_ABORT;
	for (;;) {
		if (t->body_done)
			return 0;
		size_t avail = buffer_len(&c->in), took;
		if (t->chunked) {
			size_t used;
			ssize_t n = chunked_decode(&t->dec, buffer_head(&c->in), avail, &used, buf, cap);
			if (n < 0) {
				t->body_error = true;
				return CURL_READFUNC_ABORT;
			}
			buffer_consume(&c->in, used);
			t->body_started |= used > 0;
			t->body_done = t->dec.done;
			took = (size_t)n;
			if (took == 0 && used > 0 && !t->body_done)
				continue; /* framing only: look at what follows */
		} else {
			took = avail < t->body_left ? avail : (size_t)t->body_left;
			if (took > cap)
				took = cap;
			memcpy(buf, buffer_head(&c->in), took);
			buffer_consume(&c->in, took);
			t->body_started |= took > 0;
			t->body_left -= took;
			t->body_done = t->body_left == 0;
		}
		if (avail > 0)
			ev_io_start(c->server->loop, &c->read_watch); /* room again */
		if (t->push && took > 0) {
			struct server *s = c->server;
			if (c->bytes_in + took > server_limit(s, LIM_PUSH_SIZE)->value) {
				t->too_large = true;
				return CURL_READFUNC_ABORT;
			}
			bucket_charge(&s->pushed, (double)took, ev_now(s->loop));
		}
		if (took > 0) {
			read_push_commands(t, buf, took);
			c->bytes_in += took;
			conn_touch(c);
			return took;
		}
		if (t->body_done)
			return 0;
		t->upload_paused = true;
		return CURL_READFUNC_PAUSE;
	}
}

bool relay_request_sent(const struct conn *c)
{
	const struct transfer *t = c->xfer;
	return t && (!t->has_body || t->body_done);
}

bool relay_response_started(const struct conn *c)
{
	return c->xfer && c->xfer->head_sent;
}

void relay_client_input(struct conn *c)
{
	struct transfer *t = c->xfer;
	if (t && t->upload_paused) {
		t->upload_paused = false;
		curl_easy_pause(t->easy, pause_mask(t));
	}
}

/* ---- response: upstream -> client ---- */

/* A value that cannot be relayed safely leaves the field empty. */
static void keep_header(char *field, size_t cap, const char *value, size_t n)
{
	field[0] = '\0';
	while (n && (value[n - 1] == '\r' || value[n - 1] == '\n' || value[n - 1] == ' '))
		n--;
	while (n && *value == ' ')
		value++, n--;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)value[i] < ' ' || (unsigned char)value[i] == 0x7f)
			return; /* never relay a bare CR or other control byte */
	if (n < cap) {
		memcpy(field, value, n);
		field[n] = '\0';
	}
}

static size_t on_header(char *line, size_t size, size_t nitems, void *userp)
{
	struct transfer *t = userp;
	size_t n = size * nitems;
	if (n > 5 && memcmp(line, "HTTP/", 5) == 0) {
		/* A new status line (after a 1xx, another head follows). */
		const char *sp = memchr(line, ' ', n);
		t->status = sp && (size_t)(sp - line) + 4 <= n ? atoi(sp + 1) : 502;
		if (t->status < 200 || t->status > 599)
			t->status = 502; /* nothing git could make sense of */
		t->content_type[0] = t->content_encoding[0] = t->cache_control[0] = '\0';
		t->expires[0] = t->pragma[0] = '\0';
		return n;
	}
	const char *colon = memchr(line, ':', n);
	if (!colon)
		return n;
	size_t nlen = (size_t)(colon - line), vlen = n - nlen - 1;
	const char *v = colon + 1;
#define FORWARD(name, field)                                                   \
	if (nlen == sizeof(name) - 1 && strncasecmp(line, name, nlen) == 0) {      \
		keep_header(t->field, sizeof t->field, v, vlen);                       \
		return n;                                                              \
	}
	FORWARD("Content-Type", content_type)
	FORWARD("Content-Encoding", content_encoding)
	FORWARD("Cache-Control", cache_control)
	FORWARD("Expires", expires)
	FORWARD("Pragma", pragma)
#undef FORWARD
	return n;
}

/* Queues the response head; 0, or -1 if it does not fit (cannot happen with
 * an empty buffer, which is where every response starts). */
static int queue_head(struct conn *c, struct transfer *t)
{
	char head[1024];
	int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\n", t->status, http_reason_phrase(t->status));
#define ADD(name, field)                                                                       \
	if (t->field[0])                                                                           \
		n += snprintf(head + n, sizeof head - (size_t)n, name ": %s\r\n", t->field);
	ADD("Content-Type", content_type)
	ADD("Content-Encoding", content_encoding)
	ADD("Cache-Control", cache_control)
	ADD("Expires", expires)
	ADD("Pragma", pragma)
#undef ADD
	n += snprintf(head + n, sizeof head - (size_t)n, "X-Request-Id: %s\r\n%s%s\r\n", c->request_id,
	              t->framed ? "Transfer-Encoding: chunked\r\n" : "", c->keep_alive ? "" : "Connection: close\r\n");
	t->head_sent = true;
	return buffer_append(&c->out, head, (size_t)n);
}

static size_t on_download(char *data, size_t size, size_t nmemb, void *userp)
{
	struct transfer *t = userp;
	struct conn *c = t->conn;
	size_t n = size * nmemb;
	if (c->dead)
		return 0;
	if (credential_refused(t) || n == 0)
		return n;
	if (!t->head_sent && queue_head(c, t) < 0) {
		t->download_paused = true;
		ev_io_start(c->server->loop, &c->write_watch);
		return CURL_WRITEFUNC_PAUSE;
	}

	char frame[24];
	int flen = t->framed ? snprintf(frame, sizeof frame, "%zx\r\n", n) : 0;
	size_t tlen = t->framed ? 2 : 0;
	/* Pieces are gathered in c->out and sent when it is full or, at the
	 * latest, when the loop comes round to the write watcher: one send(2)
	 * per buffer, not one per TLS record. Room is always kept for the
	 * last-chunk marker that ends the response, which must never fail to fit. */
	size_t need = (size_t)flen + n + tlen + sizeof LAST_CHUNK - 1;
	if (buffer_room(&c->out) < need && conn_flush(c) < 0)
		return 0;
	if (buffer_room(&c->out) < need) {
		t->download_paused = true;
		ev_io_start(c->server->loop, &c->write_watch);
		return CURL_WRITEFUNC_PAUSE;
	}
	buffer_append(&c->out, frame, (size_t)flen);
	buffer_append(&c->out, data, n);
	buffer_append(&c->out, "\r\n", tlen);
	c->bytes_out += n;
	conn_touch(c);
	ev_io_start(c->server->loop, &c->write_watch);
	return n;
}

void relay_client_drained(struct conn *c)
{
	struct transfer *t = c->xfer;
	if (t && t->download_paused) {
		t->download_paused = false;
		curl_easy_pause(t->easy, pause_mask(t));
	}
}

/* ---- set-up and completion ---- */

static int add_header(struct transfer *t, const char *name, const char *value)
{
	char line[1100];
	if (!value[0])
		return 0;
	snprintf(line, sizeof line, "%s: %s", name, value);
	struct curl_slist *l = curl_slist_append(t->headers, line);
	if (!l)
		return -1;
	t->headers = l;
	return 0;
}

/* A transfer that never reached the multi handle. */
static void discard(struct transfer *t)
{
	free(t->commands);
	free_headers(t->headers);
	curl_easy_cleanup(t->easy);
	free(t);
}

int relay_start(struct conn *c)
{
	struct server *s = c->server;
	const struct http_request *q = &c->req;
	const struct route *r = &c->route;
	struct transfer *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	t->conn = c;
	t->status = 502;
	t->framed = !q->http10;
	if (!(t->easy = curl_easy_init())) {
		free(t);
		return -1;
	}
	char url[600];
	if (r->endpoint == ENDPOINT_INFO_REFS)
		snprintf(url, sizeof url, "https://%s/%s/%s.git/info/refs?service=%s", r->host, r->owner, r->repo,
		         route_service_name(r->service));
	else
		snprintf(url, sizeof url, "https://%s/%s/%s.git/%s", r->host, r->owner, r->repo,
		         route_service_name(r->service));

	/* Only these request headers go upstream; "Expect:" and "Accept:" with
	 * no value stop libcurl from adding its own. */
	struct curl_slist *l = curl_slist_append(NULL, s->upstream_authorization);
	if (!l) {
		discard(t);
		return -1;
	}
	t->headers = l;
	char rid[64];
	snprintf(rid, sizeof rid, "%s", c->request_id);
	if (add_header(t, "X-Request-Id", rid) < 0 || add_header(t, "Content-Type", q->content_type) < 0 ||
	    add_header(t, "Content-Encoding", q->content_encoding) < 0 ||
	    add_header(t, "Accept", q->accept[0] ? q->accept : "*/*") < 0 ||
	    add_header(t, "Accept-Encoding", q->accept_encoding) < 0 ||
	    add_header(t, "Git-Protocol", q->git_protocol) < 0 ||
	    add_header(t, "User-Agent", q->user_agent[0] ? q->user_agent : "airlock-gitproxy") < 0 ||
	    !(l = curl_slist_append(t->headers, "Expect:"))) {
		discard(t);
		return -1;
	}
	t->headers = l;

	CURL *e = t->easy;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
	/* Straight to the upstream: libcurl would otherwise obey *_proxy
	 * variables from the environment and hand the token to a proxy. */
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 10L);
	/* Below the idle timeouts of common servers and load balancers (60 s
	 * and more), so a cached connection is rarely one they have closed. */
	curl_easy_setopt(e, CURLOPT_MAXAGE_CONN, 50L);
	curl_easy_setopt(e, CURLOPT_BUFFERSIZE, (long)UPSTREAM_BUFFER);
	curl_easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE, (long)CLIENT_IN_BUFFER);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
	if (s->ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, s->ca_file);
	if (s->connect_to)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, s->connect_to);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_download);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(e, CURLOPT_PRIVATE, t);
	if (q->method == HTTP_POST) {
		t->has_body = true;
		t->push = r->service == SERVICE_RECEIVE_PACK;
		if (t->push && q->content_encoding[0]) {
			c->push.error = "the body is content-encoded; its ref updates were not read";
		} else if (t->push && (t->commands = malloc(sizeof *t->commands)) != NULL) {
			push_parser_init(t->commands);
		} else if (t->push) {
			c->push.error = "out of memory";
		}
		t->chunked = q->chunked;
		chunked_init(&t->dec);
		t->body_left = q->content_length;
		t->body_done = !q->chunked && q->content_length == 0;
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_READFUNCTION, on_upload);
		curl_easy_setopt(e, CURLOPT_READDATA, t);
		/* Known length: sent as Content-Length; otherwise libcurl chunks it. */
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, q->chunked ? (curl_off_t)-1 : (curl_off_t)q->content_length);
	} else {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	}
	if (curl_multi_add_handle(s->curl.multi, e) != CURLM_OK) {
		discard(t);
		return -1;
	}
	c->xfer = t;
	s->ntransfers++;
	return 0;
}

void relay_abort(struct conn *c)
{
	if (c->xfer)
		transfer_free(c->xfer);
}

/* A connection from libcurl's cache may have been closed by the upstream
 * while it sat idle, and libcurl 7.88 takes a TLS connection whose peer sent
 * close_notify for a live one. When such a reused connection fails before
 * any answer and before libcurl took any of the body, nothing reached the
 * upstream's application: the request is sent again, once, on a new
 * connection. A failure after body bytes went out stays a 502. */
static bool sent_again(struct transfer *t, CURLcode result)
{
	long new_connections = -1, head_bytes = -1;
	if (t->retried || t->body_started ||
	    (result != CURLE_SEND_ERROR && result != CURLE_RECV_ERROR && result != CURLE_GOT_NOTHING) ||
	    curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &new_connections) != CURLE_OK || new_connections != 0 ||
	    curl_easy_getinfo(t->easy, CURLINFO_HEADER_SIZE, &head_bytes) != CURLE_OK || head_bytes != 0)
		return false;
	CURLM *multi = t->conn->server->curl.multi;
	curl_multi_remove_handle(multi, t->easy);
	t->retried = true;
	t->upload_paused = t->download_paused = false;
	curl_easy_setopt(t->easy, CURLOPT_FRESH_CONNECT, 1L);
	if (curl_multi_add_handle(multi, t->easy) != CURLM_OK)
		return false;
	warn("upstream %s: a reused connection failed before any answer (%s); sent again on a new one",
	     t->conn->route.host, curl_easy_strerror(result));
	return true;
}

void relay_finished(CURL *easy, CURLcode result)
{
	struct transfer *t;
	curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&t);
	struct conn *c = t->conn;
	if (!c->dead && sent_again(t, result))
		return;
	bool ok = result == CURLE_OK && !t->body_error && !t->too_large;
	bool head_sent = t->head_sent, withheld = credential_refused(t), body_error = t->body_error, framed = t->framed;
	bool too_large = t->too_large;
	if (t->commands && t->body_done && !c->push.error)
		c->push.error = "the body ended inside its command list";
	bool reusable = !t->has_body || t->body_done;
	int status = t->status;

	if (c->dead) {
		transfer_free(t);
		conn_close(c);
		return;
	}
	if (ok && !withheld && !head_sent && queue_head(c, t) < 0)
		ok = false;
	if (ok && !withheld) {
		transfer_free(t);
		if (framed)
			buffer_append(&c->out, LAST_CHUNK, sizeof LAST_CHUNK - 1);
		conn_request_done(c, status, NULL, reusable);
		return;
	}
	transfer_free(t);
	c->state = CONN_HEAD;
	if (too_large)
		snprintf(c->rule, sizeof c->rule, "%s", server_limit(c->server, LIM_PUSH_SIZE)->rule);
	if (withheld) {
		conn_refuse(c, 502, "upstream-auth", "upstream %s rejected the sidecar's credential (HTTP %d)", c->route.host,
		            status);
	} else if (too_large && !head_sent) {
		const struct limit *size = server_limit(c->server, LIM_PUSH_SIZE);
		conn_refuse(c, 413, size->rule, "push larger than limit push-size (%llu bytes)", size->value);
	} else if (body_error) {
		conn_refuse(c, 400, "http-strict", "malformed chunked request body");
	} else if (!head_sent) {
		conn_refuse(c, 502, "upstream", "upstream %s failed: %s", c->route.host, curl_easy_strerror(result));
	} else {
		/* Mid-response: the only honest signal left is to cut the stream. */
		conn_fail(c, status, curl_easy_strerror(result));
	}
}
