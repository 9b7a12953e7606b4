/* lex.h: the fragment language's lexical layer. A fragment is ASCII text,
 * one rule per line, lines ended by LF. This layer cuts a memory buffer into
 * lines, checks each line's bytes, and splits a checked line into tokens
 * (runs of bytes other than space and tab); a token that begins with '#'
 * starts a comment that runs to the end of the line.
 *
 * Nothing here touches the file system: the fuzz harness feeds it bytes. */
#ifndef GEN_CONFIGS_LEX_H
#define GEN_CONFIGS_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct lexer {
	const char *data;
	size_t len;
	size_t pos;
	unsigned line;
};

struct line {
	const char *text;   /* not NUL-terminated; never includes the LF */
	size_t len;
	unsigned number;    /* 1-based */
	bool has_newline;   /* false only for a last line without LF */
};

struct token {
	const char *text;   /* not NUL-terminated */
	size_t len;
	unsigned col;       /* 1-based byte column */
};

void lex_init(struct lexer *lx, const char *data, size_t len);
/* Returns true and fills *l with the next line; false at the end. */
bool lex_next_line(struct lexer *lx, struct line *l);
/* Checks the bytes of a line: returns 0 if every byte is printable ASCII,
 * space or tab; else reports the first bad byte (rules nul-byte, crlf,
 * control-byte, non-ascii) and returns -1. */
int lex_check_bytes(struct diag *d, const char *file, const struct line *l);
/* Splits a checked line into at most max tokens, dropping a comment.
 * Returns the number of tokens found, counting past max (so a return value
 * greater than max means the line has more tokens than were stored). */
size_t lex_tokens(const struct line *l, struct token *tok, size_t max);
/* true if the token's bytes equal the NUL-terminated word. */
bool token_is(const struct token *t, const char *word);

#endif
