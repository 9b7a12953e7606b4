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
	"\"idle-timeout\":{\"value\":60,\"rule\":\"i\"}," \
	"\"session-ttl\":{\"value\":43200,\"rule\":\"st\"},"
#define LIMITS_LAST "\"transfer-timeout\":{\"value\":3600,\"rule\":\"tt\"}}"
#define LIMITS LIMITS_BEFORE LIMITS_LAST
#define EMPTY_V4 "{\"version\":4,\"git_hosts\":[],\"repos\":[],\"push\":[],"

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
	struct policy *p = load("{\"version\":4,\"git_hosts\":[{\"host\":\"github.com\",\"token\":\"github_token\",\"rule\":\"gh\"},"
	                        "{\"host\":\"ghe.test\",\"token\":null,\"rule\":\"ghe\"}],"
	                        "\"repos\":[{\"host\":\"github.com\",\"owner\":\"Org\",\"name\":\"Repo\",\"rule\":\"r1\"},"
	                        "{\"host\":\"github.com\",\"owner\":\"all\",\"name\":\"*\",\"rule\":\"r2\"}],"
	                        "\"push\":[{\"action\":\"allow\",\"pattern\":\"refs/heads/agent/*\",\"host\":\"*\","
	                        "\"owner\":\"*\",\"name\":\"*\",\"rule\":\"agent\",\"source\":\"50-push.conf:1\"},"
	                        "{\"action\":\"read-only\",\"host\":\"github.com\",\"owner\":\"Org\",\"name\":\"Mirror\","
	                        "\"rule\":\"ro\",\"source\":\"50-push.conf:2\"}]," LIMITS "}",
	                        why, sizeof why);
	ok(p != NULL, "policy: valid file loads");
	if (p) {
		ok(strcmp(policy_host_rule(p, "github.com"), "gh") == 0, "policy: host rule");
		ok(policy_host_rule(p, "evil.test") == NULL, "policy: other host denied");
		size_t nh;
		const struct git_host *gh = policy_git_hosts(p, &nh);
		ok(nh == 2 && strcmp(gh[0].token, "github_token") == 0 && gh[1].token == NULL,
		   "policy: a host's token name, and a host with none");
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
		size_t n;
		const struct push_rule *pr = policy_push_rules(p, &n);
		ok(n == 2 && pr[0].action == PUSH_RULE_ALLOW && strcmp(pr[0].pattern, "refs/heads/agent/*") == 0 &&
		       strcmp(pr[0].rule, "agent") == 0 && strcmp(pr[0].source, "50-push.conf:1") == 0,
		   "policy: an allow push rule with its pattern, id and source");
		ok(n == 2 && pr[1].action == PUSH_RULE_READ_ONLY && pr[1].pattern == NULL, "policy: a read-only rule, no pattern");
		ok(n == 2 && push_rule_applies(&pr[0], "ghe.test", "x", "y") && push_rule_applies(&pr[1], "github.com", "org", "MIRROR") &&
		       !push_rule_applies(&pr[1], "github.com", "org", "mirror2") && !push_rule_applies(&pr[1], "ghe.test", "org", "mirror"),
		   "policy: a rule's scope: every repository, or one (case-insensitive, on its host)");
		struct policy *q = policy_hold(p);
		policy_free(p);
		ok(q == p && policy_push_rules(q, &n) && n == 2, "policy: a held policy outlives its first free");
		policy_free(p);
	}
	p = load(EMPTY_V4 LIMITS "}", why, sizeof why);
	ok(p != NULL, "policy: no hosts, no repos, every limit: loads");
	policy_free(p);
	ok(!load("{\"version\":3,\"git_hosts\":[],\"repos\":[],\"push\":[]," LIMITS "}", why, sizeof why) &&
	       strstr(why, "version 4"), "policy: version 3 refused");
	ok(!load("{\"version\":4,\"git_hosts\":[],\"repos\":[]," LIMITS "}", why, sizeof why), "policy: no push member refused");
	ok(!load("{\"version\":4,\"git_hosts\":[],\"repos\":[],\"push\":[]}", why, sizeof why), "policy: no limits refused");
#define PUSH_RULE(action, pattern, scope) "{\"version\":4,\"git_hosts\":[],\"repos\":[],\"push\":[{\"action\":\"" action "\"," \
	pattern scope "\"rule\":\"x\",\"source\":\"f:1\"}]," LIMITS "}"
