/* atomic_file.c: see atomic_file.h. */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(int fd, int dirfd, const char *tmp, const char *what, const char **step)
{
	int saved = errno;
	if (fd >= 0)
		close(fd);
	unlinkat(dirfd, tmp, 0);
	errno = saved;
	*step = what;
	return -1;
}

int atomic_write(int dirfd, const char *name, const char *data, size_t len, unsigned mode,
                 const char **step)
{
	char tmp[300];
	if (snprintf(tmp, sizeof tmp, ".%s.%ld.tmp", name, (long)getpid()) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		*step = "name a temporary file for";
		return -1;
	}
	int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		*step = "create a temporary file for";
		return -1;
	}
	if (fchmod(fd, (mode_t)mode) < 0)
		return fail(fd, dirfd, tmp, "chmod", step);
	for (size_t done = 0; done < len;) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return fail(fd, dirfd, tmp, "write", step);
		done += (size_t)w;
	}
	if (fsync(fd) < 0)
		return fail(fd, dirfd, tmp, "fsync", step);
	if (close(fd) < 0)
		return fail(-1, dirfd, tmp, "close", step);
	if (renameat(dirfd, tmp, dirfd, name) < 0)
		return fail(-1, dirfd, tmp, "rename a temporary file to", step);
	if (fsync(dirfd) < 0) {
		*step = "fsync the directory after writing";
		return -1;
	}
	return 0;
}
