/* curl_loop.h: libcurl's multi_socket interface driven by a libev loop.
 * libcurl tells us which sockets to watch (socket callback -> ev_io
 * watchers) and when to call it back (timer callback -> one ev_timer); we
 * tell it what happened with curl_multi_socket_action(). Finished transfers
 * are handed to on_done, outside any libcurl callback, which must remove and
 * clean up the easy handle. */
#ifndef GITPROXY_CURL_LOOP_H
#define GITPROXY_CURL_LOOP_H

#include <curl/curl.h>
#include <ev.h>

struct curl_loop {
	struct ev_loop *loop;
	CURLM *multi;
	ev_timer timer;
	void (*on_done)(CURL *easy, CURLcode result);
};

/* 0, or -1 if libcurl could not make a multi handle. */
int curl_loop_init(struct curl_loop *cl, struct ev_loop *loop, void (*on_done)(CURL *, CURLcode));
void curl_loop_free(struct curl_loop *cl);

#endif
