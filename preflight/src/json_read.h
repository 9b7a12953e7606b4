/* json_read.h: the JSON text of `docker compose config --format json`,
 * read strictly into a yajl tree. Refused: anything but one JSON value,
 * comments, invalid UTF-8, a string or key holding U+0000 (the tree keeps
 * C strings, which would end there), nesting deeper than LIMIT_JSON_DEPTH
 * (yajl frees a tree recursively), and an object with the same key twice
 * (a reader that takes the first and one that takes the last would judge
 * two different documents).
 *
 * json_read() takes len bytes at text, with text[len] == '\0'. It returns
 * the tree, which the caller frees with yajl_tree_free(), or NULL with a
 * one-line reason in why[whylen]. */
#ifndef PREFLIGHT_JSON_READ_H
#define PREFLIGHT_JSON_READ_H

#include <stddef.h>
#include <yajl/yajl_tree.h>

yajl_val json_read(const char *text, size_t len, char *why, size_t whylen);

#endif
