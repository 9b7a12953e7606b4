/* default_branch.c: see default_branch.h. */
#include "default_branch.h"

#include "conn.h"
#include "git_names.h"
#include "log.h"
#include "pktline.h"
#include "route.h"
#include "server.h"
#include "upstream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

struct probe;

struct head_entry {
	bool used;
	char host[sizeof ((struct route *)0)->host];
	char owner[sizeof ((struct route *)0)->owner];
	char repo[sizeof ((struct route *)0)->repo];
	enum head_state state;
	char ref[GIT_REFNAME_MAX + 1];
	char why[200];
	ev_tstamp learned;
	struct probe *probe; /* while HEAD_PENDING */
};

struct default_branches {
	struct head_entry entries[DEFAULT_BRANCH_ENTRIES];
};

/* What the probe has read of the advertisement. */
enum probe_stage { PROBE_SERVICE, PROBE_FLUSH, PROBE_FIRST_REF, PROBE_DONE };

struct probe {
	struct curl_job job; /* first: curl_loop finds the probe through it */
	struct server *server;
	struct head_entry *entry;
	CURL *easy;
	struct curl_slist *headers;
	long status;
	bool retried; /* sent again once already, on a new connection */
	enum probe_stage stage;
	enum head_state answer;
	char ref[GIT_REFNAME_MAX + 1];
	const char *why; /* HEAD_FAILED */
	struct pktline pkt;
};

static struct default_branches *table(struct server *s)
{
	if (!s->default_branches)
		s->default_branches = calloc(1, sizeof *s->default_branches);
	return s->default_branches;
}

static bool same_repo(const struct head_entry *e, const struct route *r)
{
	return e->used && strcmp(e->host, r->host) == 0 && strcasecmp(e->owner, r->owner) == 0 &&
	       strcasecmp(e->repo, r->repo) == 0;
}

/* The entry for r, or a new one in place of the oldest answer. */
static struct head_entry *entry_for(struct default_branches *t, const struct route *r, bool *fresh_slot)
{
	struct head_entry *oldest = NULL;
	*fresh_slot = false;
	for (size_t i = 0; i < DEFAULT_BRANCH_ENTRIES; i++) {
		struct head_entry *e = &t->entries[i];
		if (same_repo(e, r))
			return e;
		if (e->probe)
			continue;
		if (!oldest || !e->used || (oldest->used && e->learned < oldest->learned))
			oldest = e;
	}
	if (!oldest)
		return NULL; /* every entry has a probe running */
	memset(oldest, 0, sizeof *oldest);
	oldest->used = true;
	snprintf(oldest->host, sizeof oldest->host, "%s", r->host);
	snprintf(oldest->owner, sizeof oldest->owner, "%s", r->owner);
	snprintf(oldest->repo, sizeof oldest->repo, "%s", r->repo);
	*fresh_slot = true;
	return oldest;
}

static bool still_good(const struct server *s, const struct head_entry *e, double fresh)
{
	double age = ev_now(s->loop) - e->learned;
	return age < (e->state == HEAD_FAILED && DEFAULT_BRANCH_RETRY < fresh ? DEFAULT_BRANCH_RETRY : fresh);
}

static void probe_free(struct probe *p)
{
	curl_multi_remove_handle(p->server->curl.multi, p->easy);
	curl_easy_cleanup(p->easy);
	upstream_headers_free(p->headers);
	free(p);
}

/* "symref=HEAD:<ref>" among the space-separated capabilities. */
static void find_head(struct probe *p, const char *caps, size_t n)
{
	static const char key[] = "symref=HEAD:";
	p->answer = HEAD_NONE;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && caps[j] != ' ' && caps[j] != '\n')
			j++;
		size_t k = j - i, at;
		if (k > sizeof key - 1 && memcmp(caps + i, key, sizeof key - 1) == 0) {
			const char *ref = caps + i + sizeof key - 1;
			size_t len = k - (sizeof key - 1);
			if (len > 11 && memcmp(ref, "refs/heads/", 11) == 0 && !memchr(ref, '\0', len) &&
			    !git_refname_check(ref, len, false, &at)) {
				memcpy(p->ref, ref, len);
				p->ref[len] = '\0';
				p->answer = HEAD_KNOWN;
			} else {
				p->answer = HEAD_FAILED;
				p->why = "the upstream's HEAD is not a branch gitproxy can read";
			}
			return;
		}
		i = j + 1;
	}
}

