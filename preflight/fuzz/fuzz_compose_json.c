/* libFuzzer: the JSON reading and the judgement of a whole document.
 * Beyond "no crash":
 *   - a document json_read() took, written again by yajl_gen, is taken
 *     again, judged the same to the byte, and written the same again: the
 *     judgement depends on the document, not on how its JSON is spelled;
 *   - privileged: true, the Docker socket bound in, or a secret the
 *     sidecar receives (every one is a token), added to the sandbox of any
 *     document with a services object, is refused whatever else the
 *     document says: nothing in it can hide a dangerous key. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "json_read.h"
#include "preflight.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum inject { INJECT_NONE, INJECT_PRIVILEGED, INJECT_SOCKET, INJECT_TOKEN };

/* INJECT_TOKEN's secret: the first of the sidecar's, the last of the
 * sandbox's. */
#define FUZZ_TOKEN "fuzz_token"

static void put_string(yajl_gen g, const char *s)
{
	yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

static void put_socket_bind(yajl_gen g)
{
	yajl_gen_map_open(g);
	put_string(g, "type");
	put_string(g, "bind");
	put_string(g, "source");
	put_string(g, "/var/run/docker.sock");
	put_string(g, "target");
	put_string(g, "/var/run/docker.sock");
	yajl_gen_map_close(g);
}

static void put_value(yajl_gen g, yajl_val v, enum inject inject, int depth);

/* The members of the sandbox, or of the sidecar when sidecar (svc: an
 * object or NULL), with the injected key in place of the one the document
 * had: privileged true, the Docker socket bound after the document's
 * volumes, FUZZ_TOKEN after the sandbox's secrets and before the
 * sidecar's. */
static void put_service(yajl_gen g, yajl_val svc, enum inject inject, bool sidecar, int depth)
{
	const char *key = inject == INJECT_PRIVILEGED ? "privileged" : inject == INJECT_SOCKET ? "volumes" : "secrets";
	yajl_gen_map_open(g);
	yajl_val old = NULL;
	for (size_t i = 0; svc && i < svc->u.object.len; i++) {
		if (strcmp(svc->u.object.keys[i], key) == 0) {
			old = svc->u.object.values[i];
			continue;
		}
		put_string(g, svc->u.object.keys[i]);
		put_value(g, svc->u.object.values[i], INJECT_NONE, depth + 1);
	}
	put_string(g, key);
	if (inject == INJECT_PRIVILEGED) {
		yajl_gen_bool(g, 1);
	} else {
		yajl_gen_array_open(g);
		if (sidecar)
			put_string(g, FUZZ_TOKEN);
		for (size_t i = 0; YAJL_IS_ARRAY(old) && i < old->u.array.len; i++)
			put_value(g, old->u.array.values[i], INJECT_NONE, depth + 2);
		if (inject == INJECT_SOCKET)
			put_socket_bind(g);
		else if (!sidecar)
			put_string(g, FUZZ_TOKEN);
		yajl_gen_array_close(g);
	}
	yajl_gen_map_close(g);
}

/* v as JSON; inject is applied to the document's services.sandbox (and
 * services.sidecar for INJECT_TOKEN), when v is the document (depth 0) or
 * its services (depth 1). */
static void put_value(yajl_gen g, yajl_val v, enum inject inject, int depth)
{
	if (YAJL_IS_OBJECT(v)) {
		bool sandbox_seen = false, sidecar_seen = false;
		yajl_gen_map_open(g);
		for (size_t i = 0; i < v->u.object.len; i++) {
			const char *k = v->u.object.keys[i];
			yajl_val m = v->u.object.values[i];
			put_string(g, k);
			if (inject && depth == 0 && strcmp(k, "services") == 0) {
				put_value(g, m, inject, 1);
			} else if (inject && depth == 1 && strcmp(k, "sandbox") == 0) {
				put_service(g, YAJL_IS_OBJECT(m) ? m : NULL, inject, false, depth + 1);
				sandbox_seen = true;
			} else if (inject == INJECT_TOKEN && depth == 1 && strcmp(k, "sidecar") == 0) {
				put_service(g, YAJL_IS_OBJECT(m) ? m : NULL, inject, true, depth + 1);
				sidecar_seen = true;
			} else {
				put_value(g, m, INJECT_NONE, depth + 1);
			}
		}
		if (inject && depth == 1 && !sandbox_seen) {
			put_string(g, "sandbox");
			put_service(g, NULL, inject, false, depth + 1);
		}
		if (inject == INJECT_TOKEN && depth == 1 && !sidecar_seen) {
			put_string(g, "sidecar");
			put_service(g, NULL, inject, true, depth + 1);
		}
		yajl_gen_map_close(g);
	} else if (YAJL_IS_ARRAY(v)) {
		yajl_gen_array_open(g);
		for (size_t i = 0; i < v->u.array.len; i++)
			put_value(g, v->u.array.values[i], INJECT_NONE, depth + 1);
		yajl_gen_array_close(g);
	} else if (YAJL_IS_STRING(v)) {
		put_string(g, v->u.string);
	} else if (YAJL_IS_NUMBER(v)) {
		yajl_gen_number(g, v->u.number.r, strlen(v->u.number.r));
	} else if (YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v)) {
		yajl_gen_bool(g, YAJL_IS_TRUE(v));
	} else {
		yajl_gen_null(g);
	}
}

