/* fragdir.c: see fragdir.h. Files are opened relative to the directory's
 * descriptor with O_NOFOLLOW, so a name cannot be swapped for a symlink
 * between the listing and the open. */
#include "fragdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limits.h"
#include "parse.h"
#include "xalloc.h"

static bool wanted(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".conf") == 0;
}

static bool safe_name(const char *name)
{
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '.' || *c == '_' || *c == '-' || *c == '+'))
			return false;
	return true;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int fatal(const char *what, const char *path)
{
	fprintf(stderr, "gen-configs: fatal: unable to %s %s: %s\n", what, path, strerror(errno));
	return -1;
}

/* Lists the wanted names of the open directory, sorted. Returns the count,
 * or -1 after reporting a system failure. */
static long list_names(DIR *dp, const char *dir, struct diag *d, char ***out)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		errno = 0;
		struct dirent *e = readdir(dp);
		if (!e) {
			if (errno) {
				for (size_t i = 0; i < n; i++)
					free(names[i]);
				free(names);
				return fatal("read directory", dir);
			}
			break;
		}
		if (!wanted(e->d_name))
			continue;
		if (!safe_name(e->d_name)) {
			diag_error(d, dir, 0, 0, "file-name",
			           "a *.conf file's name has bytes other than letters, digits and . _ - +: rename it");
			continue;
		}
		if (n == LIMIT_FILES) {
			diag_error(d, dir, 0, 0, "too-many-files", "more than %u *.conf files", LIMIT_FILES);
			break;
		}
		void *p = names;
		xgrow(&p, &cap, n + 1, sizeof *names);
		names = p;
		names[n++] = xstrndup(e->d_name, strlen(e->d_name));
	}
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_names);
	*out = names;
	return (long)n;
}

/* Reads one fragment into buf (LIMIT_FILE_BYTES + 1 bytes). Returns the
 * length, -2 for an input error already reported, -1 for a system failure
 * already reported. */
static long read_fragment(int dfd, const char *name, const char *path, char *buf, struct diag *d)
{
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP) {
			diag_error(d, path, 0, 0, "symlink", "is a symbolic link: fragments must be regular files");
			return -2;
		}
		if (errno == ENXIO || errno == ENODEV) {
			diag_error(d, path, 0, 0, "not-regular-file", "is not a regular file");
			return -2;
		}
		return fatal("open", path);
	}
	struct stat st;
	long rc = -2;
	if (fstat(fd, &st) < 0) {
		rc = fatal("stat", path);
	} else if (!S_ISREG(st.st_mode)) {
		diag_error(d, path, 0, 0, "not-regular-file", "is not a regular file");
	} else if (st.st_mode & S_IWOTH) {
		diag_error(d, path, 0, 0, "world-writable", "is writable by every user: chmod o-w it");
	} else if (st.st_size > (off_t)LIMIT_FILE_BYTES) {
		diag_error(d, path, 0, 0, "file-too-large", "is larger than %u bytes", LIMIT_FILE_BYTES);
	} else {
		size_t len = 0;
		for (;;) {
			ssize_t r = read(fd, buf + len, LIMIT_FILE_BYTES + 1 - len);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				rc = fatal("read", path);
				break;
			}
			len += (size_t)r;
			if (r == 0 || len > LIMIT_FILE_BYTES)
				break;
		}
		if (rc == -2 && len > LIMIT_FILE_BYTES)
			diag_error(d, path, 0, 0, "file-too-large", "is larger than %u bytes", LIMIT_FILE_BYTES);
		else if (rc == -2)
			rc = (long)len;
	}
	close(fd);
	return rc;
}

int fragdir_load(const char *dir, struct ruleset *rs, struct diag *d, const psl_ctx_t *psl)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return fatal("open directory", dir);
	struct stat st;
	if (fstat(dfd, &st) < 0) {
		fatal("stat", dir);
		close(dfd);
		return -1;
	}
	if (st.st_mode & S_IWOTH)
		diag_error(d, dir, 0, 0, "world-writable",
		           "the directory is writable by every user: chmod o-w it");
	int lfd = dup(dfd);
	DIR *dp = lfd < 0 ? NULL : fdopendir(lfd);
	if (!dp) {
		fatal("list directory", dir);
		if (lfd >= 0)
			close(lfd);
		close(dfd);
		return -1;
	}
	char **names = NULL;
	long n = list_names(dp, dir, d, &names);
	closedir(dp);
	if (n < 0) {
		close(dfd);
		return -1;
	}
	char *buf = xmalloc(LIMIT_FILE_BYTES + 1);
	size_t dlen = strlen(dir);
	bool slash = dlen > 0 && dir[dlen - 1] == '/';
	int rc = 0;
	for (long i = 0; i < n; i++) {
		size_t plen = dlen + 1 + strlen(names[i]) + 1;
		char *path = xmalloc(plen);
		snprintf(path, plen, "%s%s%s", dir, slash ? "" : "/", names[i]);
		long len = rc == 0 ? read_fragment(dfd, names[i], path, buf, d) : -2;
		if (len == -1)
			rc = -1;
		if (len >= 0) {
			size_t source = ruleset_add_source(rs, path, names[i]);
			parse_fragment(rs, d, psl, source, buf, (size_t)len);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	free(buf);
	close(dfd);
	return rc;
}
