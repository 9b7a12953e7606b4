/* test_ipv4.c: the command line's IPv4 spelling. */
#include "ipv4.h"
#include "tap.h"

int main(void)
{
	const char *good[] = {"127.0.0.1", "10.0.0.2", "198.18.0.2", "255.255.255.254", "0.0.0.1", "1.2.3.4"};
	const char *bad[] = {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.04", "0x7f.0.0.1",
	                     "127.1", "2130706433", "1.2.3.4 ", " 1.2.3.4", "1..3.4", "1.2.3.", "a.b.c.d",
	                     "1.2.3.4/24", "1.2.3.1000", "::1"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		ok(ipv4_dotted_quad(good[i]), "accepts '%s'", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(!ipv4_dotted_quad(bad[i]), "refuses '%s'", bad[i]);
	ok(ipv4_is_unspecified_or_broadcast("0.0.0.0"), "0.0.0.0 is not one host");
	ok(ipv4_is_unspecified_or_broadcast("255.255.255.255"), "broadcast is not one host");
	ok(!ipv4_is_unspecified_or_broadcast("10.0.0.1"), "10.0.0.1 is one host");
	return tap_done();
}
