#include "secret.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[] = "/tmp/gitproxy-test-secret-XXXXXX";

static int read_back(const char *content, size_t n, struct secret *s, const char **why)
{
	FILE *f = fopen(path, "w");
	fwrite(content, 1, n, f);
	fclose(f);
	return secret_read(path, s, why);
}

int main(void)
{
	struct secret s = {0};
	const char *why;
	int fd = mkstemp(path);
	close(fd);
	ok(read_back("tok\n", 4, &s, &why) == 0 && s.len == 3 && strcmp(s.bytes, "tok") == 0, "secret: one newline stripped");
	secret_free(&s);
	ok(read_back("tok", 3, &s, &why) == 0 && s.len == 3, "secret: no newline");
	secret_free(&s);
	ok(s.bytes == NULL && s.len == 0, "secret: free clears");
	ok(read_back("", 0, &s, &why) < 0, "secret: empty refused");
	ok(read_back("\n", 1, &s, &why) < 0, "secret: only a newline refused");
	ok(read_back("to k\n", 5, &s, &why) < 0, "secret: space refused");
	ok(read_back("tok\n\n", 5, &s, &why) < 0, "secret: two newlines refused");
	ok(read_back("t\0k", 3, &s, &why) < 0, "secret: NUL refused");
	static char big[5000];
	memset(big, 'a', sizeof big);
	ok(read_back(big, sizeof big, &s, &why) < 0, "secret: over the size limit refused");
	ok(secret_read("/tmp", &s, &why) < 0, "secret: a directory refused");
	unlink(path);
	return tap_done();
}
