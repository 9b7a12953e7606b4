/* keypath.c: see keypath.h. */
#include "keypath.h"

#include <stdio.h>
#include <string.h>

#include "shown.h"

struct keypath key_root(void)
{
	struct keypath k = {""};
	return k;
}

/* A cut path ends in "...", which no whole one does: a plain name has no
 * dot, and a bracketed one ends in "]. */
static struct keypath append(const struct keypath *k, const char *piece)
{
	struct keypath out = *k;
	size_t n = strlen(out.s), m = strlen(piece);
	if (n >= 3 && strcmp(out.s + n - 3, "...") == 0)
		return out;
	memcpy(out.s + n, n + m > LIMIT_KEY_BYTES ? "..." : piece, n + m > LIMIT_KEY_BYTES ? 4 : m + 1);
	return out;
}

struct keypath key_member(const struct keypath *k, const char *name)
{
	int plain = *name != '\0';
	for (const char *c = name; *c && plain; c++)
		plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		        *c == '_' || *c == '-';
	char piece[SHOWN_BYTES + 8], b[SHOWN_BYTES];
	if (plain)
		snprintf(piece, sizeof piece, "%s%s", k->s[0] ? "." : "", shown(name, b));
	else
		snprintf(piece, sizeof piece, "[\"%s\"]", shown(name, b));
	return append(k, piece);
}

struct keypath key_index(const struct keypath *k, size_t i)
{
	char piece[32];
	snprintf(piece, sizeof piece, "[%zu]", i);
	return append(k, piece);
}
