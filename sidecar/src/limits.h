/* limits.h: the bounds built into gitproxy. The ones a user may change
 * (connections, transfers, rates, push size, timeouts) come from the
 * policy: see enum limit_name in policy.h. */
#ifndef GITPROXY_LIMITS_H
#define GITPROXY_LIMITS_H

#define LIMIT_REQUEST_LINE 8192      /* bytes, request line (431 beyond) */
#define LIMIT_HEAD_BYTES 32768       /* bytes, request line + headers */
#define LIMIT_HEADER_COUNT 100       /* header fields per request */
#define LIMIT_SHUTDOWN_GRACE 10.0    /* s transfers get to finish on SIGTERM */
#define LIMIT_SECRET_BYTES 4096      /* token and session secret files */
#define LIMIT_CONFIG_BYTES (4 << 20) /* gitproxy.json */
/* Descriptors besides one per connection and one per transfer: stdio,
 * the listener, the control socket and its clients, libev's and libcurl's
 * own, files being read, and libcurl's idle upstream connections. */
#define LIMIT_FD_RESERVE 64
/* Clients waiting to be accepted while the loop is busy: a burst beyond it
 * is dropped, and a dropped SYN costs its client a 1 s retransmit, then 3 s.
 * The kernel caps it at net.core.somaxconn (4096 by default since Linux 5.4). */
#define LISTEN_BACKLOG 4096
#define ACCEPT_PAUSE_FIRST 0.1       /* s accepting pauses after EMFILE and the like */
#define ACCEPT_PAUSE_MAX 1.0         /* s, the pause doubling while it keeps failing */
#define HEAP_TRIM_DELAY 2.0          /* s after the last client went, the heap is trimmed */
#define LIMIT_AUDIT_FLUSH 2.0        /* s the audit log's queue gets to go out at exit */

/* A push's update request (everything before the pack) is held whole
 * until it is judged: at most this many ref updates and bytes. Git's own
 * pushes stay far below (a command line is about 100 bytes plus its
 * refname); a mirror push of more refs must be split. */
#define LIMIT_PUSH_COMMANDS 1000
#define LIMIT_PUSH_REQUEST (256 * 1024)
/* Ref updates listed in a push's audit record (refused ones first); the
 * rest are counted. */
#define LIMIT_AUDIT_REFS 64

#define CLIENT_IN_BUFFER (64 * 1024)   /* request head + body bytes from the client */
#define UPSTREAM_BUFFER (64 * 1024)    /* libcurl's receive buffer (CURLOPT_BUFFERSIZE) */
/* Request body bytes kept per transfer until the upstream answers, so a
 * request whose reused connection died under it can go again (relay.c):
 * a fetch's negotiation fits; a push's pack does not, and is not resent. */
#define REPLAY_LIMIT (64 * 1024)
#define UPSTREAM_TLS_READ (64 * 1024)  /* OpenSSL's read-ahead buffer per upstream connection */
/* Upstream hosts whose last TLS session is kept (tls_resume.c): the git
 * hosts of one policy are a handful; past this the oldest is dropped. */
#define TLS_RESUME_HOSTS 16
/* The first libcurl whose OpenSSL read-ahead is known not to stall a
 * paused download (upstream.c): 8.14.0, Debian 13's. */
#define UPSTREAM_READ_AHEAD_SINCE 0x080e00
/* Response bytes gathered for the client. libcurl hands the body over in
 * pieces of at most CURL_MAX_WRITE_SIZE (16 KiB), so one piece, its chunk
 * framing and the last-chunk marker always fit in an empty buffer (checked
 * in relay.c). */
#define CLIENT_OUT_BUFFER (64 * 1024)

#endif