/* The document written again, malloc'd and NUL-terminated. */
static char *written(yajl_val doc, enum inject inject, size_t *len)
{
	yajl_gen g = yajl_gen_alloc(NULL);
	if (!g)
		abort();
	put_value(g, doc, inject, 0);
	const unsigned char *buf;
	if (yajl_gen_get_buf(g, &buf, len) != yajl_gen_status_ok)
		abort();
	char *copy = malloc(*len + 1);
	if (!copy)
		abort();
	memcpy(copy, buf, *len);
	copy[*len] = '\0';
	yajl_gen_free(g);
	return copy;
}

/* The refusals of doc, malloc'd. */
static char *judged(yajl_val doc)
{
	static const struct preflight_env env = {NULL, false};
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	if (!f)
		abort();
	struct report r;
	report_init(&r, f);
	preflight_judge(doc, &env, &r);
	fclose(f);
	return text;
}

static yajl_val must_read(const char *text, size_t len)
{
	char why[512];
	yajl_val doc = json_read(text, len, why, sizeof why);
	if (!doc) {
		fprintf(stderr, "written again, the document is refused: %s\n", why);
		abort();
	}
	return doc;
}

static void check_injected(yajl_val doc, enum inject inject, const char *line)
{
	size_t len;
	char *text = written(doc, inject, &len);
	yajl_val changed = must_read(text, len);
	char *verdict = judged(changed);
	if (!strstr(verdict, line)) {
		fprintf(stderr, "not refused:\n%s\nin:\n%s\n", line, text);
		abort();
	}
	free(verdict);
	yajl_tree_free(changed);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char why[512];
	yajl_val doc = json_read(text, size, why, sizeof why);
	free(text);
	if (!doc)
		return 0;

	char *verdict = judged(doc);
	size_t len, len2;
	char *again = written(doc, INJECT_NONE, &len);
	yajl_val doc2 = must_read(again, len);
	char *verdict2 = judged(doc2), *again2 = written(doc2, INJECT_NONE, &len2);
	if (strcmp(verdict, verdict2) != 0 || len != len2 || memcmp(again, again2, len) != 0)
		abort();
	free(verdict2);
	free(again2);
	yajl_tree_free(doc2);
	free(again);
	free(verdict);

	yajl_val services = YAJL_IS_OBJECT(doc) ? yajl_tree_get(doc, (const char *[]){"services", NULL}, yajl_t_object)
	                                        : NULL;
	if (services) {
		check_injected(doc, INJECT_PRIVILEGED,
		               "services.sandbox.privileged: true: the sandbox would have every capability and every device "
		               "of the host, confined by nothing [sandbox-privileged]\n");
		check_injected(doc, INJECT_SOCKET,
		               ": /var/run/docker.sock is a Docker socket: the sandbox could drive the host's Docker and "
		               "leave its sandbox [sandbox-docker-socket]\n");
		check_injected(doc, INJECT_TOKEN,
		               ": " FUZZ_TOKEN " is a token of the sidecar's: it must stay in the sidecar [sandbox-token]\n");
	}
	yajl_tree_free(doc);
	return 0;
}
