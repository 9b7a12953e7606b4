/* mount_rules.h: what a host path brings into the sandbox when it is
 * mounted there, judged on the path alone (host_path_clean()ed; the
 * caller judges the resolved path too). In order, the first that applies:
 *
 *   MOUNT_HOST         / itself;
 *   MOUNT_TOKEN        the GitHub token's file, or a directory that holds
 *                      it (the token must stay in the sidecar);
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
 * home is not "/". v's text is preflight's own, never the input's. */
#ifndef PREFLIGHT_MOUNT_RULES_H
#define PREFLIGHT_MOUNT_RULES_H

enum mount_danger { MOUNT_SAFE, MOUNT_TOKEN, MOUNT_RUNTIME, MOUNT_CREDENTIALS, MOUNT_HOST };

struct mount_context {
	const char *home;       /* the home of whoever runs preflight */
	const char *token;      /* the token secret's file, as written */
	const char *token_real; /* and as it resolves here */
};

struct mount_verdict {
	enum mount_danger danger;
	const char *relation; /* "is", "is in", "contains" */
	char what[160];       /* e.g. "Docker's runtime directory (/run/docker)" */
	const char *why;      /* what the sandbox could do with it */
};

void mount_judge(const char *path, const struct mount_context *c, struct mount_verdict *v);

#endif
