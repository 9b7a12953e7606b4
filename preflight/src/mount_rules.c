/* mount_rules.c: see mount_rules.h. The tables are the reference
 * docs/preflight.md lists; a change to one changes it too. */
#include "mount_rules.h"

#include <stdio.h>
#include <string.h>

#include "keypath.h"
#include "limits.h"
#include "shown.h"

#define DRIVE(runtime) "the sandbox could drive the host's " runtime " and leave its sandbox"
#define DATA "the sandbox could read and change the files of every container and image on the host"

/* A socket is refused by its name wherever it is: a runtime may be set up
 * to listen anywhere, and a copy of the name elsewhere means one. */
static const struct {
	const char *name, *what, *why;
} sockets[] = {
	{"docker.sock", "a Docker socket", DRIVE("Docker")},
	{"containerd.sock", "a containerd socket", DRIVE("containerd")},
	{"podman.sock", "a Podman socket", DRIVE("Podman")},
	{"crio.sock", "a CRI-O socket", DRIVE("CRI-O")},
	{"cri-dockerd.sock", "a cri-dockerd socket", DRIVE("Docker")},
};

/* Where runtimes keep their sockets and state. The Docker socket comes
 * first, so that /run and / are named for it. */
static const struct {
	const char *path, *what, *why;
} runtime_trees[] = {
	{"/run/docker.sock", "the Docker socket", DRIVE("Docker")},
	{"/run/docker", "Docker's runtime directory", DRIVE("Docker")},
	{"/var/lib/docker", "Docker's data directory", DATA},
	{"/run/containerd", "containerd's runtime directory", DRIVE("containerd")},
	{"/var/lib/containerd", "containerd's data directory", DATA},
	{"/run/podman", "Podman's runtime directory", DRIVE("Podman")},
	{"/var/lib/containers", "Podman's data directory", DATA},
	{"/run/crio", "CRI-O's runtime directory", DRIVE("CRI-O")},
	{"/run/user", "the users' runtime directories, where rootless Docker and Podman keep their sockets",
	 "the sandbox could drive a user's rootless Docker or Podman, or the user's other daemons"},
};

/* Relative to a home directory. */
static const struct {
	const char *path, *what;
} credentials[] = {
	{".ssh", "SSH keys"},
	{".aws", "AWS credentials"},
	{".config/gh", "the GitHub CLI's token"},
	{".docker", "Docker's registry credentials and contexts"},
	{".kube", "Kubernetes credentials"},
	{".gnupg", "GnuPG keys"},
	{".netrc", "passwords for hosts"},
	{".git-credentials", "git's stored credentials"},
	{".config/gcloud", "Google Cloud credentials"},
	{".azure", "Azure credentials"},
};

#define CREDENTIALS_WHY "the agent could read the user's credentials and carry them out on any channel it is allowed"

