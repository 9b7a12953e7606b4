/* relay.c: see relay.h. */
#include "relay.h"

#include "conn.h"
#include "limits.h"
#include "log.h"
#include "server.h"
#include "upstream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct transfer {
	struct curl_job job; /* first: curl_loop finds the transfer through it */
	CURL *easy;
	struct conn *conn;
	struct server *server;
	struct curl_slist *headers;
	bool upload_paused, download_paused;
	bool retried;      /* sent again once already, on a new connection */
	/* The first body bytes libcurl took, kept until the answer begins so the
	 * request can go again on a new connection (libcurl rewinds through
	 * on_seek when a reused connection dies under it): NULL once more than
	 * REPLAY_LIMIT went out, or the answer began. */
	char *replay;
	size_t replay_len, replay_at;
	bool replay_lost; /* the body, and so the request, cannot go again */
	bool answered;     /* conn_response_begin was called */
	char host[254];
	struct upstream_response response;
};

static int pause_mask(const struct transfer *t)
{
	return (t->download_paused ? CURLPAUSE_RECV : 0) | (t->upload_paused ? CURLPAUSE_SEND : 0);
}

/* ---- request body: client -> upstream ---- */

static void replay_drop(struct transfer *t)
{
	free(t->replay);
	t->replay = NULL;
	t->replay_len = t->replay_at = 0;
	t->replay_lost = true;
}

/* Keeps a copy of n body bytes just given to libcurl, while they fit. The
 * copy grows with the body: a fetch's negotiation is mostly far below
 * REPLAY_LIMIT, and hundreds of them may be under way at once. */
static void replay_keep(struct transfer *t, const char *buf, size_t n)
{
	if (t->replay_lost || n == 0)
		return;
	char *grown = t->replay_len + n <= REPLAY_LIMIT ? realloc(t->replay, t->replay_len + n) : NULL;
	if (!grown) {
		replay_drop(t);
		return;
	}
	t->replay = grown;
	memcpy(t->replay + t->replay_len, buf, n);
	t->replay_len += n;
	t->replay_at = t->replay_len;
}

static int on_seek(void *userp, curl_off_t offset, int origin)
{
	struct transfer *t = userp;
	if (origin != SEEK_SET || offset != 0 || t->replay_lost)
		return CURL_SEEKFUNC_CANTSEEK;
	t->replay_at = 0;
	return CURL_SEEKFUNC_OK;
}

static size_t on_upload(char *buf, size_t size, size_t nitems, void *userp)
{
	struct transfer *t = userp;
	size_t cap = size * nitems;
	if (t->replay_at < t->replay_len) {
		/* Sent again: the kept bytes first, then the client's next ones. */
		size_t n = t->replay_len - t->replay_at < cap ? t->replay_len - t->replay_at : cap;
		memcpy(buf, t->replay + t->replay_at, n);
		t->replay_at += n;
		return n;
	}
	enum upload_step step;
	size_t n = conn_upload(t->conn, buf, cap, &step);
	switch (step) {
	case UPLOAD_DATA:
		replay_keep(t, buf, n);
		return n;
	case UPLOAD_WAIT:
		t->upload_paused = true;
		return CURL_READFUNC_PAUSE;
	case UPLOAD_END:
		return 0;
	case UPLOAD_FAIL:
		break;
	}
	return CURL_READFUNC_ABORT;
}

