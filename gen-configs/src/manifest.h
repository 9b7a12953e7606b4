/* manifest.h: MANIFEST.sha256 in the format "sha256sum --check --strict"
 * reads: "<64 hex digits><two spaces><name>\n" per file, names in byte
 * order. No comment line: --strict would refuse it. */
#ifndef GEN_CONFIGS_MANIFEST_H
#define GEN_CONFIGS_MANIFEST_H

#include <stddef.h>

#include "buf.h"

struct manifest_entry {
	const char *name;          /* plain file name: no '/', no newline */
	const struct buf *content;
};

/* Appends the manifest of the n entries to out (entries are not reordered
 * in place: a sorted copy is used). */
void manifest_build(struct buf *out, const struct manifest_entry *e, size_t n);

#endif
