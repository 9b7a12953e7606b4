/* tokens.c: each host gets the header of its own token, a host without
 * one gets none, and a token that cannot be read refuses the policy. */
#include "policy.h"
#include "tap.h"
#include "tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LIMITS "\"limits\":{" \
	"\"connections\":{\"value\":256,\"rule\":\"c\"},\"transfers\":{\"value\":64,\"rule\":\"t\"}," \
	"\"request-rate\":{\"value\":30,\"per\":60,\"rule\":\"r\"},\"request-burst\":{\"value\":600,\"rule\":\"b\"}," \
	"\"push-rate\":{\"value\":67108864,\"per\":1,\"rule\":\"pr\"},\"push-burst\":{\"value\":2147483648,\"rule\":\"pb\"}," \
	"\"push-size\":{\"value\":1024,\"rule\":\"ps\"},\"head-timeout\":{\"value\":10,\"rule\":\"h\"}," \
	"\"idle-timeout\":{\"value\":60,\"rule\":\"i\"},\"session-ttl\":{\"value\":43200,\"rule\":\"st\"}," \
	"\"transfer-timeout\":{\"value\":3600,\"rule\":\"tt\"}}"

static char dir[] = "/tmp/gitproxy-test-tokens-XXXXXX";
static char config[4200], token_a[4200], token_b[4200];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static struct policy *policy_of(const char *hosts)
{
	char json[8192], why[300];
	snprintf(json, sizeof json, "{\"version\":4,\"git_hosts\":[%s],\"repos\":[],\"push\":[]," LIMITS "}", hosts);
	write_file(config, json);
	struct policy *p = policy_load(config, why, sizeof why);
	if (!p)
		fprintf(stderr, "# %s\n", why);
	return p;
}

int main(void)
{
	char why[600];
	if (!mkdtemp(dir))
		return 111;
	snprintf(config, sizeof config, "%s/gitproxy.json", dir);
	snprintf(token_a, sizeof token_a, "%s/token_a", dir);
	snprintf(token_b, sizeof token_b, "%s/token_b", dir);
	write_file(token_a, "secret-a\n");
	write_file(token_b, "secret-b");

	struct policy *p = policy_of("{\"host\":\"a.test\",\"token\":\"token_a\",\"rule\":\"ra\"},"
	                             "{\"host\":\"b.test\",\"token\":\"token_b\",\"rule\":\"rb\"},"
	                             "{\"host\":\"c.test\",\"token\":null,\"rule\":\"rc\"}");
	struct tokens *t = p ? tokens_load(p, dir, why, sizeof why) : NULL;
	ok(t != NULL, "tokens: every named token read");
	if (t) {
		/* base64("x-access-token:secret-a"), base64("x-access-token:secret-b") */
		const char *a = tokens_header(t, "a.test"), *b = tokens_header(t, "b.test");
		ok(a && strcmp(a, "Authorization: Basic eC1hY2Nlc3MtdG9rZW46c2VjcmV0LWE=") == 0,
		   "tokens: a host's header carries its own token, newline dropped");
		ok(b && strcmp(b, "Authorization: Basic eC1hY2Nlc3MtdG9rZW46c2VjcmV0LWI=") == 0,
		   "tokens: another host's header carries the other token");
		ok(tokens_header(t, "c.test") == NULL, "tokens: a host whose rule names no token gets no header");
		ok(tokens_header(t, "d.test") == NULL, "tokens: a host with no rule gets no header");
	}
	tokens_free(t);
	policy_free(p);

	p = policy_of("{\"host\":\"a.test\",\"token\":\"missing_token\",\"rule\":\"ra\"}");
	t = p ? tokens_load(p, dir, why, sizeof why) : NULL;
	ok(p && !t && strstr(why, "git-host a.test (rule ra)") && strstr(why, "missing_token"),
	   "tokens: a missing token file refused, naming the host, its rule and the file");
	tokens_free(t);
	policy_free(p);

	write_file(token_a, "two\nlines\n");
	p = policy_of("{\"host\":\"a.test\",\"token\":\"token_a\",\"rule\":\"ra\"}");
	t = p ? tokens_load(p, dir, why, sizeof why) : NULL;
	ok(p && !t, "tokens: a token that is not one line of visible ASCII refused");
	tokens_free(t);
	policy_free(p);

	p = policy_of("");
	t = p ? tokens_load(p, dir, why, sizeof why) : NULL;
	ok(t != NULL && tokens_header(t, "a.test") == NULL, "tokens: no git hosts, no tokens");
	tokens_free(t);
	policy_free(p);

	unlink(token_a);
	unlink(token_b);
	unlink(config);
	rmdir(dir);
	return tap_done();
}
