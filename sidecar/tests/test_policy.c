#include "policy.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[] = "/tmp/gitproxy-test-policy-XXXXXX";

static struct policy *load(const char *json, char *why, size_t whylen)
{
	FILE *f = fopen(path, "w");
	fputs(json, f);
	fclose(f);
	return policy_load(path, why, whylen);
}

int main(void)
{
	char why[300];
	int fd = mkstemp(path);
	close(fd);
	struct policy *p = load("{\"version\":1,\"git_hosts\":[{\"host\":\"github.com\",\"rule\":\"gh\"}],"
	                        "\"repos\":[{\"host\":\"github.com\",\"owner\":\"Org\",\"name\":\"Repo\",\"rule\":\"r1\"},"
	                        "{\"host\":\"github.com\",\"owner\":\"all\",\"name\":\"*\",\"rule\":\"r2\"}]}",
	                        why, sizeof why);
	ok(p != NULL, "policy: valid file loads");
	if (p) {
		ok(strcmp(policy_host_rule(p, "github.com"), "gh") == 0, "policy: host rule");
		ok(policy_host_rule(p, "evil.test") == NULL, "policy: other host denied");
		ok(strcmp(policy_repo_rule(p, "github.com", "org", "REPO"), "r1") == 0, "policy: owner/repo case-insensitive");
		ok(policy_repo_rule(p, "github.com", "org", "repo2") == NULL, "policy: other repo denied");
		ok(policy_repo_rule(p, "other.test", "org", "repo") == NULL, "policy: same repo on another host denied");
		ok(strcmp(policy_repo_rule(p, "github.com", "all", "anything"), "r2") == 0, "policy: name wildcard");
		policy_free(p);
	}
	ok(!load("{\"version\":2,\"git_hosts\":[],\"repos\":[]}", why, sizeof why), "policy: unknown version refused");
	ok(!load("{\"version\":1,\"git_hosts\":[],\"repos\":[],\"extra\":1}", why, sizeof why), "policy: unknown key refused");
	ok(!load("{\"version\":1,\"git_hosts\":[{\"host\":\"a\"}],\"repos\":[]}", why, sizeof why), "policy: missing member refused");
	ok(!load("{\"version\":1,\"git_hosts\":[{\"host\":\"a\",\"rule\":1}],\"repos\":[]}", why, sizeof why),
	   "policy: wrong type refused");
	ok(!load("{\"version\":1,", why, sizeof why) && strstr(why, "invalid JSON"), "policy: truncated JSON refused");
	ok(!policy_load("/nonexistent/gitproxy.json", why, sizeof why), "policy: missing file refused");
	unlink(path);
	return tap_done();
}
