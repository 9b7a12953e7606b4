/* check_mounts.c: what the sandbox's mounts bring in from the host (see
 * check.h). Compose mounts a bind's source, a local volume's device, and
 * the file of each secret and config (bind mounts too, read-only; a socket
 * answers through a read-only mount all the same), so each of these is a
 * host path, judged cleaned as Docker cleans it, and as it resolves here.
 * A volume of another driver, or an external one, is made outside the
 * compose files and is not judged. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "host_path.h"
#include "mount_rules.h"
#include "shape.h"
#include "tokens.h"

static const char *rule_for(enum mount_danger d)
{
	switch (d) {
	case MOUNT_TOKEN:
		return "sandbox-token";
	case MOUNT_RUNTIME:
		return "sandbox-docker-socket";
	case MOUNT_CREDENTIALS:
		return "sandbox-credentials";
	case MOUNT_HOST:
		return "sandbox-host-path";
	case MOUNT_SAFE:
		break;
	}
	return "";
}

/* What the sandbox's mounts are judged with. The sidecar's tokens' files,
 * cleaned and resolved, are kept here (2 * LIMIT_TOKENS paths, 256 KiB at
 * most, on the caller's stack), and context.token[] points into them and
 * into the document. */
struct mounts {
	struct judge *j;
	struct tokens tokens;
	struct mount_context context;
	char file[LIMIT_TOKENS][HOST_PATH_BYTES], real[LIMIT_TOKENS][HOST_PATH_BYTES];
};

/* Refuses what the cleaned path p brings in; returns 1 if it did. */
static int judge_clean(struct mounts *m, const struct keypath *k, const char *subject, const char *p)
{
	struct mount_verdict v;
	mount_judge(p, &m->context, &v);
	if (v.danger == MOUNT_SAFE)
		return 0;
	refuse(m->j->report, rule_for(v.danger), k, subject, " %s %s: %s", v.relation, v.what, v.why);
	return 1;
}

/* subject names the mount for the message: the path, or what holds it. */
static void judge_host_path(struct mounts *m, const struct keypath *k, const char *subject, const char *path)
{
	char clean[HOST_PATH_BYTES], real[HOST_PATH_BYTES];
	if (host_path_clean(path, clean) != 0) {
		refuse(m->j->report, "unexpected-shape", k, subject,
		       " is not an absolute path of at most %u bytes: preflight cannot judge it", LIMIT_PATH_BYTES);
		return;
	}
	if (judge_clean(m, k, subject, clean) || !m->j->env->resolve)
		return;
	int e = host_path_resolve(path, real);
	if (e != 0) {
		refuse(m->j->report, "sandbox-mount-unresolved", k, subject,
		       " cannot be resolved on this machine (%s): preflight cannot tell what it would bring in",
		       strerror(e));
		return;
	}
	if (strcmp(real, clean) != 0) {
		char resolved[2 * HOST_PATH_BYTES + 32];
		snprintf(resolved, sizeof resolved, "%s (resolves to %s)", subject, real);
		judge_clean(m, k, resolved, real);
	}
}

/* The definition of name in the top-level object defs (top: its key), and
 * its key path in *at. */
static yajl_val definition(struct judge *j, yajl_val defs, const char *top, const char *name, struct keypath *at)
{
	struct keypath root = key_root(), kt = key_member(&root, top);
	*at = key_member(&kt, name);
	return shape_object(j, defs, &kt, name);
}

static void check_volume(struct mounts *m, yajl_val vol, const struct keypath *k)
{
	struct judge *j = m->j;
	const char *type = shape_string(j, vol, k, "type"), *source = shape_string(j, vol, k, "source");
	if (type && strcmp(type, "bind") == 0) {
		if (source)
			judge_host_path(m, k, source, source);
		else
			refuse(j->report, "unexpected-shape", k, NULL, "a bind mount without a source: preflight cannot judge it");
	} else if (type && strcmp(type, "volume") == 0) {
		if (!source)
			return; /* anonymous: a new, empty volume */
		struct keypath kv, ko;
		yajl_val def = definition(j, j->volumes, "volumes", source, &kv);
		const char *driver = shape_string(j, def, &kv, "driver");
		ko = key_member(&kv, "driver_opts");
		const char *device = shape_string(j, shape_object(j, def, &kv, "driver_opts"), &ko, "device");
		if (device && device[0] == '/' && (!driver || strcmp(driver, "local") == 0)) {
			char subject[2 * HOST_PATH_BYTES];
			snprintf(subject, sizeof subject, "volume %s (%s)", source, device);
			judge_host_path(m, k, subject, device);
		}
	} else if (!type || strcmp(type, "tmpfs") != 0) {
		refuse(j->report, "unexpected-shape", k, type ? type : "a mount without a type",
		       " is not a mount type preflight judges (bind, volume, tmpfs)");
	}
}

