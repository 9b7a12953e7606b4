/* parse.c: see parse.h. The lexical layer (lex.c) has already refused bad
 * bytes when a line reaches the directive code here, so every token is
 * printable ASCII without spaces. */
#include "parse.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "limit_directive.h"
#include "limits.h"
#include "lint.h"
#include "xalloc.h"

/* Tokens stored per line: directive, up to three arguments (push ACTION
 * PATTERN repo=SPEC), id=, and one more to point at trailing garbage. */
#define MAX_TOKENS 6

/* Checks a host for a git-host or https rule, or the host part of a repo
 * rule: syntax, special-use names, public suffix, resolver list. */
static int check_host(struct diag *d, const psl_ctx_t *psl, const struct where *w,
                      const char *host, bool wildcard_ok)
{
	bool wildcard;
	if (lint_name_syntax(d, w, host, wildcard_ok, &wildcard) < 0)
		return -1;
	const char *base = wildcard ? host + 2 : host;
	if (lint_special_use(d, w, base) < 0)
		return -1;
	if (lint_psl(d, w, psl, base, wildcard) < 0)
		return -1;
	return lint_resolver(d, w, base, wildcard);
}

/* Splits [HOST/]OWNER/REPO (n bytes at text, starting at column col) into
 * r->host, r->owner, r->repo (allocated). Returns 0 or -1 after reporting. */
static int parse_repo_spec(struct diag *d, const psl_ctx_t *psl, const struct where *w,
                           const char *text, size_t n, struct rule *r)
{
	const char *parts[3];
	size_t lens[3], nparts = 0;
	const char *p = text, *end = text + n;
	for (;;) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *stop = slash ? slash : end;
		if (nparts == 3) {
			diag_error(d, w->file, w->line, w->col + (unsigned)(p - text) - 1, "repo-syntax",
			           "expected [HOST/]OWNER/REPO: too many '/'");
			return -1;
		}
		parts[nparts] = p;
		lens[nparts++] = (size_t)(stop - p);
		if (!slash)
			break;
		p = slash + 1;
	}
	if (nparts < 2) {
		diag_error(d, w->file, w->line, w->col, "repo-syntax", "expected [HOST/]OWNER/REPO");
		return -1;
	}
	size_t first = nparts - 2;
	char *host = nparts == 3 ? xstrndup(parts[0], lens[0]) : xstrndup(DEFAULT_GIT_HOST, strlen(DEFAULT_GIT_HOST));
	char *owner = xstrndup(parts[first], lens[first]);
	char *repo = xstrndup(parts[first + 1], lens[first + 1]);
	struct where wh = *w, wo = *w, wr = *w;
	wo.col = w->col + (unsigned)(parts[first] - text);
	wr.col = w->col + (unsigned)(parts[first + 1] - text);
	/* The host first: with a bad host the owner and name are not looked at. */
	int rc = (nparts == 3 && check_host(d, psl, &wh, host, false) < 0) ||
	                 lint_owner(d, &wo, owner) < 0 || lint_repo_name(d, &wr, repo) < 0
	             ? -1
	             : 0;
	if (rc < 0) {
		free(host);
		free(owner);
		free(repo);
		return -1;
	}
	r->host = host;
	r->owner = owner;
	r->repo = repo;
	return 0;
}

static bool too_many_rules(struct ruleset *rs, struct diag *d, const struct where *w)
{
	if (rs->n < LIMIT_RULES)
		return false;
	diag_error(d, w->file, w->line, w->col, "too-many-rules",
	           "more than %u rules in all: split the policy or raise LIMIT_RULES", LIMIT_RULES);
	return true;
}

/* Adds r, then frees the strings r held (the set keeps copies). */
static void add_and_release(struct ruleset *rs, struct rule *r)
{
	ruleset_add(rs, r);
	rule_release(r);
}

/* Adds r unless bad (or the set is full), giving it the id <file>:<line>
 * if it has none; frees what r holds either way. */
