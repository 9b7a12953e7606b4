#include "secret.h"

#include "limits.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int secret_read(const char *path, struct secret *out, const char **why)
{
	char buf[LIMIT_SECRET_BYTES + 1];
	struct stat st;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		close(fd);
		return -1;
	}
	for (;;) {
		ssize_t r = read(fd, buf + len, sizeof buf - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*why = strerror(errno);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == sizeof buf) {
			*why = "longer than the limit";
			close(fd);
			explicit_bzero(buf, sizeof buf);
			return -1;
		}
	}
	close(fd);
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	*why = NULL;
	if (len == 0)
		*why = "empty";
	for (size_t i = 0; i < len && !*why; i++)
		if (buf[i] <= ' ' || buf[i] > '~')
			*why = "contains a space, control or non-ASCII byte";
	if (*why || !(out->bytes = malloc(len + 1))) {
		if (!*why)
			*why = "out of memory";
		explicit_bzero(buf, sizeof buf);
		return -1;
	}
	memcpy(out->bytes, buf, len);
	out->bytes[len] = '\0';
	out->len = len;
	explicit_bzero(buf, sizeof buf);
	return 0;
}

void secret_free(struct secret *s)
{
	if (s->bytes)
		explicit_bzero(s->bytes, s->len);
	free(s->bytes);
	s->bytes = NULL;
	s->len = 0;
}
