#include "fragment.h"

#include "names.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 8

struct token {
	const char *text; /* NUL-terminated copy in the line buffer */
	unsigned col;
};

static bool valid_id(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || !strchr("._-", c)))
			return false;
	}
	return true;
}

static bool owner_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 39 || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool repo_ok(const char *s)
{
	size_t n = strlen(s);
	if (strcmp(s, "*") == 0)
		return true;
	if (n == 0 || n > 100 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      strchr("._-", s[i])))
			return false;
	return true;
}

/* Fills in the id and hands r to the set: an explicit id, else the given
 * default, else "file:line". Only explicit ids must be unique. */
static int add(struct ruleset *set, struct diag *d, struct rule *r, const char *id, bool explicit_id)
{
	char implicit[300];
	const char *base = strrchr(r->file, '/');
	base = base ? base + 1 : r->file;
	snprintf(implicit, sizeof implicit, "%s:%u", base, r->line);
	r->explicit_id = explicit_id;
	if (!(r->id = strdup(id ? id : implicit))) {
		diag_error(d, r->file, r->line, r->col, "internal", "out of memory");
		free(r->name);
		free(r->host);
		free(r->owner);
		free(r->repo);
		return -1;
	}
	return ruleset_add(set, r, d) < 0 ? -1 : 0;
}

int fragment_add_repo(struct ruleset *set, struct diag *d, const char *file, unsigned line, unsigned col,
                      const char *spec, const char *id, bool explicit_id)
{
	char buf[512], why[300];
	const char *host = "github.com";
	if (strlen(spec) >= sizeof buf) {
		diag_error(d, file, line, col, "repo-syntax", "repository name too long");
		return -1;
	}
	strcpy(buf, spec);
	char *parts[4];
	int n = 0;
	for (char *p = buf, *slash; n < 4; p = slash + 1) {
		parts[n++] = p;
		if (!(slash = strchr(p, '/')))
			break;
		*slash = '\0';
	}
	if (n == 3)
		host = parts[0];
	if (n < 2 || n > 3) {
		diag_error(d, file, line, col, "repo-syntax", "expected OWNER/REPO or HOST/OWNER/REPO, not %s", spec);
		return -1;
	}
	char *owner = parts[n - 2], *repo = parts[n - 1];
	size_t rl = strlen(repo);
	if (rl > 4 && strcmp(repo + rl - 4, ".git") == 0)
		repo[rl - 4] = '\0';
	if (!owner_ok(owner) || !repo_ok(repo)) {
		diag_error(d, file, line, col, "repo-syntax",
		           "%s is not a GitHub OWNER/REPO (letters, digits, '-' in owners; also '.' and '_' in names)", spec);
		return -1;
	}
	const char *rule = name_check(host, false, why, sizeof why);
	if (rule) {
		diag_error(d, file, line, col, rule, "%s", why);
		return -1;
	}
	struct rule r = {.kind = RULE_REPO, .file = file, .line = line, .col = col};
	r.host = strdup(host);
	r.owner = strdup(owner);
	r.repo = strdup(repo);
	if (!r.host || !r.owner || !r.repo) {
		free(r.host);
		free(r.owner);
		free(r.repo);
		diag_error(d, file, line, col, "internal", "out of memory");
		return -1;
	}
	return add(set, d, &r, id, explicit_id);
}

static void parse_name_rule(struct ruleset *set, struct diag *d, const char *file, unsigned line,
                            const struct token *arg, enum rule_kind kind, const char *id)
{
	char why[300];
	const char *name = arg->text;
	bool wildcard = false;
	if (kind == RULE_HTTPS && strncmp(name, "*.", 2) == 0) {
		wildcard = true;
		name += 2;
	}
	if (strchr(name, '*')) {
		diag_error(d, file, line, arg->col, "wildcard-scope",
		           kind == RULE_HTTPS ? "only a leading \"*.\" is allowed in a name" : "git-host takes an exact name");
		return;
	}
	const char *rule = name_check(name, wildcard, why, sizeof why);
	if (rule) {
		diag_error(d, file, line, arg->col + (wildcard ? 2 : 0), rule, "%s", why);
		return;
	}
	struct rule r = {.kind = kind, .wildcard = wildcard, .file = file, .line = line, .col = arg->col};
	if (!(r.name = strdup(name))) {
		diag_error(d, file, line, arg->col, "internal", "out of memory");
		return;
	}
	add(set, d, &r, id, id != NULL);
}

