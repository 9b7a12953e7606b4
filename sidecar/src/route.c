#include "route.h"

#include <stdbool.h>
#include <string.h>

static int refuse(struct route *r, int status, const char *reason)
{
	r->status = status;
	r->reason = reason;
	return -1;
}

const char *route_service_name(enum git_service s)
{
	return s == SERVICE_UPLOAD_PACK ? "git-upload-pack" : "git-receive-pack";
}

/* The segment starting at *p, up to the next '/': returns its start and
 * length and moves *p past the '/'; NULL if no '/' follows. */
static const char *take_segment(const char **p, size_t *n)
{
	const char *s = *p, *slash = strchr(s, '/');
	if (!slash)
		return NULL;
	*n = (size_t)(slash - s);
	*p = slash + 1;
	return s;
}

/* Lowercase LDH labels separated by single dots. */
static bool valid_host(const char *h, size_t n)
{
	size_t label = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || h[i] == '.') {
			if (label == 0 || label > 63 || h[i - 1] == '-' || h[i - label] == '-')
				return false;
			label = 0;
		} else if ((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= '0' && h[i] <= '9') || h[i] == '-') {
			label++;
		} else {
			return false;
		}
	}
	return true;
}

int route_parse(const char *target, enum http_method method, struct route *r)
{
	memset(r, 0, sizeof *r);
	const char *p = target;
	if (strncmp(p, "/git/", 5) != 0)
		return refuse(r, 404, "not a git path: expected /git/<host>/<owner>/<repo>.git/...");
	p += 5;
	size_t n, at;
	const char *seg = take_segment(&p, &n);
	if (!seg || n >= sizeof r->host || !valid_host(seg, n))
		return refuse(r, 404, "malformed upstream host in the path");
	memcpy(r->host, seg, n);
	/* Owner and repository: the grammar gen-configs judges rules by. */
	seg = take_segment(&p, &n);
	if (!seg || git_owner_check(seg, n, &at))
		return refuse(r, 404, "malformed repository owner in the path");
	memcpy(r->owner, seg, n);
	seg = take_segment(&p, &n);
	if (seg && n >= 4 && memcmp(seg + n - 4, ".git", 4) == 0)
		n -= 4;
	if (!seg || git_repo_check(seg, n, &at))
		return refuse(r, 404, "malformed repository name in the path");
	memcpy(r->repo, seg, n);

	if (strncmp(p, "info/refs?service=", 18) == 0) {
		r->endpoint = ENDPOINT_INFO_REFS;
		p += 18;
		if (strcmp(p, "git-upload-pack") == 0)
			r->service = SERVICE_UPLOAD_PACK;
		else if (strcmp(p, "git-receive-pack") == 0)
			r->service = SERVICE_RECEIVE_PACK;
		else
			return refuse(r, 404, "unknown git service");
		if (method != HTTP_GET)
			return refuse(r, 405, "info/refs takes GET");
	} else if (strcmp(p, "git-upload-pack") == 0 || strcmp(p, "git-receive-pack") == 0) {
		r->endpoint = ENDPOINT_RPC;
		r->service = p[4] == 'u' ? SERVICE_UPLOAD_PACK : SERVICE_RECEIVE_PACK;
		if (method != HTTP_POST)
			return refuse(r, 405, "git-upload-pack and git-receive-pack take POST");
	} else {
		return refuse(r, 404, "not a git endpoint: expected info/refs, git-upload-pack or git-receive-pack");
	}
	return 0;
}
