/* judge.h: what every check of preflight_judge() shares: where refusals
 * go, the caller's environment, the document's top-level objects (a
 * service's volume, secret or network is defined there), and the role a
 * shared check is run for.
 * Nothing here is owned: all of it lives as long as preflight_judge(). */
#ifndef PREFLIGHT_JUDGE_H
#define PREFLIGHT_JUDGE_H

#include <yajl/yajl_tree.h>

#include "preflight.h"
#include "report.h"

struct judge {
	struct report *report;
	const struct preflight_env *env;
	yajl_val doc;
	/* The document's top-level objects, their shapes checked once; NULL
	 * when absent (or refused as of another type). */
	yajl_val services, networks, volumes, secrets, configs;
};

/* The sandbox or the sidecar, for the checks both get. */
struct role {
	const char *name; /* the service, and the first word of its rules */
	const char *who;  /* how a message names it: "the sandbox" */
};

#define ROLE_RULE_BYTES 64

/* The rule "NAME-suffix" of role r, written into buf; returns buf. */
const char *role_rule(const struct role *r, const char *suffix, char buf[ROLE_RULE_BYTES]);

#endif
