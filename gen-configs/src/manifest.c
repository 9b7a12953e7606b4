/* manifest.c: see manifest.h. */
#include "manifest.h"

#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "xalloc.h"

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct manifest_entry *)a)->name, ((const struct manifest_entry *)b)->name);
}

void manifest_build(struct buf *out, const struct manifest_entry *e, size_t n)
{
	struct manifest_entry *sorted = xmalloc(n * sizeof *sorted);
	if (n > 0)
		memcpy(sorted, e, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_entry);
	for (size_t i = 0; i < n; i++) {
		char hex[SHA256_HEX_BYTES];
		sha256_hex(sorted[i].content->data, sorted[i].content->len, hex);
		buf_printf(out, "%s  %s\n", hex, sorted[i].name);
	}
	free(sorted);
}
