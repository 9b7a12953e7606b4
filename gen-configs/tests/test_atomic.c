/* test_atomic.c: atomic_write leaves the new bytes with the given mode
 * whatever the umask, no temporary files, and reports a failed step. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "tap.h"

static size_t entries(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

int main(void)
{
	char dir[] = "/tmp/gen-configs-atomic.XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	umask(077);
	const char *step = NULL;
	ok(atomic_write(dfd, "f.conf", "old\n", 4, 0644, &step) == 0, "writes a new file");
	ok(atomic_write(dfd, "f.conf", "new bytes\n", 10, 0644, &step) == 0, "replaces an existing file");
	char path[128], got[32] = {0};
	snprintf(path, sizeof path, "%s/f.conf", dir);
	int fd = open(path, O_RDONLY);
	ssize_t n = read(fd, got, sizeof got - 1);
	close(fd);
	ok(n == 10 && strcmp(got, "new bytes\n") == 0, "the file holds the new bytes");
	struct stat st;
	ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0644, "mode 0644 despite umask 077");
	ok(entries(dir) == 1, "no temporary file is left");
	ok(atomic_write(dfd, "empty", "", 0, 0644, &step) == 0 && stat(path, &st) == 0, "writes an empty file");

	snprintf(path, sizeof path, "%s/sub", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/sub/x", dir);
	close(open(path, O_CREAT | O_WRONLY, 0644));
	errno = 0;
	int rc = atomic_write(dfd, "sub", "x", 1, 0644, &step);
	ok(rc == -1 && errno != 0 && strstr(step, "rename"), "renaming over a non-empty directory fails at rename");
	ok(entries(dir) == 3, "the failed write's temporary file is removed");
	close(dfd);
	char cmd[96];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? tap_done() : 1;
}
