/* stats.h: counters since gitproxy started, for `airlock-ctl stats`. Every
 * request ends in exactly one audit record, and each record is counted
 * here once, so the two always agree. Fixed size: no per-rule or
 * per-repository tables a hostile client could grow. */
#ifndef GITPROXY_STATS_H
#define GITPROXY_STATS_H

#include <stdbool.h>
#include <yajl/yajl_gen.h>

/* The statuses gitproxy answers itself or relays most; the rest are
 * counted by class only. */
#define STATS_STATUSES {200, 304, 400, 401, 403, 404, 405, 408, 411, 413, 415, 417, 429, 431, 499, 501, 502, 503, 504, 505}
#define STATS_NSTATUSES 20

struct stats {
	unsigned long long requests;
	unsigned long long by_class[6]; /* [status / 100], 1xx..5xx; [0] other */
	unsigned long long by_status[STATS_NSTATUSES];
	unsigned long long bytes_in, bytes_out; /* request and response bodies */
	unsigned long long pushes, bytes_pushed;
	unsigned long long pushes_refused; /* answered by gitproxy, nothing sent upstream */
	/* Requests ended twice or closed without an end (a bug either way):
	 * the tests require 0. */
	unsigned long long outcome_errors;
	unsigned long long connections_accepted, connections_refused;
	/* TLS handshakes with the upstream, and how many resumed a session. */
	unsigned long long upstream_handshakes, upstream_resumed;
};

/* One request's end, as its audit record says. */
void stats_request(struct stats *s, int status, unsigned long long bytes_in, unsigned long long bytes_out,
                   bool push, bool push_refused);
/* One TLS handshake with the upstream done (tls_resume.c). */
void stats_upstream_handshake(struct stats *s, bool resumed);
/* Writes the counters as members of the open map g. */
void stats_put(const struct stats *s, yajl_gen g);

#endif
