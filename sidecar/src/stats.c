#include "stats.h"

#include "json_out.h"

#include <stdio.h>
#include <string.h>

static const int statuses[STATS_NSTATUSES] = STATS_STATUSES;

void stats_request(struct stats *s, int status, unsigned long long bytes_in, unsigned long long bytes_out,
                   bool push, bool push_refused)
{
	s->requests++;
	s->by_class[status >= 100 && status < 600 ? status / 100 : 0]++;
	for (size_t i = 0; i < STATS_NSTATUSES; i++)
		if (statuses[i] == status)
			s->by_status[i]++;
	s->bytes_in += bytes_in;
	s->bytes_out += bytes_out;
	if (push_refused) {
		s->pushes_refused++;
	} else if (push) {
		s->pushes++;
		s->bytes_pushed += bytes_in;
	}
}

void stats_upstream_handshake(struct stats *s, bool resumed)
{
	s->upstream_handshakes++;
	if (resumed)
		s->upstream_resumed++;
}

void stats_put(const struct stats *s, yajl_gen g)
{
	json_integer(g, "requests", (long long)s->requests);
	json_key(g, "by_class");
	yajl_gen_map_open(g);
	static const char *const classes[6] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
	for (size_t i = 0; i < 6; i++)
		json_integer(g, classes[i], (long long)s->by_class[i]);
	yajl_gen_map_close(g);
	json_key(g, "by_status");
	yajl_gen_map_open(g);
	for (size_t i = 0; i < STATS_NSTATUSES; i++) {
		char code[8];
		snprintf(code, sizeof code, "%d", statuses[i]);
		if (s->by_status[i])
			json_integer(g, code, (long long)s->by_status[i]);
	}
	yajl_gen_map_close(g);
	json_integer(g, "bytes_in", (long long)s->bytes_in);
	json_integer(g, "bytes_out", (long long)s->bytes_out);
	json_integer(g, "pushes", (long long)s->pushes);
	json_integer(g, "bytes_pushed", (long long)s->bytes_pushed);
	json_integer(g, "pushes_refused", (long long)s->pushes_refused);
	json_integer(g, "outcome_errors", (long long)s->outcome_errors);
	json_integer(g, "connections_accepted", (long long)s->connections_accepted);
	json_integer(g, "connections_refused", (long long)s->connections_refused);
	json_integer(g, "upstream_tls_handshakes", (long long)s->upstream_handshakes);
	json_integer(g, "upstream_tls_resumed", (long long)s->upstream_resumed);
}