/* Bytes that may appear in a fragment: printable ASCII and tab. */
static bool check_bytes(const char *file, unsigned line, const char *s, size_t n, struct diag *d)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r') {
			diag_error(d, file, line, (unsigned)i + 1, "control-byte",
			           "carriage return: save the file with LF line endings");
			return false;
		}
		if (c >= 0x80) {
			diag_error(d, file, line, (unsigned)i + 1, "idna",
			           "non-ASCII byte: write international names in punycode (xn--)");
			return false;
		}
		if ((c < ' ' && c != '\t') || c == 0x7f) {
			diag_error(d, file, line, (unsigned)i + 1, "control-byte", "control byte 0x%02x", c);
			return false;
		}
	}
	return true;
}

static void parse_line(const char *file, unsigned line, const char *s, size_t n, struct ruleset *set,
                       struct diag *d)
{
	char buf[FRAGMENT_MAX_LINE + 1];
	struct token tok[MAX_TOKENS];
	int ntok = 0;
	if (n > FRAGMENT_MAX_LINE) {
		diag_error(d, file, line, FRAGMENT_MAX_LINE + 1, "line-too-long", "line longer than %d bytes",
		           FRAGMENT_MAX_LINE);
		return;
	}
	if (!check_bytes(file, line, s, n, d))
		return;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (size_t i = 0; i < n;) {
		if (buf[i] == ' ' || buf[i] == '\t') {
			buf[i++] = '\0';
			continue;
		}
		if (buf[i] == '#')
			break;
		if (ntok == MAX_TOKENS) {
			diag_error(d, file, line, (unsigned)i + 1, "syntax", "too many words on one line");
			return;
		}
		tok[ntok++] = (struct token){buf + i, (unsigned)i + 1};
		while (i < n && buf[i] != ' ' && buf[i] != '\t')
			i++;
	}
	if (ntok == 0)
		return;
	const char *id = NULL;
	if (ntok > 1 && strncmp(tok[ntok - 1].text, "id=", 3) == 0) {
		id = tok[ntok - 1].text + 3;
		if (!valid_id(id)) {
			diag_error(d, file, line, tok[ntok - 1].col + 3, "id-syntax",
			           "an id is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
			return;
		}
		ntok--;
	}
	const char *directive = tok[0].text;
	enum rule_kind kind;
	if (strcmp(directive, "git-host") == 0)
		kind = RULE_GIT_HOST;
	else if (strcmp(directive, "https") == 0)
		kind = RULE_HTTPS;
	else if (strcmp(directive, "repo") == 0)
		kind = RULE_REPO;
	else if (strcmp(directive, "limit") == 0 || strcmp(directive, "push") == 0) {
		diag_error(d, file, line, tok[0].col, "reserved-directive",
		           "\"%s\" is reserved for a later version of the allowlist language", directive);
		return;
	} else {
		diag_error(d, file, line, tok[0].col, "unknown-directive",
		           "unknown directive \"%.40s\" (expected git-host, https or repo)", directive);
		return;
	}
	if (ntok != 2) {
		diag_error(d, file, line, ntok > 2 ? tok[2].col : tok[0].col, "syntax",
		           "%s takes exactly one argument (then optionally id=ID)", directive);
		return;
	}
	if (kind == RULE_REPO)
		fragment_add_repo(set, d, file, line, tok[1].col, tok[1].text, id, id != NULL);
	else
		parse_name_rule(set, d, file, line, &tok[1], kind, id);
}

void fragment_parse(const char *file, const char *text, size_t len, struct ruleset *set, struct diag *d)
{
	unsigned line = 1;
	for (size_t start = 0; start < len; line++) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		parse_line(file, line, text + start, end - start, set, d);
		start = end + 1;
	}
}
