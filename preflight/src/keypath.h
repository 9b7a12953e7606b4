/* keypath.h: where a value sits in compose's JSON, as a refusal names
 * it: services.sandbox.volumes[2], networks.isolated.internal,
 * services.sidecar.sysctls["net.ipv4.ip_forward"]. A member whose name is
 * not plain ([A-Za-z0-9_-]) is written in brackets and quotes, escaped as
 * shown() does; a path longer than LIMIT_KEY_BYTES ends in "...". The
 * empty path is the whole document.
 *
 * Each function returns a new path by value; none fails. */
#ifndef PREFLIGHT_KEYPATH_H
#define PREFLIGHT_KEYPATH_H

#include <stddef.h>

#include "limits.h"

struct keypath {
	char s[LIMIT_KEY_BYTES + 4];
};

struct keypath key_root(void);
struct keypath key_member(const struct keypath *k, const char *name);
struct keypath key_index(const struct keypath *k, size_t i);

#endif
