/* curl_loop.h: libcurl's multi_socket interface driven by a libev loop.
 * libcurl tells us which sockets to watch (socket callback -> ev_io
 * watchers) and when to call it back (timer callback -> one ev_timer); we
 * tell it what happened with curl_multi_socket_action().
 *
 * Every easy handle added to the multi handle has a struct curl_job as its
 * CURLOPT_PRIVATE (the first member of the owner's struct: a relayed
 * transfer, a default-branch probe). When the transfer is finished its
 * job's done() is called, outside any libcurl callback; done() must remove
 * and clean up the easy handle. */
#ifndef GITPROXY_CURL_LOOP_H
#define GITPROXY_CURL_LOOP_H

#include <curl/curl.h>
#include <ev.h>

struct curl_job {
	void (*done)(struct curl_job *job, CURLcode result);
};

struct curl_loop {
	struct ev_loop *loop;
	CURLM *multi;
	ev_timer timer;
};

/* 0, or -1 if libcurl could not make a multi handle. */
int curl_loop_init(struct curl_loop *cl, struct ev_loop *loop);
void curl_loop_free(struct curl_loop *cl);

#endif
