#include "audit.h"

#include "audit_refs.h"
#include "json_out.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>

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
	if (!g)
		return;
	yajl_gen_map_open(g);
	json_string(g, "time", now);
	json_string(g, "request_id", r->request_id);
	json_string(g, "peer", r->peer);
	json_string(g, "method", r->method);
	json_string(g, "host", r->host);
	json_string(g, "owner", r->owner);
	json_string(g, "repo", r->repo);
	json_string(g, "service", r->service);
	json_integer(g, "status", r->status);
	json_integer(g, "bytes_in", (long long)r->bytes_in);
	json_integer(g, "bytes_out", (long long)r->bytes_out);
	json_integer(g, "duration_ms", (long long)r->duration_ms);
	if (r->push)
		audit_put_refs(g, r);
	json_string(g, "rule", r->rule);
	json_string(g, "reason", r->reason);
	yajl_gen_map_close(g);

	const unsigned char *json;
	size_t len;
	if (yajl_gen_get_buf(g, &json, &len) == yajl_gen_status_ok) {
		/* One write per line, so concurrent writers never interleave lines. */
		char line[8192];
		if (len < sizeof line) {
			memcpy(line, json, len);
			line[len] = '\n';
			ssize_t w;
			do
				w = write(STDOUT_FILENO, line, len + 1);
			while (w < 0 && errno == EINTR);
		}
	}
	yajl_gen_free(g);
}