void relay_resume_upload(struct transfer *t)
{
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
	struct upstream_response *u = &t->response;
	size_t n = size * nitems;
	if (n > 5 && memcmp(line, "HTTP/", 5) == 0) {
		/* A new status line (after a 1xx, another head follows). */
		const char *sp = memchr(line, ' ', n);
		memset(u, 0, sizeof *u);
		u->status = sp && (size_t)(sp - line) + 4 <= n ? atoi(sp + 1) : 502;
		if (u->status < 200 || u->status > 599)
			u->status = 502; /* nothing git could make sense of */
		return n;
	}
	const char *colon = memchr(line, ':', n);
	if (!colon)
		return n;
	size_t nlen = (size_t)(colon - line), vlen = n - nlen - 1;
	const char *v = colon + 1;
#define FORWARD(name, field)                                                   \
	if (nlen == sizeof(name) - 1 && strncasecmp(line, name, nlen) == 0) {      \
		keep_header(u->field, sizeof u->field, v, vlen);                       \
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

static size_t on_download(char *data, size_t size, size_t nmemb, void *userp)
{
	struct transfer *t = userp;
	size_t n = size * nmemb;
	if (!t->answered) {
		t->answered = true;
		replay_drop(t); /* nothing is sent again once an answer began */
		if (conn_response_begin(t->conn, &t->response) < 0)
			return 0;
	}
	switch (conn_response_data(t->conn, data, n)) {
	case TAKE_OK:
		return n;
	case TAKE_PAUSE:
		t->download_paused = true;
		return CURL_WRITEFUNC_PAUSE;
	case TAKE_GONE:
		break;
	}
	return 0;
}

void relay_resume_download(struct transfer *t)
{
	if (t && t->download_paused) {
		t->download_paused = false;
		curl_easy_pause(t->easy, pause_mask(t));
	}
}

/* ---- set-up and completion ---- */

void relay_free(struct transfer *t)
{
	if (!t)
		return;
	curl_multi_remove_handle(t->server->curl.multi, t->easy);
	curl_easy_cleanup(t->easy);
	upstream_headers_free(t->headers);
	free(t->replay);
	free(t);
}

static void on_transfer_done(struct curl_job *job, CURLcode result)
{
	struct transfer *t = (struct transfer *)job;
	/* Sent again only while all of it can go again and no answer was
	 * relayed: every body byte taken is still kept. */
	if (!t->retried && !t->replay_lost && !t->answered &&
	    upstream_sent_again(t->server->curl.multi, t->easy, result, t->host)) {
		t->retried = true;
		t->replay_at = 0;
		t->upload_paused = t->download_paused = false;
		return;
	}
	/* A response without a body: its head is still the answer. */
	if (result == CURLE_OK && !t->answered) {
		t->answered = true;
		if (conn_response_begin(t->conn, &t->response) < 0)
			result = CURLE_WRITE_ERROR;
	}
	struct transfer_end end = {.result = result, .answered = t->answered};
	long new_connections = 0;
	curl_off_t tls_done = 0;
	if (curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &new_connections) == CURLE_OK && new_connections > 0 &&
	    curl_easy_getinfo(t->easy, CURLINFO_APPCONNECT_TIME_T, &tls_done) == CURLE_OK)
		end.connect_us = (long long)tls_done;
	conn_transfer_done(t->conn, &end);
}

static int add_request_headers(struct transfer *t, const struct http_request *q)
{
	/* Only these request headers go upstream; "Expect:" with no value
	 * stops libcurl from adding its own. */
	struct curl_slist *l;
	if (upstream_header_add(&t->headers, "Content-Type", q->content_type) < 0 ||
	    upstream_header_add(&t->headers, "Content-Encoding", q->content_encoding) < 0 ||
	    upstream_header_add(&t->headers, "Accept", q->accept[0] ? q->accept : "*/*") < 0 ||
	    upstream_header_add(&t->headers, "Accept-Encoding", q->accept_encoding) < 0 ||
	    upstream_header_add(&t->headers, "Git-Protocol", q->git_protocol) < 0 ||
	    upstream_header_add(&t->headers, "User-Agent", q->user_agent[0] ? q->user_agent : "airlock-gitproxy") < 0 ||
	    !(l = curl_slist_append(t->headers, "Expect:")))
		return -1;
	t->headers = l;
	return 0;
}

struct transfer *relay_start(struct conn *c, const struct http_request *q, const struct route *r,
                             const char *request_id)
{
	struct server *s = c->server;
	struct transfer *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->job.done = on_transfer_done;
	t->conn = c;
	t->server = s;
	t->response.status = 502;
	snprintf(t->host, sizeof t->host, "%s", r->host);
	char url[600];
	if (r->endpoint == ENDPOINT_INFO_REFS)
		snprintf(url, sizeof url, "https://%s/%s/%s.git/info/refs?service=%s", r->host, r->owner, r->repo,
		         route_service_name(r->service));
	else
		snprintf(url, sizeof url, "https://%s/%s/%s.git/%s", r->host, r->owner, r->repo,
		         route_service_name(r->service));
	t->headers = upstream_headers(s, r->host, request_id);
	if (!t->headers || add_request_headers(t, q) < 0 || !(t->easy = upstream_easy(s, url, t))) {
		upstream_headers_free(t->headers);
		free(t);
		return NULL;
	}
	CURL *e = t->easy;
	curl_easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE, (long)CLIENT_IN_BUFFER);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_download);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	if (q->method == HTTP_POST) {
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_READFUNCTION, on_upload);
		curl_easy_setopt(e, CURLOPT_READDATA, t);
		curl_easy_setopt(e, CURLOPT_SEEKFUNCTION, on_seek);
		curl_easy_setopt(e, CURLOPT_SEEKDATA, t);
		/* Known length: sent as Content-Length; otherwise libcurl chunks it. */
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, q->chunked ? (curl_off_t)-1 : (curl_off_t)q->content_length);
	} else {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	}
	if (curl_multi_add_handle(s->curl.multi, e) != CURLM_OK) {
		curl_easy_cleanup(e);
		upstream_headers_free(t->headers);
		free(t);
		return NULL;
	}
	return t;
}
