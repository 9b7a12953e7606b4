/* test_cidr.c: address ranges (cidr.h): their one spelling, host bits,
 * nesting and order, and the two tables the firewall and the linter share. */
#include <string.h>

#include "cidr.h"
#include "tap.h"

static enum cidr_error parse(const char *text, struct cidr *c, size_t *at)
{
	return cidr_parse(text, strlen(text), c, at);
}

static struct cidr must(const char *text)
{
	struct cidr c;
	size_t at;
	if (parse(text, &c, &at) != CIDR_OK)
		printf("# cannot parse %s\n", text);
	return c;
}

/* Each table: every entry parses, is a network, and overlaps no other. */
static void check_table(const char *name, const struct cidr_range *t, size_t n)
{
	bool parsed = true, networks = true, disjoint = true;
	for (size_t i = 0; i < n; i++) {
		struct cidr a;
		size_t at;
		char back[CIDR_TEXT_MAX];
		if (parse(t[i].text, &a, &at) != CIDR_OK) {
			parsed = false;
			continue;
		}
		cidr_format(&a, back);
		networks &= !cidr_has_host_bits(&a) && strcmp(back, t[i].text) == 0 && t[i].what[0] != '\0';
		for (size_t j = i + 1; j < n; j++) {
			struct cidr b = must(t[j].text);
			disjoint &= !cidr_overlaps(&a, &b);
		}
	}
	ok(parsed, "%s: every range parses", name);
	ok(networks, "%s: every range is a network in its canonical spelling, with what it is", name);
	ok(disjoint, "%s: no two ranges overlap", name);
}

