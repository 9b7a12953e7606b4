/* mount_rules.h: what a host path brings into the sandbox when it is
 * mounted there, judged on the path alone (host_path_clean()ed; the
 * caller judges the resolved path too). In order, the first that applies:
 *
 *   MOUNT_HOST         / itself;
 *   MOUNT_TOKEN        the file of one of the sidecar's tokens (tokens.h:
 *                      every secret the sidecar receives is one), or a
 *                      directory that holds it (a token must stay in the
 *                      sidecar);
 *   MOUNT_RUNTIME      a container runtime's socket or directory (Docker,
 *                      containerd, Podman, CRI-O; the users' /run/user,
 *                      where rootless ones keep theirs), or a directory
 *                      that holds one, such as /run, /var or /;
 *   MOUNT_CREDENTIALS  a user's credentials (~/.ssh, ~/.aws, ~/.config/gh,
 *                      ...) in any home (/root, /home/NAME, and the home
 *                      of whoever runs preflight), a home itself, or a
 *                      directory that holds homes or credentials;
 *   MOUNT_HOST         the host's /proc, /sys, /dev, /etc or /run.
 *
 * mount_judge() fills v; v->danger is MOUNT_SAFE when none applies. Every
 * path of the context may be NULL (none); each is a cleaned path, and the
 * home is not "/". The context owns none of its strings. v's text is
 * preflight's own, or a token's secret name passed through shown() (and
 * keypath.h's escaping): never raw input. */
#ifndef PREFLIGHT_MOUNT_RULES_H
#define PREFLIGHT_MOUNT_RULES_H

#include <stddef.h>

#include "limits.h"

enum mount_danger { MOUNT_SAFE, MOUNT_TOKEN, MOUNT_RUNTIME, MOUNT_CREDENTIALS, MOUNT_HOST };

/* One of the sidecar's tokens. */
struct mount_token {
	const char *secret; /* the compose secret's name, as the document has it; never NULL */
	const char *file;   /* its file, as written (cleaned); NULL: none */
	const char *real;   /* and as it resolves here; NULL: not resolved */
};

struct mount_context {
	const char *home;                       /* the home of whoever runs preflight */
	size_t tokens;                          /* how many of token[] are set; more are not read */
	struct mount_token token[LIMIT_TOKENS]; /* the sidecar's tokens */
};

/* "the token file of secret NAME (secrets.NAME)", each part cut to its
 * limit, fits. */
#define MOUNT_WHAT_BYTES (LIMIT_SHOWN_BYTES + LIMIT_KEY_BYTES + 64)

struct mount_verdict {
	enum mount_danger danger;
	const char *relation;        /* "is", "is in", "contains" */
	char what[MOUNT_WHAT_BYTES]; /* e.g. "Docker's runtime directory (/run/docker)" */
	const char *why;             /* what the sandbox could do with it */
};

void mount_judge(const char *path, const struct mount_context *c, struct mount_verdict *v);

#endif
