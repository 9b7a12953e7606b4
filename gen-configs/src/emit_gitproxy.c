/* emit_gitproxy.c: gitproxy.json, schema version 1 (docs/architecture.md):
 *   {"version":1,"git_hosts":[{"host","rule"}...],
 *    "repos":[{"host","owner","name","rule"}...]}
 * keys in that order, arrays in input order, two-space indentation. JSON
 * has no comments, so this file has no header. */
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_gen.h>

static void check(yajl_gen_status st)
{
	if (st == yajl_gen_status_ok)
		return;
	fprintf(stderr, "gen-configs: fatal: unable to generate gitproxy.json: yajl status %d\n", (int)st);
	exit(111);
}

static void put_string(yajl_gen g, const char *s)
{
	check(yajl_gen_string(g, (const unsigned char *)s, strlen(s)));
}

static void put_member(yajl_gen g, const char *key, const char *value)
{
	put_string(g, key);
	put_string(g, value);
}

void emit_gitproxy_json(struct buf *b, const struct ruleset *rs)
{
	yajl_gen g = yajl_gen_alloc(NULL);
	if (!g) {
		fputs("gen-configs: fatal: unable to generate gitproxy.json: out of memory\n", stderr);
		exit(111);
	}
	yajl_gen_config(g, yajl_gen_beautify, 1);
	yajl_gen_config(g, yajl_gen_indent_string, "  ");
	yajl_gen_config(g, yajl_gen_validate_utf8, 1);
	check(yajl_gen_map_open(g));
	put_string(g, "version");
	check(yajl_gen_integer(g, 1));
	put_string(g, "git_hosts");
	check(yajl_gen_array_open(g));
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->dropped || r->kind != RULE_GIT_HOST)
			continue;
		check(yajl_gen_map_open(g));
		put_member(g, "host", r->host);
		put_member(g, "rule", r->id);
		check(yajl_gen_map_close(g));
	}
	check(yajl_gen_array_close(g));
	put_string(g, "repos");
	check(yajl_gen_array_open(g));
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->dropped || r->kind != RULE_REPO)
			continue;
		check(yajl_gen_map_open(g));
		put_member(g, "host", r->host);
		put_member(g, "owner", r->owner);
		put_member(g, "name", r->repo);
		put_member(g, "rule", r->id);
		check(yajl_gen_map_close(g));
	}
	check(yajl_gen_array_close(g));
	check(yajl_gen_map_close(g));
	const unsigned char *out;
	size_t len;
	check(yajl_gen_get_buf(g, &out, &len));
	buf_put(b, (const char *)out, len);
	if (len == 0 || out[len - 1] != '\n')
		buf_put(b, "\n", 1);
	yajl_gen_free(g);
}
