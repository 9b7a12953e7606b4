/* audit.h: one JSON line per request on stdout (collected by s6 / docker
 * logs). Never a secret: the record has no header values but the ones named
 * here, and yajl escapes control bytes in every string.
 *
 * The event loop never waits for the log's reader: audit_write() queues
 * the whole line (AUDIT_QUEUE bytes at most are queued), and a libev
 * watcher writes the queue out as the fd takes it. A record that does not
 * fit in the queue's free room is dropped and counted. */
#ifndef GITPROXY_AUDIT_H
#define GITPROXY_AUDIT_H

#include <ev.h>

#define AUDIT_QUEUE (1 << 20) /* bytes of lines waiting for the log's reader */

struct audit_record {
	const char *request_id;
	const char *peer;
	const char *method;
	const char *host, *owner, *repo, *service; /* NULL when the path did not parse */
	int status;
	unsigned long long bytes_in, bytes_out;
	double duration_ms;
	const char *rule;   /* the rule that decided, NULL for none */
	/* Pushes only (refs NULL otherwise): the ref updates read from the body. */
	const char *refs;            /* push_summary.h's text */
	unsigned long ref_updates;
	const char *refs_error;      /* why they could not be read, or NULL */
	const char *reason; /* why it was denied or failed, NULL when served */
};

/* Writes the log to fd from now on, with a watcher on loop. 0; or -1
 * with errno set when fd cannot be written without blocking the loop: the
 * log is then written to fd with blocking writes, as it can be (for a
 * pipe that is known only at the first write, which warns). */
int audit_init(struct ev_loop *loop, int fd);
void audit_write(const struct audit_record *r);
/* Writes what is queued, waiting timeout s at most; what is left then is
 * counted dropped. */
void audit_flush(double timeout);
/* Records written whole, and dropped (no room, or the log failed), since
 * start. */
unsigned long long audit_written(void);
unsigned long long audit_dropped(void);

#endif
