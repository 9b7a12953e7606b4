/* emit.h: the daemons' configurations from a checked rule set. Output is a
 * function of the rules and the options only: no time, no host facts. */
#ifndef GEN_CONFIGS_EMIT_H
#define GEN_CONFIGS_EMIT_H

#include "ruleset.h"
#include "text.h"

struct emit_options {
	const char *listen;        /* dnsmasq and tinyproxy listen here */
	const char *client;        /* tinyproxy Allow; NULL: no Allow line */
	const char *dns_upstream;  /* where allowlisted names are forwarded */
	const char *installed_dir; /* where the daemons will read these files */
	const char *sources;       /* "10-github.conf 50-x.conf", for the header */
};

void emit_dnsmasq_conf(const struct ruleset *s, const struct emit_options *o, struct text *t);
void emit_dnsmasq_servers(const struct ruleset *s, const struct emit_options *o, struct text *t);
void emit_tinyproxy_conf(const struct ruleset *s, const struct emit_options *o, struct text *t);
void emit_tinyproxy_filter(const struct ruleset *s, const struct emit_options *o, struct text *t);
/* 0, or -1 if the JSON generator failed. */
int emit_gitproxy_json(const struct ruleset *s, struct text *t);

#endif
