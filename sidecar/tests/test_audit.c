#include "audit.h"
#include "tap.h"

#include <ev.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

static struct ev_loop *loop;
static int rfd;
static char *out; /* everything read from the pipe */
static size_t out_len, out_cap;
static unsigned long long issued;

/* A blocked audit_write would hang the test: say so and fail instead. */
static void on_alarm(int sig)
{
	(void)sig;
	static const char m[] = "not ok - audit_write blocked on a pipe nobody reads\n";
	ssize_t ignored = write(STDOUT_FILENO, m, sizeof m - 1);
	(void)ignored;
	_exit(1);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void read_available(void)
{
	for (;;) {
		if (out_cap - out_len < 65536) {
			out_cap = out_cap ? 2 * out_cap : 1 << 20;
			if (!(out = realloc(out, out_cap)))
				abort();
		}
		ssize_t r = read(rfd, out + out_len, out_cap - out_len);
		if (r <= 0)
			return;
		out_len += (size_t)r;
	}
}

/* Reads the pipe and runs the loop until every record issued is written
 * or dropped (5 s at most). */
static void pump(void)
{
	double until = now() + 5;
	while (audit_written() + audit_dropped() < issued && now() < until) {
		read_available();
		ev_run(loop, EVRUN_NOWAIT);
		usleep(1000);
	}
	read_available();
}

/* A record whose size the test picks: text is its reason. */
static void put(const char *text)
{
	struct audit_record r = {.request_id = "0123456789abcdef", .peer = "198.18.0.2", .method = "POST",
	                         .host = "github.com", .owner = "o", .repo = "r", .service = "git-receive-pack",
	                         .status = 403, .rule = "e2e", .reason = text};
	issued++;
	audit_write(&r);
}

/* The lines read so far: how many, each one whole JSON object; *longest_reason
 * the longest "reason" member seen. */
static int whole_json_lines(size_t *lines, size_t *longest_reason)
{
	*lines = 0;
	*longest_reason = 0;
	if (out_len && out[out_len - 1] != '\n')
		return 0;
	for (size_t at = 0; at < out_len;) {
		char *nl = memchr(out + at, '\n', out_len - at);
		*nl = '\0';
		char err[128];
		yajl_val v = yajl_tree_parse(out + at, err, sizeof err);
		*nl = '\n';
		static const char *reason_path[] = {"reason", NULL};
		yajl_val reason = v ? yajl_tree_get(v, reason_path, yajl_t_string) : NULL;
		if (!v || !YAJL_IS_OBJECT(v) || !reason) {
			yajl_tree_free(v);
			return 0;
		}
		size_t n = strlen(reason->u.string);
		*longest_reason = n > *longest_reason ? n : *longest_reason;
		yajl_tree_free(v);
		(*lines)++;
		at = (size_t)(nl - out) + 1;
	}
	return 1;
}

static char *filled(size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memset(s, 'x', n);
	s[n] = '\0';
	return s;
}

/* Counts since the suite started. */
static unsigned long long written0, dropped0;
static unsigned long long written(void)
{
	return audit_written() - written0;
}
static unsigned long long dropped(void)
{
	return audit_dropped() - dropped0;
}

/* The writer on pipe p, which nobody reads until told to; `how` names it. */
static void suite(const char *how, const int p[2])
{
	free(out);
	out = NULL;
	out_len = out_cap = 0;
	rfd = p[0];
	fcntl(rfd, F_SETFL, O_NONBLOCK);
	written0 = audit_written();
	dropped0 = audit_dropped();
	issued = written0 + dropped0;
	size_t lines, longest;

	ok(audit_init(loop, p[1]) == 0, "audit %s: a writer for a pipe", how);
	ok(!(fcntl(p[1], F_GETFL) & O_NONBLOCK),
	   "audit %s: the fd it was given stays blocking (stderr may share its open file description)", how);

	char *big = filled(60 * 1024);
	put(big);
	pump();
	ok(written() == 1 && dropped() == 0 && whole_json_lines(&lines, &longest) && lines == 1 && longest == 60 * 1024,
	   "audit %s: a 60 KiB record is written whole", how);

	/* Nobody reads: the pipe fills, then the queue, then records drop. */
	char *kib = filled(1000);
	alarm(10);
	for (int i = 0; i < 3000; i++)
		put(kib);
	alarm(0);
	ok(1, "audit %s: 3000 records into a pipe nobody reads: audit_write never blocked", how);
	unsigned long long d = dropped();
	ok(d > 0 && d < 3000, "audit %s: records beyond the queue are dropped and counted (%llu of 3000)", how, d);
	pump();
	ok(audit_written() + audit_dropped() == issued, "audit %s: once read, every record is written or counted dropped",
	   how);
	int whole = whole_json_lines(&lines, &longest);
	ok(whole && lines == written() && lines > 1,
	   "audit %s: what came out is whole JSON lines, as many as counted written (%zu)", how, lines);

	char *huge = filled(2 << 20);
	put(huge);
	pump();
	ok(dropped() == d + 1 && whole_json_lines(&lines, &longest) && lines == written(),
	   "audit %s: a record larger than the whole queue is dropped and counted", how);

	/* At exit the queue is flushed, but not for longer than asked. */
	for (int i = 0; i < 3000; i++)
		put(kib);
	double start = now();
	audit_flush(0.3);
	double took = now() - start;
	ok(took >= 0.25 && took < 2, "audit %s: the flush of a queue nobody reads gives up after its bound (%.2f s)", how,
	   took);
	read_available();
	whole = whole_json_lines(&lines, &longest);
	ok(audit_written() + audit_dropped() == issued && whole && lines == written(),
	   "audit %s: after the flush, the records not written are counted dropped", how);

	free(big);
	free(kib);
	free(huge);
	close(p[0]);
	close(p[1]);
}

/* A reason quoting bytes a client chose (a refname may hold any byte
 * above 0x7f, which yajl leaves as it is) comes out printable ASCII, the
 * bytes as \xNN. */
static void escaping(void)
{
	int p[2];
	if (pipe(p) < 0)
		abort();
	free(out);
	out = NULL;
	out_len = out_cap = 0;
	rfd = p[0];
	fcntl(rfd, F_SETFL, O_NONBLOCK);
	issued = audit_written() + audit_dropped();
	audit_init(loop, p[1]);
	put("push refused: refs/heads/a\x1b[2J\x7f\xc2\x9b[2J\xff\\ denied");
	pump();
	int printable = out_len > 0 && out[out_len - 1] == '\n';
	for (size_t i = 0; i + 1 < out_len; i++)
		printable &= out[i] >= 0x20 && out[i] < 0x7f;
	ok(printable, "audit: a record whose reason holds ESC, DEL, a C1 control and bytes above 0x7f is printable ASCII");
	/* In the JSON text, the '\' of each \xNN is escaped again. */
	static const char want[] = "refs/heads/a\\\\x1b[2J\\\\x7f\\\\xc2\\\\x9b[2J\\\\xff\\\\x5c denied";
	ok(memmem(out, out_len, want, sizeof want - 1) != NULL, "audit: those bytes, and '\\', are shown as \\xNN");

	/* A record relayed on a new upstream connection, then one on a kept one. */
	out_len = 0;
	struct audit_record r = {.request_id = "0123456789abcdef", .peer = "198.18.0.2", .method = "GET", .status = 200,
	                         .rule = "e2e", .upstream_connect_us = 12345};
	audit_write(&r);
	r.upstream_connect_us = 0;
	audit_write(&r);
	issued += 2;
	pump();
	static const char connect[] = "\"duration_ms\":0,\"upstream_connect_ms\":12,";
	const char *second = memchr(out, '\n', out_len);
	ok(second && memmem(out, (size_t)(second - out), connect, sizeof connect - 1) &&
	       !memmem(second, out_len - (size_t)(second - out), "upstream_connect_ms", 19),
	   "audit: upstream_connect_ms (whole ms) after duration_ms on a new connection's record, none on a kept one's");
	close(p[0]);
	close(p[1]);
}

/* Whether this kernel's pipes take RWF_NOWAIT. */
static bool pipes_take_nowait(void)
{
	int p[2];
	if (pipe(p) < 0)
		abort();
	struct iovec v = {.iov_base = "x", .iov_len = 1};
	bool yes = pwritev2(p[1], &v, 1, -1, RWF_NOWAIT) == 1;
	close(p[0]);
	close(p[1]);
	return yes;
}

int main(void)
{
	if (!(loop = ev_default_loop(0)))
		abort();
	signal(SIGALRM, on_alarm);
	int p[2];
	if (pipe(p) < 0)
		abort();
	escaping();
	suite("(own description)", p);
	/* A pipe root made, written by another user, as when a supervisor
	 * hands its stdout to gitproxy running as its own user: the writer
	 * cannot open a description of its own and takes RWF_NOWAIT. */
	if (geteuid() != 0 || !pipes_take_nowait()) {
		ok(1, "# SKIP the pipe another user made: needs root and a kernel whose pipes take RWF_NOWAIT");
		free(out);
		return tap_done();
	}
	pid_t child = fork();
	if (child == 0) {
		ev_loop_fork(loop);
		if (pipe(p) < 0 || setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
			abort();
		suite("(a pipe root made)", p);
		free(out);
		return tap_done();
	}
	int status;
	if (child < 0 || waitpid(child, &status, 0) < 0)
		abort();
	free(out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