static void keep_unless_bad(struct ruleset *rs, struct diag *d, size_t source, const struct line *l,
                            struct rule *r, bool bad, const struct where *w)
{
	if (bad || too_many_rules(rs, d, w)) {
		rule_release(r);
		return;
	}
	if (!r->id) {
		char auto_id[LIMIT_PATH_BYTES + 32];
		snprintf(auto_id, sizeof auto_id, "%s:%u", rs->sources[source].basename, l->number);
		r->id = xstrndup(auto_id, strlen(auto_id));
	}
	add_and_release(rs, r);
}

static bool has_prefix(const struct token *t, const char *prefix)
{
	size_t k = strlen(prefix);
	return t->len >= k && memcmp(t->text, prefix, k) == 0;
}

static bool is_id_token(const struct token *t)
{
	return has_prefix(t, "id=");
}

/* Takes id=IDENT from t into r; false if the id is refused. */
static bool take_id(struct diag *d, const char *file, unsigned line, const struct token *t, struct rule *r)
{
	r->id = xstrndup(t->text + 3, t->len - 3);
	r->id_explicit = true;
	r->id_col = t->col;
	struct where wi = {file, line, t->col + 3};
	return lint_id(d, &wi, r->id) == 0;
}

/* What may end a rule: id=IDENT at tok[next], then nothing (a comment is
 * not a token). kname names the rule and may_follow what may come after
 * its arguments, in the message for trailing text. False after reporting. */
static bool take_tail(struct diag *d, const char *file, unsigned line, const struct token *tok, size_t n, size_t next,
                      struct rule *r, const char *kname, const char *may_follow)
{
	bool good = true;
	if (n > next && is_id_token(&tok[next])) {
		good = take_id(d, file, line, &tok[next], r);
		next++;
	}
	if (n > next) {
		diag_error(d, file, line, tok[next].col, "trailing-garbage", "unexpected text after the %s rule (%s)", kname,
		           may_follow);
		good = false;
	}
	return good;
}

static int push_action_lookup(const struct token *t)
{
	for (int a = PUSH_ALLOW; a <= PUSH_READ_ONLY; a++)
		if (token_is(t, push_action_name((enum push_action)a)))
			return a;
	return -1;
}

/* push ACTION [PATTERN] [repo=SPEC] [id=IDENT]: PATTERN for every action
 * but read-only; the optional tokens in that order only. */
static void parse_push(struct ruleset *rs, struct diag *d, const psl_ctx_t *psl, size_t source,
                       const struct line *l, const struct token *tok, size_t n)
{
	const char *file = rs->sources[source].path;
	if (n < 2 || is_id_token(&tok[1]) || has_prefix(&tok[1], "repo=")) {
		diag_error(d, file, l->number, n < 2 ? tok[0].col + (unsigned)tok[0].len : tok[1].col, "missing-argument",
		           "'push' needs an action: allow, allow-delete, protect or read-only");
		return;
	}
	int action = push_action_lookup(&tok[1]);
	if (action < 0) {
		diag_error(d, file, l->number, tok[1].col, "push-action",
		           "unknown push action '%.*s' (expected allow, allow-delete, protect or read-only)",
		           (int)(tok[1].len > 64 ? 64 : tok[1].len), tok[1].text);
		return;
	}
	struct rule r = {.kind = RULE_PUSH, .action = (enum push_action)action, .source = source, .line = l->number,
	                 .col = tok[1].col};
	const char *aname = push_action_name(r.action);
	bool bad = false;
	size_t next = 2;
	bool has_pattern = n > 2 && !is_id_token(&tok[2]) && !has_prefix(&tok[2], "repo=");
	if (r.action != PUSH_READ_ONLY) {
		if (!has_pattern) {
			diag_error(d, file, l->number, n > 2 ? tok[2].col : tok[1].col + (unsigned)tok[1].len,
			           "missing-argument", "'push %s' needs a ref pattern, such as refs/heads/agent/*", aname);
			return;
		}
		struct where wp = {file, l->number, tok[2].col};
		r.pattern = xstrndup(tok[2].text, tok[2].len);
		r.pattern_col = tok[2].col;
		bad = lint_ref_pattern(d, &wp, tok[2].text, tok[2].len) < 0;
		next = 3;
	} else if (has_pattern) {
		diag_error(d, file, l->number, tok[2].col, "trailing-garbage",
		           "'push read-only' takes no pattern: it refuses every push (only repo=SPEC, id=IDENT and a "
		           "# comment may follow)");
		bad = true;
		next = 3;
	}
	if (n > next && has_prefix(&tok[next], "repo=")) {
		struct where ws = {file, l->number, tok[next].col + 5};
		r.scope_col = ws.col;
		if (parse_repo_spec(d, psl, &ws, tok[next].text + 5, tok[next].len - 5, &r) < 0)
			bad = true;
		next++;
	} else {
		r.host = xstrndup("*", 1);
		r.owner = xstrndup("*", 1);
		r.repo = xstrndup("*", 1);
	}
	if (!take_tail(d, file, l->number, tok, n, next, &r, "push",
	               "after the pattern only repo=SPEC, then id=IDENT, then a # comment may follow"))
		bad = true;
	struct where w = {file, l->number, r.col};
	if (!bad && (r.action == PUSH_ALLOW || r.action == PUSH_ALLOW_DELETE)) {
		struct where wp = {file, l->number, r.pattern_col};
		lint_push_unprotect(d, &wp, r.action == PUSH_ALLOW_DELETE, r.pattern);
	}
	keep_unless_bad(rs, d, source, l, &r, bad, &w);
}

