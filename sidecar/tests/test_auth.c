#include "auth.h"
#include "tap.h"

int main(void)
{
	const char *secret = "s3cret";
	/* base64("airlock:s3cret"), base64("x:s3cret"), base64("airlock:s3cre"), base64("airlock:s3crett") */
	ok(auth_basic_ok("Basic YWlybG9jazpzM2NyZXQ=", secret, 6), "auth: right password");
	ok(auth_basic_ok("basic YWlybG9jazpzM2NyZXQ=", secret, 6), "auth: scheme is case-insensitive");
	ok(auth_basic_ok("Basic eDpzM2NyZXQ=", secret, 6), "auth: any user name");
	ok(!auth_basic_ok("Basic YWlybG9jazpzM2NyZQ==", secret, 6), "auth: prefix of the secret refused");
	ok(!auth_basic_ok("Basic YWlybG9jazpzM2NyZXR0", secret, 6), "auth: secret plus a byte refused");
	ok(!auth_basic_ok("Bearer s3cret", secret, 6), "auth: other schemes refused");
	ok(!auth_basic_ok("Basic czNjcmV0", secret, 6), "auth: no colon refused");
	ok(!auth_basic_ok("Basic !!!!", secret, 6), "auth: bad base64 refused");
	ok(!auth_basic_ok("Basic ", secret, 6), "auth: empty credential refused");
	ok(constant_time_equal("abc", 3, "abc", 3) && !constant_time_equal("abd", 3, "abc", 3) &&
	   !constant_time_equal("ab", 2, "abc", 3) && !constant_time_equal("", 0, "abc", 3),
	   "auth: constant-time comparison is a comparison");
	return tap_done();
}
