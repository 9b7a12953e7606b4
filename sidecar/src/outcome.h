/* outcome.h: the one record every request ends in. A request that
 * gitproxy has read (a whole head, or a refused one) is opened here, and
 * ended exactly once, whatever ends it: served, refused, cut, timed out,
 * abandoned by the client, or stopped by shutdown. Ending writes its audit
 * line and its stats count, so the two always agree. conn.c owns the
 * outcome of its current request and is the only caller. */
#ifndef GITPROXY_OUTCOME_H
#define GITPROXY_OUTCOME_H

#include "audit.h"

#include <ev.h>
#include <stdbool.h>

struct server;

struct outcome {
	bool open;
	char request_id[17];
	ev_tstamp started;
	unsigned long long bytes_in, bytes_out; /* body bytes each way */
	long long upstream_connect_us;          /* transfer_end's connect_us; 0 for none */
};

void outcome_begin(struct outcome *o, ev_tstamp now);
/* rec holds what the caller knows (peer, method, route, status, rule,
 * reason, push); the outcome adds its id, bytes, upstream connection time
 * and duration, writes the audit line, counts it, and is closed. Ending a
 * closed outcome is a bug: it is logged and counted (stats
 * "outcome_errors"), nothing is written. */
void outcome_end(struct outcome *o, struct server *s, struct audit_record *rec);

#endif
