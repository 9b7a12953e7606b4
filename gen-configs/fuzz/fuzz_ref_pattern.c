/* fuzz_ref_pattern.c: libFuzzer harness for the ref patterns of
 * common/git_names.c, which decide what a sandbox may push. The input is a
 * pattern, a NUL, then a name of any bytes (no NUL: the name is empty).
 * Beyond memory errors it aborts unless:
 *   - ref_pattern_check accepts exactly the patterns git_names.h defines:
 *     at most one '*', and a refname git_refname_check takes once the '*'
 *     is a letter; a refusal points inside the pattern or just past it;
 *   - for an accepted pattern, ref_pattern_match agrees with glob() below,
 *     a backtracking matcher written from the definition ('*' is one or
 *     more bytes of any kind, '/' included);
 *   - an exact pattern matches itself;
 *   - the pattern with its '*' replaced by the name's bytes matches, when
 *     that is a refname git_refname_check takes;
 *   - a pattern that matches a name under refs/heads/ or refs/tags/
 *     reaches that prefix (ref_pattern_reaches). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "git_names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool glob(const char *p, size_t pn, const char *s, size_t sn)
{
	if (pn == 0)
		return sn == 0;
	if (p[0] == '*') {
		for (size_t k = 1; k <= sn; k++)
			if (glob(p + 1, pn - 1, s + k, sn - k))
				return true;
		return false;
	}
	return sn > 0 && p[0] == s[0] && glob(p + 1, pn - 1, s + 1, sn - 1);
}

static void check_reaches(const char *pattern, const char *name, size_t n)
{
	static const char *const prefixes[] = {"refs/heads/", "refs/tags/"};
	for (size_t i = 0; i < 2; i++) {
		size_t k = strlen(prefixes[i]);
		if (n >= k && memcmp(name, prefixes[i], k) == 0 && !ref_pattern_reaches(pattern, prefixes[i]))
			abort();
	}
}

static char *copy(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	if (!out)
		abort();
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t pn = nul ? (size_t)(nul - text) : size;
	const char *name = nul ? nul + 1 : text + size;
	size_t nn = nul ? size - pn - 1 : 0;

	char *pattern = copy(text, pn);
	char *lettered = copy(text, pn);
	size_t stars = 0;
	for (size_t i = 0; i < pn; i++)
		if (lettered[i] == '*') {
			lettered[i] = 'a';
			stars++;
		}
	size_t at = pn + 1;
	bool defined = stars <= 1 && git_refname_check(lettered, pn, false, &at) == NULL;
	at = pn + 1;
	bool accepted = ref_pattern_check(pattern, pn, &at) == NULL;
	if (accepted != defined || (!accepted && at > pn))
		abort();
	if (accepted) {
		bool match = ref_pattern_match(pattern, name, nn);
		if (match != glob(pattern, pn, name, nn))
			abort();
		if (ref_pattern_is_exact(pattern) != (stars == 0))
			abort();
		if (stars == 0 && !ref_pattern_match(pattern, pattern, pn))
			abort();
		if (match)
			check_reaches(pattern, name, nn);
		const char *star = strchr(pattern, '*');
		if (star && nn > 0) {
			size_t head = (size_t)(star - pattern), tail = pn - head - 1;
			char *filled = malloc(head + nn + tail + 1);
			if (!filled)
				abort();
			memcpy(filled, pattern, head);
			memcpy(filled + head, name, nn);
			memcpy(filled + head + nn, star + 1, tail);
			size_t fn = head + nn + tail;
			if (git_refname_check(filled, fn, false, &at) == NULL) {
				if (!ref_pattern_match(pattern, filled, fn))
					abort();
				check_reaches(pattern, filled, fn);
			}
			free(filled);
		}
	}
	free(pattern);
	free(lettered);
	return 0;
}
