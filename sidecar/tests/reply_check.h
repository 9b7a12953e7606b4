/* reply_check.h: reads back what receive_pack_reply wrote, as git's
 * send-pack would: side-band packets (band 2 lines each ending in LF,
 * band 1 carrying the report), the report's pkt-lines ("unpack ok", one
 * "ng <ref> <status>" per ref in order, a flush-pkt), the last flush-pkt,
 * and nothing after it. Shared by the unit test and the fuzz harness.
 * reply_check() returns NULL if the stream is what git expects, else why. */
#ifndef GITPROXY_REPLY_CHECK_H
#define GITPROXY_REPLY_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct reply_expect {
	bool side_band, side_band_64k, report;
	size_t nrefs;
	const char *const *refs;     /* refnames */
	const char *const *statuses; /* ng reasons */
	size_t messages;             /* band-2 lines expected, summary included */
};

static long reply_hex4(const char *s)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* The report's pkt-lines in r[0, n): the expected lines, then a flush-pkt. */
static const char *reply_check_report(const char *r, size_t n, const struct reply_expect *e)
{
	static char line[3000];
	size_t at = 0;
	for (size_t i = 0; i <= e->nrefs; i++) {
		if (n - at < 4)
			return "report cut short";
		long len = reply_hex4(r + at);
		if (len < 5 || (size_t)len > n - at)
			return "bad report pkt-line length";
		if (i == 0)
			snprintf(line, sizeof line, "unpack ok\n");
		else
			snprintf(line, sizeof line, "ng %s %s\n", e->refs[i - 1], e->statuses[i - 1]);
		if ((size_t)len - 4 != strlen(line) || memcmp(r + at + 4, line, strlen(line)) != 0)
			return i == 0 ? "report does not start with unpack ok" : "an ng line is not the expected one";
		at += (size_t)len;
	}
	if (n - at != 4 || memcmp(r + at, "0000", 4) != 0)
		return "report does not end with exactly one flush-pkt";
	return NULL;
}

static const char *reply_check(const char *s, size_t n, const struct reply_expect *e)
{
	static char report[1 << 20];
	size_t rlen = 0, at = 0, messages = 0;
	bool sb = e->side_band || e->side_band_64k;
	size_t max = e->side_band_64k ? 65520 : 1000;
	if (!sb && !e->report)
		return n == 0 ? NULL : "bytes where nothing was asked for";
	if (!sb)
		return reply_check_report(s, n, e);
	for (;;) {
		if (n - at < 4)
			return "stream ends without its flush-pkt";
		long len = reply_hex4(s + at);
		if (len == 0) {
			at += 4;
			break;
		}
		if (len < 6 || (size_t)len > n - at || (size_t)len > max)
			return "bad side-band packet length";
		char band = s[at + 4];
		const char *data = s + at + 5;
		size_t dlen = (size_t)len - 5;
		if (band == 2) {
			if (data[dlen - 1] != '\n' || memchr(data, '\n', dlen) != data + dlen - 1)
				return "a band-2 packet that is not one LF-terminated line";
			messages++;
		} else if (band == 1) {
			if (!e->report)
				return "band 1 without report-status";
			if (rlen + dlen > sizeof report)
				return "report too long for the checker";
			memcpy(report + rlen, data, dlen);
			rlen += dlen;
		} else {
			return "a band other than 1 and 2";
		}
		at += (size_t)len;
	}
	if (at != n)
		return "bytes after the last flush-pkt";
	if (messages != e->messages)
		return "not the expected number of band-2 lines";
	return e->report ? reply_check_report(report, rlen, e) : (rlen ? "a report nobody asked for" : NULL);
}

#endif
