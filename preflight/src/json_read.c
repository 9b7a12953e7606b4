/* json_read.c: see json_read.h. yajl reads the text twice: a first pass
 * with callbacks of our own checks what yajl_tree cannot (depth, NUL in a
 * string) with comments off, so the tree parser, which allows comments,
 * only ever sees text that passed. */
#include "json_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "limits.h"
#include "shown.h"

struct scan {
	unsigned depth;
	const char *refusal; /* why the scan stopped, when a callback stopped it */
};

static int scan_open(void *ctx)
{
	struct scan *s = ctx;
	if (++s->depth > LIMIT_JSON_DEPTH) {
		s->refusal = "nested deeper than the compose configuration ever is";
		return 0;
	}
	return 1;
}

static int scan_close(void *ctx)
{
	((struct scan *)ctx)->depth--;
	return 1;
}

static int scan_string(void *ctx, const unsigned char *s, size_t n)
{
	if (memchr(s, '\0', n)) {
		((struct scan *)ctx)->refusal = "a string holds the character U+0000";
		return 0;
	}
	return 1;
}

static const yajl_callbacks scan_callbacks = {
	.yajl_string = scan_string,
	.yajl_start_map = scan_open,
	.yajl_map_key = scan_string,
	.yajl_end_map = scan_close,
	.yajl_start_array = scan_open,
	.yajl_end_array = scan_close,
};

/* Returns 0 if the text is one strict JSON value within the limits. */
static int scan(const char *text, size_t len, char *why, size_t whylen)
{
	struct scan s = {0, NULL};
	yajl_handle h = yajl_alloc(&scan_callbacks, NULL, &s);
	if (!h) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	yajl_status st = yajl_parse(h, (const unsigned char *)text, len);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(h);
	int rc = 0;
	if (st != yajl_status_ok) {
		size_t at = yajl_get_bytes_consumed(h);
		if (s.refusal) {
			snprintf(why, whylen, "invalid JSON near byte %zu: %s", at, s.refusal);
		} else {
			unsigned char *e = yajl_get_error(h, 0, (const unsigned char *)text, len);
			size_t n = e ? strcspn((const char *)e, "\n") : 0;
			snprintf(why, whylen, "invalid JSON near byte %zu: %.*s", at, (int)n, e ? (const char *)e : "");
			yajl_free_error(h, e);
		}
		rc = -1;
	}
	yajl_free(h);
	return rc;
}

static int key_order(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Returns the first key found twice in one object of v, or NULL. The scan
 * bounded the depth, so the recursion is bounded too. */
static const char *duplicate_key(yajl_val v, int *oom)
{
	if (YAJL_IS_ARRAY(v)) {
		for (size_t i = 0; i < v->u.array.len; i++) {
			const char *d = duplicate_key(v->u.array.values[i], oom);
			if (d || *oom)
				return d;
		}
		return NULL;
	}
	if (!YAJL_IS_OBJECT(v) || v->u.object.len == 0)
		return NULL;
	size_t n = v->u.object.len;
	const char **keys = malloc(n * sizeof *keys);
	if (!keys) {
		*oom = 1;
		return NULL;
	}
	memcpy(keys, v->u.object.keys, n * sizeof *keys);
	qsort(keys, n, sizeof *keys, key_order);
	const char *d = NULL;
	for (size_t i = 1; i < n && !d; i++)
		if (strcmp(keys[i - 1], keys[i]) == 0)
			d = keys[i];
	free(keys);
	for (size_t i = 0; i < n && !d && !*oom; i++)
		d = duplicate_key(v->u.object.values[i], oom);
	return d;
}

yajl_val json_read(const char *text, size_t len, char *why, size_t whylen)
{
	if (strspn(text, " \t\r\n") == len) {
		snprintf(why, whylen, "no JSON in it (did docker compose config fail?)");
		return NULL;
	}
	if (scan(text, len, why, whylen) != 0)
		return NULL;
	char err[256];
	yajl_val doc = yajl_tree_parse(text, err, sizeof err);
	if (!doc) {
		snprintf(why, whylen, "unable to build the JSON tree: %.*s", (int)strcspn(err, "\n"), err);
		return NULL;
	}
	int oom = 0;
	const char *d = duplicate_key(doc, &oom);
	if (oom || d) {
		char b[SHOWN_BYTES];
		snprintf(why, whylen, oom ? "out of memory" : "invalid JSON: an object has the key \"%s\" twice",
		         oom ? "" : shown(d, b));
		yajl_tree_free(doc);
		return NULL;
	}
	return doc;
}
