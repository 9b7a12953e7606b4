/* upstream.h: the settings every request to a git host shares, in one
 * place because they are what keeps the token safe: HTTPS only, TLS
 * verified, no proxy from the environment, no redirects, and the token's
 * header wiped when freed. relay.c (requests relayed for the client) and
 * default_branch.c (probes of the default branch) both build on these. */
#ifndef GITPROXY_UPSTREAM_H
#define GITPROXY_UPSTREAM_H

#include <curl/curl.h>
#include <stdbool.h>

struct server;

/* An easy handle for url with the shared settings and private pointing at
 * job; NULL if libcurl could not make one. */
CURL *upstream_easy(const struct server *s, const char *url, void *job);
/* A header list starting with host's token's Authorization (none when its
 * git-host rule names no token) and X-Request-Id; NULL when out of memory. */
struct curl_slist *upstream_headers(const struct server *s, const char *host, const char *request_id);
/* Appends "name: value" (nothing when value is empty); -1 when out of memory. */
int upstream_header_add(struct curl_slist **list, const char *name, const char *value);
/* Frees the list after wiping every line: one of them holds the token. */
void upstream_headers_free(struct curl_slist *list);
/* A request that failed (result) on a connection from libcurl's cache,
 * before any answer: sent again on a new connection (true), with a warning
 * naming host. The caller sends a request again at most once, and only
 * while none of its body has gone out. */
bool upstream_sent_again(CURLM *multi, CURL *easy, CURLcode result, const char *host);

#endif
