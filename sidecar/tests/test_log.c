#include "log.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* What warn() wrote to stderr, read back from a temporary file. */
static const char *warned(const char *what)
{
	static char got[8192];
	FILE *f = tmpfile();
	if (!f)
		return "";
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	dup2(fileno(f), STDERR_FILENO);
	warn("from a client: %s", what);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	size_t n = fread(got, 1, sizeof got - 1, f);
	got[n] = '\0';
	fclose(f);
	return got;
}

int main(void)
{
	ok(strcmp(warned("plain"), "gitproxy: warning: from a client: plain\n") == 0, "warn: a printable message as it is");
	ok(strcmp(warned("a\x1b[2Jb\nforged: line\\"),
	          "gitproxy: warning: from a client: a\\x1b[2Jb\\x0aforged: line\\x5c\n") == 0,
	   "warn: an ESC sequence, an LF and a backslash in a message are escaped, the message stays one line");
	ok(strcmp(warned("\xff\x80\x7f\t"), "gitproxy: warning: from a client: \\xff\\x80\\x7f\\x09\n") == 0,
	   "warn: bytes above 0x7e and tabs are escaped");
	return tap_done();
}
