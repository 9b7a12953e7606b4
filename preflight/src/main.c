/* main.c: the airlock-preflight command line.
 *
 *   airlock-preflight [FILE]
 *
 * Reads the JSON of `docker compose config --format json` from FILE, or
 * from stdin when there is no FILE or it is "-", and judges it
 * (preflight.h). Each refusal is one line on stderr, then a count.
 *
 * Exit codes: 0 nothing refused; 1 refused (every refusal printed);
 * 100 wrong usage; 111 the input cannot be read or is not strict JSON:
 * what cannot be read cannot be judged, and is not let through. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host_path.h"
#include "json_read.h"
#include "limits.h"
#include "preflight.h"
#include "report.h"
#include "shown.h"

static _Noreturn void usage(const char *why)
{
	fprintf(stderr,
	        "airlock-preflight: fatal: %s\n"
	        "usage: airlock-preflight [FILE]\n"
	        "       docker compose -f compose.isolated.yml config --format json | airlock-preflight\n",
	        why);
	exit(100);
}

static _Noreturn void fatal(const char *what, const char *why)
{
	char b[SHOWN_BYTES];
	fprintf(stderr, "airlock-preflight: fatal: unable to %s: %s\n", shown(what, b), why);
	exit(111);
}

/* The whole input, NUL-terminated, its length in *len. */
static char *slurp(int fd, const char *name, size_t *len)
{
	char what[SHOWN_BYTES + 16];
	snprintf(what, sizeof what, "read %s", name);
	char *buf = malloc(LIMIT_INPUT_BYTES + 1);
	if (!buf)
		fatal(what, strerror(ENOMEM));
	size_t n = 0;
	for (;;) {
		ssize_t got = read(fd, buf + n, LIMIT_INPUT_BYTES + 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			fatal(what, strerror(errno));
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > LIMIT_INPUT_BYTES)
			fatal(what, "larger than the 16 MiB a compose configuration could be");
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	if (argc > 2)
		usage("too many arguments");
	const char *file = argc == 2 ? argv[1] : "-";
	if (file[0] == '-' && file[1] != '\0')
		usage("no options, only a FILE or -");
	int stdin_input = strcmp(file, "-") == 0;
	const char *name = stdin_input ? "stdin" : file;
	int fd = stdin_input ? 0 : open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		char what[SHOWN_BYTES + 16];
		snprintf(what, sizeof what, "open %s", file);
		fatal(what, strerror(errno));
	}
	size_t len;
	char *text = slurp(fd, name, &len);
	if (!stdin_input)
		close(fd);

	char why[512];
	yajl_val doc = json_read(text, len, why, sizeof why);
	if (!doc) {
		char what[SHOWN_BYTES + 16];
		snprintf(what, sizeof what, "read %s", name);
		fatal(what, why);
	}
	/* A credential under the home of whoever runs compose is refused too,
	 * whatever the home is called. */
	char home[HOST_PATH_BYTES];
	const char *h = getenv("HOME");
	struct preflight_env env = {.resolve = true};
	if (h && host_path_clean(h, home) == 0 && strcmp(home, "/") != 0)
		env.home = home;
	struct report r;
	report_init(&r, stderr);
	unsigned refused = preflight_judge(doc, &env, &r);
	yajl_tree_free(doc);
	free(text);
	if (refused > 0) {
		char b[SHOWN_BYTES];
		fprintf(stderr, "airlock-preflight: fatal: %s: %u refusal%s in the compose configuration\n",
		        shown(name, b), refused, refused == 1 ? "" : "s");
		return 1;
	}
	return 0;
}
