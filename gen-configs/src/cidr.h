/* cidr.h: IPv4 and IPv6 address ranges ("10.20.0.0/16", "fd00:1::/48"),
 * the argument of egress-allow, and the two tables of ranges the sidecar's
 * firewall treats apart (emit_nft.c). The linter (lint_egress.c) and the
 * firewall read the same tables, so what the linter calls public is what
 * the firewall lets through without a rule.
 *
 * Spelling accepted: IPv4 as ipv4.h's dotted quad, IPv6 in its RFC 5952
 * text form (lowercase, zeros compressed as inet_ntop writes it), then '/'
 * and a decimal prefix length without leading zeros. One range, one
 * spelling: duplicates compare as text. Nothing here allocates. */
#ifndef GEN_CONFIGS_CIDR_H
#define GEN_CONFIGS_CIDR_H

#include <stdbool.h>
#include <stddef.h>

/* "ffff:...:ffff/128" and its NUL. */
#define CIDR_TEXT_MAX 50

struct cidr {
	int family;             /* 4 or 6 */
	unsigned char addr[16]; /* network byte order; IPv4 in the first 4 */
	unsigned prefix;        /* 0..32 or 0..128 */
};

enum cidr_error {
	CIDR_OK,
	CIDR_NO_PREFIX,     /* no '/': a range needs its length */
	CIDR_BAD_ADDRESS,   /* neither a dotted quad nor an IPv6 address */
	CIDR_NOT_CANONICAL, /* IPv6 in another spelling (*out holds it) */
	CIDR_BAD_PREFIX,    /* not a decimal length of the family */
};

/* Parses the len bytes at text (not NUL-terminated). On CIDR_OK and
 * CIDR_NOT_CANONICAL fills *out (host bits as written); on any error sets
 * *at to the offset of the byte the problem starts at. */
enum cidr_error cidr_parse(const char *text, size_t len, struct cidr *out, size_t *at);
/* The canonical text of c into out (CIDR_TEXT_MAX bytes). */
void cidr_format(const struct cidr *c, char *out);
/* true if c has bits set past its prefix length (10.1.2.3/16). */
bool cidr_has_host_bits(const struct cidr *c);
/* c with its host bits cleared. */
struct cidr cidr_network(const struct cidr *c);
/* true if every address of inner is in outer (same family). */
bool cidr_contains(const struct cidr *outer, const struct cidr *inner);
/* true if a and b share an address; ranges are nested or disjoint. */
bool cidr_overlaps(const struct cidr *a, const struct cidr *b);
/* Family, then address, then prefix: a wider range before the ranges
 * it holds. */
int cidr_compare(const struct cidr *a, const struct cidr *b);

/* A range of a table, and what it is, for messages and generated comments. */
struct cidr_range {
	const char *text;
	const char *what;
};

/* Never opened, whatever the allowlist: the firewall refuses them before
 * any egress-allow rule, and the linter refuses an egress-allow that
 * overlaps one. */
extern const struct cidr_range cidr_never[];
extern const size_t cidr_never_count;
/* Not globally reachable (IANA's special-purpose registries, and IPv6
 * outside global unicast 2000::/3): refused unless egress-allow opens them. */
extern const struct cidr_range cidr_special[];
extern const size_t cidr_special_count;
/* The first range of the table that overlaps c, or NULL. */
const struct cidr_range *cidr_table_overlap(const struct cidr *c, const struct cidr_range *table, size_t n);

#endif
