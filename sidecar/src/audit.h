/* audit.h: one JSON line per request on stdout (collected by s6 / docker
 * logs). Never a secret: the record has no header values but the ones named
 * here, and yajl escapes control bytes in every string. */
#ifndef GITPROXY_AUDIT_H
#define GITPROXY_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

/* One ref update of a push, as the record lists it. */
struct audit_ref {
	const char *update;  /* "create", "update" or "delete" */
	const char *ref;     /* not NUL-terminated; may hold bytes above 0x7f */
	size_t len;
	bool judged;         /* false when the push ended before its verdicts */
	bool allowed;
	const char *rule;    /* the deciding rule, when judged */
};

struct audit_record {
	const char *request_id;
	const char *peer;
	const char *method;
	const char *host, *owner, *repo, *service; /* NULL when the path did not parse */
	int status;
	unsigned long long bytes_in, bytes_out;
	double duration_ms;
	const char *rule;   /* the rule that decided, NULL for none */
	/* Pushes only (push NULL otherwise). */
	const char *push;            /* "allowed", "refused", "empty" or "unjudged" */
	const struct audit_ref *refs;
	size_t nrefs;                /* listed: refused ones first */
	unsigned long ref_updates;   /* all of them */
	unsigned long refs_omitted;  /* ref_updates - nrefs: counted, not listed */
	const char *refs_error;      /* why they could not be read, or NULL */
	const char *reason; /* why it was denied or failed, NULL when served */
};

void audit_write(const struct audit_record *r);

#endif
