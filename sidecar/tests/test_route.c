#include "route.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

static struct route r;

static int good(const char *target, enum http_method m)
{
	return route_parse(target, m, &r) == 0;
}

static int refused(const char *target, enum http_method m, int status)
{
	return route_parse(target, m, &r) < 0 && r.status == status;
}

/* An upload-pack RPC path for owner and a repository of n 'r's followed
 * by suffix. */
static const char *repo_path(const char *owner, size_t n, const char *suffix)
{
	static char path[512];
	int k = snprintf(path, sizeof path, "/git/github.com/%s/", owner);
	memset(path + k, 'r', n);
	snprintf(path + k + (int)n, sizeof path - (size_t)k - n, "%s/git-upload-pack", suffix);
	return path;
}

static int repo_is(size_t n)
{
	return strlen(r.repo) == n && strspn(r.repo, "r") == n;
}

int main(void)
{
	ok(good("/git/github.com/airlock-test/allowed.git/info/refs?service=git-upload-pack", HTTP_GET) &&
	   strcmp(r.host, "github.com") == 0 && strcmp(r.owner, "airlock-test") == 0 &&
	   strcmp(r.repo, "allowed") == 0 && r.endpoint == ENDPOINT_INFO_REFS && r.service == SERVICE_UPLOAD_PACK,
	   "route: info/refs upload-pack");
	ok(good("/git/github.com/o/r/info/refs?service=git-receive-pack", HTTP_GET) && r.service == SERVICE_RECEIVE_PACK &&
	   strcmp(r.repo, "r") == 0, "route: without .git, receive-pack");
	ok(good("/git/github.com/o/r.git/git-upload-pack", HTTP_POST) && r.endpoint == ENDPOINT_RPC, "route: upload-pack RPC");
	ok(good("/git/github.com/o/r.git/git-receive-pack", HTTP_POST) && r.service == SERVICE_RECEIVE_PACK, "route: receive-pack RPC");
	ok(good("/git/ghe.example.test/Some-Org/my_repo.v2.git/git-upload-pack", HTTP_POST) &&
	   strcmp(r.repo, "my_repo.v2") == 0, "route: other host, dots and underscores");

	ok(refused("/", HTTP_GET, 404), "route: root refused");
	ok(refused("/git/github.com/o/r.git/info/refs", HTTP_GET, 404), "route: info/refs without service refused");
	ok(refused("/git/github.com/o/r.git/info/refs?service=git-upload-pack&x=1", HTTP_GET, 404), "route: extra query refused");
	ok(refused("/git/github.com/o/r.git/info/refs?service=git-upload-archive", HTTP_GET, 404), "route: other service refused");
	ok(refused("/git/github.com/o/r.git/git-upload-pack?x", HTTP_POST, 404), "route: query on RPC refused");
	ok(refused("/git/github.com/o/r.git/HEAD", HTTP_GET, 404), "route: dumb-HTTP path refused");
	ok(refused("/git/github.com/o/r.git/objects/info/packs", HTTP_GET, 404), "route: object path refused");
	ok(refused("/git/github.com/o/../r.git/git-upload-pack", HTTP_POST, 404), "route: dot-dot owner refused");
	ok(refused("/git/github.com/o/...git/git-upload-pack", HTTP_POST, 404), "route: dot-dot repo (with .git) refused");
	ok(refused("/git/github.com/o/..//git-upload-pack", HTTP_POST, 404), "route: empty segment refused");
	ok(refused("/git/github.com/o/%2e%2e/git-upload-pack", HTTP_POST, 404), "route: percent-encoded dots refused");
	ok(refused("/git/github.com/o%2fx/r/git-upload-pack", HTTP_POST, 404), "route: encoded slash refused");
	ok(refused("/git/github.com//o/r/git-upload-pack", HTTP_POST, 404), "route: double slash refused");
	ok(refused("/git/GitHub.com/o/r/git-upload-pack", HTTP_POST, 404), "route: uppercase host refused");
	ok(refused("/git/github.com./o/r/git-upload-pack", HTTP_POST, 404), "route: trailing-dot host refused");
	ok(refused("/git/-x.com/o/r/git-upload-pack", HTTP_POST, 404), "route: host label starting with '-' refused");
	ok(refused("/git/github.com/-o/r/git-upload-pack", HTTP_POST, 404), "route: owner starting with '-' refused");
	ok(refused("/git/github.com/o/.git/git-upload-pack", HTTP_POST, 404), "route: repo named .git refused");
	ok(refused("/git/github.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/r/git-upload-pack", HTTP_POST, 404),
	   "route: owner over 39 characters refused");
	ok(good(repo_path("o", 100, ""), HTTP_POST) && repo_is(100), "route: 100-byte repository name");
	ok(good(repo_path("o", 100, ".git"), HTTP_POST) && repo_is(100), "route: 100-byte repository name with .git");
	ok(good(repo_path("o", 97, ".git"), HTTP_POST) && repo_is(97), "route: 97-byte repository name with .git");
	ok(refused(repo_path("o", 101, ""), HTTP_POST, 404) && strcmp(r.reason, "malformed repository name in the path") == 0,
	   "route: 101-byte repository name refused");
	ok(refused(repo_path("o", 101, ".git"), HTTP_POST, 404), "route: 101-byte repository name with .git refused");
	ok(refused(repo_path("o", 1, ".git.git"), HTTP_POST, 404), "route: a name still ending in .git once one is stripped refused");
	ok(good(repo_path("a23456789012345678901234567890123456789", 1, ""), HTTP_POST) && strlen(r.owner) == 39,
	   "route: 39-byte owner");
	ok(refused(repo_path("o%41", 1, ""), HTTP_POST, 404) && strcmp(r.reason, "malformed repository owner in the path") == 0,
	   "route: percent in the owner refused with the owner's reason");
	ok(refused("/git/github.com/o/r/git-upload-pack", HTTP_GET, 405), "route: GET on RPC refused");
	ok(refused("/git/github.com/o/r/info/refs?service=git-upload-pack", HTTP_POST, 405), "route: POST on info/refs refused");
	return tap_done();
}
