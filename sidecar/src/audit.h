/* audit.h: one JSON line per request on stdout (collected by s6 / docker
 * logs). Never a secret: the record has no header values but the ones named
 * here. Every string in it is printable ASCII: other bytes, and '\', are
 * written \xNN (line_escape.h) before yajl escapes what JSON needs.
 *
 * The event loop never waits for the log's reader: audit_write() queues
 * the whole line (AUDIT_QUEUE bytes at most are queued), and a libev
 * watcher writes the queue out as the fd takes it. A record that does not
 * fit in the queue's free room is dropped and counted. */
#ifndef GITPROXY_AUDIT_H
#define GITPROXY_AUDIT_H

#include <ev.h>
#include <stdbool.h>
#include <stddef.h>

#define AUDIT_QUEUE (1 << 20) /* bytes of lines waiting for the log's reader */

/* One ref update of a push, as the record lists it. */
struct audit_ref {
	const char *update;  /* "create", "update" or "delete" */
	const char *ref;     /* not NUL-terminated; may hold bytes above 0x7f */
	size_t len;
	bool judged;         /* false when the push ended before its verdicts */
	bool allowed;
	const char *rule;    /* the deciding rule, when judged */
};

struct audit_record {
	const char *request_id;
	const char *peer;
	const char *method;
	const char *host, *owner, *repo, *service; /* NULL when the path did not parse */
	int status;
	unsigned long long bytes_in, bytes_out;
	double duration_ms;
	/* Relayed on a new upstream connection: microseconds until its TLS
	 * handshake was done; 0 otherwise (kept connection, or not relayed). */
	long long upstream_connect_us;
	const char *rule;   /* the rule that decided, NULL for none */
	/* Pushes only (push NULL otherwise). */
	const char *push;            /* "allowed", "refused", "empty" or "unjudged" */
	const struct audit_ref *refs;
	size_t nrefs;                /* listed: refused ones first */
	unsigned long ref_updates;   /* all of them */
	unsigned long refs_omitted;  /* ref_updates - nrefs: counted, not listed */
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
