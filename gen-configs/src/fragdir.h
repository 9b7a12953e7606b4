/* fragdir.h: reading the allowlist.d directory. Only regular files named
 * *.conf (not beginning with '.') are read, in byte order of name; other
 * entries are ignored without a message. A fragment that is a symlink,
 * not a regular file, writable by every user, or larger than
 * LIMIT_FILE_BYTES is refused (an input error), as is a directory writable
 * by every user. */
#ifndef GEN_CONFIGS_FRAGDIR_H
#define GEN_CONFIGS_FRAGDIR_H

#include <libpsl.h>

#include "diag.h"
#include "rules.h"

/* Returns 0 when every fragment could be read (problems with the input go
 * to diag), -1 on a system failure, already reported on stderr as
 * "gen-configs: fatal: ...". */
int fragdir_load(const char *dir, struct ruleset *rs, struct diag *d, const psl_ctx_t *psl);

#endif
