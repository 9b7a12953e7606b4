#include "base64.h"
#include "tap.h"

#include <string.h>

static int round_trip(const char *plain, const char *encoded)
{
	char enc[64];
	unsigned char dec[64];
	base64_encode((const unsigned char *)plain, strlen(plain), enc);
	ssize_t n = base64_decode(encoded, strlen(encoded), dec, sizeof dec);
	return strcmp(enc, encoded) == 0 && n == (ssize_t)strlen(plain) && memcmp(dec, plain, (size_t)n) == 0;
}

int main(void)
{
	unsigned char out[16];
	/* RFC 4648 section 10 vectors. */
	ok(round_trip("", ""), "base64: empty");
	ok(round_trip("f", "Zg=="), "base64: f");
	ok(round_trip("fo", "Zm8="), "base64: fo");
	ok(round_trip("foo", "Zm9v"), "base64: foo");
	ok(round_trip("foob", "Zm9vYg=="), "base64: foob");
	ok(round_trip("fooba", "Zm9vYmE="), "base64: fooba");
	ok(round_trip("foobar", "Zm9vYmFy"), "base64: foobar");
	ok(base64_decode("Zg=", 3, out, sizeof out) < 0, "base64: length not a multiple of 4 refused");
	ok(base64_decode("Z===", 4, out, sizeof out) < 0, "base64: three pads refused");
	ok(base64_decode("Zg==Zg==", 8, out, sizeof out) < 0, "base64: padding before the end refused");
	ok(base64_decode("Zm9v\n", 5, out, sizeof out) < 0, "base64: newline refused");
	ok(base64_decode("Zm-v", 4, out, sizeof out) < 0, "base64: url alphabet refused");
	ok(base64_decode("Zm9vYmFy", 8, out, 5) < 0, "base64: output beyond the cap refused");
	ok(base64_decode("Z=g=", 4, out, sizeof out) < 0, "base64: data after padding refused");
	ok(base64_decode("Zh==", 4, out, sizeof out) < 0, "base64: non-zero bits under == refused");
	ok(base64_decode("Zm9=", 4, out, sizeof out) < 0, "base64: non-zero bits under = refused");
	return tap_done();
}
