#include "policy.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[] = "/tmp/gitproxy-test-policy-XXXXXX";

/* Every limit, as gen-configs writes them, in two parts so a test can change the last. */
#define LIMITS_BEFORE "\"limits\":{" LIMIT_ITEMS_BEFORE
#define LIMIT_ITEMS_BEFORE "\"connections\":{\"value\":256,\"rule\":\"default-connections\"}," \
	"\"transfers\":{\"value\":64,\"rule\":\"t\"}," \
	"\"request-rate\":{\"value\":30,\"per\":60,\"rule\":\"slow\"}," \
	"\"request-burst\":{\"value\":600,\"rule\":\"b\"}," \
	"\"push-rate\":{\"value\":67108864,\"per\":1,\"rule\":\"pr\"}," \
	"\"push-burst\":{\"value\":2147483648,\"rule\":\"pb\"}," \
	"\"push-size\":{\"value\":1024,\"rule\":\"ps\"}," \
	"\"head-timeout\":{\"value\":10,\"rule\":\"h\"}," \
	"\"idle-timeout\":{\"value\":60,\"rule\":\"i\"},"
#define LIMITS_LAST "\"transfer-timeout\":{\"value\":3600,\"rule\":\"tt\"}}"
#define LIMITS LIMITS_BEFORE LIMITS_LAST
#define EMPTY_V2 "{\"version\":2,\"git_hosts\":[],\"repos\":[],"

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
	struct policy *p = load("{\"version\":2,\"git_hosts\":[{\"host\":\"github.com\",\"rule\":\"gh\"}],"
	                        "\"repos\":[{\"host\":\"github.com\",\"owner\":\"Org\",\"name\":\"Repo\",\"rule\":\"r1\"},"
	                        "{\"host\":\"github.com\",\"owner\":\"all\",\"name\":\"*\",\"rule\":\"r2\"}]," LIMITS "}",
	                        why, sizeof why);
	ok(p != NULL, "policy: valid file loads");
	if (p) {
		ok(strcmp(policy_host_rule(p, "github.com"), "gh") == 0, "policy: host rule");
		ok(policy_host_rule(p, "evil.test") == NULL, "policy: other host denied");
		ok(strcmp(policy_repo_rule(p, "github.com", "org", "REPO"), "r1") == 0, "policy: owner/repo case-insensitive");
		ok(policy_repo_rule(p, "github.com", "org", "repo2") == NULL, "policy: other repo denied");
		ok(policy_repo_rule(p, "other.test", "org", "repo") == NULL, "policy: same repo on another host denied");
		ok(strcmp(policy_repo_rule(p, "github.com", "all", "anything"), "r2") == 0, "policy: name wildcard");
		const struct limit *l = policy_limit(p, LIM_REQUEST_RATE);
		ok(l->value == 30 && l->per == 60 && strcmp(l->rule, "slow") == 0 && policy_rate(p, LIM_REQUEST_RATE) == 0.5,
		   "policy: a rate limit, its period and rule");
		l = policy_limit(p, LIM_PUSH_BURST);
		ok(l->value == 2147483648ull && l->per == 1 && strcmp(l->rule, "pb") == 0, "policy: a size limit beyond 32 bits");
		ok(strcmp(policy_limit_name(LIM_TRANSFER_TIMEOUT), "transfer-timeout") == 0, "policy: limit names");
		policy_free(p);
	}
	p = load(EMPTY_V2 LIMITS "}", why, sizeof why);
	ok(p != NULL, "policy: no hosts, no repos, every limit: loads");
	policy_free(p);
	ok(!load("{\"version\":1,\"git_hosts\":[],\"repos\":[]," LIMITS "}", why, sizeof why) &&
	       strstr(why, "version 2"), "policy: version 1 refused");
	ok(!load("{\"version\":2,\"git_hosts\":[],\"repos\":[]}", why, sizeof why), "policy: no limits refused");
	ok(!load(EMPTY_V2 LIMITS ",\"extra\":1}", why, sizeof why), "policy: unknown key refused");
	ok(!load("{\"version\":2,\"git_hosts\":[{\"host\":\"a\"}],\"repos\":[]," LIMITS "}", why, sizeof why),
	   "policy: missing member refused");
	ok(!load("{\"version\":2,\"git_hosts\":[{\"host\":\"a\",\"rule\":1}],\"repos\":[]," LIMITS "}", why, sizeof why),
	   "policy: wrong type refused");
	ok(!load(EMPTY_V2 "\"limits\":{\"connections\":{\"value\":256,\"rule\":\"c\"}}}", why, sizeof why) && strstr(why, "exactly"), "policy: a missing limit refused");
	ok(!load(EMPTY_V2 LIMITS_BEFORE "\"transfer-timeout\":{\"value\":0,\"rule\":\"x\"}}}", why, sizeof why) &&
	       strstr(why, "transfer-timeout"), "policy: a zero limit refused");
	ok(!load(EMPTY_V2 LIMITS_BEFORE "\"transfer-timeout\":{\"value\":1.5,\"rule\":\"x\"}}}", why, sizeof why),
	   "policy: a fractional limit refused");
	ok(!load(EMPTY_V2 LIMITS_BEFORE "\"transfer-timeout\":{\"value\":5,\"per\":1,\"rule\":\"x\"}}}", why, sizeof why),
	   "policy: a period on a limit that is not a rate refused");
	ok(!load(EMPTY_V2 LIMITS_BEFORE "\"transfer-timeout\":{\"value\":5,\"rule\":\"\"}}}", why, sizeof why),
	   "policy: an empty rule id refused");
	ok(!load(EMPTY_V2 LIMITS_BEFORE "\"timeout\":{\"value\":5,\"rule\":\"x\"}}}", why, sizeof why),
	   "policy: an unknown limit refused");
	ok(!load(EMPTY_V2 "\"limits\":{\"connections\":{\"value\":256,\"rule\":\"c\"}," LIMIT_ITEMS_BEFORE LIMITS_LAST "}",
	         why, sizeof why),
	   "policy: a limit given twice refused");
	ok(!load("{\"version\":1,", why, sizeof why) && strstr(why, "invalid JSON"), "policy: truncated JSON refused");
	ok(!policy_load("/nonexistent/gitproxy.json", why, sizeof why), "policy: missing file refused");
	unlink(path);
	return tap_done();
}