/* The first ref line: "<oid> HEAD\0<capabilities>". An empty repository
 * sends "<zero oid> capabilities^{}" instead, and has no default branch.
 * A repository with refs but no HEAD line has a HEAD naming a branch it
 * does not have (unborn): its default branch is the one the next push may
 * create, and the advertisement does not say which, so it is unknown. */
static void first_ref(struct probe *p)
{
	const char *s = p->pkt.buf;
	size_t n = p->pkt.kept;
	const char *nul = memchr(s, '\0', n);
	size_t head = nul ? (size_t)(nul - s) : n;
	const char *sp = memchr(s, ' ', head);
	size_t name_len = sp ? (size_t)(s + head - sp - 1) : 0;
	if (p->pkt.truncated && !nul) {
		p->answer = HEAD_FAILED;
		p->why = "the upstream's first ref line is too long";
	} else if (sp && nul && name_len == 4 && memcmp(sp + 1, "HEAD", 4) == 0) {
		find_head(p, nul + 1, n - head - 1);
		if (p->answer == HEAD_NONE) {
			p->answer = HEAD_FAILED;
			p->why = p->pkt.truncated ? "the upstream's capability list is too long"
			                          : "the upstream advertises HEAD without saying which branch it is";
		}
	} else if (sp && name_len == 15 && memcmp(sp + 1, "capabilities^{}", 15) == 0) {
		p->answer = HEAD_NONE;
	} else {
		p->answer = HEAD_FAILED;
		p->why = "the upstream's HEAD names a branch it does not have, so its default branch is unknown";
	}
}

static size_t on_probe_header(char *line, size_t size, size_t nitems, void *userp)
{
	struct probe *p = userp;
	size_t n = size * nitems;
	if (n > 12 && memcmp(line, "HTTP/", 5) == 0) {
		const char *sp = memchr(line, ' ', n);
		p->status = sp ? strtol(sp + 1, NULL, 10) : 0;
	}
	return n;
}

/* Reads the advertisement a packet at a time; returns 0 (which ends the
 * transfer) once the answer is known. */
static size_t on_probe_data(char *data, size_t size, size_t nmemb, void *userp)
{
	struct probe *p = userp;
	size_t n = size * nmemb, used;
	if (p->status != 200)
		return 0; /* on_probe_done says why */
	while (n > 0 && p->stage != PROBE_DONE) {
		enum pktline_event ev = pktline_feed(&p->pkt, data, n, &used);
		data += used;
		n -= used;
		if (ev == PKTLINE_NEED_MORE)
			break;
		bool data_pkt = ev == PKTLINE_DATA;
		if (p->stage == PROBE_SERVICE && data_pkt && p->pkt.kept >= 10 && memcmp(p->pkt.buf, "# service=", 10) == 0) {
			p->stage = PROBE_FLUSH;
		} else if (p->stage == PROBE_FLUSH && ev == PKTLINE_FLUSH) {
			p->stage = PROBE_FIRST_REF;
		} else if (p->stage == PROBE_FIRST_REF && (data_pkt || ev == PKTLINE_FLUSH)) {
			if (data_pkt)
				first_ref(p);
			else
				p->answer = HEAD_NONE; /* no refs at all */
			p->stage = PROBE_DONE;
		} else {
			p->answer = HEAD_FAILED;
			p->why = "the upstream's ref advertisement is malformed";
			p->stage = PROBE_DONE;
		}
	}
	return p->stage == PROBE_DONE ? 0 : size * nmemb;
}

