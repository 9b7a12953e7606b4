/* audit.h: one JSON line per request on stdout (collected by s6 / docker
 * logs). Never a secret: the record has no header values but the ones named
 * here, and yajl escapes control bytes in every string. */
#ifndef GITPROXY_AUDIT_H
#define GITPROXY_AUDIT_H

struct audit_record {
	const char *request_id;
	const char *peer;
	const char *method;
	const char *host, *owner, *repo, *service; /* NULL when the path did not parse */
	int status;
	unsigned long long bytes_in, bytes_out;
	double duration_ms;
	const char *rule;   /* the rule that decided, NULL for none */
	/* Pushes only (refs NULL otherwise): the ref updates read from the body. */
	const char *refs;            /* push_summary.h's text */
	unsigned long ref_updates;
	const char *refs_error;      /* why they could not be read, or NULL */
	const char *reason; /* why it was denied or failed, NULL when served */
};

void audit_write(const struct audit_record *r);

#endif
