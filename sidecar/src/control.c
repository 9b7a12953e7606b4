#include "control.h"

#include "audit.h"
#include "json_out.h"
#include "log.h"
#include "policy.h"
#include "server.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define CONTROL_CLIENTS 4        /* at once; more are closed unanswered */
#define CONTROL_TIMEOUT 2.0      /* s to send the command line */
#define CONTROL_LINE 32          /* the longest command line */

struct control_client {
	struct server *server;
	struct control_client *next;
	int fd;
	unsigned uid;
	bool allowed; /* by SO_PEERCRED */
	ev_io read_watch;
	ev_timer timeout;
	char line[CONTROL_LINE];
	size_t len;
};

static void client_close(struct control_client *cc)
{
	struct server *s = cc->server;
	ev_io_stop(s->loop, &cc->read_watch);
	ev_timer_stop(s->loop, &cc->timeout);
	close(cc->fd);
	for (struct control_client **p = &s->control_clients; *p; p = &(*p)->next)
		if (*p == cc) {
			*p = cc->next;
			break;
		}
	s->ncontrol_clients--;
	free(cc);
}

/* The answer is a few KiB and the socket buffer far larger: one send. */
static void answer(struct control_client *cc, yajl_gen g)
{
	const unsigned char *json;
	size_t len;
	if (yajl_gen_get_buf(g, &json, &len) == yajl_gen_status_ok) {
		char *line = malloc(len + 1);
		if (line) {
			memcpy(line, json, len);
			line[len] = '\n';
			if (send(cc->fd, line, len + 1, MSG_NOSIGNAL | MSG_DONTWAIT) != (ssize_t)(len + 1))
				warn("control: unable to send the answer: %s", strerror(errno));
			free(line);
		}
	}
	yajl_gen_free(g);
	client_close(cc);
}

static void iso_time(ev_tstamp t, char out[32])
{
	time_t secs = (time_t)t;
	struct tm tm;
	gmtime_r(&secs, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void put_status(struct server *s, yajl_gen g)
{
	ev_tstamp now = ev_now(s->loop);
	char loaded[32];
	iso_time(s->loaded_at, loaded);
	json_integer(g, "pid", (long long)getpid());
	json_integer(g, "uptime_s", (long long)(now - s->started_at));
	json_string(g, "config", s->config_path);
	json_string(g, "config_loaded", loaded);
	json_integer(g, "reloads", (long long)s->reloads);
	json_integer(g, "reloads_refused", (long long)s->reloads_refused);
	json_integer(g, "connections", (long long)s->nconns);
	json_integer(g, "transfers", (long long)s->ntransfers);
	json_bool(g, "shutting_down", s->shutting_down);
	json_key(g, "limits");
	yajl_gen_map_open(g);
	for (int i = 0; i < LIM_COUNT; i++) {
		const struct limit *l = server_limit(s, (enum limit_name)i);
		json_key(g, policy_limit_name((enum limit_name)i));
		yajl_gen_map_open(g);
		json_integer(g, "value", (long long)l->value);
		if (l->per != 1 || i == LIM_REQUEST_RATE || i == LIM_PUSH_RATE)
			json_integer(g, "per", (long long)l->per);
		json_string(g, "rule", l->rule);
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
	/* Which secret each host gets (its name, never the token), or null. */
	json_key(g, "git_hosts");
	yajl_gen_array_open(g);
	size_t nhosts;
	const struct git_host *hosts = policy_git_hosts(s->policy, &nhosts);
	for (size_t i = 0; i < nhosts; i++) {
		yajl_gen_map_open(g);
		json_string(g, "host", hosts[i].host);
		json_key(g, "token");
		if (hosts[i].token)
			yajl_gen_string(g, (const unsigned char *)hosts[i].token, strlen(hosts[i].token));
		else
			yajl_gen_null(g);
		json_string(g, "rule", hosts[i].rule);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	/* Requests and bytes left in the buckets (bytes negative while pushes are in debt). */
	json_number(g, "request_tokens", bucket_level(&s->requests, now));
	json_number(g, "push_tokens", bucket_level(&s->pushed, now));
	json_key(g, "session");
	yajl_gen_map_open(g);
	session_put_status(&s->session, g);
	yajl_gen_map_close(g);
}

static void serve(struct control_client *cc)
{
	struct server *s = cc->server;
	yajl_gen g = yajl_gen_alloc(NULL);
	if (!g) {
		client_close(cc);
		return;
	}
	yajl_gen_map_open(g);
	if (!cc->allowed) {
		/* Answered only after its command is read: closing with unread
		 * bytes would reset the connection before the client reads why. */
		json_string(g, "error", "permission denied");
		warn("control: refused a client running as uid %u (only root and uid %u may)", cc->uid,
		     (unsigned)geteuid());
	} else if (strcmp(cc->line, "status") == 0) {
		put_status(s, g);
	} else if (strcmp(cc->line, "stats") == 0) {
		json_integer(g, "uptime_s", (long long)(ev_now(s->loop) - s->started_at));
		stats_put(&s->stats, g);
		json_integer(g, "audit_records", (long long)audit_written());
		json_integer(g, "audit_dropped", (long long)audit_dropped());
	} else if (strcmp(cc->line, "reload") == 0) {
		char why[600];
		int rc = server_reload(s, why, sizeof why);
		json_bool(g, "reloaded", rc == 0);
		if (rc < 0) {
			json_string(g, "error", why);
			warn("reload refused, keeping the running policy: %s", why);
		} else {
			warn("reloaded %s (control socket)", s->config_path);
		}
	} else if (strcmp(cc->line, "session status") == 0) {
		json_key(g, "session");
		yajl_gen_map_open(g);
		session_put_status(&s->session, g);
		yajl_gen_map_close(g);
	} else if (strcmp(cc->line, "session rotate") == 0 || strcmp(cc->line, "session revoke") == 0) {
		bool rotate = strcmp(cc->line, "session rotate") == 0;
		char why[600];
		int rc = rotate ? session_rotate(&s->session, (long)server_limit(s, LIM_SESSION_TTL)->value, why, sizeof why)
		                : session_revoke(&s->session, why, sizeof why);
		json_bool(g, rotate ? "rotated" : "revoked", rc == 0);
		if (rc < 0) {
			json_string(g, "error", why);
			warn("session %s refused: %s", rotate ? "rotate" : "revoke", why);
		} else {
			warn("session %s (control socket)", rotate ? "rotated" : "revoked");
		}
	} else {
		json_string(g, "error",
		            "unknown command (expected status, stats, reload, session status, session rotate or session revoke)");
	}
	yajl_gen_map_close(g);
	answer(cc, g);
}

static void on_client_readable(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	struct control_client *cc = w->data;
	ssize_t r = read(cc->fd, cc->line + cc->len, sizeof cc->line - 1 - cc->len);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r <= 0) {
		client_close(cc);
		return;
	}
	cc->len += (size_t)r;
	cc->line[cc->len] = '\0';
	char *eol = strchr(cc->line, '\n');
	if (eol) {
		*eol = '\0';
		serve(cc);
	} else if (cc->len == sizeof cc->line - 1) {
		client_close(cc); /* no command is this long */
	}
}

static void on_client_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	client_close(w->data);
}

/* Root, or gitproxy's own user: nobody else, whatever reached the socket. */
static int peer_allowed(int fd, unsigned *uid)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return 0;
	*uid = (unsigned)cred.uid;
	return cred.uid == 0 || cred.uid == geteuid();
}

static void on_control_accept(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)revents;
	struct server *s = w->data;
	for (;;) {
		int fd = accept4(s->control_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
				warn("control: accept failed: %s", strerror(errno));
			return;
		}
		struct control_client *cc = s->ncontrol_clients < CONTROL_CLIENTS ? calloc(1, sizeof *cc) : NULL;
		if (!cc) {
			close(fd);
			continue;
		}
		cc->server = s;
		cc->fd = fd;
		cc->allowed = peer_allowed(fd, &cc->uid);
		cc->next = s->control_clients;
		s->control_clients = cc;
		s->ncontrol_clients++;
		ev_io_init(&cc->read_watch, on_client_readable, fd, EV_READ);
		cc->read_watch.data = cc;
		ev_timer_init(&cc->timeout, on_client_timeout, CONTROL_TIMEOUT, 0.0);
		cc->timeout.data = cc;
		ev_io_start(loop, &cc->read_watch);
		ev_timer_start(loop, &cc->timeout);
	}
}

