/* check_sidecar.c: the sidecar (see check.h). It holds the token and is the
 * one member of both networks, so it keeps the confinement the sandbox
 * does, plus a read-only root, no forwarding between its networks, the
 * token as the compose secret, and the capabilities its entrypoint and
 * daemons need and no other. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "shape.h"
#include "spelling.h"
#include "tokens.h"

static const struct role sidecar = {"sidecar", "the sidecar"};

/* The sidecar's capabilities. This list must match cap_add in
 * compose/compose.isolated.yml, its comment there, and docs/preflight.md:
 * root in the entrypoint installs the secrets for the daemons' users
 * (CHOWN, DAC_OVERRIDE, FOWNER), s6 starts each daemon as its own user
 * (SETUID, SETGID) and signals it (KILL), dnsmasq and tinyproxy bind their
 * ports below 1024 (NET_BIND_SERVICE), the entrypoint installs the egress
 * firewall (NET_ADMIN) and then drops NET_ADMIN from the bounding set of
 * everything it starts (SETPCAP). */
static const char *const sidecar_caps[] = {
	"CHOWN", "DAC_OVERRIDE", "FOWNER", "SETUID", "SETGID", "NET_BIND_SERVICE", "KILL", "NET_ADMIN", "SETPCAP",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void check_cap_add(struct judge *j, yajl_val svc, const struct keypath *k)
{
	char list[256] = "";
	for (size_t c = 0; c < N(sidecar_caps); c++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", c ? " " : "", sidecar_caps[c]);
	struct keypath at = key_member(k, "cap_add");
	yajl_val caps = shape_array(j, svc, k, "cap_add");
	for (size_t i = 0; caps && i < caps->u.array.len; i++) {
		struct keypath ai = key_index(&at, i);
		const char *cap = shape_as_string(j, caps->u.array.values[i], &ai);
		size_t c = 0;
		while (cap && c < N(sidecar_caps) && !cap_is(cap, sidecar_caps[c]))
			c++;
		if (c == N(sidecar_caps))
			refuse(j->report, "sidecar-cap-add", &ai, cap,
			       " is not one of the sidecar's capabilities (%s): each one more is more a compromised "
			       "daemon could do, with the token at hand",
			       list);
	}
}

static void check_network_mode(struct judge *j, yajl_val svc, const struct keypath *k)
{
	const char *mode = shape_string(j, svc, k, "network_mode");
	if (mode && strcmp(mode, "host") == 0) {
		struct keypath at = key_member(k, "network_mode");
		refuse(j->report, "sidecar-host-namespace", &at, mode,
		       ": the sidecar would share the host's network namespace, and the sandbox reach the host's network through it");
	}
}

/* github_token among the sidecar's secrets, every element read (each one
 * is a token: tokens.h), and no more tokens than the sandbox's mounts are
 * judged against. */
static void check_token_secret(struct judge *j, yajl_val svc, const struct keypath *k)
{
	struct keypath at = key_member(k, "secrets");
	yajl_val secrets = shape_array(j, svc, k, "secrets");
	bool found = false;
	for (size_t i = 0; secrets && i < secrets->u.array.len; i++) {
		struct keypath ai = key_index(&at, i);
		yajl_val e = secrets->u.array.values[i];
		const char *source = YAJL_IS_OBJECT(e) ? shape_string(j, e, &ai, "source") : shape_as_string(j, e, &ai);
		if (source && strcmp(source, "github_token") == 0)
			found = true;
	}
	if (!found)
		refuse(j->report, "sidecar-token-secret", &at, NULL,
		       "github_token is missing: the token must reach the sidecar as the compose secret, never in its "
		       "environment or a mount");
	struct tokens t;
	sidecar_tokens(svc, &t);
	if (t.more_at != TOKENS_ALL) {
		struct keypath ai = key_index(&at, t.more_at);
		const char *name = secrets ? secret_source(secrets->u.array.values[t.more_at]) : NULL;
		refuse(j->report, "sidecar-token-count", &ai, name,
		       " is a secret more than the %u preflight judges the sandbox's mounts against: every secret the "
		       "sidecar receives is a token, whose file the sandbox must not mount",
		       LIMIT_TOKENS);
	}
}

static void check_read_only(struct judge *j, yajl_val svc, const struct keypath *k)
{
	if (!shape_true(j, svc, k, "read_only")) {
		struct keypath at = key_member(k, "read_only");
		refuse(j->report, "sidecar-read-only", &at, NULL,
		       "not true: a compromised daemon could change the sidecar's programs and the files the other "
		       "daemons read");
	}
}

static void check_ip_forward(struct judge *j, yajl_val svc, const struct keypath *k)
{
	struct keypath ks = key_member(k, "sysctls"), at = key_member(&ks, "net.ipv4.ip_forward");
	yajl_val sysctls = shape_object(j, svc, k, "sysctls"), given = member(sysctls, "net.ipv4.ip_forward");
	const char *v = shape_string(j, sysctls, &ks, "net.ipv4.ip_forward");
	if (!given || YAJL_IS_NULL(given))
		refuse(j->report, "sidecar-ip-forward", &at, NULL,
		       "missing, where it must be \"0\": the sidecar could route the sandbox's packets past its daemons");
	else if (v && strcmp(v, "0") != 0)
		refuse(j->report, "sidecar-ip-forward", &at, v,
		       " is not \"0\": the sidecar would route the sandbox's packets past its daemons");
}

void check_sidecar(struct judge *j, yajl_val svc, const struct keypath *k)
{
	check_confinement(j, &sidecar, svc, k);
	check_network_mode(j, svc, k);
	check_cap_add(j, svc, k);
	check_token_secret(j, svc, k);
	check_read_only(j, svc, k);
	check_ip_forward(j, svc, k);
}
