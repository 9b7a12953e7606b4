/* test_session.c: a session made, taken up again, rotated, revoked and
 * expired, with the files it writes. */
#include "base64.h"
#include "session.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/gitproxy-test-session-XXXXXX";
static char state[256], sandbox[256];

static void read_file(const char *path, char *out, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(out, 1, cap - 1, f) : 0;
	out[n] = '\0';
	if (f)
		fclose(f);
}

/* "Authorization: Basic" for airlock:secret. */
static const char *basic(const char *secret)
{
	static char out[200];
	char plain[100];
	int n = snprintf(plain, sizeof plain, "airlock:%s", secret);
	memcpy(out, "Basic ", 6);
	base64_encode((const unsigned char *)plain, (size_t)n, out + 6);
	return out;
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_mode & 07777 : 0;
}

int main(void)
{
	char why[300], text[200], first[SESSION_SECRET_HEX + 1];
	if (!mkdtemp(dir))
		return 1;
	snprintf(state, sizeof state, "%s/session.state", dir);
	snprintf(sandbox, sizeof sandbox, "%s/session", dir);
	struct session s;
	ok(session_open(&s, state, sandbox, 3600, why, sizeof why) == 0, "open: a new session");
	read_file(sandbox, text, sizeof text);
	ok(strlen(text) == SESSION_SECRET_HEX + 1 && text[SESSION_SECRET_HEX] == '\n' &&
	       strncmp(text, s.secret, SESSION_SECRET_HEX) == 0,
	   "open: the sandbox's file holds the secret, 64 hex digits and LF");
	ok(mode_of(sandbox) == 0444 && mode_of(state) == 0600, "open: the sandbox's file 0444, the state 0600");
	memcpy(first, s.secret, sizeof first);
	ok(session_check(&s, "") == SESSION_MISSING, "check: no credential");
	ok(session_check(&s, basic("nope")) == SESSION_WRONG, "check: a wrong secret");
	ok(session_check(&s, basic(s.secret)) == SESSION_OK && s.served == 1 && s.last_used > 0,
	   "check: the secret, counted as a use");
	session_close(&s);

	ok(session_open(&s, state, sandbox, 3600, why, sizeof why) == 0 && strcmp(s.secret, first) == 0,
	   "reopen: a restarted gitproxy takes up the same session");
	session_close(&s);
	ok(session_open(&s, state, sandbox, 0, why, sizeof why) == 0 && session_check(&s, basic(first)) == SESSION_EXPIRED,
	   "reopen: its expiry comes from the policy's TTL then, not from the one it was made under");
	session_close(&s);
	ok(session_open(&s, state, sandbox, 3600, why, sizeof why) == 0 && session_check(&s, basic(first)) == SESSION_OK,
	   "reopen: and back with a longer one");
	ok(session_rotate(&s, 3600, why, sizeof why) == 0 && strcmp(s.secret, first) != 0 && s.rotations == 1,
	   "rotate: a new secret");
	read_file(sandbox, text, sizeof text);
	ok(strncmp(text, s.secret, SESSION_SECRET_HEX) == 0, "rotate: written for the sandbox");
	ok(session_check(&s, basic(first)) == SESSION_OLD, "rotate: the old secret is recognised, and refused");
	ok(session_check(&s, basic(s.secret)) == SESSION_OK, "rotate: the new one works");
	char second[SESSION_SECRET_HEX + 1];
	memcpy(second, s.secret, sizeof second);

	ok(session_revoke(&s, why, sizeof why) == 0 && session_check(&s, basic(second)) == SESSION_REVOKED &&
	       session_check(&s, "") == SESSION_REVOKED,
	   "revoke: every credential refused, as revoked");
	read_file(sandbox, text, sizeof text);
	ok(strcmp(text, "revoked\n") == 0, "revoke: the sandbox's file says so, no secret in it");
	session_close(&s);
	ok(session_open(&s, state, sandbox, 3600, why, sizeof why) == 0 && s.revoked &&
	       session_check(&s, basic(second)) == SESSION_REVOKED,
	   "revoke: a restarted gitproxy keeps it revoked");
	ok(session_rotate(&s, 3600, why, sizeof why) == 0 && !s.revoked && session_check(&s, basic(s.secret)) == SESSION_OK,
	   "rotate after revoke: a new session");

	session_set_ttl(&s, 0);
	ok(session_check(&s, basic(s.secret)) == SESSION_EXPIRED, "ttl: a session past its TTL is expired");
	session_set_ttl(&s, 3600);
	ok(session_check(&s, basic(s.secret)) == SESSION_OK, "ttl: a longer TTL from a reload brings it back");
	session_close(&s);

	FILE *f = fopen(state, "w");
	fputs("airlock-session 1\nsecret XYZ\ncreated 1\nrevoked 0\n", f);
	fclose(f);
	ok(session_open(&s, state, sandbox, 3600, why, sizeof why) < 0 && strstr(why, "not a session state"),
	   "open: a state file gitproxy did not write is refused: %s", why);
	unlink(state);
	unlink(sandbox);
	rmdir(dir);
	return tap_done();
}
