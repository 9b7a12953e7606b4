/* check_network.c: the isolated network (see check.h). Its members are
 * the sandbox and the sidecar, and nothing else: it is internal, with no
 * address on the host's side of its bridge, and this project's own. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "shape.h"
#include "shown.h"
#include "spelling.h"

#define INHIBIT "com.docker.network.bridge.inhibit_ipv4"

void check_isolated_network(struct judge *j)
{
	struct keypath root = key_root(), kn = key_member(&root, "networks"), k = key_member(&kn, "isolated");
	yajl_val net = shape_object(j, j->networks, &kn, "isolated");
	if (!net) {
		refuse(j->report, "network-isolated", &k, NULL,
		       "missing: the sandbox's network must be defined here, internal, with no address on the host");
		return;
	}
	struct keypath at = key_member(&k, "external");
	if (shape_true(j, net, &k, "external"))
		refuse(j->report, "network-isolated-external", &at, NULL,
		       "true: the isolated network must be this project's own, made by compose as defined here");
	const char *project = shape_string(j, j->doc, &root, "name");
	const char *name = shape_string(j, net, &k, "name");
	struct keypath kp = key_member(&root, "name");
	at = key_member(&k, "name");
	if (!project || !name) {
		refuse(j->report, "network-isolated-name", project ? &at : &kp, NULL,
		       "missing: preflight cannot tell whether the isolated network is the project's own");
	} else {
		char own[2 * LIMIT_KEY_BYTES];
		snprintf(own, sizeof own, "%s_isolated", project);
		if (strcmp(name, own) != 0) {
			char b[SHOWN_BYTES];
			refuse(j->report, "network-isolated-name", &at, name,
			       " is not %s, the project's own: another project's containers could share it", shown(own, b));
		}
	}
	at = key_member(&k, "internal");
	if (!shape_true(j, net, &k, "internal"))
		refuse(j->report, "network-isolated-internal", &at, NULL,
		       "not true: the isolated network would have a way out through the host");
	const char *driver = shape_string(j, net, &k, "driver");
	at = key_member(&k, "driver");
	if (driver && strcmp(driver, "bridge") != 0)
		refuse(j->report, "network-isolated-driver", &at, driver,
		       " is not bridge: internal and inhibit_ipv4 are the bridge driver's settings");
	struct keypath ko = key_member(&k, "driver_opts");
	yajl_val opts = shape_object(j, net, &k, "driver_opts"), given = member(opts, INHIBIT);
	const char *inhibit = shape_string(j, opts, &ko, INHIBIT);
	at = key_member(&ko, INHIBIT);
	if (!given || YAJL_IS_NULL(given))
		refuse(j->report, "network-isolated-inhibit-ipv4", &at, NULL,
		       "missing: the host would have an address on the isolated network, which the sandbox could reach");
	else if (inhibit && !go_true(inhibit))
		refuse(j->report, "network-isolated-inhibit-ipv4", &at, inhibit,
		       " is not \"true\": the host would have an address on the isolated network, which the sandbox "
		       "could reach");
	at = key_member(&k, "enable_ipv6");
	if (shape_true(j, net, &k, "enable_ipv6"))
		refuse(j->report, "network-isolated-ipv6", &at, NULL,
		       "true: the host would have an IPv6 address on the isolated network, which the sandbox could reach");
}

/* Whether the service's network key names the isolated network: by its
 * key, or by the name Docker knows it by. */
static int is_isolated(struct judge *j, const char *key)
{
	if (strcmp(key, "isolated") == 0)
		return 1;
	yajl_val iso = member(j->networks, "isolated"), net = member(j->networks, key);
	yajl_val a = member(iso, "name"), b = member(net, "name");
	return YAJL_IS_STRING(a) && YAJL_IS_STRING(b) && strcmp(a->u.string, b->u.string) == 0;
}

static void check_member(struct judge *j, yajl_val svc, const struct keypath *k)
{
	struct keypath at = key_member(k, "networks");
	yajl_val nets = shape_object(j, svc, k, "networks");
	for (size_t i = 0; nets && i < nets->u.object.len; i++) {
		if (!is_isolated(j, nets->u.object.keys[i]))
			continue;
		struct keypath ai = key_member(&at, nets->u.object.keys[i]);
		refuse(j->report, "isolated-member", &ai, NULL,
		       "only the sidecar and the sandbox may be on the isolated network: another member could carry the "
		       "sandbox's traffic out");
	}
	const char *mode = shape_string(j, svc, k, "network_mode");
	at = key_member(k, "network_mode");
	if (mode && (strcmp(mode, "service:sandbox") == 0 || strcmp(mode, "service:sidecar") == 0))
		refuse(j->report, "isolated-member", &at, mode,
		       ": it would share that service's network namespace, and so be on the isolated network");
	else if (mode && strncmp(mode, "container:", 10) == 0)
		refuse(j->report, "isolated-member", &at, mode,
		       ": preflight cannot tell whose network namespace it would share: the sandbox's or the sidecar's, "
		       "perhaps");
}

void check_isolated_members(struct judge *j, yajl_val services, const struct keypath *k)
{
	for (size_t i = 0; i < services->u.object.len; i++) {
		const char *name = services->u.object.keys[i];
		if (strcmp(name, "sandbox") == 0 || strcmp(name, "sidecar") == 0)
			continue;
		struct keypath ks = key_member(k, name);
		yajl_val svc = shape_as_object(j, services->u.object.values[i], &ks);
		if (svc)
			check_member(j, svc, &ks);
	}
}
