/* report.h: the refusals, one line each on the report's stream:
 *   airlock-preflight: refused: KEY: SUBJECTWHY [RULE]
 * KEY is a keypath (the document itself when empty), SUBJECT the input
 * value the refusal is about, escaped as shown() does (left out when
 * NULL), WHY the text of fmt, which begins with its own separator
 * (" is a Docker socket: ...", ": the sandbox must ..."). fmt and its arguments are preflight's own
 * text, or input passed through shown(): nothing raw from the input
 * reaches the stream. A report with a NULL stream only counts (the fuzz
 * harnesses' second opinion needs the count, not the text). */
#ifndef PREFLIGHT_REPORT_H
#define PREFLIGHT_REPORT_H

#include <stdio.h>

#include "keypath.h"

struct report {
	FILE *out;         /* NULL: count only */
	unsigned refused;  /* refusals so far */
};

void report_init(struct report *r, FILE *out);
__attribute__((format(printf, 5, 6))) void refuse(struct report *r, const char *rule,
                                                  const struct keypath *key, const char *subject,
                                                  const char *fmt, ...);

#endif
