/* check_sandbox.c: the sandbox (see check.h). Its one way out must be the
 * sidecar's daemons: no capability, no network but isolated, no port the
 * host's network could reach it by. */
#include <string.h>

#include "check.h"
#include "shape.h"

static const struct role sandbox = {"sandbox", "the sandbox"};

static void check_cap_add(struct judge *j, yajl_val svc, const struct keypath *k)
{
	struct keypath at = key_member(k, "cap_add");
	yajl_val caps = shape_array(j, svc, k, "cap_add");
	for (size_t i = 0; caps && i < caps->u.array.len; i++) {
		struct keypath ai = key_index(&at, i);
		const char *c = shape_as_string(j, caps->u.array.values[i], &ai);
		refuse(j->report, "sandbox-cap-add", &ai, c ? c : "a capability",
		       ": the sandbox runs with no capability; each one is more it could do to the kernel");
	}
}

static void check_networks(struct judge *j, yajl_val svc, const struct keypath *k)
{
	const char *mode = shape_string(j, svc, k, "network_mode");
	if (mode) {
		struct keypath at = key_member(k, "network_mode");
		refuse(j->report, "sandbox-network-mode", &at, mode,
		       ": the sandbox must be on the isolated network alone, whose one way out is the sidecar");
	}
	struct keypath at = key_member(k, "networks");
	yajl_val nets = shape_object(j, svc, k, "networks");
	for (size_t i = 0; nets && i < nets->u.object.len; i++) {
		if (strcmp(nets->u.object.keys[i], "isolated") == 0)
			continue;
		struct keypath ai = key_member(&at, nets->u.object.keys[i]);
		refuse(j->report, "sandbox-network", &ai, NULL,
		       "the sandbox must be on the isolated network alone, whose one way out is the sidecar");
	}
}

static void check_ports(struct judge *j, yajl_val svc, const struct keypath *k)
{
	struct keypath at = key_member(k, "ports");
	yajl_val ports = shape_array(j, svc, k, "ports");
	for (size_t i = 0; ports && i < ports->u.array.len; i++) {
		struct keypath ai = key_index(&at, i);
		refuse(j->report, "sandbox-ports", &ai, NULL,
		       "a published port: the host's network could reach the sandbox, and the sandbox answer, past the sidecar");
	}
}

void check_sandbox(struct judge *j, yajl_val svc, const struct keypath *k)
{
	check_confinement(j, &sandbox, svc, k);
	check_cap_add(j, svc, k);
	check_networks(j, svc, k);
	check_ports(j, svc, k);
	check_sandbox_mounts(j, svc, k);
}
