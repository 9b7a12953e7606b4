/* libFuzzer: the Basic credential check and the base64 decoder under it
 * face the sandbox directly. Neither may read or write out of bounds, and
 * the check must accept exactly "Basic " + base64(anything ":" secret). */
#include "auth.h"
#include "base64.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char secret[] = "s3cret-session";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* As the parser hands it over: a NUL-terminated header value. */
	char *value = malloc(size + 1);
	if (!value)
		return 0;
	memcpy(value, data, size);
	value[size] = '\0';
	bool accepted = auth_basic_ok(value, secret, sizeof secret - 1);

	/* The one way in: decode independently and compare the password. */
	bool expected = false;
	size_t len = strlen(value);
	if (len > 6 && memcmp(value, "Basic ", 6) == 0) {
		unsigned char plain[768];
		ssize_t n = base64_decode(value + 6, len - 6, plain, sizeof plain);
		const unsigned char *colon = n > 0 ? memchr(plain, ':', (size_t)n) : NULL;
		if (colon) {
			size_t plen = (size_t)n - (size_t)(colon + 1 - plain);
			expected = plen == sizeof secret - 1 && memcmp(colon + 1, secret, plen) == 0;
		}
	}
	/* The scheme name is case-insensitive: only compare when it is "Basic". */
	if (len > 6 && memcmp(value, "Basic ", 6) == 0 && accepted != expected)
		abort();
	free(value);
	return 0;
}
