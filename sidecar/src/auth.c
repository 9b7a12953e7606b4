#include "auth.h"

#include "base64.h"

#include <string.h>
#include <strings.h>

bool constant_time_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	/* Walk the expected value's length whatever the candidate's, so the time
	 * depends on neither the position of a difference nor the guess. */
	unsigned char diff = alen != blen;
	for (size_t i = 0; i < blen; i++)
		diff |= (unsigned char)(b[i] ^ (i < alen ? a[i] : 0));
	return diff == 0;
}

bool auth_basic_ok(const char *authorization, const char *secret, size_t secret_len)
{
	unsigned char decoded[768];
	if (strncasecmp(authorization, "Basic ", 6) != 0)
		return false;
	const char *b64 = authorization + 6;
	ssize_t n = base64_decode(b64, strlen(b64), decoded, sizeof decoded);
	if (n <= 0)
		return false;
	const unsigned char *colon = memchr(decoded, ':', (size_t)n);
	if (!colon)
		return false;
	const char *password = (const char *)colon + 1;
	size_t plen = (size_t)n - (size_t)(colon - decoded) - 1;
	bool ok = constant_time_equal(password, plen, secret, secret_len);
	explicit_bzero(decoded, sizeof decoded);
	return ok;
}
