/* libFuzzer: a route the parser accepts names only safe components: no
 * dot segments, no encodings, nothing outside GitHub's grammar. */
#include "route.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct route r;
	char *target = malloc(size + 1);
	if (!target)
		return 0;
	memcpy(target, data, size);
	target[size] = '\0';
	for (int m = HTTP_GET; m <= HTTP_POST; m++) {
		if (route_parse(target, (enum http_method)m, &r) != 0)
			continue;
		if (strcmp(r.repo, ".") == 0 || strcmp(r.repo, "..") == 0 || strpbrk(r.owner, "%/.") ||
		    strpbrk(r.repo, "%/") || strpbrk(r.host, "%/_") || r.owner[0] == '-' || !r.repo[0])
			abort();
	}
	free(target);
	return 0;
}
