/* spelling.c: see spelling.h. */
#include "spelling.h"

#include <string.h>
#include <strings.h>

bool go_true(const char *s)
{
	static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcmp(s, yes[i]) == 0)
			return true;
	return false;
}

bool cap_is(const char *s, const char *name)
{
	if (strcasecmp(s, name) == 0)
		return true;
	return strcmp(name, "ALL") != 0 && strncasecmp(s, "CAP_", 4) == 0 && strcasecmp(s + 4, name) == 0;
}
