/* test_mount_rules.c: what a host path brings into the sandbox, path by
 * path: each class, its relations (is, is in, contains), and the paths
 * next to them that bring nothing (the positive controls). */
#include "mount_rules.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

static const char *const danger_names[] = {"safe", "token", "runtime", "credentials", "host"};

static struct mount_context context;

/* path is judged danger, and the message reads "PATH text" (text NULL:
 * not looked at). */
static int judged(const char *path, enum mount_danger danger, const char *text)
{
	struct mount_verdict v;
	mount_judge(path, &context, &v);
	char said[MOUNT_WHAT_BYTES + 16];
	snprintf(said, sizeof said, "%s %s", v.relation, v.what);
	if (v.danger != danger || (text && strcmp(said, text) != 0)) {
		printf("# %s: %s, \"%s\"\n", path, danger_names[v.danger], said);
		return 0;
	}
	return 1;
}

int main(void)
{
	ok(judged("/run/docker.sock", MOUNT_RUNTIME, "is a Docker socket"), "the Docker socket");
	ok(judged("/srv/x/docker.sock", MOUNT_RUNTIME, "is a Docker socket"), "a Docker socket anywhere, by its name");
	ok(judged("/run/user/1000/podman/podman.sock", MOUNT_RUNTIME, "is a Podman socket"), "a Podman socket");
	ok(judged("/run/containerd/containerd.sock", MOUNT_RUNTIME, "is a containerd socket"), "a containerd socket");
	ok(judged("/var/run/crio/crio.sock", MOUNT_RUNTIME, "is a CRI-O socket"), "a CRI-O socket");
	ok(judged("/run/cri-dockerd.sock", MOUNT_RUNTIME, "is a cri-dockerd socket"), "a cri-dockerd socket");
	ok(judged("/run/docker", MOUNT_RUNTIME, "is Docker's runtime directory (/run/docker)"), "Docker's runtime directory");
	ok(judged("/run/docker/plugins", MOUNT_RUNTIME, "is in Docker's runtime directory (/run/docker)"),
	   "inside Docker's runtime directory");
	ok(judged("/var/lib/docker/volumes", MOUNT_RUNTIME, "is in Docker's data directory (/var/lib/docker)"),
	   "Docker's data directory");
	ok(judged("/var/lib/containers/storage", MOUNT_RUNTIME, "is in Podman's data directory (/var/lib/containers)"),
	   "Podman's data directory");
	ok(judged("/run/user/1000", MOUNT_RUNTIME, NULL), "a user's runtime directory");
	ok(judged("/run", MOUNT_RUNTIME, "contains the Docker socket (/run/docker.sock)"), "/run holds the socket");
	ok(judged("/var", MOUNT_RUNTIME, "contains Docker's data directory (/var/lib/docker)"), "/var holds Docker's data");
	ok(judged("/var/lib", MOUNT_RUNTIME, "contains Docker's data directory (/var/lib/docker)"), "and /var/lib");
	ok(judged("/run/docker.socket", MOUNT_HOST, NULL), "docker.socket is not a socket's name, but in /run");
	ok(judged("/srv/docker.sock.d/x", MOUNT_SAFE, NULL), "a directory named like a socket is no socket");
	ok(judged("/var/lib/dockerd", MOUNT_SAFE, NULL), "/var/lib/dockerd is not /var/lib/docker");

	ok(judged("/home/alice/.ssh", MOUNT_CREDENTIALS, "is ~/.ssh (SSH keys)"), "a user's SSH keys");
	ok(judged("/home/bob/.ssh/id_ed25519", MOUNT_CREDENTIALS, "is in ~/.ssh (SSH keys)"), "one key in them");
	ok(judged("/root/.aws", MOUNT_CREDENTIALS, "is ~/.aws (AWS credentials)"), "root's AWS credentials");
	ok(judged("/home/alice/.config/gh", MOUNT_CREDENTIALS, "is ~/.config/gh (the GitHub CLI's token)"),
	   "the GitHub CLI's token");
	ok(judged("/home/alice/.config", MOUNT_CREDENTIALS, "contains ~/.config/gh (the GitHub CLI's token)"),
	   "~/.config, which holds it");
	ok(judged("/home/alice/.config/nvim", MOUNT_SAFE, NULL), "another directory of ~/.config");
	ok(judged("/home/alice/.docker/config.json", MOUNT_CREDENTIALS, "is in ~/.docker (Docker's registry credentials and contexts)"),
	   "Docker's registry credentials");
	ok(judged("/home/alice/.kube", MOUNT_CREDENTIALS, NULL), "Kubernetes credentials");
	ok(judged("/home/alice/.gnupg", MOUNT_CREDENTIALS, NULL), "GnuPG keys");
	ok(judged("/home/alice/.netrc", MOUNT_CREDENTIALS, "is ~/.netrc (passwords for hosts)"), "~/.netrc");
	ok(judged("/root/.git-credentials", MOUNT_CREDENTIALS, NULL), "git's stored credentials");
	ok(judged("/home/alice", MOUNT_CREDENTIALS,
	          "is a home directory, with ~/.ssh, ~/.aws and the other credentials in it"),
	   "a home directory");
	ok(judged("/root", MOUNT_CREDENTIALS, NULL), "root's home directory");
	ok(judged("/home", MOUNT_CREDENTIALS,
	          "contains home directories, with ~/.ssh, ~/.aws and the other credentials in them"),
	   "the directory of homes");
	ok(judged("/home/alice/src/project", MOUNT_SAFE, NULL), "a project in a home");
	ok(judged("/home/alice/.sshd", MOUNT_SAFE, NULL), "~/.sshd is not ~/.ssh");
	ok(judged("/srv/agent/.ssh", MOUNT_SAFE, NULL), "a .ssh outside the homes preflight knows");
	context.home = "/srv/agent";
	ok(judged("/srv/agent/.ssh", MOUNT_CREDENTIALS, "is ~/.ssh (SSH keys)"), "but in the caller's home");
	ok(judged("/srv/agent", MOUNT_CREDENTIALS, NULL), "and that home itself");
	ok(judged("/srv", MOUNT_CREDENTIALS, "contains home directories, with ~/.ssh, ~/.aws and the other credentials in them"),
	   "and what holds it");
	context.home = NULL;

	ok(judged("/", MOUNT_HOST, "is the host's root directory"), "the host's root");
	ok(judged("/proc", MOUNT_HOST, "is the host's /proc"), "the host's /proc");
	ok(judged("/proc/sys/kernel", MOUNT_HOST, "is in the host's /proc"), "inside it");
	ok(judged("/sys/fs/cgroup", MOUNT_HOST, "is in the host's /sys"), "the host's /sys");
	ok(judged("/dev", MOUNT_HOST, "is the host's /dev"), "the host's /dev");
	ok(judged("/dev/shm", MOUNT_HOST, NULL), "the host's shared memory");
	ok(judged("/etc", MOUNT_HOST, "is the host's /etc"), "the host's /etc");
	ok(judged("/etc/localtime", MOUNT_HOST, "is in the host's /etc"), "even one file of it");
	ok(judged("/run/systemd/private", MOUNT_HOST, "is in the host's /run"), "a daemon's socket in /run");
	ok(judged("/srv/data", MOUNT_SAFE, NULL), "a data directory");
	ok(judged("/opt/etc", MOUNT_SAFE, NULL), "an etc that is not the host's");
	ok(judged("/procfs", MOUNT_SAFE, NULL), "/procfs is not /proc");

	context.tokens = 1;
	context.token[0] = (struct mount_token){"github_token", "/srv/airlock/github-token", NULL};
	ok(judged("/srv/airlock/github-token", MOUNT_TOKEN,
	          "is the token file of secret github_token (secrets.github_token)"),
	   "the token's file");
	ok(judged("/srv/airlock", MOUNT_TOKEN, "contains the token file of secret github_token (secrets.github_token)"),
	   "the directory that holds it");
	ok(judged("/srv/airlock/other", MOUNT_SAFE, NULL), "another file next to it");
	ok(judged("/", MOUNT_HOST, "is the host's root directory"), "/ is named for itself, token or not");
	ok(judged("/srv/ghe/token", MOUNT_SAFE, NULL), "a file that is no token's, before it is one");
	context.token[1] = (struct mount_token){"ghe_token", "/srv/ghe/token", NULL};
	ok(judged("/srv/ghe/token", MOUNT_SAFE, NULL), "a token past the count is not read");
	context.tokens = 2;
	ok(judged("/srv/ghe/token", MOUNT_TOKEN, "is the token file of secret ghe_token (secrets.ghe_token)"),
	   "a second token's file, named for its secret");
	ok(judged("/srv/ghe", MOUNT_TOKEN, "contains the token file of secret ghe_token (secrets.ghe_token)"),
	   "the directory that holds the second");
	ok(judged("/srv", MOUNT_TOKEN, "contains the token file of secret github_token (secrets.github_token)"),
	   "a directory that holds both is named for the first");
	ok(judged("/srv/ghe/other", MOUNT_SAFE, NULL), "another file next to the second");
	context.token[0] = (struct mount_token){"github_token", NULL, "/data/tokens/gh"};
	ok(judged("/data/tokens", MOUNT_TOKEN, "contains the token file of secret github_token (secrets.github_token)"),
	   "where the token's file resolves to, too");
	ok(judged("/data/other", MOUNT_SAFE, NULL), "and not next to it");
	context.token[1] = (struct mount_token){"ghe_token", "/srv/ghe/token", "/data/ghe/token"};
	ok(judged("/data/ghe", MOUNT_TOKEN, "contains the token file of secret ghe_token (secrets.ghe_token)"),
	   "where the second resolves to");
	context.token[1] = (struct mount_token){"a.b\"c", "/srv/odd/t", NULL};
	ok(judged("/srv/odd/t", MOUNT_TOKEN, "is the token file of secret a.b\\x22c (secrets[\"a.b\\x22c\"])"),
	   "a secret's name that is not plain is escaped, in the key too");
	context.token[1] = (struct mount_token){"ghe_token", NULL, NULL};
	ok(judged("/srv/ghe/token", MOUNT_SAFE, NULL), "a token without a file (an environment secret) brings no path");
	for (size_t i = 0; i < LIMIT_TOKENS; i++)
		context.token[i] = (struct mount_token){"s", "/srv/many/s", NULL};
	context.token[LIMIT_TOKENS - 1] = (struct mount_token){"last", "/srv/many/last", NULL};
	context.tokens = LIMIT_TOKENS;
	ok(judged("/srv/many/last", MOUNT_TOKEN, "is the token file of secret last (secrets.last)"),
	   "the last of the most tokens the context holds");
	context.tokens = LIMIT_TOKENS + 8;
	ok(judged("/srv/many/last", MOUNT_TOKEN, NULL), "a count past the list reads the list alone");
	context.tokens = LIMIT_TOKENS - 1;
	ok(judged("/srv/many/last", MOUNT_SAFE, NULL), "one fewer: the last is not read (the control)");
	context.tokens = 0;
	return tap_done();
}