/* The sandbox's secrets or configs (list: "secrets", defs: the top-level
 * definitions; one: "secret"). */
static void check_files(struct mounts *m, yajl_val svc, const struct keypath *k, const char *list_name,
                        yajl_val defs, const char *one)
{
	struct judge *j = m->j;
	struct keypath at = key_member(k, list_name);
	yajl_val list = shape_array(j, svc, k, list_name);
	for (size_t i = 0; list && i < list->u.array.len; i++) {
		struct keypath ai = key_index(&at, i), kd;
		yajl_val e = list->u.array.values[i];
		const char *source = YAJL_IS_OBJECT(e) ? shape_string(j, e, &ai, "source") : shape_as_string(j, e, &ai);
		if (!source)
			continue;
		if (strcmp(list_name, "secrets") == 0 && is_token(&m->tokens, source)) {
			refuse(j->report, "sandbox-token", &ai, source,
			       " is a token of the sidecar's: it must stay in the sidecar");
			continue;
		}
		const char *file = shape_string(j, definition(j, defs, list_name, source, &kd), &kd, "file");
		if (file) {
			char subject[2 * HOST_PATH_BYTES];
			snprintf(subject, sizeof subject, "%s %s (%s)", one, source, file);
			judge_host_path(m, &ai, subject, file);
		}
	}
}

/* The sidecar's tokens, and the file of each that has one, into m's
 * context. A file that cannot be judged as a host path is refused: the
 * sandbox's mounts could not be judged against it. */
static void token_files(struct mounts *m)
{
	struct judge *j = m->j;
	sidecar_tokens(member(j->services, "sidecar"), &m->tokens);
	for (size_t i = 0; i < m->tokens.n; i++) {
		struct keypath kd;
		const char *name = m->tokens.name[i];
		const char *file = shape_string(j, definition(j, j->secrets, "secrets", name, &kd), &kd, "file");
		struct mount_token *t = &m->context.token[m->context.tokens++];
		*t = (struct mount_token){.secret = name};
		if (!file)
			continue;
		if (host_path_clean(file, m->file[i]) != 0) {
			struct keypath kf = key_member(&kd, "file");
			refuse(j->report, "unexpected-shape", &kf, file,
			       " is not an absolute path of at most %u bytes: preflight cannot judge the sandbox's mounts "
			       "against this token's file",
			       LIMIT_PATH_BYTES);
			continue;
		}
		t->file = m->file[i];
		if (j->env->resolve && host_path_resolve(file, m->real[i]) == 0)
			t->real = m->real[i];
	}
}

void check_sandbox_mounts(struct judge *j, yajl_val svc, const struct keypath *k)
{
	struct mounts m = {.j = j, .context = {.home = j->env->home}};
	token_files(&m);
	struct keypath at = key_member(k, "volumes");
	yajl_val vols = shape_array(j, svc, k, "volumes");
	for (size_t i = 0; vols && i < vols->u.array.len; i++) {
		struct keypath ai = key_index(&at, i);
		yajl_val v = shape_as_object(j, vols->u.array.values[i], &ai);
		if (v)
			check_volume(&m, v, &ai);
	}
	at = key_member(k, "volumes_from");
	yajl_val from = shape_array(j, svc, k, "volumes_from");
	for (size_t i = 0; from && i < from->u.array.len; i++) {
		struct keypath ai = key_index(&at, i);
		const char *name = shape_as_string(j, from->u.array.values[i], &ai);
		refuse(j->report, "sandbox-volumes-from", &ai, name ? name : "a container",
		       ": the sandbox would get another container's mounts, which preflight cannot see");
	}
	check_files(&m, svc, k, "secrets", j->secrets, "secret");
	check_files(&m, svc, k, "configs", j->configs, "config");
}
