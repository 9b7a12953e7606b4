/* allowlist_dir.h: read every "*.conf" fragment of a directory, in byte
 * order of file name, into a rule set. Other names are ignored. Refused,
 * as errors on the file: anything but a regular file (symlinks included),
 * world-writable files or directory, files over ALLOWLIST_MAX_FILE bytes.
 * Returns 0 when the directory was read (errors in it are in d), -1 on a
 * system failure already reported as "gen-configs: fatal: ...". */
#ifndef GEN_CONFIGS_ALLOWLIST_DIR_H
#define GEN_CONFIGS_ALLOWLIST_DIR_H

#include "diag.h"
#include "ruleset.h"
#include "text.h"

#define ALLOWLIST_MAX_FILE (1 << 20)

/* sources receives the file names read, space-separated. */
int allowlist_dir_read(const char *dir, struct ruleset *set, struct diag *d, struct text *sources);

#endif
