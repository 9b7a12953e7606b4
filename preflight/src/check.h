/* check.h: the parts of preflight_judge(), each over one part of the
 * document, each reporting every refusal it finds. svc is the service's
 * object (never NULL) at key path k. */
#ifndef PREFLIGHT_CHECK_H
#define PREFLIGHT_CHECK_H

#include "judge.h"
#include "keypath.h"

/* check_confinement.c: what the sandbox and the sidecar are both refused:
 * privileged, a missing cap_drop ALL, a shared namespace, an unconfined
 * or missing security option, a device. */
void check_confinement(struct judge *j, const struct role *r, yajl_val svc, const struct keypath *k);
/* check_sandbox.c: capabilities, networks, published ports, then its
 * mounts. */
void check_sandbox(struct judge *j, yajl_val svc, const struct keypath *k);
/* check_mounts.c: what the sandbox's volumes, secrets and configs bring in
 * from the host, and volumes_from. */
void check_sandbox_mounts(struct judge *j, yajl_val svc, const struct keypath *k);
/* check_sidecar.c: its capabilities against the documented list, the
 * token secret, a read-only root, no forwarding, the host's network. */
void check_sidecar(struct judge *j, yajl_val svc, const struct keypath *k);
/* check_network.c: the isolated network's definition, and every other
 * service kept off it. */
void check_isolated_network(struct judge *j);
void check_isolated_members(struct judge *j, yajl_val services, const struct keypath *k);

#endif
