#include "server.h"

#include "tokens.h"

#include "audit.h"
#include "conn.h"
#include "limits.h"
#include "log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

const struct limit *server_limit(const struct server *s, enum limit_name n)
{
	return policy_limit(s->policy, n);
}

void server_apply_limits(struct server *s, bool initial)
{
	ev_tstamp now = ev_now(s->loop);
	double request_rate = policy_rate(s->policy, LIM_REQUEST_RATE);
	double request_burst = (double)server_limit(s, LIM_REQUEST_BURST)->value;
	double push_rate = policy_rate(s->policy, LIM_PUSH_RATE);
	double push_burst = (double)server_limit(s, LIM_PUSH_BURST)->value;
	if (initial) {
		bucket_init(&s->requests, request_rate, request_burst, now);
		bucket_init(&s->pushed, push_rate, push_burst, now);
	} else {
		bucket_configure(&s->requests, request_rate, request_burst, now);
		bucket_configure(&s->pushed, push_rate, push_burst, now);
	}
}

int server_fds_fit(const struct policy *p, char *why, size_t whylen)
{
	struct rlimit nofile;
	if (getrlimit(RLIMIT_NOFILE, &nofile) < 0) {
		snprintf(why, whylen, "unable to read the file descriptor limit: %s", strerror(errno));
		return -1;
	}
	const struct limit *c = policy_limit(p, LIM_CONNECTIONS), *t = policy_limit(p, LIM_TRANSFERS);
	unsigned long long need = c->value + t->value + LIMIT_FD_RESERVE;
	if (nofile.rlim_cur != RLIM_INFINITY && need > (unsigned long long)nofile.rlim_cur) {
		snprintf(why, whylen,
		         "limit connections %llu [rule %s] + transfers %llu [rule %s] + %d reserved need %llu file "
		         "descriptors; the limit (RLIMIT_NOFILE) is %llu",
		         c->value, c->rule, t->value, t->rule, LIMIT_FD_RESERVE, need,
		         (unsigned long long)nofile.rlim_cur);
		return -1;
	}
	return 0;
}

int server_reload(struct server *s, char *why, size_t whylen)
{
	char inner[512];
	struct policy *p = policy_load(s->config_path, inner, sizeof inner);
	struct tokens *t = p && server_fds_fit(p, inner, sizeof inner) == 0 ? tokens_load(p, s->token_dir, inner, sizeof inner)
	                                                                   : NULL;
	if (!t) {
		snprintf(why, whylen, "%s", inner);
		policy_free(p);
		s->reloads_refused++;
		return -1;
	}
	policy_free(s->policy);
	s->policy = p;
	tokens_free(s->tokens);
	s->tokens = t;
	server_apply_limits(s, false);
	session_set_ttl(&s->session, (long)server_limit(s, LIM_SESSION_TTL)->value);
	s->loaded_at = ev_now(s->loop);
	s->reloads++;
	return 0;
}

/* Over the connection cap: a 503 sent without reading anything, and an
 * audit record, so a flood is visible. */
static void refuse_connection(struct server *s, int fd, const char *peer)
{
	const struct limit *l = server_limit(s, LIM_CONNECTIONS);
	char body[200], response[400];
	int blen = snprintf(body, sizeof body, "airlock: too many connections (limit connections %llu) [rule %s]\n",
	                    l->value, l->rule);
	int n = snprintf(response, sizeof response,
	                 "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
	                 "Content-Length: %d\r\nRetry-After: 1\r\nConnection: close\r\n\r\n%s",
	                 blen, body);
	ssize_t ignored = send(fd, response, (size_t)n, MSG_NOSIGNAL);
	(void)ignored;
	close(fd);
	struct audit_record rec = {.peer = peer, .status = 503, .rule = l->rule, .reason = "too many connections"};
	audit_write(&rec);
	s->stats.connections_refused++;
	stats_request(&s->stats, 503, 0, 0, false, false);
}

/* Out of descriptors or memory: the connection stays in the backlog and
 * the listener stays readable, so accepting again at once would spin.
 * Accepting pauses instead, longer while it keeps failing, and the
 * failures are told at most once a second. */
static void accept_pause(struct server *s, int err)
{
	ev_tstamp now = ev_now(s->loop);
	s->accept_delay = s->accept_delay > 0 ? s->accept_delay * 2 : ACCEPT_PAUSE_FIRST;
	if (s->accept_delay > ACCEPT_PAUSE_MAX)
		s->accept_delay = ACCEPT_PAUSE_MAX;
	s->accept_failures++;
	if (s->accept_warned_at == 0 || now - s->accept_warned_at >= 1.0) {
		warn("unable to accept connections: %s (failed accepts since the last warning: %lu); trying again in %.0f ms",
		     strerror(err), s->accept_failures, s->accept_delay * 1000);
		s->accept_warned_at = now;
		s->accept_failures = 0;
	}
	ev_io_stop(s->loop, &s->accept_watch);
	ev_timer_set(&s->accept_retry, s->accept_delay, 0.0);
	ev_timer_start(s->loop, &s->accept_retry);
}

