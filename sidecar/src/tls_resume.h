/* tls_resume.h: the last TLS session of each upstream host, offered to
 * every new connection to that host, as nginx's proxy_ssl_session_reuse
 * does. libcurl 8.14's own cache uses a TLS 1.3 ticket once and keeps two
 * per host (RFC 8446 C.4 advises against reuse, for a client's privacy):
 * a burst of new connections finds at most two tickets and the rest pay a
 * full handshake, the upstream's certificate signature among them. One
 * sidecar speaks for one sandbox with one token, so tickets that link its
 * connections to each other tell the upstream nothing the token does not;
 * gitproxy sends no early data, so nothing can be replayed. A session is
 * kept only for the server name (SNI) it was made with, which is the name
 * libcurl verified the certificate for, and one the upstream refuses is
 * replaced by the full handshake's. */
#ifndef GITPROXY_TLS_RESUME_H
#define GITPROXY_TLS_RESUME_H

#include <openssl/ssl.h>

struct stats;

struct tls_resume;

/* A table with no sessions that counts handshakes in stats (which outlives
 * it); NULL when out of memory. */
struct tls_resume *tls_resume_new(struct stats *stats);
void tls_resume_free(struct tls_resume *r);
/* Every connection made from ctx (a client context; libcurl makes one per
 * connection) offers r's session for its server name and leaves the
 * sessions its handshake brings in r. -1 when OpenSSL could not take it. */
int tls_resume_attach(struct tls_resume *r, SSL_CTX *ctx);

#endif
