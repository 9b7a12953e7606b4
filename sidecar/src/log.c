#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

const char *log_prog = "gitproxy";

static void say(const char *level, const char *fmt, va_list ap)
{
	char line[1024];
	vsnprintf(line, sizeof line, fmt, ap);
	fprintf(stderr, "%s: %s: %s\n", log_prog, level, line);
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
