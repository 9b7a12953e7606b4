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

/* Copies the segment starting at *p up to the next '/' into out (cap bytes
 * with NUL) if every byte satisfies ok(); advances *p past the '/'. */
static bool take_segment(const char **p, char *out, size_t cap, bool (*ok)(char))
{
	const char *s = *p, *slash = strchr(s, '/');
	if (!slash)
		return false;
	size_t n = (size_t)(slash - s);
	if (n == 0 || n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!ok(s[i]))
			return false;
	memcpy(out, s, n);
	out[n] = '\0';
	*p = slash + 1;
	return true;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
static bool host_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'; }
static bool owner_char(char c) { return is_alnum(c) || c == '-'; }
static bool repo_char(char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; }

/* Lowercase LDH labels separated by single dots. */
static bool valid_host(const char *h)
{
	size_t label = 0;
	for (const char *c = h;; c++) {
		if (*c == '.' || *c == '\0') {
			if (label == 0 || label > 63 || c[-1] == '-' || c[-(long)label] == '-')
				return false;
			if (*c == '\0')
				return true;
			label = 0;
		} else {
			label++;
		}
	}
}

int route_parse(const char *target, enum http_method method, struct route *r)
{
	memset(r, 0, sizeof *r);
	const char *p = target;
	if (strncmp(p, "/git/", 5) != 0)
		return refuse(r, 404, "not a git path: expected /git/<host>/<owner>/<repo>.git/...");
	p += 5;
	if (!take_segment(&p, r->host, sizeof r->host, host_char) || !valid_host(r->host))
		return refuse(r, 404, "malformed upstream host in the path");
	if (!take_segment(&p, r->owner, sizeof r->owner, owner_char) || r->owner[0] == '-')
		return refuse(r, 404, "malformed repository owner in the path");
	if (!take_segment(&p, r->repo, sizeof r->repo, repo_char))
		return refuse(r, 404, "malformed repository name in the path");
	size_t n = strlen(r->repo);
	if (n > 4 && strcmp(r->repo + n - 4, ".git") == 0)
		r->repo[n - 4] = '\0';
	if (strcmp(r->repo, ".") == 0 || strcmp(r->repo, "..") == 0 || strcmp(r->repo, ".git") == 0)
		return refuse(r, 404, "malformed repository name in the path");

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
