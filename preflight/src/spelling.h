/* spelling.h: a few values compose passes to Docker as written, read the
 * way Docker reads them, so a spelling Docker takes is judged as what it
 * means: booleans as Go's strconv.ParseBool (driver options,
 * no-new-privileges), capability names in any case, with or without the
 * CAP_ prefix (ALL without it). */
#ifndef PREFLIGHT_SPELLING_H
#define PREFLIGHT_SPELLING_H

#include <stdbool.h>

/* s is one of ParseBool's true spellings: 1 t T TRUE true True. */
bool go_true(const char *s);
/* The capability the user wrote as s is name (upper case, no CAP_). */
bool cap_is(const char *s, const char *name);

#endif
