/* judge_helper.h: JSON text through json_read() and preflight_judge(), the
 * way airlock-preflight does, keeping what was reported. Shared by the unit
 * tests. */
#ifndef PREFLIGHT_JUDGE_HELPER_H
#define PREFLIGHT_JUDGE_HELPER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "preflight.h"
#include "report.h"

#define R "airlock-preflight: refused: "

struct outcome {
	int read;          /* json_read() took the text */
	unsigned refused;
	char *text;        /* every refusal line, or json_read()'s reason; malloc'd */
};

static inline void judge_text(const char *json, const struct preflight_env *env, struct outcome *o)
{
	size_t size = 0;
	FILE *f = open_memstream(&o->text, &size);
	if (!f)
		exit(1);
	char why[512];
	yajl_val doc = json_read(json, strlen(json), why, sizeof why);
	o->read = doc != NULL;
	o->refused = 0;
	if (doc) {
		struct report r;
		report_init(&r, f);
		o->refused = preflight_judge(doc, env, &r);
		yajl_tree_free(doc);
	} else {
		fputs(why, f);
	}
	fclose(f);
}

/* The refusals are exactly the lines of want (NULL-terminated), in order. */
static inline int same_lines(const char *text, const char *const *want)
{
	size_t at = 0;
	for (size_t i = 0; want[i]; i++) {
		size_t n = strlen(want[i]);
		if (strncmp(text + at, want[i], n) != 0 || text[at + n] != '\n')
			return 0;
		at += n + 1;
	}
	return text[at] == '\0';
}

/* Prints text as TAP comments, for a failed test. */
static inline void show_text(const char *text)
{
	for (const char *l = text; *l;) {
		size_t n = strcspn(l, "\n");
		printf("# %.*s\n", (int)n, l);
		l += n + (l[n] == '\n');
	}
}

/* The whole file, NUL-terminated, malloc'd; NULL if it cannot be read. */
static inline char *read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t size = 0, n = 0;
	for (;;) {
		if (n + 4096 + 1 > size) {
			size = size ? 2 * size : 65536;
			char *grown = realloc(buf, size);
			if (!grown) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = grown;
		}
		size_t got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got == 0)
			break;
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

#endif
