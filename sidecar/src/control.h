/* control.h: gitproxy's control socket, for airlock-ctl.
 *
 * A Unix stream socket in a directory that must be mode 0700 and owned by
 * gitproxy's user (checked at start: anything looser is refused). Even so,
 * each client's SO_PEERCRED must be root or gitproxy's own user, or it gets
 * {"error": ...} and a warning is logged: a process that can reach the
 * socket by some other capability still cannot drive gitproxy.
 *
 * Protocol: the client sends one command line ("status", "stats" or
 * "reload") within 2 s; gitproxy answers one JSON object on one line and
 * closes:
 *   status  pid, uptime, config path, when it was loaded, reloads, open
 *           connections and transfers, every limit with its rule, the rate
 *           limiters' levels
 *   stats   the counters of stats.h
 *   reload  {"reloaded": true} or {"reloaded": false, "error": WHY}: the
 *           same as SIGHUP, but the caller learns the outcome */
#ifndef GITPROXY_CONTROL_H
#define GITPROXY_CONTROL_H

#include <stddef.h>

struct server;

/* 0, or -1 with why filled in. */
int control_listen(struct server *s, const char *path, char *why, size_t whylen);
/* Stops accepting and removes the socket (at shutdown). */
void control_close(struct server *s);

#endif
