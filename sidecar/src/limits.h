/* limits.h: every bound gitproxy enforces, in one place. */
#ifndef GITPROXY_LIMITS_H
#define GITPROXY_LIMITS_H

#define LIMIT_REQUEST_LINE 8192      /* bytes, request line (431 beyond) */
#define LIMIT_HEAD_BYTES 32768       /* bytes, request line + headers */
#define LIMIT_HEADER_COUNT 100       /* header fields per request */
#define LIMIT_CONNECTIONS 256        /* concurrent client connections */
#define LIMIT_HEAD_TIMEOUT 10.0      /* s to receive a complete request head */
#define LIMIT_IDLE_TIMEOUT 60.0      /* s without progress in either direction */
#define LIMIT_SHUTDOWN_GRACE 10.0    /* s transfers get to finish on SIGTERM */
#define LIMIT_SECRET_BYTES 4096      /* token and session secret files */
#define LIMIT_CONFIG_BYTES (4 << 20) /* gitproxy.json */

#define CLIENT_IN_BUFFER (64 * 1024)   /* request head + body bytes from the client */
#define UPSTREAM_BUFFER (128 * 1024)   /* libcurl's receive buffer: its largest write */
/* Response bytes waiting for the client: one whole libcurl write plus its
 * chunk framing always fits in an empty buffer. */
#define CLIENT_OUT_BUFFER (UPSTREAM_BUFFER + 1024)

#endif
