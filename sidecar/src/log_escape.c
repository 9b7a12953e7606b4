/* airlock-log-escape: the s6 logger of tinyproxy and dnsmasq, whose lines
 * quote what the sandbox sent (a CONNECT line, a DNS name). Reads lines on
 * stdin and writes them to stdout escaped as line_escape.h says: printable
 * ASCII and LF only, each line at most LINE_ESCAPE_MAX bytes.
 *
 *   airlock-log-escape      (no arguments; s6-services/NAME/log/run)
 *
 * What one read brings is written out at once, in writes of whole lines of
 * at most PIPE_BUF bytes: stdout is the container's log, a pipe gitproxy,
 * the other logger and s6 write to as well, and such a write never lands
 * inside another writer's line. Memory is fixed: the input buffer, one
 * line being escaped, one write's worth of lines.
 *
 * Exit codes: 0 at the end of stdin, 100 usage, 111 a read or write
 * failed. */
#include "line_escape.h"
#include "log.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

_Static_assert(LINE_ESCAPE_MAX <= PIPE_BUF, "a line must fit in one atomic pipe write");

static char in[64 * 1024];
static struct line_escape esc;
static struct {
	char buf[PIPE_BUF];
	size_t len;
} out;

static void put(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		/* Another writer may have made the shared description non-blocking. */
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = {.fd = STDOUT_FILENO, .events = POLLOUT};
			poll(&p, 1, -1);
			continue;
		}
		if (w <= 0)
			die(EXIT_SYSTEM, "unable to write to stdout: %s", w < 0 ? strerror(errno) : "nothing written");
		s += w;
		n -= (size_t)w;
	}
}

static void flush(void)
{
	put(out.buf, out.len);
	out.len = 0;
}

static int take_line(void *ctx, const char *line, size_t len)
{
	(void)ctx;
	if (out.len + len > sizeof out.buf)
		flush();
	memcpy(out.buf + out.len, line, len);
	out.len += len;
	return 0;
}

int main(int argc, char **argv)
{
	(void)argv;
	log_prog = "airlock-log-escape";
	if (argc != 1) {
		fprintf(stderr, "usage: airlock-log-escape <INPUT >OUTPUT\n");
		return EXIT_USAGE;
	}
	/* A closed stdout is a write error to report, not a silent death. */
	signal(SIGPIPE, SIG_IGN);
	line_escape_init(&esc);
	for (;;) {
		ssize_t r = read(STDIN_FILENO, in, sizeof in);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die(EXIT_SYSTEM, "unable to read stdin: %s", strerror(errno));
		if (r == 0)
			break;
		line_escape_feed(&esc, in, (size_t)r, take_line, NULL);
		flush();
	}
	line_escape_end(&esc, take_line, NULL);
	flush();
	return 0;
}
