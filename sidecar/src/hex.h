/* hex.h: one hexadecimal digit's value, either case (chunk sizes, pkt-line
 * lengths). */
#ifndef GITPROXY_HEX_H
#define GITPROXY_HEX_H

/* 0..15, or -1 if c is not a hex digit. */
int hex_value(int c);

#endif
