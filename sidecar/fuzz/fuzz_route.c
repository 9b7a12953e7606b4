/* libFuzzer: a route the parser accepts names only safe components: no
 * dot segments, no encodings, owner and repository in the grammar
 * gen-configs judges rules by (git_names.h), the repository without its
 * ".git", and nothing cut to fit its field. */
#include "git_names.h"
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
		size_t at, no = strlen(r.owner), nr = strlen(r.repo);
		if (strcmp(r.repo, ".") == 0 || strcmp(r.repo, "..") == 0 || strpbrk(r.owner, "%/.") ||
		    strpbrk(r.repo, "%/") || strpbrk(r.host, "%/_") || r.owner[0] == '-' || !r.repo[0] ||
		    no > GIT_OWNER_MAX || nr > GIT_REPO_MAX || (nr >= 4 && strcmp(r.repo + nr - 4, ".git") == 0) ||
		    git_owner_check(r.owner, no, &at) || git_repo_check(r.repo, nr, &at))
			abort();
		/* The path held exactly these names, with at most one ".git". */
		const char *o = target + 5 + strlen(r.host) + 1;
		if (strncmp(o, r.owner, no) != 0 || o[no] != '/' || strncmp(o + no + 1, r.repo, nr) != 0 ||
		    (o[no + 1 + nr] != '/' && strncmp(o + no + 1 + nr, ".git/", 5) != 0))
			abort();
	}
	free(target);
	return 0;
}
