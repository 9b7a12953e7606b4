/* relay.h: one request relayed upstream with libcurl, streaming both ways
 * through the connection's fixed buffers:
 *  - request body: libcurl's read callback takes bytes from c->in (decoding
 *    chunked framing) and pauses the upload when none are there; new client
 *    bytes resume it (relay_client_input);
 *  - response body: the write callback frames it as chunks into c->out,
 *    which is sent when full or once per loop iteration, and pauses the
 *    download when the client is not keeping up; a drained c->out resumes
 *    it (relay_client_drained).
 * The upstream request carries the real token; the client's credential and
 * every header not on the forward list stay behind. */
#ifndef GITPROXY_RELAY_H
#define GITPROXY_RELAY_H

#include <curl/curl.h>
#include <stdbool.h>

struct conn;

/* 0 once the transfer is under way, -1 if it could not be set up. */
int relay_start(struct conn *c);
void relay_client_input(struct conn *c);
/* True once the whole request body (if any) has been taken from the client. */
bool relay_request_sent(const struct conn *c);
/* True once the response head has been queued for the client. */
bool relay_response_started(const struct conn *c);
void relay_client_drained(struct conn *c);
/* Ends the transfer now and frees it (outside libcurl callbacks only). */
void relay_abort(struct conn *c);
/* curl_loop's completion callback. */
void relay_finished(CURL *easy, CURLcode result);

#endif
