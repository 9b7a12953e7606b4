/* judge.c: see judge.h. */
#include "judge.h"

#include <stdio.h>

const char *role_rule(const struct role *r, const char *suffix, char buf[ROLE_RULE_BYTES])
{
	snprintf(buf, ROLE_RULE_BYTES, "%s-%s", r->name, suffix);
	return buf;
}
