/* limits.h: every bound airlock-preflight keeps to, in one place. The
 * JSON of `docker compose config` is a few kilobytes, six levels deep;
 * these are far above it and keep a hostile or broken input from costing
 * more than a moment. */
#ifndef PREFLIGHT_LIMITS_H
#define PREFLIGHT_LIMITS_H

#define LIMIT_INPUT_BYTES (16u << 20) /* the whole JSON document */
#define LIMIT_JSON_DEPTH 64u          /* arrays and objects inside each other */
#define LIMIT_KEY_BYTES 512u          /* a key path in a message, before it is cut */
#define LIMIT_SHOWN_BYTES 1024u       /* an input string in a message, escaped, before it is cut */
#define LIMIT_PATH_BYTES 4096u        /* a host path (PATH_MAX), a longer one is refused */
#define LIMIT_TOKENS 32u              /* the sidecar's secrets, each a token; more are refused */

#endif
