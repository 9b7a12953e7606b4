#include "base64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_encode(const unsigned char *in, size_t n, char *out)
{
	size_t i = 0;
	for (; i + 3 <= n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		*out++ = alphabet[v >> 18 & 63];
		*out++ = alphabet[v >> 12 & 63];
		*out++ = alphabet[v >> 6 & 63];
		*out++ = alphabet[v & 63];
	}
	if (n - i == 1) {
		unsigned v = (unsigned)in[i] << 16;
		*out++ = alphabet[v >> 18 & 63];
		*out++ = alphabet[v >> 12 & 63];
		*out++ = '=';
		*out++ = '=';
	} else if (n - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		*out++ = alphabet[v >> 18 & 63];
		*out++ = alphabet[v >> 12 & 63];
		*out++ = alphabet[v >> 6 & 63];
		*out++ = '=';
	}
	*out = '\0';
}

static int sextet(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

ssize_t base64_decode(const char *in, size_t n, unsigned char *out, size_t cap)
{
	size_t len = 0;
	if (n % 4 != 0)
		return -1;
	for (size_t i = 0; i < n; i += 4) {
		int pad = 0;
		unsigned v = 0;
		for (size_t j = 0; j < 4; j++) {
			int s;
			if (in[i + j] == '=') {
				/* Padding only in the last quantum's last one or two places. */
				if (i + 4 != n || j < 2)
					return -1;
				pad++;
				s = 0;
			} else {
				if (pad)
					return -1;
				s = sextet(in[i + j]);
				if (s < 0)
					return -1;
			}
			v = v << 6 | (unsigned)s;
		}
		/* Bits under the padding must be zero: one encoding per value. */
		if ((pad == 1 && (v & 0xff)) || (pad == 2 && (v & 0xffff)))
			return -1;
		size_t produce = 3 - (size_t)pad;
		if (len + produce > cap)
			return -1;
		out[len++] = (unsigned char)(v >> 16);
		if (produce > 1)
			out[len++] = (unsigned char)(v >> 8);
		if (produce > 2)
			out[len++] = (unsigned char)v;
	}
	return (ssize_t)len;
}
