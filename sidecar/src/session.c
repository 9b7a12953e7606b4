/* session.c: see session.h. */
#include "session.h"

#include "auth.h"
#include "json_out.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_MAGIC "airlock-session 1"
#define REVOKED_WORD "revoked"

/* Writes data to path atomically: path.new, fsync, rename, fsync of the
 * directory. 0, or -1 with why. */
static int write_atomic(const char *path, const char *data, size_t n, mode_t mode, char *why, size_t whylen)
{
	char tmp[4096], dir[4096];
	if (snprintf(tmp, sizeof tmp, "%s.new", path) >= (int)sizeof tmp) {
		snprintf(why, whylen, "path %s too long", path);
		return -1;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		snprintf(why, whylen, "unable to create %s: %s", tmp, strerror(errno));
		return -1;
	}
	ssize_t w = write(fd, data, n);
	int failed = w != (ssize_t)n || fchmod(fd, mode) < 0 || fsync(fd) < 0;
	int saved = errno;
	if (close(fd) < 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	if (failed || rename(tmp, path) < 0) {
		snprintf(why, whylen, "unable to write %s: %s", path, strerror(failed ? saved : errno));
		unlink(tmp);
		return -1;
	}
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		int dfd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	return 0;
}

static int new_secret(char out[SESSION_SECRET_HEX + 1], char *why, size_t whylen)
{
	unsigned char r[SESSION_SECRET_HEX / 2];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
		snprintf(why, whylen, "unable to read the kernel's random source: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
	explicit_bzero(r, sizeof r);
	return 0;
}

/* Both files from s: the state, then what the sandbox reads. */
static int save(const struct session *s, char *why, size_t whylen)
{
	char state[256], sandbox[SESSION_SECRET_HEX + 2];
	int n = snprintf(state, sizeof state, STATE_MAGIC "\nsecret %s\ncreated %" PRIdMAX "\nrevoked %" PRIdMAX "\n",
	                 s->secret, (intmax_t)s->created, (intmax_t)(s->revoked ? s->revoked_at : 0));
	int m = snprintf(sandbox, sizeof sandbox, "%s\n", s->revoked ? REVOKED_WORD : s->secret);
	int rc = write_atomic(s->state_path, state, (size_t)n, 0600, why, whylen) < 0 ||
	                 write_atomic(s->sandbox_path, sandbox, (size_t)m, 0444, why, whylen) < 0
	             ? -1
	             : 0;
	explicit_bzero(state, sizeof state);
	explicit_bzero(sandbox, sizeof sandbox);
	return rc;
}

static bool lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* Reads the state file strictly. 1 loaded, 0 there is none, -1 refused.
 * The expiry is not in it: it is the policy's session-ttl from `created`,
 * whatever the policy was when the session was made. */
static int load(struct session *s, long ttl, char *why, size_t whylen)
{
	FILE *f = fopen(s->state_path, "re");
	if (!f && errno == ENOENT)
		return 0;
	if (!f) {
		snprintf(why, whylen, "unable to open %s: %s", s->state_path, strerror(errno));
		return -1;
	}
	char text[512];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	char secret[SESSION_SECRET_HEX + 2] = "";
	intmax_t created, revoked;
	int used = 0;
	int ok = sscanf(text, STATE_MAGIC "\nsecret %65s\ncreated %jd\nrevoked %jd\n%n", secret, &created, &revoked,
	                &used) == 3 &&
	         used == (int)n && strlen(secret) == SESSION_SECRET_HEX && lower_hex(secret, SESSION_SECRET_HEX) &&
	         created > 0 && revoked >= 0;
	explicit_bzero(text, sizeof text);
	if (!ok) {
		explicit_bzero(secret, sizeof secret);
		snprintf(why, whylen, "%s is not a session state gitproxy wrote (remove it to start a new session)",
		         s->state_path);
		return -1;
	}
	memcpy(s->secret, secret, SESSION_SECRET_HEX + 1);
	explicit_bzero(secret, sizeof secret);
	s->created = (time_t)created;
	s->expires = s->created + ttl;
	s->revoked = revoked > 0;
	s->revoked_at = (time_t)revoked;
	return 1;
}

/* A new secret into s (the current one becomes the previous). */
static int make(struct session *s, long ttl, char *why, size_t whylen)
{
	char secret[SESSION_SECRET_HEX + 1];
	if (new_secret(secret, why, whylen) < 0)
		return -1;
	struct session next = *s;
	memcpy(next.previous, s->secret, sizeof next.previous);
	memcpy(next.secret, secret, sizeof next.secret);
	explicit_bzero(secret, sizeof secret);
	next.created = time(NULL);
	next.expires = next.created + ttl;
	next.revoked = false;
	next.revoked_at = 0;
	next.last_used = 0;
	next.served = 0;
	if (save(&next, why, whylen) < 0) {
		explicit_bzero(&next, sizeof next);
		return -1;
	}
	*s = next;
	explicit_bzero(&next, sizeof next);
	return 0;
}

int session_open(struct session *s, const char *state_path, const char *sandbox_path, long ttl, char *why,
                 size_t whylen)
{
	memset(s, 0, sizeof *s);
	s->state_path = state_path;
	s->sandbox_path = sandbox_path;
	int loaded = load(s, ttl, why, whylen);
	if (loaded < 0)
		return -1;
	if (loaded == 0)
		return make(s, ttl, why, whylen);
	/* Written again: the sandbox's volume may be new (a restarted stack). */
	return save(s, why, whylen);
}

int session_rotate(struct session *s, long ttl, char *why, size_t whylen)
{
	if (make(s, ttl, why, whylen) < 0)
		return -1;
	s->rotated = s->created;
	s->rotations++;
	return 0;
}

int session_revoke(struct session *s, char *why, size_t whylen)
{
	struct session next = *s;
	next.revoked = true;
	next.revoked_at = time(NULL);
	int rc = save(&next, why, whylen);
	if (rc == 0)
		*s = next;
	explicit_bzero(&next, sizeof next);
	return rc;
}

void session_set_ttl(struct session *s, long ttl)
{
	s->expires = s->created + ttl;
}

enum session_verdict session_check(struct session *s, const char *authorization)
{
	if (s->revoked)
		return SESSION_REVOKED;
	if (!authorization[0])
		return SESSION_MISSING;
	bool current = auth_basic_ok(authorization, s->secret, SESSION_SECRET_HEX);
	bool previous = s->previous[0] && auth_basic_ok(authorization, s->previous, SESSION_SECRET_HEX);
	if (previous && !current)
		return SESSION_OLD;
	if (!current)
		return SESSION_WRONG;
	time_t now = time(NULL);
	if (now >= s->expires)
		return SESSION_EXPIRED;
	s->last_used = now;
	s->served++;
	return SESSION_OK;
}

void session_put_status(const struct session *s, yajl_gen g)
{
	time_t now = time(NULL);
	json_integer(g, "age_s", (long long)(now - s->created));
	json_integer(g, "expires_in_s", (long long)(s->expires - now));
	json_bool(g, "expired", now >= s->expires);
	json_bool(g, "revoked", s->revoked);
	json_integer(g, "last_used_s_ago", s->last_used ? (long long)(now - s->last_used) : -1);
	json_integer(g, "requests_served", (long long)s->served);
	json_integer(g, "rotations", (long long)s->rotations);
}

void session_close(struct session *s)
{
	explicit_bzero(s->secret, sizeof s->secret);
	explicit_bzero(s->previous, sizeof s->previous);
}
