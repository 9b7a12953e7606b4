#include "json_out.h"

#include <string.h>

void json_key(yajl_gen g, const char *key)
{
	yajl_gen_string(g, (const unsigned char *)key, strlen(key));
}

void json_string(yajl_gen g, const char *key, const char *value)
{
	if (!value)
		return;
	json_key(g, key);
	yajl_gen_string(g, (const unsigned char *)value, strlen(value));
}

void json_integer(yajl_gen g, const char *key, long long value)
{
	json_key(g, key);
	yajl_gen_integer(g, value);
}

void json_number(yajl_gen g, const char *key, double value)
{
	json_key(g, key);
	yajl_gen_double(g, value);
}

void json_bool(yajl_gen g, const char *key, int value)
{
	json_key(g, key);
	yajl_gen_bool(g, value);
}