static void on_probe_done(struct curl_job *job, CURLcode result)
{
	struct probe *p = (struct probe *)job;
	struct head_entry *e = p->entry;
	struct server *s = p->server;
	if (!p->retried && p->status == 0 && upstream_sent_again(s->curl.multi, p->easy, result, e->host)) {
		p->retried = true;
		return;
	}
	if (p->stage != PROBE_DONE) {
		e->state = HEAD_FAILED;
		if (p->status != 200 && p->status != 0)
			snprintf(e->why, sizeof e->why, "the upstream answered the probe with HTTP %ld", p->status);
		else
			snprintf(e->why, sizeof e->why, "the probe failed: %s",
			         result != CURLE_OK ? curl_easy_strerror(result) : "the advertisement ended early");
	} else {
		e->state = p->answer;
		if (p->answer == HEAD_KNOWN)
			snprintf(e->ref, sizeof e->ref, "%s", p->ref);
		if (p->answer == HEAD_FAILED)
			snprintf(e->why, sizeof e->why, "%s", p->why);
	}
	if (e->state == HEAD_FAILED)
		warn("default branch of %s/%s on %s unknown: %s", e->owner, e->repo, e->host, e->why);
	e->learned = ev_now(s->loop);
	e->probe = NULL;
	probe_free(p);
	conn_default_branch_learned(s);
}

static void start_probe(struct server *s, struct head_entry *e)
{
	char url[600], id[17];
	unsigned char r[8];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		memset(r, 0, sizeof r);
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(id + 2 * i, 3, "%02x", r[i]);
	snprintf(url, sizeof url, "https://%s/%s/%s.git/info/refs?service=git-upload-pack", e->host, e->owner, e->repo);
	struct probe *p = calloc(1, sizeof *p);
	e->state = HEAD_FAILED;
	e->learned = ev_now(s->loop);
	snprintf(e->why, sizeof e->why, "gitproxy could not start a probe (out of memory)");
	if (!p)
		return;
	p->job.done = on_probe_done;
	p->server = s;
	p->entry = e;
	pktline_init(&p->pkt);
	p->headers = upstream_headers(s, e->host, id);
	p->easy = p->headers ? upstream_easy(s, url, p) : NULL;
	if (!p->easy || upstream_header_add(&p->headers, "User-Agent", "airlock-gitproxy") < 0) {
		if (p->easy)
			curl_easy_cleanup(p->easy);
		upstream_headers_free(p->headers);
		free(p);
		return;
	}
	CURL *h = p->easy;
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, p->headers);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, DEFAULT_BRANCH_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_probe_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, p);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_probe_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, p);
	if (curl_multi_add_handle(s->curl.multi, h) != CURLM_OK) {
		curl_easy_cleanup(h);
		upstream_headers_free(p->headers);
		free(p);
		return;
	}
	e->state = HEAD_PENDING;
	e->probe = p;
}

/* The entry for r, with a probe started when its answer is older than fresh. */
static struct head_entry *lookup(struct server *s, const struct route *r, double fresh)
{
	struct default_branches *t = table(s);
	bool fresh_slot;
	struct head_entry *e = t ? entry_for(t, r, &fresh_slot) : NULL;
	if (e && !e->probe && (fresh_slot || !still_good(s, e, fresh)))
		start_probe(s, e);
	return e;
}

void default_branch_prefetch(struct server *s, const struct route *r)
{
	lookup(s, r, DEFAULT_BRANCH_REFRESH);
}

struct head_answer default_branch_get(struct server *s, const struct route *r)
{
	struct head_entry *e = lookup(s, r, DEFAULT_BRANCH_FRESH);
	if (!e)
		return (struct head_answer){.state = HEAD_FAILED, .why = "too many default-branch probes at once"};
	return (struct head_answer){.state = e->state, .ref = e->ref, .why = e->why};
}

void default_branch_free(struct server *s)
{
	struct default_branches *t = s->default_branches;
	if (!t)
		return;
	for (size_t i = 0; i < DEFAULT_BRANCH_ENTRIES; i++)
		if (t->entries[i].probe)
			probe_free(t->entries[i].probe);
	free(t);
	s->default_branches = NULL;
}
