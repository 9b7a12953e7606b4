#include "audit.h"

#include "audit_refs.h"
#include "json_out.h"
#include "line_escape.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>

/* Lines from head to tail; every line queued whole, ending in '\n'. */
static char queue[AUDIT_QUEUE];
static struct {
	struct ev_loop *loop; /* NULL before audit_init: every write blocks */
	ev_io watch;
	int fd;
	bool socket;   /* written with send(MSG_DONTWAIT) */
	bool nowait;   /* written with pwritev2(RWF_NOWAIT) */
	size_t atomic; /* bytes the fd writes all at once or not at all (PIPE_BUF) */
	size_t head, tail;
	bool failing;  /* the last write failed: told once */
	unsigned long long written, dropped;
} q = {.fd = STDOUT_FILENO, .atomic = 512};

static unsigned long long lines_in(const char *s, size_t n)
{
	unsigned long long k = 0;
	for (const char *end = s + n; (s = memchr(s, '\n', (size_t)(end - s))); s++)
		k++;
	return k;
}

/* The queue is lost: its lines, a partly written one included, are
 * counted dropped. */
static void drop_queued(void)
{
	q.dropped += lines_in(queue + q.head, q.tail - q.head);
	q.head = q.tail = 0;
}

static ssize_t put_out(const char *s, size_t n)
{
	if (q.socket)
		return send(q.fd, s, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (!q.nowait)
		return write(q.fd, s, n);
	struct iovec v = {.iov_base = (void *)s, .iov_len = n};
	ssize_t w = pwritev2(q.fd, &v, 1, -1, RWF_NOWAIT);
	if (w >= 0 || errno != EOPNOTSUPP)
		return w;
	q.nowait = false;
	warn("audit log: this kernel does not take RWF_NOWAIT on its pipe: written with blocking writes");
	return write(q.fd, s, n);
}

/* Writes until the queue is empty (0), the fd would block (1) or fails
 * (-1, the queue dropped). A write ends at a line's end and is at most
 * q.atomic bytes when whole lines fit in that: a pipe takes such a write
 * all at once or not at all, so a warning on stderr, often the same pipe,
 * never lands inside a line. A longer line takes the writes it needs, and
 * is finished before the next one starts. */
static int drain(void)
{
	while (q.head < q.tail) {
		const char *start = queue + q.head;
		size_t avail = q.tail - q.head;
		const char *eol = memrchr(start, '\n', avail < q.atomic ? avail : q.atomic);
		if (!eol)
			eol = memchr(start, '\n', avail);
		size_t n = eol ? (size_t)(eol - start) + 1 : avail;
		ssize_t w = put_out(start, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 1;
		if (w <= 0) {
			if (!q.failing)
				warn("unable to write the audit log: %s; its records are dropped and counted (airlock-ctl stats)",
				     w < 0 ? strerror(errno) : "nothing written");
			q.failing = true;
			drop_queued();
			return -1;
		}
		q.failing = false;
		q.written += lines_in(start, (size_t)w);
		q.head += (size_t)w;
	}
	q.head = q.tail = 0;
	return 0;
}

static void on_writable(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)revents;
	if (drain() <= 0)
		ev_io_stop(loop, w);
}

int audit_init(struct ev_loop *loop, int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -1;
	q.loop = loop;
	q.fd = fd;
	q.socket = S_ISSOCK(st.st_mode);
	long atomic = fpathconf(fd, _PC_PIPE_BUF);
	q.atomic = atomic > 0 ? (size_t)atomic : 512;
	int rc = 0;
	/* O_NONBLOCK belongs to the open file description, and stderr is
	 * usually the same description as stdout (s6 run scripts exec 2>&1):
	 * set on fd it would make warnings fail with EAGAIN. So the writer
	 * opens a description of its own: for a pipe or FIFO, /proc/self/fd/N
	 * opens the same pipe anew; for a tty, the same terminal (O_NOCTTY:
	 * never as a controlling terminal). A regular file is used as it is:
	 * its writes never wait for a reader, O_NONBLOCK does not apply to it,
	 * and a description of its own would write at its own offset, over
	 * what stderr writes. A socket is written with MSG_DONTWAIT, which is
	 * per call. The open fails (EACCES) for a pipe another user made, as
	 * when a supervisor running as root hands its stdout to gitproxy
	 * running as its own user: fd is then written with RWF_NOWAIT, also
	 * per call, where the kernel takes it for pipes, else with blocking
	 * writes, as before this writer existed. */
	if (!S_ISREG(st.st_mode) && !q.socket) {
		char path[32];
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		int own = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (own >= 0)
			q.fd = own;
		else if (S_ISFIFO(st.st_mode))
			q.nowait = true;
		else
			rc = -1;
	}
	ev_io_init(&q.watch, on_writable, q.fd, EV_WRITE);
	return rc;
}

static void enqueue(const unsigned char *json, size_t len)
{
	size_t need = len + 1;
	if (need > AUDIT_QUEUE - (q.tail - q.head)) {
		q.dropped++;
		return;
	}
	if (need > AUDIT_QUEUE - q.tail) {
		memmove(queue, queue + q.head, q.tail - q.head);
		q.tail -= q.head;
		q.head = 0;
	}
	memcpy(queue + q.tail, json, len);
	queue[q.tail + len] = '\n';
	q.tail += need;
	/* With the watcher on, the fd took nothing the last time: it writes. */
	if (q.loop && ev_is_active(&q.watch))
		return;
	if (drain() == 1 && q.loop)
		ev_io_start(q.loop, &q.watch);
}

/* A string member shown as printable ASCII (line_escape.h's \xNN for
 * the rest, and for '\'): a push's reason quotes a refname, which may hold
 * any byte above 0x7f, and yajl leaves those, and DEL, as they are. False
 * when out of memory. */
static bool put_shown(yajl_gen g, const char *key, const char *value)
{
	if (!value)
		return true;
	size_t len = strlen(value), plain = 0;
	while (plain < len && value[plain] >= 0x20 && value[plain] < 0x7f && value[plain] != '\\')
		plain++;
	if (plain == len) {
		json_string(g, key, value);
		return true;
	}
	char *shown = malloc(ESCAPE_BYTE_MAX * len + 1);
	if (!shown)
		return false;
	memcpy(shown, value, plain);
	size_t n = plain;
	for (size_t i = plain; i < len; i++)
		n += escape_byte((unsigned char)value[i], shown + n);
	shown[n] = '\0';
	json_string(g, key, shown);
	free(shown);
	return true;
}

void audit_write(const struct audit_record *r)
{
	char now[32];
	struct timeval tv;
	struct tm tm;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	size_t n = strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(now + n, sizeof now - n, ".%03ldZ", (long)(tv.tv_usec / 1000));

	yajl_gen g = yajl_gen_alloc(NULL);
	if (!g) {
		q.dropped++;
		return;
	}
	yajl_gen_map_open(g);
	bool shown = put_shown(g, "time", now) && put_shown(g, "request_id", r->request_id) &&
	             put_shown(g, "peer", r->peer) && put_shown(g, "method", r->method) &&
	             put_shown(g, "host", r->host) && put_shown(g, "owner", r->owner) && put_shown(g, "repo", r->repo) &&
	             put_shown(g, "service", r->service);
	json_integer(g, "status", r->status);
	json_integer(g, "bytes_in", (long long)r->bytes_in);
	json_integer(g, "bytes_out", (long long)r->bytes_out);
	json_integer(g, "duration_ms", (long long)r->duration_ms);
	if (r->upstream_connect_us > 0)
		json_integer(g, "upstream_connect_ms", r->upstream_connect_us / 1000);
	if (r->push)
		audit_put_refs(g, r);
	shown = shown && put_shown(g, "rule", r->rule) && put_shown(g, "reason", r->reason);
	yajl_gen_map_close(g);

	const unsigned char *json;
	size_t len;
	if (shown && yajl_gen_get_buf(g, &json, &len) == yajl_gen_status_ok)
		enqueue(json, len);
	else
		q.dropped++;
	yajl_gen_free(g);
}

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void audit_flush(double timeout)
{
	if (q.loop)
		ev_io_stop(q.loop, &q.watch);
	double until = monotonic() + timeout;
	while (drain() == 1) {
		double left = until - monotonic();
		if (left <= 0)
			break;
		struct pollfd p = {.fd = q.fd, .events = POLLOUT};
		poll(&p, 1, (int)(left * 1000) + 1);
	}
	drop_queued();
}

unsigned long long audit_written(void)
{
	return q.written;
}

unsigned long long audit_dropped(void)
{
	return q.dropped;
}