/* limit NAME VALUE: fills r->limit, r->value, r->per; 0 or -1 after reporting. */
static int parse_limit(struct diag *d, const char *file, unsigned line, const struct token *name,
                       const struct token *value, struct rule *r)
{
	int i = limit_lookup(name->text, name->len);
	if (i < 0) {
		char known[400] = "";
		for (size_t k = 0; k < limit_def_count; k++)
			snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", k ? ", " : "", limit_defs[k].name);
		diag_error(d, file, line, name->col, "limit-name", "unknown limit '%.*s' (expected one of %s)",
		           (int)(name->len > 64 ? 64 : name->len), name->text, known);
		return -1;
	}
	struct where w = {file, line, value->col};
	r->limit = i;
	return limit_parse_value(d, &w, &limit_defs[i], value->text, value->len, &r->value, &r->per);
}

static void parse_line(struct ruleset *rs, struct diag *d, const psl_ctx_t *psl, size_t source,
                       const struct line *l)
{
	const char *file = rs->sources[source].path;
	struct token tok[MAX_TOKENS];
	size_t n = lex_tokens(l, tok, MAX_TOKENS);
	if (n == 0)
		return;
	enum rule_kind kind;
	size_t nargs = 1;
	const char *expected = "a host name";
	if (token_is(&tok[0], "git-host")) {
		kind = RULE_GIT_HOST;
	} else if (token_is(&tok[0], "https")) {
		kind = RULE_HTTPS;
	} else if (token_is(&tok[0], "repo")) {
		kind = RULE_REPO;
		expected = "[HOST/]OWNER/REPO";
	} else if (token_is(&tok[0], "limit")) {
		kind = RULE_LIMIT;
		nargs = 2;
		expected = "a limit name and a value";
	} else if (token_is(&tok[0], "push")) {
		parse_push(rs, d, psl, source, l, tok, n);
		return;
	} else if (token_is(&tok[0], "egress-allow")) {
		kind = RULE_EGRESS;
		expected = "an address range such as 10.20.0.0/16";
	} else {
		diag_error(d, file, l->number, tok[0].col, "unknown-directive",
		           "unknown directive '%.*s' (expected git-host, https, repo, limit, push or egress-allow)",
		           (int)(tok[0].len > 64 ? 64 : tok[0].len), tok[0].text);
		return;
	}
	const char *kname = rule_kind_name(kind);
	for (size_t a = 1; a <= nargs; a++) {
		if (n <= a || is_id_token(&tok[a])) {
			diag_error(d, file, l->number, n <= a ? tok[a - 1].col + (unsigned)tok[a - 1].len : tok[a].col,
			           "missing-argument", "'%s' needs %s", kname, expected);
			return;
		}
	}

	bool bad = false;
	struct rule r = {.kind = kind, .source = source, .line = l->number, .col = tok[1].col};
	size_t next = nargs + 1;
	if (kind == RULE_GIT_HOST && n > next && has_prefix(&tok[next], "token=")) {
		struct where wt = {file, l->number, tok[next].col + 6};
		if (lint_token_name(d, &wt, tok[next].text + 6, tok[next].len - 6) < 0)
			bad = true;
		else
			r.token = xstrndup(tok[next].text + 6, tok[next].len - 6);
		r.token_col = wt.col;
		next++;
	}
	if (!take_tail(d, file, l->number, tok, n, next, &r, kname,
	               kind == RULE_GIT_HOST ? "only token=NAME, then id=IDENT, and a # comment may follow"
	                                     : "only id=IDENT and a # comment may follow"))
		bad = true;

	struct where w = {file, l->number, tok[1].col};
	if (kind == RULE_LIMIT) {
		if (parse_limit(d, file, l->number, &tok[1], &tok[2], &r) < 0)
			bad = true;
	} else if (kind == RULE_REPO) {
		if (parse_repo_spec(d, psl, &w, tok[1].text, tok[1].len, &r) < 0)
			bad = true;
	} else if (kind == RULE_EGRESS) {
		if (lint_egress_range(d, &w, tok[1].text, tok[1].len, &r.range) < 0) {
			bad = true;
		} else {
			char canonical[CIDR_TEXT_MAX];
			cidr_format(&r.range, canonical);
			r.host = xstrndup(canonical, strlen(canonical));
		}
	} else {
		r.host = xstrndup(tok[1].text, tok[1].len);
		if (check_host(d, psl, &w, r.host, kind == RULE_HTTPS) < 0)
			bad = true;
	}
	keep_unless_bad(rs, d, source, l, &r, bad, &w);
}

