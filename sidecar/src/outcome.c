/* outcome.c: see outcome.h. */
#include "outcome.h"

#include "log.h"
#include "server.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

void outcome_begin(struct outcome *o, ev_tstamp now)
{
	unsigned char r[8];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		memset(r, 0, sizeof r);
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(o->request_id + 2 * i, 3, "%02x", r[i]);
	o->open = true;
	o->started = now;
	o->bytes_in = o->bytes_out = 0;
	o->upstream_connect_us = 0;
}

void outcome_end(struct outcome *o, struct server *s, struct audit_record *rec)
{
	if (!o->open) {
		s->stats.outcome_errors++;
		warn("bug: request %s ended twice (status %d)", o->request_id, rec->status);
		return;
	}
	o->open = false;
	rec->request_id = o->request_id;
	rec->bytes_in = o->bytes_in;
	rec->bytes_out = o->bytes_out;
	rec->upstream_connect_us = o->upstream_connect_us;
	rec->duration_ms = (ev_now(s->loop) - o->started) * 1000.0;
	audit_write(rec);
	/* A push counts once it went upstream, or was refused. */
	bool forwarded = rec->push && (strcmp(rec->push, "allowed") == 0 || strcmp(rec->push, "unjudged") == 0);
	stats_request(&s->stats, rec->status, o->bytes_in, o->bytes_out, forwarded,
	              rec->push && strcmp(rec->push, "refused") == 0);
}
