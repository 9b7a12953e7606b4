/* shape.h: members of compose's JSON read as the type docker compose
 * config prints them. A member of another type is refused
 * (unexpected-shape: preflight cannot judge what it does not recognise)
 * and taken as absent, so the checks after it still run. Absent and null
 * are the same: compose prints null for a key an override reset.
 *
 * Each shape_*() takes the object obj at key path k and a member name; it
 * returns the member, or NULL (for shape_true: false) when it is absent,
 * null or of another type. obj itself may be NULL (absent). */
#ifndef PREFLIGHT_SHAPE_H
#define PREFLIGHT_SHAPE_H

#include <stdbool.h>

#include "judge.h"
#include "keypath.h"

/* The member as it is, of any type; NULL if obj is no object or lacks it. */
yajl_val member(yajl_val obj, const char *name);

yajl_val shape_object(struct judge *j, yajl_val obj, const struct keypath *k, const char *name);
yajl_val shape_array(struct judge *j, yajl_val obj, const struct keypath *k, const char *name);
const char *shape_string(struct judge *j, yajl_val obj, const struct keypath *k, const char *name);
bool shape_true(struct judge *j, yajl_val obj, const struct keypath *k, const char *name);
/* v itself (an array's element, an object's value) at key path k as a
 * string or an object; NULL and refused if it is not one. */
const char *shape_as_string(struct judge *j, yajl_val v, const struct keypath *k);
yajl_val shape_as_object(struct judge *j, yajl_val v, const struct keypath *k);

#endif
