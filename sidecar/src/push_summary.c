#include "push_summary.h"

#include <stdio.h>
#include <string.h>

void push_summary_reset(struct push_summary *s)
{
	s->text[0] = '\0';
	s->len = 0;
	s->updates = 0;
	s->truncated = false;
	s->error = NULL;
}

void push_summary_add(struct push_summary *s, const struct push_command *cmd)
{
	char entry[sizeof cmd->refname * 4 + 32];
	size_t n = (size_t)snprintf(entry, sizeof entry, "%s%s ", s->updates ? ", " : "", push_kind_name(cmd->kind));
	for (size_t i = 0; i < cmd->refname_len; i++) {
		unsigned char b = (unsigned char)cmd->refname[i];
		if (b >= 0x20 && b < 0x7f && b != '\\')
			entry[n++] = (char)b;
		else
			n += (size_t)snprintf(entry + n, sizeof entry - n, "\\x%02x", b);
	}
	s->updates++;
	if (s->truncated || s->len + n >= sizeof s->text) {
		s->truncated = true;
		return;
	}
	memcpy(s->text + s->len, entry, n);
	s->len += n;
	s->text[s->len] = '\0';
}
