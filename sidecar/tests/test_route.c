#include "route.h"
#include "tap.h"

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
	ok(refused("/git/github.com/o/r/git-upload-pack", HTTP_GET, 405), "route: GET on RPC refused");
	ok(refused("/git/github.com/o/r/info/refs?service=git-upload-pack", HTTP_POST, 405), "route: POST on info/refs refused");
	return tap_done();
}
