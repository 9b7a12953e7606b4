/* tokens_present.c: see tokens_present.h. Only existence, type and size are
 * looked at: gen-configs never reads a token. */
#include "tokens_present.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int tokens_present(const struct ruleset *rs, struct diag *d, const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		fprintf(stderr, "gen-configs: fatal: unable to open the token directory %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->kind != RULE_GIT_HOST || !r->token || r->dropped)
			continue;
		struct stat st;
		const char *why = NULL;
		if (fstatat(dfd, r->token, &st, AT_SYMLINK_NOFOLLOW) < 0)
			why = errno == ENOENT ? "no such secret" : strerror(errno);
		else if (!S_ISREG(st.st_mode))
			why = "not a regular file";
		else if (st.st_size == 0)
			why = "the file is empty";
		if (why)
			diag_error(d, rs->sources[r->source].path, r->line, r->token_col, "token-missing",
			           "git-host %s: token %s: %s in %s; declare a compose secret named %s for the sidecar "
			           "(docs/operations.md) and recreate it",
			           r->host, r->token, why, dir, r->token);
	}
	close(dfd);
	return 0;
}