static void on_accept(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	struct server *s = w->data;
	/* One client per readiness, as nginx does by default: taking every
	 * waiting client at once starts all their transfers in one loop
	 * iteration, before any running transfer has handed its upstream
	 * connection back, so each of them opens a new one and pays a TLS
	 * handshake. The rest wait in the listen queue for the next
	 * iteration (bench/README.md: a burst of 200 clones opened about a
	 * third as many upstream connections). */
	struct sockaddr_in peer;
	socklen_t plen = sizeof peer;
	int fd = accept4(s->listen_fd, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
			accept_pause(s, errno);
		else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
			warn("accept failed: %s", strerror(errno));
		return;
	}
	s->accept_delay = 0;
	char name[48];
	inet_ntop(AF_INET, &peer.sin_addr, name, sizeof name);
	if (s->nconns >= server_limit(s, LIM_CONNECTIONS)->value) {
		refuse_connection(s, fd, name);
		return;
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	s->stats.connections_accepted++;
	conn_accept(s, fd, name);
}

static void on_accept_retry(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)revents;
	struct server *s = w->data;
	ev_io_start(loop, &s->accept_watch);
	on_accept(loop, &s->accept_watch, EV_READ);
}

static void on_heap_trim(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	struct server *s = w->data;
	if (s->nconns == 0)
		malloc_trim(0);
}

int server_listen(struct server *s, const char *address, char *why, size_t whylen)
{
	char host[64];
	const char *colon = strrchr(address, ':');
	struct sockaddr_in sa = {.sin_family = AF_INET};
	char *end;
	long port = colon ? strtol(colon + 1, &end, 10) : 0;
	if (!colon || (size_t)(colon - address) >= sizeof host || *end || port < 1 || port > 65535) {
		snprintf(why, whylen, "listen address %s is not IPV4:PORT", address);
		return -1;
	}
	memcpy(host, address, (size_t)(colon - address));
	host[colon - address] = '\0';
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		snprintf(why, whylen, "listen address %s is not an IPv4 address", host);
		return -1;
	}
	sa.sin_port = htons((unsigned short)port);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, LISTEN_BACKLOG) < 0) {
		snprintf(why, whylen, "unable to listen on %s: %s", address, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	s->listen_fd = fd;
	ev_io_init(&s->accept_watch, on_accept, fd, EV_READ);
	s->accept_watch.data = s;
	ev_io_start(s->loop, &s->accept_watch);
	ev_init(&s->accept_retry, on_accept_retry);
	s->accept_retry.data = s;
	ev_timer_init(&s->heap_trim, on_heap_trim, HEAP_TRIM_DELAY, 0.0);
	s->heap_trim.data = s;
	return 0;
}

/* Requests still running end with a record saying so; then the loop. */
static void on_grace_over(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)revents;
	struct server *s = w->data;
	warn("shutdown: aborting transfers still running after %.0f s", LIMIT_SHUTDOWN_GRACE);
	while (s->conns)
		conn_abort(s->conns);
	ev_break(loop, EVBREAK_ALL);
}

void server_shutdown(struct server *s)
{
	if (s->shutting_down)
		return;
	s->shutting_down = true;
	ev_io_stop(s->loop, &s->accept_watch);
	ev_timer_stop(s->loop, &s->accept_retry);
	ev_timer_stop(s->loop, &s->heap_trim);
	close(s->listen_fd);
	/* Connections waiting for a request go now; transfers may finish. */
	for (struct conn *c = s->conns, *next; c; c = next) {
		next = c->next;
		if (conn_idle(c))
			conn_close(c);
	}
	ev_timer_init(&s->grace, on_grace_over, LIMIT_SHUTDOWN_GRACE, 0.0);
	s->grace.data = s;
	ev_timer_start(s->loop, &s->grace);
	server_connection_gone(s);
}

void server_connection_gone(struct server *s)
{
	if (s->nconns > 0)
		return;
	if (s->shutting_down) {
		ev_break(s->loop, EVBREAK_ALL);
		return;
	}
	/* The last client is gone: soon hand back the heap its buffers and
	 * libcurl's transfers used. malloc keeps freed memory for reuse, so a
	 * burst of clients would otherwise stay in RSS (and the sidecar's PSS)
	 * while it sits idle. Not at once: one client after another (git's
	 * requests, the healthcheck) would each pay for the trim and for
	 * faulting the pages back in. */
	if (!ev_is_active(&s->heap_trim))
		ev_timer_start(s->loop, &s->heap_trim);
}
