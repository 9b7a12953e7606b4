/* check_confinement.c: the confinement the sandbox and the sidecar both
 * keep (see check.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "shape.h"
#include "spelling.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void check_privileged(struct judge *j, const struct role *r, yajl_val svc, const struct keypath *k)
{
	if (shape_true(j, svc, k, "privileged")) {
		char rule[ROLE_RULE_BYTES];
		struct keypath at = key_member(k, "privileged");
		refuse(j->report, role_rule(r, "privileged", rule), &at, NULL,
		       "true: %s would have every capability and every device of the host, confined by nothing",
		       r->who);
	}
}

static void check_cap_drop(struct judge *j, const struct role *r, yajl_val svc, const struct keypath *k)
{
	char rule[ROLE_RULE_BYTES];
	struct keypath at = key_member(k, "cap_drop");
	yajl_val drop = shape_array(j, svc, k, "cap_drop");
	for (size_t i = 0; drop && i < drop->u.array.len; i++) {
		struct keypath ai = key_index(&at, i);
		const char *c = shape_as_string(j, drop->u.array.values[i], &ai);
		if (c && cap_is(c, "ALL"))
			return;
	}
	refuse(j->report, role_rule(r, "cap-drop", rule), &at, NULL,
	       "ALL is missing: %s would keep Docker's default capabilities", r->who);
}

/* pid and ipc can also be another container's: the sandbox's and the
 * sidecar's must each be their own. */
static const struct {
	const char *key, *what;
	int shareable;
} namespaces[] = {
	{"pid", "process", 1}, {"ipc", "IPC", 1}, {"uts", "UTS (host name)", 0},
	{"userns_mode", "user", 0}, {"cgroup", "cgroup", 0},
};

static void check_namespaces(struct judge *j, const struct role *r, yajl_val svc, const struct keypath *k)
{
	char rule[ROLE_RULE_BYTES];
	for (size_t i = 0; i < N(namespaces); i++) {
		const char *v = shape_string(j, svc, k, namespaces[i].key);
		if (!v)
			continue;
		struct keypath at = key_member(k, namespaces[i].key);
		if (strcmp(v, "host") == 0)
			refuse(j->report, role_rule(r, "host-namespace", rule), &at, v,
			       ": %s would share the host's %s namespace", r->who, namespaces[i].what);
		else if (namespaces[i].shareable && (strncmp(v, "service:", 8) == 0 || strncmp(v, "container:", 10) == 0))
			refuse(j->report, role_rule(r, "host-namespace", rule), &at, v,
			       ": %s would share another container's %s namespace", r->who, namespaces[i].what);
	}
}

/* Docker's security options that switch a confinement off. */
static const struct {
	const char *key, *value, *without;
} unconfined[] = {
	{"seccomp", "unconfined", "without its seccomp filter, every system call of the host's kernel open to it"},
	{"apparmor", "unconfined", "without its AppArmor profile"},
	{"label", "disable", "without SELinux separation"},
	{"label", "type:spc_t", "as SELinux's super-privileged container type"},
	{"label", "type:unconfined_t", "as SELinux's unconfined type"},
	{"systempaths", "unconfined", "with the kernel's masked and read-only paths in /proc and /sys open"},
};

/* Splits a security option as Docker does: at the first '=', else at the
 * first ':'. Returns the key's length and sets *value (NULL: no value). */
static size_t split_option(const char *opt, const char **value)
{
	const char *sep = strchr(opt, '=');
	if (!sep)
		sep = strchr(opt, ':');
	*value = sep ? sep + 1 : NULL;
	return sep ? (size_t)(sep - opt) : strlen(opt);
}

static void check_security_opt(struct judge *j, const struct role *r, yajl_val svc, const struct keypath *k)
{
	char rule[ROLE_RULE_BYTES];
	struct keypath at = key_member(k, "security_opt");
	yajl_val opts = shape_array(j, svc, k, "security_opt");
	/* Docker reads the options in order: the last no-new-privileges decides. */
	const char *nnp = NULL;
	struct keypath nnp_at = at;
	for (size_t i = 0; opts && i < opts->u.array.len; i++) {
		struct keypath ai = key_index(&at, i);
		const char *opt = shape_as_string(j, opts->u.array.values[i], &ai), *value;
		if (!opt)
			continue;
		size_t n = split_option(opt, &value);
		if (n == 17 && strncmp(opt, "no-new-privileges", n) == 0) {
			nnp = opt;
			nnp_at = ai;
			continue;
		}
		for (size_t u = 0; value && u < N(unconfined); u++)
			if (strlen(unconfined[u].key) == n && strncasecmp(opt, unconfined[u].key, n) == 0 &&
			    strcasecmp(value, unconfined[u].value) == 0)
				refuse(j->report, role_rule(r, "unconfined", rule), &ai, opt, ": %s would run %s", r->who,
				       unconfined[u].without);
	}
	if (!nnp) {
		refuse(j->report, role_rule(r, "no-new-privileges", rule), &at, NULL,
		       "no-new-privileges:true is missing: a setuid program could give %s privileges its user does not have",
		       r->who);
		return;
	}
	const char *value;
	split_option(nnp, &value);
	if (value && !go_true(value))
		refuse(j->report, role_rule(r, "no-new-privileges", rule), &nnp_at, nnp,
		       ": a setuid program could give %s privileges its user does not have", r->who);
}

static void check_devices(struct judge *j, const struct role *r, yajl_val svc, const struct keypath *k)
{
	char rule[ROLE_RULE_BYTES];
	struct keypath at = key_member(k, "devices");
	yajl_val devices = shape_array(j, svc, k, "devices");
	for (size_t i = 0; devices && i < devices->u.array.len; i++) {
		struct keypath ai = key_index(&at, i);
		yajl_val d = devices->u.array.values[i];
		const char *source = YAJL_IS_OBJECT(d) ? shape_string(j, d, &ai, "source") : shape_as_string(j, d, &ai);
		refuse(j->report, role_rule(r, "devices", rule), &ai, source ? source : "a device",
		       ": %s would use a device of the host directly", r->who);
	}
	at = key_member(k, "device_cgroup_rules");
	yajl_val rules = shape_array(j, svc, k, "device_cgroup_rules");
	for (size_t i = 0; rules && i < rules->u.array.len; i++) {
		struct keypath ai = key_index(&at, i);
		const char *text = shape_as_string(j, rules->u.array.values[i], &ai);
		refuse(j->report, role_rule(r, "devices", rule), &ai, text ? text : "a rule",
		       ": %s could use the host's devices this rule opens", r->who);
	}
}

void check_confinement(struct judge *j, const struct role *r, yajl_val svc, const struct keypath *k)
{
	check_privileged(j, r, svc, k);
	check_cap_drop(j, r, svc, k);
	check_namespaces(j, r, svc, k);
	check_security_opt(j, r, svc, k);
	check_devices(j, r, svc, k);
}
