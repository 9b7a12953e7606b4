/* test_sha256.c: the NIST FIPS 180-4 example vectors (SHA256.pdf and
 * the CAVS short/long messages), whole and fed in uneven pieces. */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "tap.h"

static void check(const char *what, const void *data, size_t len, const char *want)
{
	char hex[SHA256_HEX_BYTES];
	sha256_hex(data, len, hex);
	ok(strcmp(hex, want) == 0, "sha256 %s (whole)", what);
	/* Piecewise, in every split step from 1 to 71 bytes. */
	int all = 1;
	for (size_t step = 1; step < 72; step++) {
		struct sha256 s;
		unsigned char digest[SHA256_BYTES];
		sha256_init(&s);
		for (size_t off = 0; off < len; off += step)
			sha256_update(&s, (const char *)data + off, len - off < step ? len - off : step);
		sha256_final(&s, digest);
		char piece[SHA256_HEX_BYTES];
		for (unsigned i = 0; i < SHA256_BYTES; i++)
			snprintf(piece + 2 * i, 3, "%02x", digest[i]);
		all &= strcmp(piece, want) == 0;
	}
	ok(all, "sha256 %s (in pieces of 1..71 bytes)", what);
}

int main(void)
{
	check("empty", "", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check("abc", "abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	check("448-bit message", m448, strlen(m448),
	      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
	                   "lmnopqrsmnopqrstnopqrstu";
	check("896-bit message", m896, strlen(m896),
	      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	size_t million = 1000000;
	char *a = malloc(million);
	if (!a)
		return 1;
	memset(a, 'a', million);
	char hex[SHA256_HEX_BYTES];
	sha256_hex(a, million, hex);
	ok(strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0,
	   "sha256 one million 'a'");
	free(a);
	/* Lengths around the padding boundary: 55 bytes fits one block, 56 needs two. */
	char b55[55], b56[56], b64[64];
	memset(b55, 'a', sizeof b55);
	memset(b56, 'a', sizeof b56);
	memset(b64, 'a', sizeof b64);
	check("55 x 'a'", b55, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	check("56 x 'a'", b56, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	check("64 x 'a'", b64, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
	return tap_done();
}
