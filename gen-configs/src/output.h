/* output.h: write the generated files into a directory so that a reader
 * never sees a partial one: each file goes to a temporary name, is synced
 * and renamed; MANIFEST.sha256 (sha256sum -c format) goes last, so a
 * directory whose manifest verifies is complete. 0, or -1 with errno-style
 * reason printed as "gen-configs: fatal: ...". */
#ifndef GEN_CONFIGS_OUTPUT_H
#define GEN_CONFIGS_OUTPUT_H

#include "text.h"

struct output_file {
	const char *name;
	const struct text *text;
};

int output_write_all(const char *dir, const struct output_file *files, int n);

#endif
