/* host_path.h: a host path as the kernel will find it, for judging what a
 * mount brings into a container.
 *
 * host_path_clean() writes the absolute path src in one spelling: one
 * slash between components, no "." component, ".." taking off the one
 * before it (never above /), no trailing slash, and /var/run and
 * /var/lock, the FHS's symbolic links into /run, written as what they
 * point to. It returns 0, or -1 if src is not absolute or is longer than
 * LIMIT_PATH_BYTES.
 *
 * host_path_resolve() writes where the absolute path src (in any
 * spelling) really leads on this machine, as the kernel finds it: its
 * longest existing prefix resolved by realpath(3), the rest appended,
 * cleaned. A ".." after a symbolic link climbs from where the link leads
 * here, where host_path_clean() takes it off as text, as Docker cleans a
 * bind's source: a caller judges both. A path that does not exist yet
 * resolves to its existing parent's real path plus the rest: Docker
 * creates the rest under it. It returns 0, or an errno value (EACCES,
 * ELOOP, ENAMETOOLONG, ...) when a prefix exists but cannot be resolved,
 * or src is too long; out is then src cleaned, if it can be.
 *
 * Both write at most HOST_PATH_BYTES into out. */
#ifndef PREFLIGHT_HOST_PATH_H
#define PREFLIGHT_HOST_PATH_H

#include "limits.h"

#define HOST_PATH_BYTES (LIMIT_PATH_BYTES + 1)

int host_path_clean(const char *src, char out[HOST_PATH_BYTES]);
int host_path_resolve(const char *src, char out[HOST_PATH_BYTES]);

#endif
