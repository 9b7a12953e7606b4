#include "allowlist_dir.h"

#include "fragment.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_fragment_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".conf") == 0;
}

static int read_fragment(int dirfd, const char *dir, const char *name, struct ruleset *set, struct diag *d)
{
	char path[4400];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	const char *file = ruleset_file(set, path);
	if (!file) {
		fprintf(stderr, "gen-configs: fatal: out of memory\n");
		return -1;
	}
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	if (fd < 0 && errno == ELOOP) {
		diag_error(d, file, 0, 0, "file-type", "is a symbolic link: fragments must be regular files");
		return 0;
	}
	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "gen-configs: fatal: cannot open %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int rc = 0;
	char *text = NULL;
	if (!S_ISREG(st.st_mode))
		diag_error(d, file, 0, 0, "file-type", "is not a regular file");
	else if (st.st_mode & S_IWOTH)
		diag_error(d, file, 0, 0, "file-mode", "is world-writable: anyone could widen the allowlist");
	else if (st.st_size > ALLOWLIST_MAX_FILE)
		diag_error(d, file, 0, 0, "file-size", "is larger than %d bytes", ALLOWLIST_MAX_FILE);
	else if (!(text = malloc((size_t)st.st_size + 1))) {
		fprintf(stderr, "gen-configs: fatal: out of memory\n");
		rc = -1;
	} else {
		size_t len = 0;
		while (len < (size_t)st.st_size) {
			ssize_t r = read(fd, text + len, (size_t)st.st_size - len);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			len += (size_t)r;
		}
		if (len != (size_t)st.st_size) {
			fprintf(stderr, "gen-configs: fatal: cannot read %s: %s\n", path, len ? "file changed while read" : strerror(errno));
			rc = -1;
		} else {
			fragment_parse(file, text, len, set, d);
		}
	}
	free(text);
	close(fd);
	return rc;
}

int allowlist_dir_read(const char *dir, struct ruleset *set, struct diag *d, struct text *sources)
{
	struct stat st;
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0 || fstat(dirfd, &st) < 0) {
		fprintf(stderr, "gen-configs: fatal: cannot open the allowlist directory %s: %s\n", dir, strerror(errno));
		if (dirfd >= 0)
			close(dirfd);
		return -1;
	}
	if (st.st_mode & S_IWOTH) {
		diag_error(d, dir, 0, 0, "file-mode", "the directory is world-writable: anyone could add a fragment");
		close(dirfd);
		return 0;
	}
	DIR *dp = fdopendir(dup(dirfd));
	if (!dp) {
		fprintf(stderr, "gen-configs: fatal: cannot list %s: %s\n", dir, strerror(errno));
		close(dirfd);
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (!is_fragment_name(e->d_name))
			continue;
		if (n == cap) {
			char **grown = realloc(names, (cap = cap ? cap * 2 : 16) * sizeof *names);
			if (!grown) {
				rc = -1;
				break;
			}
			names = grown;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(dp);
	if (rc < 0)
		fprintf(stderr, "gen-configs: fatal: out of memory\n");
	if (names)
		qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n && rc == 0; i++) {
		text_printf(sources, "%s%s", i ? " " : "", names[i]);
		rc = read_fragment(dirfd, dir, names[i], set, d);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	close(dirfd);
	return rc;
}