void parse_fragment(struct ruleset *rs, struct diag *d, const psl_ctx_t *psl, size_t source,
                    const char *data, size_t len)
{
	const char *file = rs->sources[source].path;
	struct lexer lx;
	struct line l;
	lex_init(&lx, data, len);
	while (lex_next_line(&lx, &l)) {
		if (l.len > LIMIT_LINE_BYTES) {
			diag_error(d, file, l.number, LIMIT_LINE_BYTES + 1, "line-too-long",
			           "line is longer than %u bytes", LIMIT_LINE_BYTES);
			continue;
		}
		if (lex_check_bytes(d, file, &l) < 0)
			continue;
		if (!l.has_newline)
			diag_warning(d, file, l.number, (unsigned)l.len + 1, "missing-newline",
			             "no newline at the end of the file");
		parse_line(rs, d, psl, source, &l);
	}
}

void parse_repos_option(struct ruleset *rs, struct diag *d, const psl_ctx_t *psl, size_t source,
                        const char *list)
{
	const char *file = rs->sources[source].path;
	size_t len = strlen(list);
	if (len == 0)
		return;
	struct line l = {list, len, 1, true};
	if (len > LIMIT_LINE_BYTES) {
		diag_error(d, file, 1, LIMIT_LINE_BYTES + 1, "line-too-long", "--repos is longer than %u bytes",
		           LIMIT_LINE_BYTES);
		return;
	}
	if (lex_check_bytes(d, file, &l) < 0)
		return;
	for (size_t start = 0; start <= len;) {
		const char *comma = memchr(list + start, ',', len - start);
		size_t end = comma ? (size_t)(comma - list) : len;
		struct where w = {file, 1, (unsigned)start + 1};
		struct rule r = {.kind = RULE_REPO, .source = source, .line = 1, .col = w.col};
		if (end == start) {
			diag_error(d, file, 1, w.col, "repo-syntax", "empty entry in --repos");
		} else if (memchr(list + start, ' ', end - start) || memchr(list + start, '\t', end - start)) {
			diag_error(d, file, 1, w.col, "repo-syntax", "--repos entries are separated by ',' without spaces");
		} else if (parse_repo_spec(d, psl, &w, list + start, end - start, &r) == 0 && !too_many_rules(rs, d, &w)) {
			r.id = xstrndup(REPOS_OPTION_ID, strlen(REPOS_OPTION_ID));
			add_and_release(rs, &r);
		} else {
			rule_release(&r);
		}
		if (!comma)
			break;
		start = end + 1;
	}
}
