#include "policy.h"

#include "limits.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yajl/yajl_tree.h>

struct git_host {
	char *host, *rule;
};
struct repo_scope {
	char *host, *owner, *name, *rule;
};
struct policy {
	struct git_host *hosts;
	size_t nhosts;
	struct repo_scope *repos;
	size_t nrepos;
};

void policy_free(struct policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nhosts; i++) {
		free(p->hosts[i].host);
		free(p->hosts[i].rule);
	}
	for (size_t i = 0; i < p->nrepos; i++) {
		free(p->repos[i].host);
		free(p->repos[i].owner);
		free(p->repos[i].name);
		free(p->repos[i].rule);
	}
	free(p->hosts);
	free(p->repos);
	free(p);
}

/* Reads the whole file (bounded) into a NUL-terminated buffer. */
static char *slurp(const char *path, char *why, size_t whylen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(why, whylen, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	char *buf = malloc(LIMIT_CONFIG_BYTES + 1);
	size_t n = buf ? fread(buf, 1, LIMIT_CONFIG_BYTES + 1, f) : 0;
	int failed = !buf || ferror(f);
	fclose(f);
	if (failed || n > LIMIT_CONFIG_BYTES) {
		snprintf(why, whylen, "cannot read %s: %s", path, failed ? "read error" : "too large");
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* Copies the string members named in keys[] (all required, no others
 * allowed) of object o into out[]; returns 0 or -1 with why filled in. */
static int take_strings(yajl_val o, const char *what, const char *const keys[], size_t nkeys,
                        char **out, char *why, size_t whylen)
{
	if (!YAJL_IS_OBJECT(o) || o->u.object.len != nkeys) {
		snprintf(why, whylen, "each %s must be an object with exactly %zu members", what, nkeys);
		return -1;
	}
	for (size_t k = 0; k < nkeys; k++) {
		const char *path[] = {keys[k], NULL};
		yajl_val v = yajl_tree_get(o, path, yajl_t_string);
		const char *str = v ? YAJL_GET_STRING(v) : NULL;
		if (!str || !*str) {
			snprintf(why, whylen, "a %s lacks the string member \"%s\"", what, keys[k]);
			return -1;
		}
		if (!(out[k] = strdup(str))) {
			snprintf(why, whylen, "out of memory");
			return -1;
		}
	}
	return 0;
}

static int load_tree(yajl_val root, struct policy *p, char *why, size_t whylen)
{
	static const char *const host_keys[] = {"host", "rule"};
	static const char *const repo_keys[] = {"host", "owner", "name", "rule"};
	const char *vpath[] = {"version", NULL}, *hpath[] = {"git_hosts", NULL}, *rpath[] = {"repos", NULL};
	yajl_val version = yajl_tree_get(root, vpath, yajl_t_number);
	yajl_val hosts = yajl_tree_get(root, hpath, yajl_t_array);
	yajl_val repos = yajl_tree_get(root, rpath, yajl_t_array);

	if (!YAJL_IS_OBJECT(root) || root->u.object.len != 3 || !version || !hosts || !repos) {
		snprintf(why, whylen, "expected an object with exactly version, git_hosts and repos");
		return -1;
	}
	if (!YAJL_IS_INTEGER(version) || YAJL_GET_INTEGER(version) != 1) {
		snprintf(why, whylen, "unsupported version (this gitproxy reads version 1)");
		return -1;
	}
	size_t nh = hosts->u.array.len, nr = repos->u.array.len;
	p->hosts = calloc(nh ? nh : 1, sizeof *p->hosts);
	p->repos = calloc(nr ? nr : 1, sizeof *p->repos);
	if (!p->hosts || !p->repos) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < nh; i++) {
		char *s[2] = {NULL, NULL};
		int rc = take_strings(hosts->u.array.values[i], "git_hosts entry", host_keys, 2, s, why, whylen);
		p->hosts[p->nhosts++] = (struct git_host){s[0], s[1]};
		if (rc < 0)
			return -1;
	}
	for (size_t i = 0; i < nr; i++) {
		char *s[4] = {NULL, NULL, NULL, NULL};
		int rc = take_strings(repos->u.array.values[i], "repos entry", repo_keys, 4, s, why, whylen);
		p->repos[p->nrepos++] = (struct repo_scope){s[0], s[1], s[2], s[3]};
		if (rc < 0)
			return -1;
	}
	return 0;
}

struct policy *policy_load(const char *path, char *why, size_t whylen)
{
	char errbuf[256];
	char *text = slurp(path, why, whylen);
	if (!text)
		return NULL;
	yajl_val root = yajl_tree_parse(text, errbuf, sizeof errbuf);
	free(text);
	if (!root) {
		errbuf[strcspn(errbuf, "\n")] = '\0';
		snprintf(why, whylen, "%s: invalid JSON: %s", path, errbuf);
		return NULL;
	}
	struct policy *p = calloc(1, sizeof *p);
	char inner[200];
	if (!p || load_tree(root, p, inner, sizeof inner) < 0) {
		snprintf(why, whylen, "%s: %s", path, p ? inner : "out of memory");
		policy_free(p);
		p = NULL;
	}
	yajl_tree_free(root);
	return p;
}

const char *policy_host_rule(const struct policy *p, const char *host)
{
	for (size_t i = 0; i < p->nhosts; i++)
		if (strcmp(p->hosts[i].host, host) == 0)
			return p->hosts[i].rule;
	return NULL;
}

/* GitHub treats owner and repository names case-insensitively. */
const char *policy_repo_rule(const struct policy *p, const char *host, const char *owner,
                             const char *repo)
{
	for (size_t i = 0; i < p->nrepos; i++) {
		const struct repo_scope *s = &p->repos[i];
		if (strcmp(s->host, host) == 0 && strcasecmp(s->owner, owner) == 0 &&
		    (strcmp(s->name, "*") == 0 || strcasecmp(s->name, repo) == 0))
			return s->rule;
	}
	return NULL;
}
