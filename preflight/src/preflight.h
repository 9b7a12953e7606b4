/* preflight.h: the judgement of a compose configuration, as
 * `docker compose config --format json` prints it (every file, override
 * and variable applied): the refusals docs/preflight.md lists, for the
 * sandbox, the sidecar, the isolated network and the other services.
 * Every refusal is reported, not only the first; a value of a type compose
 * never prints is refused too (unexpected-shape), since what preflight
 * cannot read it cannot judge.
 *
 * preflight_judge() reports on r and returns the number of refusals it
 * made. It keeps no pointer into doc or env. */
#ifndef PREFLIGHT_PREFLIGHT_H
#define PREFLIGHT_PREFLIGHT_H

#include <stdbool.h>
#include <yajl/yajl_tree.h>

#include "report.h"

struct preflight_env {
	/* The home directory of whoever runs preflight, host_path_clean()ed and
	 * not "/": its credentials are refused like those of /root and
	 * /home/NAME. NULL: none. */
	const char *home;
	/* Judge every host path also as realpath(3) resolves it here (symbolic
	 * links followed); false judges the text alone (tests, fuzzing). */
	bool resolve;
};

unsigned preflight_judge(yajl_val doc, const struct preflight_env *env, struct report *r);

#endif
