/* cidr.c: see cidr.h. */
#include "cidr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "ipv4.h"

const struct cidr_range cidr_never[] = {
	{"0.0.0.0/8", "'this network': a connection to it reaches the sidecar itself"},
	{"127.0.0.0/8", "loopback"},
	{"169.254.0.0/16", "link-local, where clouds serve instance metadata (169.254.169.254)"},
	{"224.0.0.0/4", "multicast"},
	{"240.0.0.0/4", "reserved, and the limited broadcast address"},
	{"::/128", "the unspecified address: a connection to it reaches the sidecar itself"},
	{"::1/128", "loopback"},
	{"::ffff:0.0.0.0/96", "IPv4-mapped: write the IPv4 range instead"},
	{"fe80::/10", "link-local"},
	{"ff00::/8", "multicast"},
};
const size_t cidr_never_count = sizeof cidr_never / sizeof cidr_never[0];

const struct cidr_range cidr_special[] = {
	{"10.0.0.0/8", "private-use"},
	{"100.64.0.0/10", "shared address space (carrier-grade NAT)"},
	{"172.16.0.0/12", "private-use"},
	{"192.0.0.0/24", "IETF protocol assignments"},
	{"192.0.2.0/24", "documentation (TEST-NET-1)"},
	{"192.31.196.0/24", "AS112-v4"},
	{"192.52.193.0/24", "AMT"},
	{"192.88.99.0/24", "deprecated 6to4 relay anycast"},
	{"192.168.0.0/16", "private-use"},
	{"192.175.48.0/24", "direct delegation AS112 service"},
	{"198.18.0.0/15", "benchmarking"},
	{"198.51.100.0/24", "documentation (TEST-NET-2)"},
	{"203.0.113.0/24", "documentation (TEST-NET-3)"},
	{"::/3", "outside global unicast: IPv4-compatible, NAT64 (64:ff9b::/96), discard-only (100::/64)"},
	{"2001::/23", "IETF protocol assignments (Teredo, benchmarking, ORCHIDv2, ...)"},
	{"2001:db8::/32", "documentation"},
	{"2002::/16", "6to4"},
	{"2620:4f:8000::/48", "direct delegation AS112 service"},
	{"3fff::/20", "documentation"},
	{"4000::/2", "outside global unicast: SRv6 SIDs (5f00::/16)"},
	{"8000::/1", "outside global unicast: unique-local (fc00::/7)"},
};
const size_t cidr_special_count = sizeof cidr_special / sizeof cidr_special[0];

static unsigned addr_bytes(int family)
{
	return family == 4 ? 4 : 16;
}

static unsigned max_prefix(int family)
{
	return family == 4 ? 32 : 128;
}

/* The prefix length in the n bytes at s: decimal, no leading zero. */
static bool parse_prefix(const char *s, size_t n, unsigned max, unsigned *out)
{
	if (n == 0 || n > 3 || (s[0] == '0' && n > 1))
		return false;
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

enum cidr_error cidr_parse(const char *text, size_t len, struct cidr *out, size_t *at)
{
	const char *slash = memchr(text, '/', len);
	size_t alen = slash ? (size_t)(slash - text) : len;
	char addr[INET6_ADDRSTRLEN];
	*at = 0;
	if (alen == 0 || alen >= sizeof addr)
		return CIDR_BAD_ADDRESS;
	memcpy(addr, text, alen);
	addr[alen] = '\0';
	memset(out, 0, sizeof *out);
	bool v6 = memchr(addr, ':', alen) != NULL;
	out->family = v6 ? 6 : 4;
	if (v6 ? inet_pton(AF_INET6, addr, out->addr) != 1
	       : !ipv4_dotted_quad(addr) || inet_pton(AF_INET, addr, out->addr) != 1)
		return CIDR_BAD_ADDRESS;
	if (!slash) {
		*at = len;
		return CIDR_NO_PREFIX;
	}
	*at = alen + 1;
	if (!parse_prefix(slash + 1, len - alen - 1, max_prefix(out->family), &out->prefix))
		return CIDR_BAD_PREFIX;
	char canonical[INET6_ADDRSTRLEN];
	if (v6 && (!inet_ntop(AF_INET6, out->addr, canonical, sizeof canonical) || strcmp(canonical, addr) != 0)) {
		*at = 0;
		return CIDR_NOT_CANONICAL;
	}
	return CIDR_OK;
}

void cidr_format(const struct cidr *c, char *out)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	inet_ntop(c->family == 4 ? AF_INET : AF_INET6, c->addr, addr, sizeof addr);
	snprintf(out, CIDR_TEXT_MAX, "%s/%u", addr, c->prefix);
}

/* The mask byte i of a prefix of length prefix. */
static unsigned char mask_byte(unsigned prefix, unsigned i)
{
	if (prefix >= 8 * (i + 1))
		return 0xff;
	if (prefix <= 8 * i)
		return 0;
	return (unsigned char)(0xff << (8 - (prefix - 8 * i)));
}

struct cidr cidr_network(const struct cidr *c)
{
	struct cidr net = *c;
	for (unsigned i = 0; i < addr_bytes(c->family); i++)
		net.addr[i] &= mask_byte(c->prefix, i);
	return net;
}

bool cidr_has_host_bits(const struct cidr *c)
{
	struct cidr net = cidr_network(c);
	return memcmp(net.addr, c->addr, addr_bytes(c->family)) != 0;
}

bool cidr_contains(const struct cidr *outer, const struct cidr *inner)
{
	if (outer->family != inner->family || outer->prefix > inner->prefix)
		return false;
	for (unsigned i = 0; i < addr_bytes(outer->family); i++) {
		unsigned char m = mask_byte(outer->prefix, i);
		if ((outer->addr[i] & m) != (inner->addr[i] & m))
			return false;
	}
	return true;
}

bool cidr_overlaps(const struct cidr *a, const struct cidr *b)
{
	return cidr_contains(a, b) || cidr_contains(b, a);
}

int cidr_compare(const struct cidr *a, const struct cidr *b)
{
	if (a->family != b->family)
		return a->family - b->family;
	int c = memcmp(a->addr, b->addr, addr_bytes(a->family));
	if (c != 0)
		return c;
	return (a->prefix > b->prefix) - (a->prefix < b->prefix);
}

const struct cidr_range *cidr_table_overlap(const struct cidr *c, const struct cidr_range *table, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct cidr r;
		size_t at;
		if (cidr_parse(table[i].text, strlen(table[i].text), &r, &at) == CIDR_OK && cidr_overlaps(c, &r))
			return &table[i];
	}
	return NULL;
}
