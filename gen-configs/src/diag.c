/* diag.c: see diag.h. Messages never contain raw input bytes that are not
 * printable ASCII: callers quote only text the lexer has already accepted. */
#include "diag.h"

#include <stdarg.h>

#include "limits.h"

void diag_init(struct diag *d, FILE *out)
{
	d->out = out;
	d->errors = 0;
	d->warnings = 0;
}

DIAG_PRINTF(7, 0)
static void emit(struct diag *d, const char *kind, const char *file, unsigned line,
                 unsigned col, const char *rule, const char *fmt, va_list ap)
{
	if (line > 0)
		fprintf(d->out, "%s:%u:%u: %s: ", file, line, col, kind);
	else
		fprintf(d->out, "%s: %s: ", file, kind);
	vfprintf(d->out, fmt, ap);
	fprintf(d->out, " [%s]\n", rule);
}

void diag_error(struct diag *d, const char *file, unsigned line, unsigned col,
                const char *rule, const char *fmt, ...)
{
	d->errors++;
	if (!d->out || d->errors > LIMIT_ERRORS_SHOWN)
		return;
	va_list ap;
	va_start(ap, fmt);
	emit(d, "error", file, line, col, rule, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, const char *file, unsigned line, unsigned col,
                  const char *rule, const char *fmt, ...)
{
	d->warnings++;
	if (!d->out)
		return;
	va_list ap;
	va_start(ap, fmt);
	emit(d, "warning", file, line, col, rule, fmt, ap);
	va_end(ap);
}

void diag_finish(struct diag *d)
{
	if (d->out && d->errors > LIMIT_ERRORS_SHOWN)
		fprintf(d->out, "gen-configs: %u more errors not shown\n", d->errors - LIMIT_ERRORS_SHOWN);
}
