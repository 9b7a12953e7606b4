/* session.h: the sandbox's session, the one credential gitproxy takes from
 * it, and its life: made, rotated, revoked, expired.
 *
 * gitproxy owns it. A session is 256 bits from the kernel's random source,
 * written as 64 hex digits to two files, each atomically (a new file in
 * the same directory, fsync, rename), so no reader ever sees half of one:
 *   the state file (gitproxy's alone, 0600): the secret, when it was made,
 *     and whether it is revoked, so a gitproxy that is restarted keeps the
 *     session it had (and a revoked one stays revoked); it expires
 *     session-ttl after it was made, by the policy in force;
 *   the sandbox's file (0444, on the session volume the sandbox mounts
 *     read-only): the secret alone, which the sandbox's git hands back on
 *     every request; after a revocation it holds the word "revoked".
 * The secret is never logged, in argv or in the environment.
 *
 * Rotation makes a new secret at once: the old one is refused from that
 * moment (recognised, so the refusal can say it was rotated). Revocation
 * refuses every credential until the next rotation. A session expires
 * `session-ttl` after it was made and stays refused until an operator
 * rotates it: there is no automatic rotation, because the sandbox would
 * read a new secret as soon as it is written, and the TTL would then bound
 * nothing. Functions returning int give 0, or -1 with why filled in (the
 * session is then as it was). */
#ifndef GITPROXY_SESSION_H
#define GITPROXY_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <yajl/yajl_gen.h>

#define SESSION_SECRET_HEX 64

struct session {
	const char *state_path, *sandbox_path;
	char secret[SESSION_SECRET_HEX + 1];
	char previous[SESSION_SECRET_HEX + 1]; /* "" when there was none */
	time_t created, expires, rotated, revoked_at, last_used;
	bool revoked;
	unsigned long long served;   /* requests it authenticated */
	unsigned long long rotations; /* since gitproxy started */
};

enum session_verdict {
	SESSION_OK,
	SESSION_MISSING, /* no credential */
	SESSION_WRONG,
	SESSION_OLD,     /* the secret before the last rotation */
	SESSION_EXPIRED,
	SESSION_REVOKED,
};

/* Takes up the session in state_path, or makes a new one when there is
 * none; it expires ttl seconds after it was made. Writes the sandbox's file. */
int session_open(struct session *s, const char *state_path, const char *sandbox_path, long ttl, char *why,
                 size_t whylen);
int session_rotate(struct session *s, long ttl, char *why, size_t whylen);
int session_revoke(struct session *s, char *why, size_t whylen);
/* A new session-ttl (a reload): the session expires ttl after it was made. */
void session_set_ttl(struct session *s, long ttl);
/* Judges an Authorization header value ("" for none), in constant time
 * against each secret; an accepted one counts as a use. */
enum session_verdict session_check(struct session *s, const char *authorization);
/* Members of the open map g: age, expiry, last use, requests served,
 * rotations, revoked (never the secret). */
void session_put_status(const struct session *s, yajl_gen g);
/* Wipes the secrets from memory. */
void session_close(struct session *s);

#endif
