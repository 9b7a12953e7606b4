/* libFuzzer: a host path's spelling and its verdict. Beyond "no crash":
 *   - host_path_clean() is idempotent, and every other spelling of the
 *     same path (slashes doubled, "." inserted, a trailing slash, a
 *     component taken off again by "..", /var/run for /run) cleans to it:
 *     the verdict cannot depend on how a path is written;
 *   - what is refused as inside a tree (is in) stays refused one level
 *     deeper: no path under a refused one is let through;
 *   - a home is any home: a path refused for the credentials of the home
 *     /home/NAME is refused the same for every NAME (a NAME that is a
 *     socket's, /home/docker.sock, is refused as that first);
 *   - any path but / made one more token's file is refused as a token,
 *     and so is the directory that holds it (but /): a token's file is
 *     judged before every other class, the list read to its end. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_path.h"
#include "mount_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct mount_context context = {
	.tokens = 2,
	.token = {{"github_token", "/srv/airlock/github-token", NULL}, {"ghe_token", "/srv/ghe/ghe-token", NULL}},
};

static void same_clean(const char *variant, const char *clean)
{
	char out[HOST_PATH_BYTES];
	if (host_path_clean(variant, out) != 0 || strcmp(out, clean) != 0) {
		fprintf(stderr, "%s cleans to %s, not %s\n", variant, out, clean);
		abort();
	}
}

static int same_verdict(const struct mount_verdict *a, const struct mount_verdict *b)
{
	return a->danger == b->danger && strcmp(a->relation, b->relation) == 0 && strcmp(a->what, b->what) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > LIMIT_PATH_BYTES / 4 || memchr(data, '\0', size))
		return 0;
	char src[LIMIT_PATH_BYTES / 4 + 2], clean[HOST_PATH_BYTES], variant[HOST_PATH_BYTES];
	src[0] = '/';
	memcpy(src + 1, data, size);
	src[size + 1] = '\0';
	if (host_path_clean(src, clean) != 0)
		abort();
	same_clean(clean, clean);

	/* Each slash of the clean path as "//./", then a trailing slash. */
	size_t n = 0;
	for (const char *c = clean; *c; c++)
		n += (size_t)snprintf(variant + n, sizeof variant - n, "%s", *c == '/' ? "//./" : (char[]){*c, '\0'});
	snprintf(variant + n, sizeof variant - n, "/");
	same_clean(variant, clean);
	snprintf(variant, sizeof variant, "%s/x.test/..", clean);
	same_clean(variant, clean);
	if (strcmp(clean, "/run") == 0 || strncmp(clean, "/run/", 5) == 0) {
		snprintf(variant, sizeof variant, "/var%s", clean);
		same_clean(variant, clean);
	}

	struct mount_verdict v, deeper;
	mount_judge(clean, &context, &v);
	if (v.danger != MOUNT_SAFE && strcmp(v.relation, "is in") == 0) {
		snprintf(variant, sizeof variant, "%s/x", clean);
		mount_judge(variant, &context, &deeper);
		if (deeper.danger == MOUNT_SAFE) {
			fprintf(stderr, "%s is refused, %s is not\n", clean, variant);
			abort();
		}
	}
	if (v.danger == MOUNT_CREDENTIALS && strncmp(clean, "/home/", 6) == 0) {
		const char *rest = clean + 6 + strcspn(clean + 6, "/");
		snprintf(variant, sizeof variant, "/home/someone.test%s", rest);
		mount_judge(variant, &context, &deeper);
		if (!same_verdict(&v, &deeper)) {
			fprintf(stderr, "%s and %s are judged apart\n", clean, variant);
			abort();
		}
	}
	if (strcmp(clean, "/") != 0) {
		struct mount_context more = context;
		more.token[more.tokens++] = (struct mount_token){"fuzz_token", clean, NULL};
		mount_judge(clean, &more, &v);
		snprintf(variant, sizeof variant, "%s", clean);
		char *slash = strrchr(variant, '/');
		*slash = '\0'; /* the directory; empty: / */
		if (variant[0])
			mount_judge(variant, &more, &deeper);
		if (v.danger != MOUNT_TOKEN || (variant[0] && deeper.danger != MOUNT_TOKEN)) {
			fprintf(stderr, "a token's file %s, or its directory %s, is not refused as a token\n", clean,
			        variant[0] ? variant : "/");
			abort();
		}
	}
	return 0;
}
