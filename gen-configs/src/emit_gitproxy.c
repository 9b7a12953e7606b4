/* emit_gitproxy.c: gitproxy.json, schema version 4 (docs/architecture.md):
 *   {"version":4,"git_hosts":[{"host","token","rule"}...],
 *    "repos":[{"host","owner","name","rule"}...],
 *    "push":[{"action"[,"pattern"],"host","owner","name","rule","source"}...],
 *    "limits":{NAME:{"value"[,"per"],"rule"}...}}
 * keys in that order, arrays in input order, every limit present (in
 * limit_defs order, its default with rule "default-NAME" when no fragment
 * sets it; "per" for rates only), two-space indentation. JSON has no
 * comments, so this file has no header. */
#include "emit.h"
#include "limit_directive.h"
#include "limits.h"

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

/* A push rule without repo= is written with "*" for host, owner and name:
 * gitproxy matches every repository then. */
static void put_push(yajl_gen g, const struct ruleset *rs)
{
	put_string(g, "push");
	check(yajl_gen_array_open(g));
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->dropped || r->kind != RULE_PUSH)
			continue;
		char source[LIMIT_PATH_BYTES + 32];
		snprintf(source, sizeof source, "%s:%u", rs->sources[r->source].basename, r->line);
		check(yajl_gen_map_open(g));
		put_member(g, "action", push_action_name(r->action));
		if (r->pattern)
			put_member(g, "pattern", r->pattern);
		put_member(g, "host", r->host);
		put_member(g, "owner", r->owner);
		put_member(g, "name", r->repo);
		put_member(g, "rule", r->id);
		put_member(g, "source", source);
		check(yajl_gen_map_close(g));
	}
	check(yajl_gen_array_close(g));
}

static const struct rule *limit_rule(const struct ruleset *rs, size_t def)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!rs->rules[i].dropped && rs->rules[i].kind == RULE_LIMIT && (size_t)rs->rules[i].limit == def)
			return &rs->rules[i];
	return NULL;
}

static void put_limits(yajl_gen g, const struct ruleset *rs)
{
	put_string(g, "limits");
	check(yajl_gen_map_open(g));
	for (size_t i = 0; i < limit_def_count; i++) {
		const struct limit_def *def = &limit_defs[i];
		const struct rule *r = limit_rule(rs, i);
		char default_id[64];
		snprintf(default_id, sizeof default_id, "default-%s", def->name);
		put_string(g, def->name);
		check(yajl_gen_map_open(g));
		put_string(g, "value");
		check(yajl_gen_integer(g, (long long)(r ? r->value : def->default_value)));
		if (def->unit == LIMIT_UNIT_COUNT_RATE || def->unit == LIMIT_UNIT_BYTE_RATE) {
			put_string(g, "per");
			check(yajl_gen_integer(g, r ? r->per : def->default_per));
		}
		put_member(g, "rule", r ? r->id : default_id);
		check(yajl_gen_map_close(g));
	}
	check(yajl_gen_map_close(g));
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
	check(yajl_gen_integer(g, 4));
	put_string(g, "git_hosts");
	check(yajl_gen_array_open(g));
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->dropped || r->kind != RULE_GIT_HOST)
			continue;
		check(yajl_gen_map_open(g));
		put_member(g, "host", r->host);
		put_string(g, "token");
		if (r->token)
			put_string(g, r->token);
		else
			check(yajl_gen_null(g));
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
	put_push(g, rs);
	put_limits(g, rs);
	check(yajl_gen_map_close(g));
	const unsigned char *out;
	size_t len;
	check(yajl_gen_get_buf(g, &out, &len));
	buf_put(b, (const char *)out, len);
	if (len == 0 || out[len - 1] != '\n')
		buf_put(b, "\n", 1);
	yajl_gen_free(g);
}
