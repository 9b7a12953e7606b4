/* push_commands.h: the update request at the start of a git-receive-pack
 * request body (gitprotocol-pack(5), "Reference Update Request and
 * Packfile Transfer"), read incrementally and strictly:
 *
 *   *PKT-LINE("shallow" SP oid)
 *   then either  PKT-LINE(command NUL capabilities) *PKT-LINE(command)
 *   or the push certificate:
 *                PKT-LINE("push-cert" NUL capabilities LF)
 *                PKT-LINE("certificate version 0.1" LF)
 *                *PKT-LINE(("pusher" | "pushee" | "nonce" | "push-option") SP text LF)
 *                PKT-LINE(LF) *PKT-LINE(command LF)
 *                [PKT-LINE(signature start LF) *PKT-LINE(signature line LF)]
 *                PKT-LINE("push-cert-end" LF)
 *   flush-pkt
 *   with the push-options capability: *PKT-LINE(push option) flush-pkt
 *   then the pack (or nothing), which is never read.
 *
 * command = old-oid SP new-oid SP refname; oids are 40 (SHA-1) or, with
 * object-format=sha256, 64 lowercase hex digits; an all-zero old oid is a
 * create, an all-zero new oid a delete. Refnames follow git_refname_check()
 * (common/git_names.h), the rules gen-configs applies to push patterns.
 *
 * push_parser_feed() takes the bytes received so far and consumes at most
 * one pkt-line, so a caller can hold back each packet until it has seen
 * what it says. It returns
 *   PUSH_NEED_MORE  every byte was consumed (*used == n), no packet is
 *                   complete yet: call again with more input;
 *   PUSH_PACKET     a packet with nothing to report (shallow, certificate
 *                   line, the flush-pkt before push options) was consumed:
 *                   call again with the rest;
 *   PUSH_COMMAND    a command was consumed: p->cmd holds it;
 *   PUSH_OPTION     a push option was consumed: p->option, p->option_len
 *                   (not NUL-terminated, valid until the next call);
 *   PUSH_END        the request's last flush-pkt was consumed: the bytes
 *                   after it are the pack, to be passed on untouched;
 *                   every later call returns PUSH_END and consumes nothing;
 *   PUSH_ERROR      the request is malformed: p->reason is a static
 *                   one-line string, *used is 0, and every later call
 *                   fails the same way.
 * For every event but PUSH_NEED_MORE, *used <= n and ends at the end of
 * the packet. Memory is the fixed-size struct; nothing is allocated. */
#ifndef GITPROXY_PUSH_COMMANDS_H
#define GITPROXY_PUSH_COMMANDS_H

#include "git_names.h"
#include "pktline.h"

#include <stdbool.h>
#include <stddef.h>

#define PUSH_REFNAME_MAX GIT_REFNAME_MAX /* bytes; a longer refname is an error */
#define PUSH_HEXSZ_MAX 64     /* SHA-256 */

enum push_event {
	PUSH_NEED_MORE,
	PUSH_PACKET,
	PUSH_COMMAND,
	PUSH_OPTION,
	PUSH_END,
	PUSH_ERROR,
};

enum push_kind { PUSH_CREATE, PUSH_UPDATE, PUSH_DELETE };

struct push_command {
	enum push_kind kind;
	char old_oid[PUSH_HEXSZ_MAX + 1]; /* lowercase hex, NUL-terminated */
	char new_oid[PUSH_HEXSZ_MAX + 1];
	char refname[PUSH_REFNAME_MAX + 1];
	size_t refname_len;
};

struct push_parser {
	struct pktline pkt;
	enum { PUSH_START, PUSH_COMMANDS, PUSH_CERT_VERSION, PUSH_CERT_HEADER, PUSH_CERT_COMMANDS,
	       PUSH_CERT_SIGNATURE, PUSH_CERT_END, PUSH_OPTIONS, PUSH_DONE, PUSH_FAILED } state;
	unsigned hexsz;         /* 40 or 64 once the capabilities are known, else 0 */
	unsigned shallow_hexsz; /* of the shallow lines, 0 if none */
	bool signed_push;       /* the commands came in a push certificate */
	bool push_options;      /* the client sent the push-options capability */
	bool atomic;            /* ... and atomic */
	/* How the client wants receive-pack's answer: a report (report-status,
	 * report-status-v2), multiplexed on side-band channels (side-band-64k,
	 * side-band). */
	bool report_status, report_status_v2, side_band, side_band_64k;
	bool pack_follows;      /* a create or update was seen: a pack follows PUSH_END */
	unsigned long shallows, commands, options;
	struct push_command cmd;
	const char *option;
	size_t option_len;
	const char *reason;
};

void push_parser_init(struct push_parser *p);
enum push_event push_parser_feed(struct push_parser *p, const char *in, size_t n, size_t *used);

const char *push_kind_name(enum push_kind kind);

#endif
