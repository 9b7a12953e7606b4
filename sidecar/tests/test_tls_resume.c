/* tls_resume: in-memory TLS 1.3 handshakes between OpenSSL clients, each
 * with its own context as libcurl makes one per connection, and one
 * server. */
#include "limits.h"
#include "stats.h"
#include "tap.h"
#include "tls_resume.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static SSL_CTX *server_context(int version)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *cert = X509_new();
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (!key || !cert || !ctx)
		return NULL;
	ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
	X509_gmtime_adj(X509_getm_notBefore(cert), 0);
	X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
	X509_set_pubkey(cert, key);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC, (const unsigned char *)"upstream.test",
	                           -1, -1, 0);
	X509_set_issuer_name(cert, X509_get_subject_name(cert));
	if (!X509_sign(cert, key, EVP_sha256()) || !SSL_CTX_use_certificate(ctx, cert) || !SSL_CTX_use_PrivateKey(ctx, key))
		return NULL;
	SSL_CTX_set_min_proto_version(ctx, version);
	SSL_CTX_set_max_proto_version(ctx, version);
	X509_free(cert);
	EVP_PKEY_free(key);
	return ctx;
}

struct link {
	SSL_CTX *client_ctx;
	SSL *client, *server;
};

/* A client of r (NULL: none) for host (NULL: no SNI) and its server end. */
static bool link_open(struct link *l, struct tls_resume *r, SSL_CTX *server_ctx, const char *host)
{
	BIO *client_bio, *server_bio;
	memset(l, 0, sizeof *l);
	if (!(l->client_ctx = SSL_CTX_new(TLS_client_method())) || (r && tls_resume_attach(r, l->client_ctx) < 0) ||
	    !(l->client = SSL_new(l->client_ctx)) || !(l->server = SSL_new(server_ctx)) ||
	    !BIO_new_bio_pair(&client_bio, 0, &server_bio, 0))
		return false;
	SSL_set_bio(l->client, client_bio, client_bio);
	SSL_set_bio(l->server, server_bio, server_bio);
	SSL_set_connect_state(l->client);
	SSL_set_accept_state(l->server);
	return !host || SSL_set_tlsext_host_name(l->client, host);
}

/* Moves the handshake on by one step at each end; true when both ended. */
static bool link_step(struct link *l)
{
	int c = SSL_do_handshake(l->client), s = SSL_do_handshake(l->server);
	return c == 1 && s == 1;
}

/* Both handshakes done, then the server's tickets read by the client. */
static bool link_finish(struct link *l)
{
	char byte;
	for (int i = 0; i < 20; i++)
		if (link_step(l))
			return SSL_write(l->server, "x", 1) == 1 && SSL_read(l->client, &byte, 1) == 1;
	return false;
}

static void link_close(struct link *l)
{
	SSL_free(l->client);
	SSL_free(l->server);
	SSL_CTX_free(l->client_ctx);
}

/* One connection from start to end: whether it resumed, -1 if it failed. */
static int connect_once(struct tls_resume *r, SSL_CTX *server_ctx, const char *host)
{
	struct link l;
	int resumed = link_open(&l, r, server_ctx, host) && link_finish(&l) ? SSL_session_reused(l.client) : -1;
	link_close(&l);
	return resumed;
}

int main(void)
{
	struct stats stats = {0};
	struct tls_resume *r = tls_resume_new(&stats);
	SSL_CTX *server_ctx = server_context(TLS1_3_VERSION);
	if (!r || !server_ctx) {
		ERR_print_errors_fp(stderr);
		ok(0, "the test's TLS contexts");
		return tap_done();
	}

	ok(connect_once(NULL, server_ctx, "upstream.test") == 0 && connect_once(NULL, server_ctx, "upstream.test") == 0,
	   "control: without the table no connection resumes");
	ok(connect_once(r, server_ctx, "upstream.test") == 0, "the first connection to a host is a full handshake");
	ok(connect_once(r, server_ctx, "upstream.test") == 1, "the next one resumes its session, though the first ended without a TLS shutdown");

	/* A burst: every handshake starts before any ends, so none of them can
	 * bring a ticket the others could use. */
	struct link burst[6];
	bool all_open = true, all_resumed = true;
	for (size_t i = 0; i < 6; i++)
		all_open = link_open(&burst[i], r, server_ctx, "upstream.test") && all_open;
	for (size_t i = 0; all_open && i < 6; i++)
		(void)link_step(&burst[i]);
	for (size_t i = 0; i < 6; i++) {
		all_resumed = all_open && link_finish(&burst[i]) && SSL_session_reused(burst[i].client) == 1 && all_resumed;
		link_close(&burst[i]);
	}
	ok(all_resumed, "six connections opened at once all resume the one kept session");

	ok(connect_once(r, server_ctx, "other.test") == 0, "a session is not offered to another server name");
	ok(connect_once(r, server_ctx, "other.test") == 1, "each name keeps its own");
	ok(connect_once(r, server_ctx, "upstream.test") == 1, "and the first name's is still kept");
	ok(connect_once(r, server_ctx, NULL) == 0 && connect_once(r, server_ctx, NULL) == 0,
	   "a connection without a server name neither offers nor keeps one");

	/* Another server: its ticket keys cannot open the kept ticket. */
	SSL_CTX *restarted = server_context(TLS1_3_VERSION);
	ok(restarted && connect_once(r, restarted, "upstream.test") == 0, "a ticket the server cannot open: a full handshake");
	ok(restarted && connect_once(r, restarted, "upstream.test") == 1, "whose session replaces the refused one");

	for (int i = 0; i < TLS_RESUME_HOSTS; i++) {
		char host[32];
		snprintf(host, sizeof host, "h%d.test", i);
		(void)connect_once(r, restarted, host);
	}
	ok(connect_once(r, restarted, "upstream.test") == 0, "past the table's size the oldest host is dropped");

	unsigned long long handshakes = 2 + 6 + 3 + 2 + 2 + TLS_RESUME_HOSTS + 1;
	ok(stats.upstream_handshakes == handshakes && stats.upstream_resumed == 1 + 6 + 2 + 1,
	   "stats count %llu handshakes, %llu resumed (expected %llu and 10)", stats.upstream_handshakes,
	   stats.upstream_resumed, handshakes);

	SSL_CTX *tls12 = server_context(TLS1_2_VERSION);
	ok(tls12 && connect_once(NULL, tls12, "tls12.test") == 0, "control: a TLS 1.2 server");
	ok(tls12 && connect_once(r, tls12, "tls12.test") == 0 && connect_once(r, tls12, "tls12.test") == 0,
	   "a TLS 1.2 session, made before libcurl checks the certificate's name, is not kept");
	SSL_CTX_free(tls12);
	SSL_CTX_free(restarted);
	SSL_CTX_free(server_ctx);
	tls_resume_free(r);
	return tap_done();
}
