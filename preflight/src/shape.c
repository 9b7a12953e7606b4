/* shape.c: see shape.h. */
#include "shape.h"

#include <string.h>

#define SHAPE_RULE "unexpected-shape"

static const char *type_name(yajl_val v)
{
	if (YAJL_IS_OBJECT(v))
		return "an object";
	if (YAJL_IS_ARRAY(v))
		return "an array";
	if (YAJL_IS_STRING(v))
		return "a string";
	if (YAJL_IS_NUMBER(v))
		return "a number";
	if (YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v))
		return "a boolean";
	return "null";
}

static void wrong(struct judge *j, yajl_val v, const struct keypath *k, const char *wanted)
{
	refuse(j->report, SHAPE_RULE, k, NULL,
	       "is %s where docker compose config prints %s: preflight cannot judge it", type_name(v), wanted);
}

yajl_val member(yajl_val obj, const char *name)
{
	if (!YAJL_IS_OBJECT(obj))
		return NULL;
	for (size_t i = 0; i < obj->u.object.len; i++)
		if (strcmp(obj->u.object.keys[i], name) == 0)
			return obj->u.object.values[i];
	return NULL;
}

/* The member if it is present and not null, else NULL; its path in *at. */
static yajl_val present(yajl_val obj, const struct keypath *k, const char *name, struct keypath *at)
{
	yajl_val v = member(obj, name);
	*at = key_member(k, name);
	return YAJL_IS_NULL(v) ? NULL : v;
}

yajl_val shape_object(struct judge *j, yajl_val obj, const struct keypath *k, const char *name)
{
	struct keypath at;
	yajl_val v = present(obj, k, name, &at);
	if (v && !YAJL_IS_OBJECT(v)) {
		wrong(j, v, &at, "an object");
		return NULL;
	}
	return v;
}

yajl_val shape_array(struct judge *j, yajl_val obj, const struct keypath *k, const char *name)
{
	struct keypath at;
	yajl_val v = present(obj, k, name, &at);
	if (v && !YAJL_IS_ARRAY(v)) {
		wrong(j, v, &at, "an array");
		return NULL;
	}
	return v;
}

const char *shape_string(struct judge *j, yajl_val obj, const struct keypath *k, const char *name)
{
	struct keypath at;
	yajl_val v = present(obj, k, name, &at);
	return v ? shape_as_string(j, v, &at) : NULL;
}

bool shape_true(struct judge *j, yajl_val obj, const struct keypath *k, const char *name)
{
	struct keypath at;
	yajl_val v = present(obj, k, name, &at);
	if (v && !YAJL_IS_TRUE(v) && !YAJL_IS_FALSE(v))
		wrong(j, v, &at, "a boolean");
	return v && YAJL_IS_TRUE(v);
}

const char *shape_as_string(struct judge *j, yajl_val v, const struct keypath *k)
{
	if (!YAJL_IS_STRING(v)) {
		wrong(j, v, k, "a string");
		return NULL;
	}
	return v->u.string;
}

yajl_val shape_as_object(struct judge *j, yajl_val v, const struct keypath *k)
{
	if (!YAJL_IS_OBJECT(v)) {
		wrong(j, v, k, "an object");
		return NULL;
	}
	return v;
}
