/* tokens.c: see tokens.h. */
#include "tokens.h"

#include <string.h>

#include "shape.h"

const char *secret_source(yajl_val e)
{
	yajl_val s = YAJL_IS_OBJECT(e) ? member(e, "source") : e;
	return YAJL_IS_STRING(s) ? s->u.string : NULL;
}

bool is_token(const struct tokens *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->name[i], name) == 0)
			return true;
	return false;
}

void sidecar_tokens(yajl_val svc, struct tokens *t)
{
	t->n = 0;
	t->more_at = TOKENS_ALL;
	t->name[t->n++] = "github_token";
	yajl_val list = member(svc, "secrets");
	for (size_t i = 0; YAJL_IS_ARRAY(list) && i < list->u.array.len; i++) {
		const char *name = secret_source(list->u.array.values[i]);
		if (!name || is_token(t, name))
			continue;
		if (t->n == LIMIT_TOKENS) {
			t->more_at = i;
			return;
		}
		t->name[t->n++] = name;
	}
}
