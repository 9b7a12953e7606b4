/* lex.c: see lex.h. */
#include "lex.h"

#include <string.h>

void lex_init(struct lexer *lx, const char *data, size_t len)
{
	lx->data = data;
	lx->len = len;
	lx->pos = 0;
	lx->line = 0;
}

bool lex_next_line(struct lexer *lx, struct line *l)
{
	if (lx->pos >= lx->len)
		return false;
	const char *start = lx->data + lx->pos;
	size_t left = lx->len - lx->pos;
	const char *nl = memchr(start, '\n', left);
	l->text = start;
	l->number = ++lx->line;
	if (nl) {
		l->len = (size_t)(nl - start);
		l->has_newline = true;
		lx->pos += l->len + 1;
	} else {
		l->len = left;
		l->has_newline = false;
		lx->pos = lx->len;
	}
	return true;
}

int lex_check_bytes(struct diag *d, const char *file, const struct line *l)
{
	for (size_t i = 0; i < l->len; i++) {
		unsigned char c = (unsigned char)l->text[i];
		unsigned col = (unsigned)i + 1;
		if (c >= 0x20 && c < 0x7f)
			continue;
		if (c == '\t')
			continue;
		if (c == '\0')
			diag_error(d, file, l->number, col, "nul-byte", "NUL byte in a fragment");
		else if (c == '\r' && i + 1 == l->len)
			diag_error(d, file, l->number, col, "crlf",
			           "CRLF line ending: fragments use LF line endings only (e.g. dos2unix)");
		else if (c == '\r')
			diag_error(d, file, l->number, col, "crlf", "carriage return inside a line");
		else if (c >= 0x80)
			diag_error(d, file, l->number, col, "non-ascii",
			           "byte 0x%02x is not ASCII: fragments are ASCII; write IDNs as xn-- labels", c);
		else
			diag_error(d, file, l->number, col, "control-byte", "control byte 0x%02x", c);
		return -1;
	}
	return 0;
}

size_t lex_tokens(const struct line *l, struct token *tok, size_t max)
{
	size_t n = 0, i = 0;
	while (i < l->len) {
		while (i < l->len && (l->text[i] == ' ' || l->text[i] == '\t'))
			i++;
		if (i >= l->len || l->text[i] == '#')
			break;
		size_t start = i;
		while (i < l->len && l->text[i] != ' ' && l->text[i] != '\t')
			i++;
		if (n < max) {
			tok[n].text = l->text + start;
			tok[n].len = i - start;
			tok[n].col = (unsigned)start + 1;
		}
		n++;
	}
	return n;
}

bool token_is(const struct token *t, const char *word)
{
	size_t n = strlen(word);
	return t->len == n && memcmp(t->text, word, n) == 0;
}
