/* admit.c: see admit.h. */
#include "admit.h"

#include "builtin_rules.h"
#include "policy.h"
#include "server.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void refuse(struct admission *a, int status, const char *rule, double wait, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void refuse(struct admission *a, int status, const char *rule, double wait, const char *fmt, ...)
{
	va_list ap;
	a->allowed = false;
	a->status = status;
	a->rule = rule;
	a->retry_after = wait <= 0.0 ? 0u : wait < 1.0 ? 1u : wait > 86400.0 ? 86400u : (unsigned)ceil(wait);
	va_start(ap, fmt);
	vsnprintf(a->reason, sizeof a->reason, fmt, ap);
	va_end(ap);
}

static bool is_push(const struct route *r)
{
	return r->service == SERVICE_RECEIVE_PACK && r->endpoint == ENDPOINT_RPC;
}

static const char *expected_content_type(enum git_service s)
{
	return s == SERVICE_UPLOAD_PACK ? "application/x-git-upload-pack-request"
	                                : "application/x-git-receive-pack-request";
}

static void utc(time_t t, char out[32])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The session credential: true if it is the current session's, in time. */
static bool session_admits(struct server *s, const struct http_request *q, struct admission *a)
{
	struct session *ss = &s->session;
	const struct limit *ttl = server_limit(s, LIM_SESSION_TTL);
	char when[32];
	switch (session_check(ss, q->authorization)) {
	case SESSION_OK:
		return true;
	case SESSION_MISSING:
		refuse(a, 401, RULE_SESSION_AUTH, 0, "session credential required");
		break;
	case SESSION_WRONG:
		refuse(a, 401, RULE_SESSION_AUTH, 0, "wrong session credential");
		break;
	case SESSION_OLD:
		utc(ss->rotated, when);
		refuse(a, 401, RULE_SESSION_AUTH, 0,
		       "the session credential was rotated at %s; git reads the new one on its next command", when);
		break;
	case SESSION_EXPIRED:
		utc(ss->expires, when);
		refuse(a, 401, ttl->rule, 0,
		       "the session expired at %s (limit session-ttl %llu s); an operator renews it with "
		       "'docker compose exec sidecar airlock-ctl session rotate'",
		       when, ttl->value);
		break;
	case SESSION_REVOKED:
		utc(ss->revoked_at, when);
		refuse(a, 401, RULE_SESSION_AUTH, 0,
		       "the session was revoked at %s; an operator starts a new one with "
		       "'docker compose exec sidecar airlock-ctl session rotate'",
		       when);
		break;
	}
	return false;
}

/* The limits on a request that is otherwise allowed: true if it is within them. */
static bool within_transfer_limits(struct server *s, const struct http_request *q, const struct route *r,
                                  struct admission *a)
{
	ev_tstamp now = ev_now(s->loop);
	if (is_push(r)) {
		const struct limit *size = server_limit(s, LIM_PUSH_SIZE);
		if (!q->chunked && q->content_length > size->value) {
			refuse(a, 413, size->rule, 0, "push of %llu bytes is larger than limit push-size (%llu bytes)",
			       (unsigned long long)q->content_length, size->value);
			return false;
		}
		double wait = bucket_wait(&s->pushed, 0.0, now);
		if (wait > 0.0) {
			const struct limit *rate = server_limit(s, LIM_PUSH_RATE);
			refuse(a, 429, rate->rule, wait,
			       "limit push-rate (%llu bytes per %llu s) reached by earlier pushes: retry in %.0f s",
			       rate->value, rate->per, ceil(wait));
			return false;
		}
	}
	const struct limit *transfers = server_limit(s, LIM_TRANSFERS);
	if (s->ntransfers >= transfers->value) {
		refuse(a, 503, transfers->rule, 1.0, "too many transfers at once (limit transfers %llu)", transfers->value);
		return false;
	}
	return true;
}

void admit(struct server *s, const struct http_request *q, bool routed, const struct route *r, struct admission *a)
{
	ev_tstamp now = ev_now(s->loop);
	a->allowed = false;
	if (!bucket_take(&s->requests, 1.0, now)) {
		const struct limit *rate = server_limit(s, LIM_REQUEST_RATE), *burst = server_limit(s, LIM_REQUEST_BURST);
		double wait = bucket_wait(&s->requests, 1.0, now);
		refuse(a, 429, rate->rule, wait, "limit request-rate (%llu per %llu s, burst %llu) reached: retry in %.0f s",
		       rate->value, rate->per, burst->value, ceil(wait));
		return;
	}
	if (!routed) {
		refuse(a, r->status, RULE_GIT_ROUTES, 0, "%s", r->reason);
		return;
	}
	if (q->method == HTTP_POST && strcmp(q->content_type, expected_content_type(r->service)) != 0) {
		refuse(a, 415, RULE_GIT_ROUTES, 0, "%s needs Content-Type %s", route_service_name(r->service),
		       expected_content_type(r->service));
		return;
	}
	if (!session_admits(s, q, a))
		return;
	if (!policy_host_rule(s->policy, r->host)) {
		refuse(a, 403, RULE_DEFAULT_DENY, 0, "upstream host %s is not allowlisted", r->host);
		return;
	}
	const char *rule = policy_repo_rule(s->policy, r->host, r->owner, r->repo);
	if (!rule) {
		refuse(a, 403, RULE_DEFAULT_DENY, 0, "repository %s/%s on %s is not in scope", r->owner, r->repo, r->host);
		return;
	}
	if (is_push(r) && q->content_encoding[0]) {
		/* Its commands could not be read before forwarding, and git never
		 * compresses a push. */
		refuse(a, 415, RULE_PUSH_REQUEST, 0,
		       "a git-receive-pack body with Content-Encoding %.40s is not accepted: its ref updates must be read "
		       "before it is forwarded (git sends pushes uncompressed)",
		       q->content_encoding);
		return;
	}
	if (!within_transfer_limits(s, q, r, a))
		return;
	a->allowed = true;
	a->rule = rule;
}
