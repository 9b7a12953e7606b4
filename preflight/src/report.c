/* report.c: see report.h. */
#include "report.h"

#include <stdarg.h>

#include "shown.h"

void report_init(struct report *r, FILE *out)
{
	r->out = out;
	r->refused = 0;
}

void refuse(struct report *r, const char *rule, const struct keypath *key, const char *subject,
            const char *fmt, ...)
{
	r->refused++;
	if (!r->out)
		return;
	fprintf(r->out, "airlock-preflight: refused: %s: ", key->s[0] ? key->s : "the document");
	if (subject) {
		char b[SHOWN_BYTES];
		fputs(shown(subject, b), r->out);
	}
	va_list ap;
	va_start(ap, fmt);
	vfprintf(r->out, fmt, ap);
	va_end(ap);
	fprintf(r->out, " [%s]\n", rule);
}