static const struct {
	const char *path, *why;
} host_trees[] = {
	{"/proc", "the sandbox could see the host's processes and change its kernel's settings"},
	{"/sys", "the sandbox could change the settings of the host's kernel and devices"},
	{"/dev", "the sandbox could use the host's devices"},
	{"/etc", "the sandbox could read the host's configuration and the secrets in it"},
	{"/run", "the sandbox could reach the host's daemons through their sockets"},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum relation { REL_NONE, REL_SAME, REL_INSIDE, REL_CONTAINS };

/* How the cleaned path p relates to pattern, whose components may be "*",
 * one component of any name. */
static enum relation relate(const char *p, const char *pattern)
{
	const char *a = p, *b = pattern;
	for (;;) {
		while (*a == '/')
			a++;
		while (*b == '/')
			b++;
		if (!*a)
			return *b ? REL_CONTAINS : REL_SAME;
		if (!*b)
			return REL_INSIDE;
		size_t na = strcspn(a, "/"), nb = strcspn(b, "/");
		if (!(nb == 1 && *b == '*') && (na != nb || memcmp(a, b, na) != 0))
			return REL_NONE;
		a += na;
		b += nb;
	}
}

static const char *relation_text(enum relation r)
{
	return r == REL_SAME ? "is" : r == REL_INSIDE ? "is in" : "contains";
}

static void verdict(struct mount_verdict *v, enum mount_danger d, enum relation r, const char *why)
{
	v->danger = d;
	v->relation = relation_text(r);
	v->why = why;
}

static int judge_runtime(const char *p, struct mount_verdict *v)
{
	const char *base = strrchr(p, '/') + 1;
	for (size_t i = 0; i < N(sockets); i++)
		if (strcmp(base, sockets[i].name) == 0) {
			verdict(v, MOUNT_RUNTIME, REL_SAME, sockets[i].why);
			snprintf(v->what, sizeof v->what, "%s", sockets[i].what);
			return 1;
		}
	for (size_t i = 0; i < N(runtime_trees); i++) {
		enum relation r = relate(p, runtime_trees[i].path);
		if (r != REL_NONE) {
			verdict(v, MOUNT_RUNTIME, r, runtime_trees[i].why);
			snprintf(v->what, sizeof v->what, "%s (%s)", runtime_trees[i].what, runtime_trees[i].path);
			return 1;
		}
	}
	return 0;
}

/* The credentials in the home h (a pattern), or h itself. */
static int judge_home(const char *p, const char *h, struct mount_verdict *v)
{
	char c[LIMIT_PATH_BYTES + 32];
	for (size_t i = 0; i < N(credentials); i++) {
		snprintf(c, sizeof c, "%s/%s", h, credentials[i].path);
		enum relation r = relate(p, c);
		/* p inside the home and above the credentials: ~/.config */
		if (r == REL_SAME || r == REL_INSIDE || (r == REL_CONTAINS && relate(p, h) == REL_INSIDE)) {
			verdict(v, MOUNT_CREDENTIALS, r, CREDENTIALS_WHY);
			snprintf(v->what, sizeof v->what, "~/%s (%s)", credentials[i].path, credentials[i].what);
			return 1;
		}
	}
	enum relation r = relate(p, h);
	if (r == REL_SAME || r == REL_CONTAINS) {
		verdict(v, MOUNT_CREDENTIALS, r, CREDENTIALS_WHY);
		snprintf(v->what, sizeof v->what, "%s",
		         r == REL_SAME ? "a home directory, with ~/.ssh, ~/.aws and the other credentials in it"
		                       : "home directories, with ~/.ssh, ~/.aws and the other credentials in them");
		return 1;
	}
	return 0;
}

/* First of all: / holds everything else here, and is named for itself. */
static int judge_root(const char *p, struct mount_verdict *v)
{
	if (strcmp(p, "/") != 0)
		return 0;
	verdict(v, MOUNT_HOST, REL_SAME, "the sandbox could read and change every file of the host");
	snprintf(v->what, sizeof v->what, "the host's root directory");
	return 1;
}

static int judge_host(const char *p, struct mount_verdict *v)
{
	for (size_t i = 0; i < N(host_trees); i++) {
		enum relation r = relate(p, host_trees[i].path);
		if (r == REL_SAME || r == REL_INSIDE) {
			verdict(v, MOUNT_HOST, r, host_trees[i].why);
			snprintf(v->what, sizeof v->what, "the host's %s", host_trees[i].path);
			return 1;
		}
	}
	return 0;
}

/* t's file, as written or as it resolves, is p or in it. */
static int judge_token(const char *p, const struct mount_token *t, struct mount_verdict *v)
{
	enum relation r = t->file ? relate(p, t->file) : REL_NONE;
	if (r != REL_SAME && r != REL_CONTAINS)
		r = t->real ? relate(p, t->real) : REL_NONE;
	if (r != REL_SAME && r != REL_CONTAINS)
		return 0;
	verdict(v, MOUNT_TOKEN, r, "the token must stay in the sidecar");
	char b[SHOWN_BYTES];
	struct keypath root = key_root(), ks = key_member(&root, "secrets"), k = key_member(&ks, t->secret);
	snprintf(v->what, sizeof v->what, "the token file of secret %s (%s)", shown(t->secret, b), k.s);
	return 1;
}

static int judge_tokens(const char *p, const struct mount_context *c, struct mount_verdict *v)
{
	for (size_t i = 0; i < c->tokens && i < LIMIT_TOKENS; i++)
		if (judge_token(p, &c->token[i], v))
			return 1;
	return 0;
}

void mount_judge(const char *path, const struct mount_context *c, struct mount_verdict *v)
{
	const char *homes[] = {"/root", "/home/*", c->home};
	v->danger = MOUNT_SAFE;
	v->relation = "";
	v->what[0] = '\0';
	v->why = "";
	if (judge_root(path, v) || judge_tokens(path, c, v) || judge_runtime(path, v))
		return;
	for (size_t i = 0; i < N(homes); i++)
		if (homes[i] && judge_home(path, homes[i], v))
			return;
	judge_host(path, v);
}
