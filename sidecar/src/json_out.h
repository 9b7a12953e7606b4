/* json_out.h: members of a yajl map, for the audit log and the control
 * socket's answers. yajl escapes control bytes in every string. */
#ifndef GITPROXY_JSON_OUT_H
#define GITPROXY_JSON_OUT_H

#include <yajl/yajl_gen.h>

void json_key(yajl_gen g, const char *key);
/* A string member; nothing when value is NULL. */
void json_string(yajl_gen g, const char *key, const char *value);
void json_integer(yajl_gen g, const char *key, long long value);
void json_number(yajl_gen g, const char *key, double value);
void json_bool(yajl_gen g, const char *key, int value);

#endif
