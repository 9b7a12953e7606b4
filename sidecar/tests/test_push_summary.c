#include "push_summary.h"
#include "tap.h"

#include <string.h>

static struct push_command command(enum push_kind kind, const char *refname)
{
	struct push_command c = {.kind = kind};
	c.refname_len = strlen(refname);
	memcpy(c.refname, refname, c.refname_len + 1);
	return c;
}

int main(void)
{
	struct push_summary s;
	push_summary_reset(&s);
	ok(s.updates == 0 && s.text[0] == '\0' && !s.error, "an empty summary");
	struct push_command c = command(PUSH_UPDATE, "refs/heads/main");
	push_summary_add(&s, &c);
	c = command(PUSH_CREATE, "refs/tags/v1");
	push_summary_add(&s, &c);
	c = command(PUSH_DELETE, "refs/heads/old");
	push_summary_add(&s, &c);
	ok(strcmp(s.text, "update refs/heads/main, create refs/tags/v1, delete refs/heads/old") == 0 && s.updates == 3,
	   "updates listed in order with their kind");
	push_summary_reset(&s);
	c = command(PUSH_CREATE, "refs/heads/caf\xc3\xa9\\x");
	push_summary_add(&s, &c);
	ok(strcmp(s.text, "create refs/heads/caf\\xc3\\xa9\\x5cx") == 0, "bytes outside printable ASCII (and \\) as \\xNN");
	push_summary_reset(&s);
	char name[PUSH_REFNAME_MAX + 1];
	memset(name, 'a', sizeof name - 1);
	memcpy(name, "refs/heads/", 11);
	name[sizeof name - 1] = '\0';
	c = command(PUSH_CREATE, "refs/heads/first");
	push_summary_add(&s, &c);
	c = command(PUSH_CREATE, name);
	push_summary_add(&s, &c);
	c = command(PUSH_CREATE, "refs/heads/short");
	push_summary_add(&s, &c);
	ok(strcmp(s.text, "create refs/heads/first") == 0 && s.truncated && s.updates == 3,
	   "past the text budget: counted, not listed, and the list is not cut mid-name");
	return tap_done();
}
