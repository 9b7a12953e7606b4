/* audit_refs.c: see audit_refs.h. */
#include "audit_refs.h"

#include "json_out.h"
#include "line_escape.h"

#include <stdio.h>

static void put_ref(yajl_gen g, const char *ref, size_t len)
{
	char shown[AUDIT_REF_SHOWN * ESCAPE_BYTE_MAX + 32];
	size_t n = 0, take = len > AUDIT_REF_SHOWN ? AUDIT_REF_SHOWN : len;
	for (size_t i = 0; i < take; i++)
		n += escape_byte((unsigned char)ref[i], shown + n);
	if (take < len)
		n += (size_t)snprintf(shown + n, sizeof shown - n, "...(+%zu bytes)", len - take);
	shown[n] = '\0';
	json_string(g, "ref", shown);
}

void audit_put_refs(yajl_gen g, const struct audit_record *r)
{
	json_string(g, "push", r->push);
	json_key(g, "refs");
	yajl_gen_array_open(g);
	for (size_t i = 0; i < r->nrefs; i++) {
		const struct audit_ref *a = &r->refs[i];
		yajl_gen_map_open(g);
		json_string(g, "update", a->update);
		put_ref(g, a->ref, a->len);
		json_string(g, "decision", !a->judged ? "unjudged" : a->allowed ? "allowed" : "refused");
		json_string(g, "rule", a->rule);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	json_integer(g, "ref_updates", (long long)r->ref_updates);
	json_integer(g, "refs_omitted", (long long)r->refs_omitted);
	json_string(g, "refs_error", r->refs_error);
}
