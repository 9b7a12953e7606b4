/* http_status.h: the reason phrase of the statuses gitproxy sends, its own
 * and the upstream's it relays. */
#ifndef GITPROXY_HTTP_STATUS_H
#define GITPROXY_HTTP_STATUS_H

/* The phrase for status, or a neutral one for a status not listed (the
 * status code is what clients act on). */
const char *http_reason_phrase(int status);

#endif
