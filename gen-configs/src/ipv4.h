/* ipv4.h: the one IPv4 spelling gen-configs accepts on its command line:
 * four decimal octets 0..255 without leading zeros ("10.0.0.2"). */
#ifndef GEN_CONFIGS_IPV4_H
#define GEN_CONFIGS_IPV4_H

#include <stdbool.h>

bool ipv4_dotted_quad(const char *s);
/* 0.0.0.0 (every address) and 255.255.255.255 (broadcast): not one host. */
bool ipv4_is_unspecified_or_broadcast(const char *s);

#endif
