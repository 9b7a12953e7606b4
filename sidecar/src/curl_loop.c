#include "curl_loop.h"

#include "log.h"

#include <stdlib.h>

struct socket_watch {
	ev_io io;
	struct curl_loop *cl;
};

static void drain_finished(struct curl_loop *cl)
{
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(cl->multi, &left)))
		if (msg->msg == CURLMSG_DONE) {
			struct curl_job *job = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&job);
			job->done(job, msg->data.result);
		}
}

static void on_socket_ready(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	struct curl_loop *cl = ((struct socket_watch *)w)->cl;
	int action = (revents & EV_READ ? CURL_CSELECT_IN : 0) | (revents & EV_WRITE ? CURL_CSELECT_OUT : 0);
	int running;
	/* w may be freed inside this call (CURL_POLL_REMOVE): do not touch it after. */
	curl_multi_socket_action(cl->multi, w->fd, action, &running);
	drain_finished(cl);
}

static void on_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	struct curl_loop *cl = w->data;
	int running;
	curl_multi_socket_action(cl->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	drain_finished(cl);
}

static int on_socket_change(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	(void)easy;
	struct curl_loop *cl = userp;
	struct socket_watch *sw = socketp;
	if (what == CURL_POLL_REMOVE) {
		if (sw) {
			ev_io_stop(cl->loop, &sw->io);
			free(sw);
		}
		return 0;
	}
	int events = (what & CURL_POLL_IN ? EV_READ : 0) | (what & CURL_POLL_OUT ? EV_WRITE : 0);
	if (!sw) {
		if (!(sw = malloc(sizeof *sw))) {
			warn("unable to watch an upstream socket: out of memory");
			return -1;
		}
		sw->cl = cl;
		ev_io_init(&sw->io, on_socket_ready, fd, events);
		curl_multi_assign(cl->multi, fd, sw);
	} else {
		ev_io_stop(cl->loop, &sw->io);
		ev_io_set(&sw->io, fd, events);
	}
	ev_io_start(cl->loop, &sw->io);
	return 0;
}

static int on_timer_change(CURLM *multi, long timeout_ms, void *userp)
{
	(void)multi;
	struct curl_loop *cl = userp;
	ev_timer_stop(cl->loop, &cl->timer);
	if (timeout_ms >= 0) {
		/* 0 means "as soon as possible": the next loop iteration. */
		ev_timer_set(&cl->timer, (double)timeout_ms / 1000.0, 0.0);
		ev_timer_start(cl->loop, &cl->timer);
	}
	return 0;
}

int curl_loop_init(struct curl_loop *cl, struct ev_loop *loop)
{
	cl->loop = loop;
	if (!(cl->multi = curl_multi_init()))
		return -1;
	ev_timer_init(&cl->timer, on_timeout, 0.0, 0.0);
	cl->timer.data = cl;
	curl_multi_setopt(cl->multi, CURLMOPT_SOCKETFUNCTION, on_socket_change);
	curl_multi_setopt(cl->multi, CURLMOPT_SOCKETDATA, cl);
	curl_multi_setopt(cl->multi, CURLMOPT_TIMERFUNCTION, on_timer_change);
	curl_multi_setopt(cl->multi, CURLMOPT_TIMERDATA, cl);
	return 0;
}

void curl_loop_free(struct curl_loop *cl)
{
	ev_timer_stop(cl->loop, &cl->timer);
	curl_multi_cleanup(cl->multi);
	cl->multi = NULL;
}
