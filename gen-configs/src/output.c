#include "output.h"

#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "gen-configs: fatal: cannot %s %s: %s\n", what, path, strerror(errno));
	return -1;
}

static int write_atomically(int dirfd, const char *dir, const char *name, const char *data, size_t len)
{
	char tmp[300], path[4400];
	snprintf(tmp, sizeof tmp, ".%s.tmp", name);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return fail("create", path);
	for (size_t done = 0; done < len;) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			close(fd);
			unlinkat(dirfd, tmp, 0);
			return fail("write", path);
		}
		done += (size_t)w;
	}
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0) {
		close(fd);
		unlinkat(dirfd, tmp, 0);
		return fail("sync", path);
	}
	if (close(fd) < 0 || renameat(dirfd, tmp, dirfd, name) < 0) {
		unlinkat(dirfd, tmp, 0);
		return fail("rename into place", path);
	}
	return 0;
}

int output_write_all(const char *dir, const struct output_file *files, int n)
{
	struct text manifest = {0};
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return fail("open the output directory", dir);
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		char hex[65];
		const struct text *t = files[i].text;
		sha256_hex(t->data ? t->data : "", t->len, hex);
		text_printf(&manifest, "%s  %s\n", hex, files[i].name);
		rc = write_atomically(dirfd, dir, files[i].name, t->data ? t->data : "", t->len);
	}
	if (rc == 0 && manifest.failed) {
		errno = ENOMEM;
		rc = fail("build", "MANIFEST.sha256");
	}
	if (rc == 0)
		rc = write_atomically(dirfd, dir, "MANIFEST.sha256", manifest.data, manifest.len);
	if (rc == 0 && fsync(dirfd) < 0)
		rc = fail("sync", dir);
	close(dirfd);
	text_free(&manifest);
	return rc;
}
