/* push_summary.h: the ref updates of one push, as its audit record shows
 * them: "update refs/heads/main, create refs/tags/v1", bounded so the
 * record stays one short line (later updates are counted, not listed).
 * Bytes of a refname outside printable ASCII are written as \xNN, so the
 * line is always valid UTF-8 JSON. */
#ifndef GITPROXY_PUSH_SUMMARY_H
#define GITPROXY_PUSH_SUMMARY_H

#include "push_commands.h"

#include <stdbool.h>
#include <stddef.h>

#define PUSH_SUMMARY_TEXT 1024 /* bytes of listed updates */

struct push_summary {
	char text[PUSH_SUMMARY_TEXT];
	size_t len;
	unsigned long updates;  /* all of them, listed or not */
	bool truncated;         /* some are counted but not listed */
	const char *error;      /* why the updates could not be read, or NULL */
};

void push_summary_reset(struct push_summary *s);
void push_summary_add(struct push_summary *s, const struct push_command *cmd);

#endif
