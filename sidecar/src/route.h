/* route.h: the only paths gitproxy serves:
 *   /git/<host>/<owner>/<repo>[.git]/info/refs?service=git-upload-pack|git-receive-pack  (GET)
 *   /git/<host>/<owner>/<repo>[.git]/git-upload-pack                                   (POST)
 *   /git/<host>/<owner>/<repo>[.git]/git-receive-pack                                  (POST)
 * route_parse() returns 0 and fills *r, or -1 with a one-line reason in
 * r->reason and the status in r->status (404 for a path that is not one of
 * these, 405 for the wrong method). Owner and repository follow GitHub's
 * grammar as git_names.h has it (one ".git" is stripped from the path's
 * repository segment first); no percent-encoding, empty, dot or extra
 * segment is accepted. */
#ifndef GITPROXY_ROUTE_H
#define GITPROXY_ROUTE_H

#include "git_names.h"
#include "http_request.h"

enum git_service { SERVICE_UPLOAD_PACK, SERVICE_RECEIVE_PACK };
enum git_endpoint { ENDPOINT_INFO_REFS, ENDPOINT_RPC };

struct route {
	char host[254];
	char owner[GIT_OWNER_MAX + 1];
	char repo[GIT_REPO_MAX + 1]; /* without ".git" */
	enum git_endpoint endpoint;
	enum git_service service;
	int status;
	const char *reason;
};

int route_parse(const char *target, enum http_method method, struct route *r);
const char *route_service_name(enum git_service s);

#endif
