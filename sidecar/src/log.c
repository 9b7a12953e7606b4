#include "log.h"

#include "line_escape.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

const char *log_prog = "gitproxy";

static void say(const char *level, const char *fmt, va_list ap)
{
	char line[1024], shown[ESCAPE_BYTE_MAX * sizeof line];
	vsnprintf(line, sizeof line, fmt, ap);
	/* A message may quote bytes a client chose: escaped, they stay one
	 * line and cannot drive the terminal or the log's reader. */
	size_t n = 0;
	for (const char *p = line; *p; p++)
		n += escape_byte((unsigned char)*p, shown + n);
	shown[n] = '\0';
	fprintf(stderr, "%s: %s: %s\n", log_prog, level, shown);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say("fatal", fmt, ap);
	va_end(ap);
	exit(code);
}

void warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say("warning", fmt, ap);
	va_end(ap);
}
