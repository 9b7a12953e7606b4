/* preflight.c: see preflight.h. The sandbox first, then the sidecar, the
 * isolated network and the other services: the refusals come in that
 * order, each part's in the order of its keys. */
#include "preflight.h"


#include "check.h"
#include "judge.h"
#include "shape.h"

static void check_service(struct judge *j, const char *name, const struct keypath *ks,
                          void (*check)(struct judge *, yajl_val, const struct keypath *))
{
	struct keypath k = key_member(ks, name);
	if (!member(j->services, name)) {
		refuse(j->report, "missing-service", &k, NULL,
		       "missing: preflight judges airlock's configuration, whose services are sandbox and sidecar");
		return;
	}
	yajl_val svc = shape_object(j, j->services, ks, name);
	if (svc)
		check(j, svc, &k);
}

unsigned preflight_judge(yajl_val doc, const struct preflight_env *env, struct report *r)
{
	struct judge j = {.report = r, .env = env, .doc = doc};
	struct keypath root = key_root(), ks = key_member(&root, "services");
	unsigned before = r->refused;
	if (!shape_as_object(&j, doc, &root))
		return r->refused - before;
	j.services = shape_object(&j, doc, &root, "services");
	j.networks = shape_object(&j, doc, &root, "networks");
	j.volumes = shape_object(&j, doc, &root, "volumes");
	j.secrets = shape_object(&j, doc, &root, "secrets");
	j.configs = shape_object(&j, doc, &root, "configs");
	check_service(&j, "sandbox", &ks, check_sandbox);
	check_service(&j, "sidecar", &ks, check_sidecar);
	check_isolated_network(&j);
	if (j.services)
		check_isolated_members(&j, j.services, &ks);
	return r->refused - before;
}
