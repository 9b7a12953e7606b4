/* test_json_read.c: the strict reading of the JSON text: one value, no
 * comments, valid UTF-8, no U+0000, bounded depth, no key twice. Each
 * refusal after its positive control. */
#include "json_read.h"
#include "limits.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* Reads text; returns 1 if it was taken. The reason, if any, in why. */
static int reads(const char *text, size_t len, char *why, size_t whylen)
{
	why[0] = '\0';
	yajl_val v = json_read(text, len, why, whylen);
	yajl_tree_free(v);
	return v != NULL;
}

static int takes(const char *text)
{
	char why[512];
	return reads(text, strlen(text), why, sizeof why);
}

/* Refused, and the reason holds want. */
static int refuses(const char *text, size_t len, const char *want)
{
	char why[512];
	if (reads(text, len, why, sizeof why))
		return 0;
	if (!strstr(why, want)) {
		printf("# reason: %s\n", why);
		return 0;
	}
	return 1;
}

#define REFUSES(text, want) refuses(text, sizeof(text) - 1, want)

/* depth nested arrays around a 1. */
static char *nested(unsigned depth)
{
	char *s = malloc(2 * depth + 2);
	if (!s)
		exit(1);
	memset(s, '[', depth);
	s[depth] = '1';
	memset(s + depth + 1, ']', depth);
	s[2 * depth + 1] = '\0';
	return s;
}

int main(void)
{
	ok(takes("{\"services\": {\"a\": [1, true, null, \"x\"]}}"), "an object with the usual types");
	ok(REFUSES("", "no JSON in it"), "empty input: compose printed nothing");
	ok(REFUSES(" \n\t", "no JSON in it"), "white space alone");
	ok(REFUSES("{\"a\": 1", "invalid JSON"), "a document cut short");
	ok(REFUSES("{\"a\": 1} {\"b\": 2}", "invalid JSON"), "two documents");
	ok(REFUSES("{\"a\": 1} x", "invalid JSON"), "text after the document");
	ok(takes("{\"a\": 1}\n"), "a trailing newline, as compose prints");
	ok(REFUSES("{\"a\": /* no */ 1}", "invalid JSON"), "a comment (yajl_tree would allow it)");
	ok(REFUSES("{\"a\": \"\xc3\x28\"}", "invalid JSON"), "invalid UTF-8");
	ok(takes("{\"a\": \"\xc3\xa9\"}"), "valid UTF-8");
	ok(REFUSES("{\"a\": \"x\\u0000y\"}", "U+0000"), "U+0000 in a string, which the tree would cut there");
	ok(REFUSES("{\"a\\u0000b\": 1}", "U+0000"), "U+0000 in a key");
	ok(REFUSES("{\"a\": \"x\"}\0{\"b\": 1}", "invalid JSON"), "a raw NUL byte, hiding text after it");
	ok(takes("{\"a\": 1, \"b\": {\"a\": 2}}"), "the same key in two objects");
	ok(REFUSES("{\"a\": 1, \"b\": 2, \"a\": 3}", "the key \"a\" twice"), "a key twice in one object");
	ok(REFUSES("{\"s\": [{\"v\": {\"x\": 1, \"x\": 1}}]}", "the key \"x\" twice"), "a key twice, deep down");
	ok(REFUSES("{\"a\\\"\\u0001\": 1, \"a\\\"\\u0001\": 1}", "the key \"a\\x22\\x01\" twice"),
	   "the repeated key shown escaped");
	char *deep = nested(LIMIT_JSON_DEPTH);
	ok(takes(deep), "nesting %u deep", LIMIT_JSON_DEPTH);
	free(deep);
	deep = nested(LIMIT_JSON_DEPTH + 1);
	ok(refuses(deep, strlen(deep), "nested deeper"), "nesting %u deep", LIMIT_JSON_DEPTH + 1);
	free(deep);
	deep = nested(1000000);
	ok(refuses(deep, strlen(deep), "nested deeper"), "a million levels, refused without a deep recursion");
	free(deep);
	return tap_done();
}
