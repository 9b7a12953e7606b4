/* tls_resume.c: see tls_resume.h. */
#include "tls_resume.h"

#include "limits.h"
#include "stats.h"

#include <stdlib.h>
#include <string.h>

struct kept_session {
	char host[256];           /* the server name; "" while the slot is free */
	SSL_SESSION *session;     /* our reference */
	unsigned long long stored; /* when, on the table's clock: the oldest goes first */
};

struct tls_resume {
	struct stats *stats;
	unsigned long long clock;
	struct kept_session kept[TLS_RESUME_HOSTS];
};

/* OpenSSL's callbacks get only the SSL: the table rides on its context. */
static int context_index = -1;

static void forget(struct kept_session *k)
{
	SSL_SESSION_free(k->session);
	k->session = NULL;
	k->host[0] = '\0';
	k->stored = 0;
}

static struct kept_session *kept_for(struct tls_resume *r, const char *host)
{
	for (size_t i = 0; i < TLS_RESUME_HOSTS; i++)
		if (r->kept[i].host[0] && strcmp(r->kept[i].host, host) == 0)
			return &r->kept[i];
	return NULL;
}

/* host's slot, or the oldest (free slots are oldest of all) made host's. */
static struct kept_session *slot_for(struct tls_resume *r, const char *host)
{
	struct kept_session *k = kept_for(r, host);
	if (k)
		return k;
	if (strlen(host) >= sizeof k->host)
		return NULL;
	k = &r->kept[0];
	for (size_t i = 1; i < TLS_RESUME_HOSTS; i++)
		if (r->kept[i].stored < k->stored)
			k = &r->kept[i];
	forget(k);
	strcpy(k->host, host);
	return k;
}

static struct tls_resume *table_of(const SSL *ssl)
{
	return SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), context_index);
}

/* TLS 1.3 sessions only: their tickets come after the handshake, so after
 * libcurl has checked the certificate's name (OpenSSL checks only the
 * chain); a TLS 1.2 session is made inside the handshake, before that
 * check. The table keeps copies, in and out: OpenSSL marks a connection's
 * own session unresumable when the connection ends without a TLS
 * shutdown, which must not spoil it for the connections after. */
static int on_new_session(SSL *ssl, SSL_SESSION *session)
{
	struct tls_resume *r = table_of(ssl);
	const char *host = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
	struct kept_session *k;
	SSL_SESSION *copy;
	if (!r || !host || SSL_SESSION_get_protocol_version(session) != TLS1_3_VERSION ||
	    !SSL_SESSION_is_resumable(session) || !(copy = SSL_SESSION_dup(session)))
		return 0;
	/* The copy first: a slot given a host always holds a session. */
	if (!(k = slot_for(r, host))) {
		SSL_SESSION_free(copy);
		return 0;
	}
	SSL_SESSION_free(k->session);
	k->session = copy;
	k->stored = ++r->clock;
	return 0;
}

/* The start of the first handshake is the one moment between libcurl's
 * SSL_new and the ClientHello: OpenSSL builds the ClientHello from the
 * session set by then. The info callback is handed a const SSL, but the
 * connection is ours to configure until that ClientHello. */
static void offer_session(struct tls_resume *r, SSL *ssl)
{
	const char *host = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
	struct kept_session *k;
	if (!host || !SSL_in_before(ssl) || SSL_get_session(ssl) || !(k = kept_for(r, host)))
		return;
	/* An expired ticket is sent all the same: the upstream refuses it, and
	 * the full handshake's session replaces it. */
	if (!SSL_SESSION_is_resumable(k->session)) {
		forget(k);
		return;
	}
	SSL_SESSION *copy = SSL_SESSION_dup(k->session);
	/* Refused or out of memory, the handshake goes on as a full one. */
	if (copy)
		(void)SSL_set_session(ssl, copy);
	SSL_SESSION_free(copy);
}

static void on_handshake_event(const SSL *ssl, int where, int ret)
{
	(void)ret;
	struct tls_resume *r = table_of(ssl);
	if (!r)
		return;
	if (where & SSL_CB_HANDSHAKE_START)
		offer_session(r, (SSL *)ssl);
	else if (where & SSL_CB_HANDSHAKE_DONE)
		stats_upstream_handshake(r->stats, SSL_session_reused(ssl));
}

struct tls_resume *tls_resume_new(struct stats *stats)
{
	if (context_index < 0 && (context_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL)) < 0)
		return NULL;
	struct tls_resume *r = calloc(1, sizeof *r);
	if (r)
		r->stats = stats;
	return r;
}

void tls_resume_free(struct tls_resume *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < TLS_RESUME_HOSTS; i++)
		forget(&r->kept[i]);
	free(r);
}

int tls_resume_attach(struct tls_resume *r, SSL_CTX *ctx)
{
	if (!SSL_CTX_set_ex_data(ctx, context_index, r))
		return -1;
	/* The new-session callback needs client caching on; OpenSSL's own
	 * store stays off, this table is the store. */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
	SSL_CTX_sess_set_new_cb(ctx, on_new_session);
	SSL_CTX_set_info_callback(ctx, on_handshake_event);
	return 0;
}
