/* test_fragdir.c: the directory rules, on real files in a temporary
 * directory: which names are read and in what order, and which files are
 * refused (symlink, FIFO, world-writable, too large). */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fragdir.h"
#include "limits.h"
#include "lint_helper.h"
#include "tap.h"

static char dir[64];

static void put(const char *name, const char *text, mode_t mode)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		exit(1);
	chmod(path, mode);
}

static void clear(void)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'/* '%s'/.[!.]*", dir, dir);
	if (system(cmd) != 0)
		exit(1);
	chmod(dir, 0755);
}

/* Loads dir; returns the error count and leaves what was said in *text. */
static unsigned load(struct ruleset *rs, char **text, int *rc)
{
	size_t size;
	FILE *f = open_memstream(text, &size);
	if (!f)
		exit(1);
	struct diag d;
	diag_init(&d, f);
	ruleset_init(rs);
	*rc = fragdir_load(dir, rs, &d, helper_psl());
	fclose(f);
	return d.errors;
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/gen-configs-test.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	chmod(dir, 0755);
	struct ruleset rs;
	char *text;
	int rc;

	put("20-b.conf", "https b.test\n", 0644);
	put("10-a.conf", "https a.test\n", 0644);
	put("README", "not a fragment\n", 0644);
	put("30-c.conf.example", "https nope\n", 0644);
	put(".40-hidden.conf", "https nope\n", 0644);
	put("50-d.conf~", "https nope\n", 0644);
	put("Z-upper.conf", "https z.test\n", 0644);
	unsigned errors = load(&rs, &text, &rc);
	ok(rc == 0 && errors == 0, "only *.conf files are read; the rest silently ignored");
	ok(rs.n == 3 && strcmp(rs.rules[0].host, "a.test") == 0 && strcmp(rs.rules[1].host, "b.test") == 0 &&
	       strcmp(rs.rules[2].host, "z.test") == 0,
	   "fragments are read in byte order of name");
	ok(rs.nsources == 3 && strcmp(rs.sources[0].basename, "10-a.conf") == 0, "sources are the files read");
	ok(strncmp(rs.sources[0].path, dir, strlen(dir)) == 0, "diagnostics use DIR/name");
	ruleset_free(&rs);
	free(text);

	clear();
	errors = load(&rs, &text, &rc);
	ok(rc == 0 && errors == 0 && rs.n == 0, "an empty directory is a valid, empty allowlist");
	ruleset_free(&rs);
	free(text);

	char target[256], link[256];
	put("real.txt", "https a.test\n", 0644);
	snprintf(target, sizeof target, "%s/real.txt", dir);
	snprintf(link, sizeof link, "%s/10-link.conf", dir);
	if (symlink(target, link) < 0)
		return 1;
	errors = load(&rs, &text, &rc);
	ok(errors == 1 && strstr(text, "10-link.conf: error: is a symbolic link") && strstr(text, "[symlink]"),
	   "a symlinked fragment is refused");
	ruleset_free(&rs);
	free(text);

	clear();
	snprintf(link, sizeof link, "%s/10-fifo.conf", dir);
	if (mkfifo(link, 0644) < 0)
		return 1;
	errors = load(&rs, &text, &rc);
	ok(errors == 1 && strstr(text, "[not-regular-file]"), "a FIFO named *.conf is refused without blocking");
	ruleset_free(&rs);
	free(text);

	clear();
	snprintf(link, sizeof link, "%s/10-dir.conf", dir);
	if (mkdir(link, 0755) < 0)
		return 1;
	errors = load(&rs, &text, &rc);
	ok(errors == 1 && strstr(text, "[not-regular-file]"), "a directory named *.conf is refused");
	ruleset_free(&rs);
	free(text);

	clear();
	put("10-ww.conf", "https a.test\n", 0646);
	put("20-ok.conf", "https b.test\n", 0664);
	errors = load(&rs, &text, &rc);
	ok(errors == 1 && strstr(text, "10-ww.conf: error: is writable by every user") && rs.n == 1,
	   "a world-writable fragment is refused, a group-writable one read");
	ruleset_free(&rs);
	free(text);

	clear();
	put("10-ok.conf", "https a.test\n", 0644);
	chmod(dir, 0777);
	errors = load(&rs, &text, &rc);
	ok(errors == 1 && strstr(text, "the directory is writable by every user"), "a world-writable directory is refused");
	ruleset_free(&rs);
	free(text);

	clear();
	char *big = malloc(LIMIT_FILE_BYTES + 2);
	if (!big)
		return 1;
	memset(big, '#', LIMIT_FILE_BYTES + 1);
	for (size_t i = 100; i < LIMIT_FILE_BYTES + 1; i += 100)
		big[i] = '\n';
	big[LIMIT_FILE_BYTES + 1] = '\0';
	put("10-big.conf", big, 0644);
	big[LIMIT_FILE_BYTES] = '\0';
	put("20-max.conf", big, 0644);
	free(big);
	errors = load(&rs, &text, &rc);
	ok(errors == 1 && strstr(text, "10-big.conf: error: is larger than") && strstr(text, "[file-too-large]"),
	   "a fragment over the size limit is refused, one at the limit read");
	ruleset_free(&rs);
	free(text);

	clear();
	put("10-a b.conf", "https a.test\n", 0644);
	errors = load(&rs, &text, &rc);
	ok(errors == 1 && strstr(text, "[file-name]"), "a *.conf name with a space is refused");
	ruleset_free(&rs);
	free(text);

	clear();
	put("10-a.conf", "https 1.2.3.4\n", 0644);
	put("20-b.conf", "https A.test\n", 0644);
	errors = load(&rs, &text, &rc);
	ok(errors == 2 && strstr(text, "10-a.conf:1:7") && strstr(text, "20-b.conf:1:7"),
	   "errors in every file are reported, not only the first file's");
	ruleset_free(&rs);
	free(text);

	char missing[128];
	snprintf(missing, sizeof missing, "%s/nonexistent", dir);
	struct diag quiet;
	diag_init(&quiet, NULL);
	ruleset_init(&rs);
	ok(fragdir_load(missing, &rs, &quiet, helper_psl()) == -1, "a missing directory is a system failure");
	ruleset_free(&rs);

	clear();
	rmdir(dir);
	return tap_done();
}
