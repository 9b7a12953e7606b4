/* git_names.c: see git_names.h. */
#include "git_names.h"

#include <string.h>

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static const char *at_byte(size_t *at, size_t i, const char *why)
{
	*at = i;
	return why;
}

const char *git_owner_check(const char *s, size_t n, size_t *at)
{
	if (n == 0 || n > GIT_OWNER_MAX)
		return at_byte(at, 0, "a repository owner is 1 to 39 bytes long");
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && !(s[i] == '-' && i > 0))
			return at_byte(at, i, "an owner is letters, digits and '-' (not first)");
	return NULL;
}

const char *git_repo_check(const char *s, size_t n, size_t *at)
{
	if (n == 0 || n > GIT_REPO_MAX)
		return at_byte(at, 0, "a repository name is 1 to 100 bytes long");
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
			return at_byte(at, i, "a repository name is letters, digits, '.', '_' and '-'");
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return at_byte(at, 0, "'.' and '..' are not repository names");
	if (n >= 4 && memcmp(s + n - 4, ".git", 4) == 0)
		return at_byte(at, n - 4, "a repository name does not end in '.git'");
	return NULL;
}

/* The refname rules, with '*' taken as an ordinary byte when star_ok. */
static const char *refname_rules(const char *s, size_t n, bool for_delete, bool star_ok, size_t *at)
{
	size_t components = 0, start = 0;
	if (n > GIT_REFNAME_MAX)
		return at_byte(at, GIT_REFNAME_MAX, "refname longer than 1024 bytes");
	if (n < 5 || memcmp(s, "refs/", 5) != 0)
		return at_byte(at, 0, "refname outside refs/ (write it in full, e.g. refs/heads/main)");
	for (size_t i = 0; i <= n; i++) {
		if (i < n) {
			unsigned char c = (unsigned char)s[i];
			if (c < 0x20 || c == 0x7f)
				return at_byte(at, i, "control byte in refname");
			if (c == '*' && star_ok)
				continue;
			if (strchr(" ~^:?*[\\", c))
				return at_byte(at, i, "refname holds one of: space ~ ^ : ? * [ \\");
			if (c == '.' && i + 1 < n && s[i + 1] == '.')
				return at_byte(at, i, "refname holds '..'");
			if (c == '@' && i + 1 < n && s[i + 1] == '{')
				return at_byte(at, i, "refname holds '@{'");
			if (c != '/')
				continue;
		}
		/* The component s[start, i). */
		if (i == start)
			return at_byte(at, i, "empty refname component ('//' or a trailing '/')");
		if (s[start] == '.')
			return at_byte(at, start, "refname component starts with '.'");
		if (i - start >= 5 && memcmp(s + i - 5, ".lock", 5) == 0)
			return at_byte(at, i - 5, "refname component ends with '.lock'");
		components++;
		start = i + 1;
	}
	if (s[n - 1] == '.')
		return at_byte(at, n - 1, "refname ends with '.'");
	if (components < (for_delete ? 2u : 3u))
		return at_byte(at, 0, "refname has no level under refs/<type>/");
	return NULL;
}

const char *git_refname_check(const char *s, size_t n, bool for_delete, size_t *at)
{
	return refname_rules(s, n, for_delete, false, at);
}

const char *ref_pattern_check(const char *s, size_t n, size_t *at)
{
	const char *star = memchr(s, '*', n);
	size_t after = star ? (size_t)(star - s) + 1 : n;
	const char *second = after < n ? memchr(s + after, '*', n - after) : NULL;
	if (second)
		return at_byte(at, (size_t)(second - s), "a pattern has at most one '*'");
	return refname_rules(s, n, false, true, at);
}

bool ref_pattern_is_exact(const char *pattern)
{
	return strchr(pattern, '*') == NULL;
}

bool ref_pattern_match(const char *pattern, const char *name, size_t n)
{
	const char *star = strchr(pattern, '*');
	if (!star)
		return strlen(pattern) == n && memcmp(pattern, name, n) == 0;
	size_t head = (size_t)(star - pattern), tail = strlen(star + 1);
	/* '*' stands for at least one byte. */
	return n > head + tail && memcmp(name, pattern, head) == 0 && memcmp(name + n - tail, star + 1, tail) == 0;
}

bool ref_pattern_reaches(const char *pattern, const char *prefix)
{
	size_t fixed = strcspn(pattern, "*"), k = strlen(prefix);
	/* An exact pattern is one name, under prefix only if it starts with
	 * all of it; a star can stand for whatever of prefix is left. */
	if (fixed < k && pattern[fixed] == '\0')
		return false;
	return memcmp(pattern, prefix, fixed < k ? fixed : k) == 0;
}
