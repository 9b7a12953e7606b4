/* shown.h: input text made safe to print in a message. A byte outside
 * printable ASCII, the backslash and the double quote are written as
 * \xHH, so a message is one line of plain text whatever the input held,
 * and a quoted key (keypath.h) ends where its quote does. Text longer than
 * LIMIT_SHOWN_BYTES once escaped is cut and ends in "...".
 *
 * shown() writes into buf (of at least SHOWN_BYTES) and returns buf. */
#ifndef PREFLIGHT_SHOWN_H
#define PREFLIGHT_SHOWN_H

#include "limits.h"

#define SHOWN_BYTES (LIMIT_SHOWN_BYTES + 4)

const char *shown(const char *s, char buf[SHOWN_BYTES]);

#endif
