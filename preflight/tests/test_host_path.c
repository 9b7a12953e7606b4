/* test_host_path.c: a host path in one spelling, and where it leads on
 * this machine (symbolic links in a temporary directory). */
#include "host_path.h"
#include "tap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cleans_to(const char *in, const char *want)
{
	char out[HOST_PATH_BYTES];
	if (host_path_clean(in, out) != 0)
		return 0;
	if (strcmp(out, want) != 0)
		printf("# %s cleaned to %s\n", in, out);
	return strcmp(out, want) == 0;
}

static char dir[64];

static int resolves_to(const char *rel, const char *want, int want_rc)
{
	char in[256], out[HOST_PATH_BYTES];
	snprintf(in, sizeof in, "%s/%s", dir, rel);
	int rc = host_path_resolve(in, out);
	if (rc != want_rc || (want && strcmp(out, want) != 0)) {
		printf("# %s resolved to %s (%s)\n", in, out, rc ? strerror(rc) : "ok");
		return 0;
	}
	return 1;
}

static void link_at(const char *target, const char *rel)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (symlink(target, path) != 0)
		exit(1);
}

int main(void)
{
	ok(cleans_to("/", "/"), "/ stays");
	ok(cleans_to("//", "/"), "// is /");
	ok(cleans_to("/run/docker.sock", "/run/docker.sock"), "a clean path stays");
	ok(cleans_to("/run/", "/run"), "a trailing slash goes");
	ok(cleans_to("/run//docker.sock/", "/run/docker.sock"), "doubled slashes go");
	ok(cleans_to("/./run/./docker.sock/.", "/run/docker.sock"), ". components go");
	ok(cleans_to("/home/x/../../run", "/run"), ".. takes off the component before it");
	ok(cleans_to("/../../etc", "/etc"), ".. never climbs above /");
	ok(cleans_to("/var/run", "/run"), "/var/run is /run");
	ok(cleans_to("/var/run/docker.sock", "/run/docker.sock"), "/var/run/docker.sock is /run/docker.sock");
	ok(cleans_to("/var//run/", "/run"), "/var//run/ is /run");
	ok(cleans_to("/var/run/../lib/docker", "/lib/docker"), "a .. after /var/run climbs out of /run, as the kernel does");
	ok(cleans_to("/var/lock/x", "/run/lock/x"), "/var/lock is /run/lock");
	ok(cleans_to("/var/runner", "/var/runner"), "/var/runner is not /var/run");
	ok(cleans_to("/var/lib/../run", "/run"), "/var/lib/.. is /var, then /var/run");
	ok(cleans_to("/...", "/..."), "... is a name");
	char out[HOST_PATH_BYTES];
	ok(host_path_clean("run/docker.sock", out) == -1, "a relative path is refused");
	ok(host_path_clean("", out) == -1, "an empty path is refused");
	char *long_path = malloc(LIMIT_PATH_BYTES + 2);
	if (!long_path)
		return 1;
	memset(long_path, 'a', LIMIT_PATH_BYTES + 1);
	long_path[0] = '/';
	long_path[LIMIT_PATH_BYTES + 1] = '\0';
	ok(host_path_clean(long_path, out) == -1, "a path over %u bytes is refused", LIMIT_PATH_BYTES);
	long_path[LIMIT_PATH_BYTES] = '\0';
	ok(host_path_clean(long_path, out) == 0, "a path of %u bytes is taken", LIMIT_PATH_BYTES);
	free(long_path);

	snprintf(dir, sizeof dir, "/tmp/test_host_path.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	char real_dir[HOST_PATH_BYTES], want[HOST_PATH_BYTES + 64], cmd[256];
	if (host_path_resolve(dir, real_dir) != 0)
		return 1;
	link_at("/run", "run-link");
	link_at("run-link/docker.sock", "sock-link");
	link_at("/nonexistent-target.test/x", "dangling");
	link_at("loop-b", "loop-a");
	link_at("loop-a", "loop-b");
	ok(resolves_to("run-link", "/run", 0), "a link to /run resolves to /run");
	ok(resolves_to("run-link/containerd/x", "/run/containerd/x", 0),
	   "a path through a link resolves through it, the part that does not exist kept");
	ok(resolves_to("sock-link", "/run/docker.sock", 0) || access("/run/docker.sock", F_OK) != 0,
	   "a relative link to a link to the socket resolves to the socket");
	snprintf(want, sizeof want, "%s/new/dir", real_dir);
	ok(resolves_to("new/dir", want, 0), "a path that does not exist yet resolves under its existing parent");
	ok(resolves_to("dangling", NULL, ENOENT), "a dangling link cannot be resolved");
	ok(resolves_to("dangling/deeper", NULL, ENOENT), "nor a path through it");
	ok(resolves_to("loop-a", NULL, ELOOP), "a loop of links cannot be resolved");
	ok(resolves_to("run-link/../etc", "/etc", 0), "a .. after a link climbs from where the link leads");
	snprintf(want, sizeof want, "%s/etc", dir);
	snprintf(cmd, sizeof cmd, "%s/run-link/../etc", dir);
	ok(cleans_to(cmd, want), "where the cleaned spelling takes the link off as text");
	ok(resolves_to("new//./dir/", NULL, 0), "any spelling resolves");

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
