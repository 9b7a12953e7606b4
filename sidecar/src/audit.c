#include "audit.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>

static void put_string(yajl_gen g, const char *key, const char *value)
{
	if (!value)
		return;
	yajl_gen_string(g, (const unsigned char *)key, strlen(key));
	yajl_gen_string(g, (const unsigned char *)value, strlen(value));
}

static void put_integer(yajl_gen g, const char *key, long long value)
{
	yajl_gen_string(g, (const unsigned char *)key, strlen(key));
	yajl_gen_integer(g, value);
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
	if (!g)
		return;
	yajl_gen_map_open(g);
	put_string(g, "time", now);
	put_string(g, "request_id", r->request_id);
	put_string(g, "peer", r->peer);
	put_string(g, "method", r->method);
	put_string(g, "host", r->host);
	put_string(g, "owner", r->owner);
	put_string(g, "repo", r->repo);
	put_string(g, "service", r->service);
	put_integer(g, "status", r->status);
	put_integer(g, "bytes_in", (long long)r->bytes_in);
	put_integer(g, "bytes_out", (long long)r->bytes_out);
	put_integer(g, "duration_ms", (long long)r->duration_ms);
	put_string(g, "rule", r->rule);
	put_string(g, "reason", r->reason);
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
