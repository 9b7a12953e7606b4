/* host_path.c: see host_path.h. */
#include "host_path.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The FHS's compatibility links into /run. Replaced as soon as the cleaned
 * prefix spells one, so a ".." after it climbs out of /run, as the kernel
 * does. */
static const struct {
	const char *link, *target;
} aliases[] = {{"/var/run", "/run"}, {"/var/lock", "/run/lock"}};

int host_path_clean(const char *src, char out[HOST_PATH_BYTES])
{
	if (src[0] != '/' || strlen(src) > LIMIT_PATH_BYTES)
		return -1;
	size_t n = 0;
	for (const char *c = src; *c;) {
		while (*c == '/')
			c++;
		size_t m = strcspn(c, "/");
		if (m == 2 && c[0] == '.' && c[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else if (m > 0 && !(m == 1 && c[0] == '.')) {
			out[n++] = '/';
			memcpy(out + n, c, m);
			n += m;
			out[n] = '\0';
			for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
				if (strcmp(out, aliases[i].link) == 0)
					n = (size_t)sprintf(out, "%s", aliases[i].target);
		}
		c += m;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return 0;
}

int host_path_resolve(const char *src, char out[HOST_PATH_BYTES])
{
	char head[HOST_PATH_BYTES];
	if (host_path_clean(src, out) != 0)
		return ENAMETOOLONG;
	snprintf(head, sizeof head, "%s", src);
	size_t cut = strlen(head);
	for (;;) {
		char *real = realpath(head, NULL);
		if (real) {
			char joined[2 * HOST_PATH_BYTES + 1];
			int n = snprintf(joined, sizeof joined, "%s/%s", real, src + cut);
			free(real);
			if (n < 0 || (size_t)n >= sizeof joined || host_path_clean(joined, out) != 0) {
				host_path_clean(src, out);
				return ENAMETOOLONG;
			}
			return 0;
		}
		int e = errno;
		struct stat st;
		/* Something that is there but cannot be followed (a dangling or
		 * looping symbolic link, a directory we may not search) leads to
		 * a place we cannot name. */
		if ((e != ENOENT && e != ENOTDIR) || lstat(head, &st) == 0 || strcmp(head, "/") == 0)
			return e;
		char *slash = strrchr(head, '/');
		cut = (size_t)(slash - head);
		if (cut == 0)
			head[1] = '\0';
		else
			*slash = '\0';
	}
}
