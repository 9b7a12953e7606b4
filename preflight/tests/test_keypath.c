/* test_keypath.c: how a refusal names a key and shows an input value:
 * plain names dotted, others bracketed and quoted, every byte that is not
 * printable ASCII escaped, long ones cut visibly. */
#include "keypath.h"
#include "shown.h"
#include "tap.h"

#include <string.h>

static int is(const struct keypath *k, const char *want)
{
	if (strcmp(k->s, want) != 0)
		printf("# got %s\n", k->s);
	return strcmp(k->s, want) == 0;
}

int main(void)
{
	struct keypath root = key_root(), s = key_member(&root, "services"), sb = key_member(&s, "sandbox");
	struct keypath v = key_member(&sb, "volumes"), v2 = key_index(&v, 2);
	ok(is(&root, ""), "the root is empty");
	ok(is(&v2, "services.sandbox.volumes[2]"), "members and an index");
	struct keypath sys = key_member(&sb, "sysctls"), fw = key_member(&sys, "net.ipv4.ip_forward");
	ok(is(&fw, "services.sandbox.sysctls[\"net.ipv4.ip_forward\"]"), "a name with dots is bracketed");
	struct keypath odd = key_member(&s, "a\"b\\c\n\xff");
	ok(is(&odd, "services[\"a\\x22b\\x5cc\\x0a\\xff\"]"), "a name's quote, backslash and other bytes escaped");
	struct keypath empty = key_member(&s, "");
	ok(is(&empty, "services[\"\"]"), "an empty name is bracketed");
	struct keypath top = key_member(&root, "a.b");
	ok(is(&top, "[\"a.b\"]"), "a bracketed name at the top");

	char name[300];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	struct keypath k = key_member(&s, name);
	k = key_member(&k, name);
	size_t n = strlen(k.s);
	ok(n <= LIMIT_KEY_BYTES + 3 && strcmp(k.s + n - 3, "...") == 0, "a path too long ends in ...");
	struct keypath more = key_index(&k, 7);
	ok(strcmp(more.s, k.s) == 0, "and nothing is added after the cut");

	char b[SHOWN_BYTES];
	ok(strcmp(shown("/var/run/docker.sock", b), "/var/run/docker.sock") == 0, "a plain path is shown as it is");
	ok(strcmp(shown("a\tb\x1b[31m", b), "a\\x09b\\x1b[31m") == 0, "control bytes are escaped");
	ok(strcmp(shown("\xc3\xa9", b), "\\xc3\\xa9") == 0, "non-ASCII bytes are escaped");
	char big[3000];
	memset(big, '\x01', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	shown(big, b);
	n = strlen(b);
	ok(n <= LIMIT_SHOWN_BYTES + 3 && strcmp(b + n - 3, "...") == 0, "a long value is cut and ends in ...");
	return tap_done();
}
