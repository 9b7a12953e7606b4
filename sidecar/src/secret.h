/* secret.h: read a secret (the GitHub token, the session secret) from a file.
 * The file must be a regular file of 1..LIMIT_SECRET_BYTES bytes of visible
 * ASCII with at most one trailing newline. The caller owns *out (free with
 * secret_free, which wipes it). Returns 0, or -1 with a reason in why. */
#ifndef GITPROXY_SECRET_H
#define GITPROXY_SECRET_H

#include <stddef.h>

struct secret {
	char *bytes;
	size_t len;
};

int secret_read(const char *path, struct secret *out, const char **why);
void secret_free(struct secret *s);

#endif