#define ALL "\"host\":\"*\",\"owner\":\"*\",\"name\":\"*\","
	ok(!load(PUSH_RULE("push", "\"pattern\":\"refs/heads/a\",", ALL), why, sizeof why), "policy: an unknown push action refused");
	ok(!load(PUSH_RULE("allow", "", ALL), why, sizeof why), "policy: allow without a pattern refused");
	ok(!load(PUSH_RULE("read-only", "\"pattern\":\"refs/heads/a\",", ALL), why, sizeof why),
	   "policy: read-only with a pattern refused");
	ok(!load(PUSH_RULE("protect", "\"pattern\":\"main\",", ALL), why, sizeof why) && strstr(why, "refs/"),
	   "policy: a pattern outside refs/ refused");
	ok(!load(PUSH_RULE("protect", "\"pattern\":\"refs/heads/*/*\",", ALL), why, sizeof why),
	   "policy: a pattern with two stars refused");
	ok(!load(PUSH_RULE("allow", "\"pattern\":\"refs/heads/a\",", "\"host\":\"*\",\"owner\":\"o\",\"name\":\"*\","), why,
	         sizeof why),
	   "policy: a scope of one owner on every host refused");
	p = load(PUSH_RULE("allow-delete", "\"pattern\":\"refs/heads/a/*\",", "\"host\":\"github.com\",\"owner\":\"o\",\"name\":\"*\","),
	         why, sizeof why);
	ok(p != NULL, "policy: allow-delete for one owner's repositories loads");
	policy_free(p);
	ok(!load(EMPTY_V4 LIMITS ",\"extra\":1}", why, sizeof why), "policy: unknown key refused");
	ok(!load("{\"version\":2,\"git_hosts\":[{\"host\":\"a\"}],\"repos\":[]," LIMITS "}", why, sizeof why),
	   "policy: missing member refused");
#define ONE_HOST(token) "{\"version\":4,\"git_hosts\":[{\"host\":\"a.test\",\"token\":" token ",\"rule\":\"x\"}]," \
	"\"repos\":[],\"push\":[]," LIMITS "}"
	ok(!load(ONE_HOST("\"../etc/shadow\""), why, sizeof why) && strstr(why, "not a secret's name"),
	   "policy: a token name that is a path refused");
	ok(!load(ONE_HOST("\"\""), why, sizeof why), "policy: an empty token name refused");
	ok(!load(ONE_HOST("7"), why, sizeof why), "policy: a token name that is not a string refused");
	ok(!load("{\"version\":4,\"git_hosts\":[{\"host\":\"a.test\",\"rule\":\"x\"}],\"repos\":[],\"push\":[]," LIMITS "}",
	         why, sizeof why),
	   "policy: a git_hosts entry without its token member refused");
	ok(!load("{\"version\":2,\"git_hosts\":[{\"host\":\"a\",\"rule\":1}],\"repos\":[]," LIMITS "}", why, sizeof why),
	   "policy: wrong type refused");
	ok(!load(EMPTY_V4 "\"limits\":{\"connections\":{\"value\":256,\"rule\":\"c\"}}}", why, sizeof why) && strstr(why, "exactly"), "policy: a missing limit refused");
	ok(!load(EMPTY_V4 LIMITS_BEFORE "\"transfer-timeout\":{\"value\":0,\"rule\":\"x\"}}}", why, sizeof why) &&
	       strstr(why, "transfer-timeout"), "policy: a zero limit refused");
	ok(!load(EMPTY_V4 LIMITS_BEFORE "\"transfer-timeout\":{\"value\":1.5,\"rule\":\"x\"}}}", why, sizeof why),
	   "policy: a fractional limit refused");
	ok(!load(EMPTY_V4 LIMITS_BEFORE "\"transfer-timeout\":{\"value\":5,\"per\":1,\"rule\":\"x\"}}}", why, sizeof why),
	   "policy: a period on a limit that is not a rate refused");
	ok(!load(EMPTY_V4 LIMITS_BEFORE "\"transfer-timeout\":{\"value\":5,\"rule\":\"\"}}}", why, sizeof why),
	   "policy: an empty rule id refused");
	ok(!load(EMPTY_V4 LIMITS_BEFORE "\"timeout\":{\"value\":5,\"rule\":\"x\"}}}", why, sizeof why),
	   "policy: an unknown limit refused");
	ok(!load(EMPTY_V4 "\"limits\":{\"connections\":{\"value\":256,\"rule\":\"c\"}," LIMIT_ITEMS_BEFORE LIMITS_LAST "}",
	         why, sizeof why),
	   "policy: a limit given twice refused");
	ok(!load("{\"version\":1,", why, sizeof why) && strstr(why, "invalid JSON"), "policy: truncated JSON refused");
	ok(!policy_load("/nonexistent/gitproxy.json", why, sizeof why), "policy: missing file refused");
	unlink(path);
	return tap_done();
}
