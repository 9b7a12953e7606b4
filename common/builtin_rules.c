/* builtin_rules.c: see builtin_rules.h. */
#include "builtin_rules.h"

#include "git_names.h"

#include <string.h>

const struct builtin_rule builtin_rules[] = {
	{RULE_HTTP_STRICT, "a request that is not strict HTTP/1.1 (400, 405, 411, 417, 431, 501, 505)"},
	{RULE_GIT_ROUTES, "a path that is not one of the three git endpoints, or a wrong Content-Type (404, 405, 415)"},
	{RULE_SESSION_AUTH, "a missing or wrong session credential (401)"},
	{RULE_DEFAULT_DENY, "a git host or repository that no rule allows (403)"},
	{RULE_UPSTREAM, "the upstream could not be reached or failed (502)"},
	{RULE_UPSTREAM_AUTH, "the upstream refused the sidecar's token (502)"},
	{RULE_GITPROXY, "gitproxy could not serve the request (503)"},
	{RULE_PUSH_REQUEST, "a push whose update request is malformed, content-encoded or too large (400, 413, 415)"},
	{RULE_PROTECT_MAIN, "refs/heads/main is not pushed"},
	{RULE_PROTECT_MASTER, "refs/heads/master is not pushed"},
	{RULE_PROTECT_RELEASE, "refs/heads/release/* are not pushed"},
	{RULE_PROTECT_PRODUCTION, "refs/heads/production is not pushed"},
	{RULE_PROTECT_HEAD, "the upstream's default branch (its HEAD) is not pushed"},
	{RULE_PUSH_BRANCHES, "any other branch may be created or updated while no allow rule names branches"},
	{RULE_PUSH_UNLISTED, "a branch no allow rule names, once allow rules name branches"},
	{RULE_PUSH_TAGS, "tags are not pushed unless an allow rule names them"},
	{RULE_PUSH_DELETE, "refs are not deleted unless an allow-delete rule names them"},
	{RULE_PUSH_OTHER, "refs outside refs/heads/ and refs/tags/ are not pushed unless an allow rule names them"},
};
const size_t builtin_rule_count = sizeof builtin_rules / sizeof builtin_rules[0];

bool builtin_rule_reserved(const char *id)
{
	if (strncmp(id, "default-", 8) == 0)
		return true;
	for (size_t i = 0; i < builtin_rule_count; i++)
		if (strcmp(builtin_rules[i].id, id) == 0)
			return true;
	return false;
}

static const struct {
	const char *pattern;
	const char *rule;
} protections[] = {
	{"refs/heads/main", RULE_PROTECT_MAIN},
	{"refs/heads/master", RULE_PROTECT_MASTER},
	{"refs/heads/release/*", RULE_PROTECT_RELEASE},
	{"refs/heads/production", RULE_PROTECT_PRODUCTION},
};

const char *builtin_protection(const char *ref, size_t n)
{
	for (size_t i = 0; i < sizeof protections / sizeof *protections; i++)
		if (ref_pattern_match(protections[i].pattern, ref, n))
			return protections[i].rule;
	return NULL;
}
