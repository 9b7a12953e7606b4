/* sha256.h: SHA-256 (FIPS 180-4), for MANIFEST.sha256. */
#ifndef GEN_CONFIGS_SHA256_H
#define GEN_CONFIGS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32
#define SHA256_HEX_BYTES 65 /* 64 hex digits and a NUL */

struct sha256 {
	uint32_t state[8];
	uint64_t total;              /* bytes hashed so far */
	unsigned char block[64];
	size_t used;                 /* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[SHA256_BYTES]);
/* One-shot digest in lowercase hex. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_BYTES]);

#endif
