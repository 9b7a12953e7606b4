/* test_lex.c: lines, tokens and columns. */
#include <string.h>

#include "lex.h"
#include "tap.h"

static size_t count_lines(const char *text, size_t len, int *last_has_newline)
{
	struct lexer lx;
	struct line l;
	size_t n = 0;
	lex_init(&lx, text, len);
	*last_has_newline = -1;
	while (lex_next_line(&lx, &l)) {
		n++;
		*last_has_newline = l.has_newline;
	}
	return n;
}

int main(void)
{
	int nl;
	ok(count_lines("", 0, &nl) == 0, "empty input has no lines");
	ok(count_lines("\n", 1, &nl) == 1 && nl == 1, "one newline is one empty line");
	ok(count_lines("a\nb", 3, &nl) == 2 && nl == 0, "a last line without newline is a line");
	ok(count_lines("a\nb\n", 4, &nl) == 2 && nl == 1, "a final newline adds no line");
	ok(count_lines("a\0b\nc\n", 6, &nl) == 2, "NUL does not end a line");

	struct line l = {"  https\ta.test  id=x # c d", 26, 1, true};
	struct token t[4];
	size_t n = lex_tokens(&l, t, 4);
	ok(n == 3, "three tokens before the comment (got %zu)", n);
	ok(t[0].col == 3 && t[0].len == 5 && token_is(&t[0], "https"), "first token and its column");
	ok(t[1].col == 9 && token_is(&t[1], "a.test"), "token after a tab");
	ok(t[2].col == 17 && token_is(&t[2], "id=x"), "third token");

	struct line many = {"a b c d e f", 11, 1, true};
	ok(lex_tokens(&many, t, 4) == 6, "counts tokens past the ones stored");
	ok(token_is(&t[3], "d"), "stores the first max tokens");

	struct line hash_inside = {"a#b c", 5, 1, true};
	ok(lex_tokens(&hash_inside, t, 4) == 2 && token_is(&t[0], "a#b"), "'#' inside a token is not a comment");
	struct line only_comment = {"#https a.test", 13, 1, true};
	ok(lex_tokens(&only_comment, t, 4) == 0, "a line starting with '#' has no tokens");
	struct line blank = {" \t ", 3, 1, true};
	ok(lex_tokens(&blank, t, 4) == 0, "a blank line has no tokens");

	ok(!token_is(&t[0], ""), "token_is compares lengths");
	struct diag d;
	diag_init(&d, NULL);
	struct line good = {"https a.test\t# ok ~", 19, 1, true};
	ok(lex_check_bytes(&d, "f", &good) == 0 && d.errors == 0, "printable ASCII and tab pass");
	struct line bad = {"a\x1b[31m", 7, 1, true};
	ok(lex_check_bytes(&d, "f", &bad) < 0 && d.errors == 1, "an escape byte is refused, once per line");
	struct line high = {"\xff\xfe", 2, 1, true};
	ok(lex_check_bytes(&d, "f", &high) < 0 && d.errors == 2, "bytes >= 0x80 are refused");
	return tap_done();
}