/* The socket's directory: 0700 and ours, so only we (and root) reach it. */
static int check_directory(const char *path, char *why, size_t whylen)
{
	char dir[sizeof ((struct sockaddr_un *)0)->sun_path];
	const char *slash = strrchr(path, '/');
	if (!slash || (size_t)(slash - path) >= sizeof dir) {
		snprintf(why, whylen, "control socket %s: expected an absolute path DIR/NAME", path);
		return -1;
	}
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	struct stat st;
	if (stat(dir[0] ? dir : "/", &st) < 0) {
		snprintf(why, whylen, "control directory %s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || (st.st_mode & 07777) != 0700 || st.st_uid != geteuid()) {
		snprintf(why, whylen, "control directory %s must be a directory of mode 0700 owned by uid %u", dir,
		         (unsigned)geteuid());
		return -1;
	}
	return 0;
}

int control_listen(struct server *s, const char *path, char *why, size_t whylen)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof sa.sun_path) {
		snprintf(why, whylen, "control socket path %s is too long", path);
		return -1;
	}
	if (check_directory(path, why, whylen) < 0)
		return -1;
	strcpy(sa.sun_path, path);
	/* A socket left by a gitproxy that did not stop cleanly. */
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || chmod(path, 0600) < 0 || listen(fd, 8) < 0) {
		snprintf(why, whylen, "unable to listen on control socket %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	s->control_fd = fd;
	s->control_path = path;
	ev_io_init(&s->control_watch, on_control_accept, fd, EV_READ);
	s->control_watch.data = s;
	ev_io_start(s->loop, &s->control_watch);
	return 0;
}

void control_close(struct server *s)
{
	if (s->control_fd < 0)
		return;
	for (struct control_client *cc = s->control_clients, *next; cc; cc = next) {
		next = cc->next;
		client_close(cc);
	}
	ev_io_stop(s->loop, &s->control_watch);
	close(s->control_fd);
	unlink(s->control_path);
	s->control_fd = -1;
}
