/* tokens.c: see tokens.h. */
#include "tokens.h"

#include "base64.h"
#include "secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct host_token {
	char *host;
	char *header;
};

struct tokens {
	struct host_token *v;
	size_t n;
};

#define HEADER_PREFIX "Authorization: Basic "
#define BASIC_USER "x-access-token:"

static char *header_for(const struct secret *token)
{
	size_t plain_len = sizeof BASIC_USER - 1 + token->len;
	unsigned char *plain = malloc(plain_len);
	char *header = malloc(sizeof HEADER_PREFIX - 1 + BASE64_ENCODED_SIZE(plain_len));
	if (plain && header) {
		memcpy(plain, BASIC_USER, sizeof BASIC_USER - 1);
		memcpy(plain + sizeof BASIC_USER - 1, token->bytes, token->len);
		memcpy(header, HEADER_PREFIX, sizeof HEADER_PREFIX - 1);
		base64_encode(plain, plain_len, header + sizeof HEADER_PREFIX - 1);
	} else {
		free(header);
		header = NULL;
	}
	if (plain)
		explicit_bzero(plain, plain_len);
	free(plain);
	return header;
}

struct tokens *tokens_load(const struct policy *p, const char *dir, char *why, size_t whylen)
{
	size_t n;
	const struct git_host *hosts = policy_git_hosts(p, &n);
	struct tokens *t = calloc(1, sizeof *t);
	if (!t || !(t->v = calloc(n ? n : 1, sizeof *t->v))) {
		free(t);
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!hosts[i].token)
			continue;
		char path[4096];
		struct secret token = {0};
		const char *fail = NULL;
		snprintf(path, sizeof path, "%s/%s", dir, hosts[i].token);
		if (secret_read(path, &token, &fail) < 0) {
			snprintf(why, whylen, "git-host %s (rule %s): unable to read its token %s: %s", hosts[i].host,
			         hosts[i].rule, path, fail);
			tokens_free(t);
			return NULL;
		}
		struct host_token *h = &t->v[t->n++];
		h->host = strdup(hosts[i].host);
		h->header = header_for(&token);
		secret_free(&token);
		if (!h->host || !h->header) {
			snprintf(why, whylen, "out of memory");
			tokens_free(t);
			return NULL;
		}
	}
	return t;
}

void tokens_free(struct tokens *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].host);
		if (t->v[i].header) {
			explicit_bzero(t->v[i].header, strlen(t->v[i].header));
			free(t->v[i].header);
		}
	}
	free(t->v);
	free(t);
}

const char *tokens_header(const struct tokens *t, const char *host)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].host, host) == 0)
			return t->v[i].header;
	return NULL;
}
