/* ipv4.c: see ipv4.h. */
#include "ipv4.h"

#include <string.h>

bool ipv4_dotted_quad(const char *s)
{
	for (int octet = 0; octet < 4; octet++) {
		if (octet > 0 && *s++ != '.')
			return false;
		if (*s < '0' || *s > '9')
			return false;
		if (*s == '0' && s[1] >= '0' && s[1] <= '9')
			return false;
		unsigned v = 0;
		int digits = 0;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (++digits > 3)
				return false;
			v = v * 10 + (unsigned)(*s - '0');
		}
		if (v > 255)
			return false;
	}
	return *s == '\0';
}

bool ipv4_is_unspecified_or_broadcast(const char *s)
{
	return strcmp(s, "0.0.0.0") == 0 || strcmp(s, "255.255.255.255") == 0;
}
