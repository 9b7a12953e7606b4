/* escape_check.h: reads one line of line_escape's output back and judges
 * it against the input line it stands for (without its LF), from the
 * definition in line_escape.h rather than from the code. Shared by the unit
 * test and the fuzz harness. escape_check() returns NULL when the line is
 * right, else why:
 *   - at most LINE_ESCAPE_MAX bytes, one LF, at the end, every other byte
 *     printable ASCII;
 *   - read back (\xNN with lowercase hex is that byte, any other byte but
 *     '\' itself), it gives the input, or for a cut line a prefix of it;
 *   - each byte in the form line_escape.h gives it (no \x41 for 'A');
 *   - "\[cut N bytes]" only at the end, N the bytes left out, and only
 *     when the whole line would not fit; the cut keeps every escaped byte
 *     that leaves room for the longest mark. */
#ifndef GITPROXY_ESCAPE_CHECK_H
#define GITPROXY_ESCAPE_CHECK_H

#include "line_escape.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static size_t escaped_len(unsigned char b)
{
	return b >= 0x20 && b < 0x7f && b != '\\' ? 1 : 4;
}

static int check_hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The count of a mark that runs from s to end exactly, or 0. */
static unsigned long long check_mark(const char *s, const char *end)
{
	static const char head[] = "\\[cut ", tail[] = " bytes]";
	size_t n = (size_t)(end - s);
	if (n < sizeof head + sizeof tail - 1 || memcmp(s, head, sizeof head - 1) != 0 ||
	    memcmp(end - (sizeof tail - 1), tail, sizeof tail - 1) != 0)
		return 0;
	unsigned long long v = 0;
	const char *d = s + sizeof head - 1, *dend = end - (sizeof tail - 1);
	if (*d == '0')
		return 0;
	for (; d < dend; d++) {
		if (*d < '0' || *d > '9' || v > (~0ULL - 9) / 10)
			return 0;
		v = v * 10 + (unsigned long long)(*d - '0');
	}
	return v;
}

static const char *escape_check(const unsigned char *in, size_t in_len, const char *out, size_t out_len)
{
	if (out_len == 0 || out_len > LINE_ESCAPE_MAX)
		return "a line out is empty or longer than LINE_ESCAPE_MAX";
	if (out[out_len - 1] != '\n')
		return "a line out does not end with LF";
	const char *p = out, *end = out + out_len - 1;
	for (const char *q = p; q < end; q++)
		if (*q < 0x20 || *q > 0x7e)
			return "a line out holds a byte outside printable ASCII";
	size_t got = 0, escaped = 0;
	unsigned long long cut = 0;
	while (p < end) {
		int b;
		size_t k;
		if (*p != '\\') {
			b = (unsigned char)*p;
			k = 1;
		} else if (end - p >= 4 && p[1] == 'x' && check_hex(p[2]) >= 0 && check_hex(p[3]) >= 0) {
			b = check_hex(p[2]) * 16 + check_hex(p[3]);
			k = 4;
		} else if ((cut = check_mark(p, end)) != 0) {
			break;
		} else {
			return "a '\\' that is neither \\xNN nor the cut mark at the end";
		}
		if (got >= in_len || in[got] != b)
			return "read back, the line out differs from the line in";
		if (escaped_len((unsigned char)b) != k)
			return "a byte escaped that needs no escape, or not escaped";
		got++;
		escaped += k;
		p += k;
	}
	if (!cut) {
		if (got != in_len)
			return "the line out is shorter than the line in, and not marked cut";
		return NULL;
	}
	if (got + cut != in_len)
		return "the cut mark's count is not the bytes left out";
	size_t whole = 0;
	for (size_t i = 0; i < in_len && whole + 1 <= LINE_ESCAPE_MAX; i++)
		whole += escaped_len(in[i]);
	if (whole + 1 <= LINE_ESCAPE_MAX)
		return "a line that fits whole was cut";
	if (escaped + escaped_len(in[got]) + LINE_ESCAPE_MARK_MAX + 1 <= LINE_ESCAPE_MAX)
		return "the cut line left out an escaped byte it had room for";
	return NULL;
}

#endif
