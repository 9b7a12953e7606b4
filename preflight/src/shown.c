/* shown.c: see shown.h. */
#include "shown.h"

#include <stdio.h>
#include <string.h>

const char *shown(const char *s, char buf[SHOWN_BYTES])
{
	size_t n = 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		int plain = *c >= 0x20 && *c < 0x7f && *c != '\\' && *c != '"';
		if (n + (plain ? 1 : 4) > LIMIT_SHOWN_BYTES) {
			memcpy(buf + n, "...", 4);
			return buf;
		}
		if (plain)
			buf[n++] = (char)*c;
		else
			n += (size_t)snprintf(buf + n, 5, "\\x%02x", *c);
	}
	buf[n] = '\0';
	return buf;
}
