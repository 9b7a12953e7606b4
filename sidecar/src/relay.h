/* relay.h: one request relayed upstream with libcurl.
 *
 * The relay owns its libcurl handle and nothing else: it asks the
 * connection for request body bytes (conn_upload) and hands it the
 * response as it comes (conn_response_begin, conn_response_data), then
 * reports how the transfer ended (conn_transfer_done). The connection
 * decides every status, owns the buffers, watchers and the request's
 * outcome, and frees the transfer. Backpressure: a relay told to wait
 * pauses its side of the transfer until the connection calls
 * relay_resume_upload / relay_resume_download.
 *
 * The upstream request carries the real token (upstream.h); the client's
 * credential and every header not on the forward list stay behind. */
#ifndef GITPROXY_RELAY_H
#define GITPROXY_RELAY_H

#include "http_request.h"
#include "route.h"

#include <curl/curl.h>
#include <stdbool.h>

struct conn;
struct transfer;

/* The upstream's response head, as far as it is relayed. Values holding
 * control bytes are left empty, never relayed. */
struct upstream_response {
	int status; /* 200..599; anything else is reported as 502 */
	char content_type[128], content_encoding[64], cache_control[128], expires[64], pragma[64];
};

struct transfer_end {
	CURLcode result;
	bool answered; /* conn_response_begin was called */
	/* Microseconds from the start until the new upstream connection's TLS
	 * handshake was done (never 0); 0 when the request went on a kept
	 * connection. */
	long long connect_us;
};

/* NULL if the transfer could not be set up. */
struct transfer *relay_start(struct conn *c, const struct http_request *q, const struct route *r,
                             const char *request_id);
void relay_resume_upload(struct transfer *t);
void relay_resume_download(struct transfer *t);
/* Ends the transfer if it still runs and frees it; never from inside a
 * libcurl callback. */
void relay_free(struct transfer *t);

#endif
