/* base64.h: RFC 4648 base64 with padding, no line breaks, nothing lenient. */
#ifndef GITPROXY_BASE64_H
#define GITPROXY_BASE64_H

#include <stddef.h>
#include <sys/types.h>

/* Output size for n input bytes, including the terminating NUL. */
#define BASE64_ENCODED_SIZE(n) ((((n) + 2) / 3) * 4 + 1)

/* Encodes n bytes into out (BASE64_ENCODED_SIZE(n) bytes), NUL-terminated. */
void base64_encode(const unsigned char *in, size_t n, char *out);
/* Decodes exactly n characters; returns the decoded length, or -1 on any
 * character outside the alphabet, bad padding, a length not a multiple of 4,
 * non-zero bits under the padding, or output that would exceed cap. */
ssize_t base64_decode(const char *in, size_t n, unsigned char *out, size_t cap);

#endif
