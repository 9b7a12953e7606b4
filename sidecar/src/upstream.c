/* upstream.c: see upstream.h. */
#include "upstream.h"

#include "limits.h"
#include "log.h"
#include "server.h"
#include "tls_resume.h"
#include "tokens.h"

#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>

/* OpenSSL reads a TLS record's 5-byte header and then its body: two recv(2)
 * per record. With read-ahead one recv(2) takes all the socket holds, up to
 * UPSTREAM_TLS_READ: a quarter of the calls for 16 KiB records, less for
 * small ones. libcurl 7.88 could then leave a paused download stalled with
 * the response's last records decrypted by nobody until the upstream closed
 * the connection; libcurl 8.14 reads them when the download resumes. The
 * slow-reader check of tests/e2e-local.sh shows both. */
static bool read_ahead_is_safe(void)
{
	/* The libcurl loaded cannot change while gitproxy runs: asked once, not
	 * at every new connection. */
	static int safe = -1;
	if (safe < 0)
		safe = curl_version_info(CURLVERSION_NOW)->version_num >= UPSTREAM_READ_AHEAD_SINCE;
	return safe;
}

/* libcurl makes a context for each new connection and calls this before
 * the connection's handshake. */
static CURLcode on_tls_context(CURL *easy, void *ssl_ctx, void *userp)
{
	(void)easy;
	SSL_CTX *ctx = ssl_ctx;
	if (read_ahead_is_safe()) {
		SSL_CTX_set_read_ahead(ctx, 1);
		SSL_CTX_set_default_read_buffer_len(ctx, UPSTREAM_TLS_READ);
	}
	return tls_resume_attach(userp, ctx) < 0 ? CURLE_OUT_OF_MEMORY : CURLE_OK;
}

CURL *upstream_easy(const struct server *s, const char *url, void *job)
{
	CURL *e = curl_easy_init();
	if (!e)
		return NULL;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, job);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
	/* Straight to the upstream: libcurl would otherwise obey *_proxy
	 * variables from the environment and hand the token to a proxy. */
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 10L);
	/* Below the idle timeouts of common servers and load balancers (60 s
	 * and more), so a cached connection is rarely one they have closed. */
	curl_easy_setopt(e, CURLOPT_MAXAGE_CONN, 50L);
	curl_easy_setopt(e, CURLOPT_BUFFERSIZE, (long)UPSTREAM_BUFFER);
	/* TLS sessions are tls_resume.c's, not libcurl's cache's. */
	curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, on_tls_context);
	curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, s->tls_resume);
	if (s->ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, s->ca_file);
	if (s->connect_to)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, s->connect_to);
	return e;
}

int upstream_header_add(struct curl_slist **list, const char *name, const char *value)
{
	char line[1100];
	if (!value[0])
		return 0;
	snprintf(line, sizeof line, "%s: %s", name, value);
	struct curl_slist *l = curl_slist_append(*list, line);
	if (!l)
		return -1;
	*list = l;
	return 0;
}

struct curl_slist *upstream_headers(const struct server *s, const char *host, const char *request_id)
{
	const char *authorization = tokens_header(s->tokens, host);
	struct curl_slist *list = NULL;
	if (authorization && !(list = curl_slist_append(NULL, authorization)))
		return NULL;
	if (upstream_header_add(&list, "X-Request-Id", request_id) < 0) {
		upstream_headers_free(list);
		return NULL;
	}
	return list;
}

void upstream_headers_free(struct curl_slist *list)
{
	for (struct curl_slist *h = list; h; h = h->next)
		explicit_bzero(h->data, strlen(h->data));
	curl_slist_free_all(list);
}

/* A connection from libcurl's cache may have been closed by the upstream
 * while it sat idle, and libcurl 7.88 (Debian 12's, which the loopback tests
 * build against) takes a TLS connection whose peer sent close_notify for a
 * live one. When such a reused connection fails before any answer, nothing
 * reached the upstream's application, so the request can go again on a new
 * connection. libcurl 8.14 (the sidecar image's) finds those connections
 * dead itself: in the e2e test of 20 clients after the upstream closed their
 * connections, 7.88 needed this two or more times, 8.14 never. */
bool upstream_sent_again(CURLM *multi, CURL *easy, CURLcode result, const char *host)
{
	long new_connections = -1, head_bytes = -1;
	if ((result != CURLE_SEND_ERROR && result != CURLE_RECV_ERROR && result != CURLE_GOT_NOTHING) ||
	    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &new_connections) != CURLE_OK || new_connections != 0 ||
	    curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &head_bytes) != CURLE_OK || head_bytes != 0)
		return false;
	curl_multi_remove_handle(multi, easy);
	curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
	if (curl_multi_add_handle(multi, easy) != CURLM_OK)
		return false;
	warn("upstream %s: a reused connection failed before any answer (%s); sent again on a new one", host,
	     curl_easy_strerror(result));
	return true;
}
