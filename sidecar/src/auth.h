/* auth.h: the sandbox's credential. auth_basic_ok() is true only for an
 * "Authorization: Basic" value whose password equals the session secret; the
 * user name is ignored. The comparison takes the same time wherever the
 * first difference is. */
#ifndef GITPROXY_AUTH_H
#define GITPROXY_AUTH_H

#include <stdbool.h>
#include <stddef.h>

bool auth_basic_ok(const char *authorization, const char *secret, size_t secret_len);
bool constant_time_equal(const char *a, size_t alen, const char *b, size_t blen);

#endif
