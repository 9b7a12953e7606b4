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
 * host_path_resolve() writes where a cleaned path really leads on this
 * machine: its longest existing prefix resolved by realpath(3), the rest
 * appended, cleaned again. A path that does not exist yet resolves to its
 * existing parent's real path plus the rest: Docker creates the rest under
 * it. It returns 0, or an errno value (EACCES, ELOOP, ...) when a prefix
 * exists but cannot be resolved; out is then the cleaned path.
 *
 * Both write at most HOST_PATH_BYTES into out. */
#ifndef PREFLIGHT_HOST_PATH_H
#define PREFLIGHT_HOST_PATH_H

#include "limits.h"

#define HOST_PATH_BYTES (LIMIT_PATH_BYTES + 1)

int host_path_clean(const char *src, char out[HOST_PATH_BYTES]);
int host_path_resolve(const char *clean, char out[HOST_PATH_BYTES]);

#endif