int main(void)
{
	const char *good[] = {"10.20.0.0/16", "0.0.0.0/0", "192.168.1.7/32", "fd00:1::/48", "::/0", "::1/128",
	                      "2001:db8::/32", "::ffff:10.0.0.0/104", "fe80::1/128"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct cidr c;
		size_t at;
		char back[CIDR_TEXT_MAX] = "";
		enum cidr_error e = parse(good[i], &c, &at);
		if (e == CIDR_OK)
			cidr_format(&c, back);
		ok(e == CIDR_OK && strcmp(back, good[i]) == 0, "accepts %s and writes it back the same", good[i]);
	}
	struct {
		const char *text;
		enum cidr_error want;
		size_t at;
	} bad[] = {
		{"10.20.0.0", CIDR_NO_PREFIX, 9},       {"fd00::", CIDR_NO_PREFIX, 6},
		{"10.20.0/16", CIDR_BAD_ADDRESS, 0},    {"010.1.0.0/16", CIDR_BAD_ADDRESS, 0},
		{"0x0a.1.0.0/16", CIDR_BAD_ADDRESS, 0}, {"[fd00::1]/128", CIDR_BAD_ADDRESS, 0},
		{"fe80::1%eth0/128", CIDR_BAD_ADDRESS, 0}, {"/16", CIDR_BAD_ADDRESS, 0},
		{"a.test/32", CIDR_BAD_ADDRESS, 0},     {"10.1.0.0/016", CIDR_BAD_PREFIX, 9},
		{"10.1.0.0/33", CIDR_BAD_PREFIX, 9},    {"10.1.0.0/", CIDR_BAD_PREFIX, 9},
		{"10.1.0.0/16/8", CIDR_BAD_PREFIX, 9},  {"10.1.0.0/1a", CIDR_BAD_PREFIX, 9},
		{"fd00::/129", CIDR_BAD_PREFIX, 7},     {"10.1.0.0/-1", CIDR_BAD_PREFIX, 9},
		{"FD00::/8", CIDR_NOT_CANONICAL, 0},    {"fd00:0:0:0::/64", CIDR_NOT_CANONICAL, 0},
		{"fd00:0001::/32", CIDR_NOT_CANONICAL, 0}, {"0:0::1/128", CIDR_NOT_CANONICAL, 0},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct cidr c;
		size_t at = 99;
		enum cidr_error e = parse(bad[i].text, &c, &at);
		ok(e == bad[i].want && at == bad[i].at, "refuses %s (error %d at %zu, got %d at %zu)", bad[i].text,
		   (int)bad[i].want, bad[i].at, (int)e, at);
	}
	struct cidr c;
	size_t at;
	char text[CIDR_TEXT_MAX];
	ok(parse("FD00:1::/48", &c, &at) == CIDR_NOT_CANONICAL && (cidr_format(&c, text), strcmp(text, "fd00:1::/48") == 0),
	   "another IPv6 spelling is parsed, so the message can give the canonical one");
	ok(cidr_parse("10.0.0.0/8 tail", 10, &c, &at) == CIDR_OK && c.prefix == 8, "reads only the bytes it is given");

	struct cidr h = must("10.1.2.3/16"), n = cidr_network(&h);
	cidr_format(&n, text);
	ok(cidr_has_host_bits(&h) && strcmp(text, "10.1.0.0/16") == 0 && !cidr_has_host_bits(&n),
	   "host bits: 10.1.2.3/16 has them, its network 10.1.0.0/16 has none");
	struct cidr h6 = must("fd00:ffff::/20"), n6 = cidr_network(&h6);
	cidr_format(&n6, text);
	ok(cidr_has_host_bits(&h6) && strcmp(text, "fd00:f000::/20") == 0, "host bits in IPv6, inside a byte");
	struct cidr ten = must("10.0.0.0/7"), eleven = must("11.0.0.0/7");
	ok(!cidr_has_host_bits(&ten) && cidr_has_host_bits(&eleven),
	   "host bits inside a byte: 10.0.0.0/7 has none, 11.0.0.0/7 has one");

	struct cidr a8 = must("10.0.0.0/8"), b16 = must("10.1.0.0/16"), c16 = must("11.1.0.0/16"), all = must("0.0.0.0/0");
	struct cidr v6 = must("::/0");
	ok(cidr_contains(&a8, &b16) && !cidr_contains(&b16, &a8) && cidr_contains(&a8, &a8), "contains: nested and equal");
	ok(!cidr_overlaps(&a8, &c16) && cidr_overlaps(&b16, &a8) && cidr_overlaps(&all, &c16), "overlaps");
	ok(!cidr_overlaps(&all, &v6) && !cidr_overlaps(&v6, &all), "IPv4 and IPv6 never overlap");
	ok(cidr_compare(&a8, &b16) < 0 && cidr_compare(&b16, &c16) < 0 && cidr_compare(&a8, &a8) == 0 &&
	       cidr_compare(&all, &a8) < 0 && cidr_compare(&c16, &v6) < 0,
	   "order: family, address, then the wider range first");

	check_table("never", cidr_never, cidr_never_count);
	check_table("special", cidr_special, cidr_special_count);
	const char *never[] = {"127.0.0.1/32", "169.254.169.254/32", "0.0.0.0/32", "255.255.255.255/32", "224.0.0.251/32",
	                       "::1/128", "::/128", "fe80::1/128", "ff02::1/128", "::ffff:127.0.0.1/128"};
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
		struct cidr r = must(never[i]);
		ok(cidr_table_overlap(&r, cidr_never, cidr_never_count) != NULL, "%s is never opened", never[i]);
	}
	const char *special[] = {"10.1.2.3/32", "100.64.0.1/32", "172.31.255.1/32", "192.0.0.9/32", "192.0.2.1/32",
	                         "192.88.99.1/32", "192.168.0.1/32", "198.18.0.1/32", "198.19.255.1/32",
	                         "198.51.100.1/32", "203.0.113.1/32", "fc00::1/128", "fd12:3456::1/128",
	                         "64:ff9b::a00:1/128", "100::1/128", "2001:db8::1/128", "2002:a00:1::/48",
	                         "2001::1/128", "3fff::1/128", "5f00::1/128"};
	for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
		struct cidr r = must(special[i]);
		ok(cidr_table_overlap(&r, cidr_special, cidr_special_count) != NULL &&
		       !cidr_table_overlap(&r, cidr_never, cidr_never_count),
		   "%s is special-purpose: refused unless egress-allow opens it", special[i]);
	}
	const char *public[] = {"11.0.0.1/32", "172.32.0.1/32", "198.20.0.1/32", "100.128.0.1/32", "2a00::1/128",
	                        "2600::/12"};
	for (size_t i = 0; i < sizeof public / sizeof public[0]; i++) {
		struct cidr r = must(public[i]);
		ok(!cidr_table_overlap(&r, cidr_special, cidr_special_count) &&
		       !cidr_table_overlap(&r, cidr_never, cidr_never_count),
		   "%s is public", public[i]);
	}
	return tap_done();
}
