/* audit_refs.h: a push's ref updates as members of its audit record:
 *   "push": "refused",       (or "allowed"; "empty": no ref updates, answered by
 *                             gitproxy; "unjudged": the request ended before its verdict)
 *   "refs": [{"update": "update", "ref": "refs/heads/main", "decision": "refused",
 *             "rule": "default-protect-main"}, ...],
 *   "ref_updates": 2, "refs_omitted": 0
 * A refname is shown as printable ASCII, other bytes (and '\') as \xNN,
 * at most AUDIT_REF_SHOWN bytes of it and then "...(+N bytes)", so the
 * line stays valid UTF-8 JSON and one long name cannot crowd out the
 * others. */
#ifndef GITPROXY_AUDIT_REFS_H
#define GITPROXY_AUDIT_REFS_H

#include "audit.h"

#include <yajl/yajl_gen.h>

#define AUDIT_REF_SHOWN 256

void audit_put_refs(yajl_gen g, const struct audit_record *r);

#endif
