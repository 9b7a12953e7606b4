/* test_judge.c: judgements the captured fixtures do not show: the least
 * a configuration needs to pass, the shapes compose never prints, the
 * spellings Docker takes, and host paths resolved on this machine
 * (symbolic links in a temporary directory). Each refusal after its
 * positive control, the same document without the dangerous key. */
#include <sys/stat.h>
#include <unistd.h>

#include "judge_helper.h"
#include "tap.h"

#define SANDBOX "\"cap_drop\": [\"ALL\"], \"security_opt\": [\"no-new-privileges:true\"], \"networks\": {\"isolated\": null}"
#define SIDECAR                                                                                               \
	"\"cap_drop\": [\"ALL\"], \"security_opt\": [\"no-new-privileges:true\"], \"read_only\": true, "          \
	"\"secrets\": [{\"source\": \"github_token\", \"target\": \"/run/secrets/github_token\"}], "             \
	"\"sysctls\": {\"net.ipv4.ip_forward\": \"0\"}, \"networks\": {\"isolated\": null, \"egress\": {}}"
/* The sidecar receiving a second token, ghe_token. */
#define SIDECAR_GHE                                                                                           \
	"\"cap_drop\": [\"ALL\"], \"security_opt\": [\"no-new-privileges:true\"], \"read_only\": true, "          \
	"\"secrets\": [{\"source\": \"github_token\", \"target\": \"/run/secrets/github_token\"}, \"ghe_token\"], "   \
	"\"sysctls\": {\"net.ipv4.ip_forward\": \"0\"}, \"networks\": {\"isolated\": null, \"egress\": {}}"
#define NETWORKS                                                                                              \
	"\"networks\": {\"egress\": {\"name\": \"t_egress\"}, \"isolated\": {\"name\": \"t_isolated\", "          \
	"\"internal\": true, \"driver\": \"bridge\", "                                                           \
	"\"driver_opts\": {\"com.docker.network.bridge.inhibit_ipv4\": \"true\"}}}"
#define TOKEN "\"secrets\": {\"github_token\": {\"name\": \"t_github_token\", \"file\": \"/srv/t/github-token\"}}"
#define GHE_TOKEN                                                                                             \
	"\"secrets\": {\"github_token\": {\"file\": \"/srv/t/github-token\"}, \"ghe_token\": {\"file\": "             \
	"\"/srv/ghe/ghe-token\"}, \"copy\": {\"file\": \"/srv/ghe/./ghe-token\"}}"

static struct preflight_env env = {NULL, false};
static char text[65536];

/* The least document that passes, with the sandbox's members, the
 * sidecar's, the other services and the top-level members replaced where
 * not NULL. */
static const char *build(const char *sandbox, const char *sidecar, const char *others, const char *top)
{
	snprintf(text, sizeof text, "{\"name\": \"t\", \"services\": {\"sandbox\": {%s}, \"sidecar\": {%s}%s%s}, %s}",
	         sandbox ? sandbox : SANDBOX, sidecar ? sidecar : SIDECAR, others ? ", " : "", others ? others : "",
	         top ? top : NETWORKS ", " TOKEN);
	return text;
}

/* The document is refused with exactly these lines (none: it passes). */
static int says(const char *json, const char *const *want)
{
	struct outcome o;
	judge_text(json, &env, &o);
	int same = o.read && same_lines(o.text, want);
	if (!same)
		show_text(o.text);
	free(o.text);
	return same;
}

#define SAYS(json, ...) says(json, (const char *const[]){__VA_ARGS__, NULL})
#define PASSES(json) says(json, (const char *const[]){NULL})

static char dir[64];

static void link_at(const char *target, const char *rel)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (symlink(target, path) != 0)
		exit(1);
}

static void test_resolved(void)
{
	char members[1024], line[1024];
	snprintf(dir, sizeof dir, "/tmp/test_judge.XXXXXX");
	if (!mkdtemp(dir))
		exit(1);
	link_at("/run", "run");
	link_at("/nonexistent-target.test", "dangling");
	link_at("real", "tokens");
	char top[1024], real[256];
	snprintf(real, sizeof real, "%s/real", dir);
	if (mkdir(real, 0700) != 0)
		exit(1);
	snprintf(top, sizeof top, NETWORKS ", \"secrets\": {\"github_token\": {\"file\": \"%s/github-token\"}}", real);
	env.resolve = true;
	snprintf(members, sizeof members, SANDBOX ", \"volumes\": [{\"type\": \"bind\", \"source\": \"%s/src\"}]", dir);
	ok(PASSES(build(members, NULL, NULL, NULL)), "resolved: a directory of a temporary directory passes");
	snprintf(members, sizeof members, SANDBOX ", \"volumes\": [{\"type\": \"bind\", \"source\": \"%s/run\"}]", dir);
	snprintf(line, sizeof line,
	         R "services.sandbox.volumes[0]: %s/run (resolves to /run) contains the Docker socket (/run/docker.sock): "
	           "the sandbox could drive the host's Docker and leave its sandbox [sandbox-docker-socket]",
	         dir);
	ok(SAYS(build(members, NULL, NULL, NULL), line), "resolved: a link to /run is refused as /run");
	env.resolve = false;
	ok(PASSES(build(members, NULL, NULL, NULL)), "not resolved, the same link passes: the resolution refused it");
	env.resolve = true;
	snprintf(members, sizeof members, SANDBOX ", \"volumes\": [{\"type\": \"bind\", \"source\": \"%s/run/../etc\"}]",
	         dir);
	snprintf(line, sizeof line,
	         R "services.sandbox.volumes[0]: %s/run/../etc (resolves to /etc) is the host's /etc: the sandbox could "
	           "read the host's configuration and the secrets in it [sandbox-host-path]",
	         dir);
	ok(SAYS(build(members, NULL, NULL, NULL), line), "resolved: a .. after the link climbs from /run");
	snprintf(members, sizeof members, SANDBOX ", \"volumes\": [{\"type\": \"bind\", \"source\": \"%s/dangling\"}]",
	         dir);
	snprintf(line, sizeof line,
	         R "services.sandbox.volumes[0]: %s/dangling cannot be resolved on this machine (No such file or "
	           "directory): preflight cannot tell what it would bring in [sandbox-mount-unresolved]",
	         dir);
	ok(SAYS(build(members, NULL, NULL, NULL), line), "resolved: a dangling link is refused");
	snprintf(members, sizeof members, SANDBOX ", \"volumes\": [{\"type\": \"bind\", \"source\": \"%s/tokens\"}]",
	         dir);
	snprintf(line, sizeof line,
	         R "services.sandbox.volumes[0]: %s/tokens (resolves to %s) contains the token file of secret "
	           "github_token (secrets.github_token): the token must stay in the sidecar [sandbox-token]",
	         dir, real);
	ok(SAYS(build(members, NULL, NULL, top), line), "resolved: a link to the token's directory is refused");
	snprintf(top, sizeof top,
	         NETWORKS ", \"secrets\": {\"github_token\": {\"file\": \"/srv/t/github-token\"}, \"ghe_token\": "
	                  "{\"file\": \"%s/ghe-token\"}}",
	         real);
	snprintf(line, sizeof line,
	         R "services.sandbox.volumes[0]: %s/tokens (resolves to %s) contains the token file of secret "
	           "ghe_token (secrets.ghe_token): the token must stay in the sidecar [sandbox-token]",
	         dir, real);
	ok(SAYS(build(members, SIDECAR_GHE, NULL, top), line), "resolved: a link to a second token's directory is refused");
	ok(PASSES(build(members, NULL, NULL, top)), "the same link passes when the sidecar does not receive that secret");
	env.resolve = false;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		exit(1);
}

/* The sidecar with github_token and the secrets s1 ... sN (s1 twice when
 * twice), each a token; sN's file is /srv/many/sN. */
static const char *many_tokens(unsigned n, int twice, const char *sandbox)
{
	static char sidecar[8192], top[8192];
	int at = snprintf(sidecar, sizeof sidecar,
	                  "\"cap_drop\": [\"ALL\"], \"security_opt\": [\"no-new-privileges:true\"], "
	                  "\"read_only\": true, \"sysctls\": {\"net.ipv4.ip_forward\": \"0\"}, "
	                  "\"networks\": {\"isolated\": null, \"egress\": {}}, \"secrets\": [\"github_token\"");
	for (unsigned i = 1; i <= n; i++)
		at += snprintf(sidecar + at, sizeof sidecar - (size_t)at, ", {\"source\": \"s%u\"}%s", i,
		               twice && i == 1 ? ", \"s1\"" : "");
	snprintf(sidecar + at, sizeof sidecar - (size_t)at, "]");
	snprintf(top, sizeof top, NETWORKS ", \"secrets\": {\"github_token\": {\"file\": \"/srv/t/github-token\"}, "
	                                   "\"s%u\": {\"file\": \"/srv/many/s%u\"}}",
	         n, n);
	return build(sandbox, sidecar, NULL, top);
}

#define BIND_GHE SANDBOX ", \"volumes\": [{\"type\": \"bind\", \"source\": \"/srv/ghe/ghe-token\"}]"
#define BIND_GHE_DIR SANDBOX ", \"volumes\": [{\"type\": \"bind\", \"source\": \"/srv/ghe/\"}]"
#define WHY_TOKEN ": the token must stay in the sidecar [sandbox-token]"

/* Every secret the sidecar receives is a token: the sandbox may not have
 * it, another secret of its file, or a mount of the file or what holds it.
 * Each refusal has its control: the same sandbox with a sidecar that does
 * not receive the secret passes. */
static void test_tokens(void)
{
	ok(PASSES(build(NULL, SIDECAR_GHE, NULL, NETWORKS ", " GHE_TOKEN)), "a sidecar with a second token passes");
	ok(SAYS(build(SANDBOX ", \"secrets\": [\"ghe_token\"]", SIDECAR_GHE, NULL, NETWORKS ", " GHE_TOKEN),
	        R "services.sandbox.secrets[0]: ghe_token is a token of the sidecar's: it must stay in the sidecar "
	          "[sandbox-token]"),
	   "the sandbox receiving the sidecar's second token");
	ok(PASSES(build(SANDBOX ", \"secrets\": [\"ghe_token\"]", NULL, NULL, NETWORKS ", " GHE_TOKEN)),
	   "the same secret passes when the sidecar does not receive it");
	ok(SAYS(build(SANDBOX ", \"secrets\": [{\"source\": \"github_token\"}]", NULL, NULL, NETWORKS ", " GHE_TOKEN),
	        R "services.sandbox.secrets[0]: github_token is a token of the sidecar's: it must stay in the sidecar "
	          "[sandbox-token]"),
	   "github_token is the sidecar's token");
	ok(SAYS(build(SANDBOX ", \"secrets\": [\"github_token\"]",
	              "\"cap_drop\": [\"ALL\"], \"security_opt\": [\"no-new-privileges:true\"], \"read_only\": true, "
	              "\"sysctls\": {\"net.ipv4.ip_forward\": \"0\"}",
	              NULL, NETWORKS ", " GHE_TOKEN),
	        R "services.sandbox.secrets[0]: github_token is a token of the sidecar's: it must stay in the sidecar "
	          "[sandbox-token]",
	        R "services.sidecar.secrets: github_token is missing: the token must reach the sidecar as the compose "
	          "secret, never in its environment or a mount [sidecar-token-secret]"),
	   "github_token is, even when the sidecar does not receive it");
	ok(SAYS(build(SANDBOX ", \"secrets\": [\"copy\"]", SIDECAR_GHE, NULL, NETWORKS ", " GHE_TOKEN),
	        R "services.sandbox.secrets[0]: secret copy (/srv/ghe/./ghe-token) is the token file of secret ghe_token "
	          "(secrets.ghe_token)" WHY_TOKEN),
	   "another secret of the second token's file");
	ok(PASSES(build(SANDBOX ", \"secrets\": [\"copy\"]", NULL, NULL, NETWORKS ", " GHE_TOKEN)),
	   "the same secret passes when the sidecar does not receive ghe_token");
	ok(SAYS(build(BIND_GHE, SIDECAR_GHE, NULL, NETWORKS ", " GHE_TOKEN),
	        R "services.sandbox.volumes[0]: /srv/ghe/ghe-token is the token file of secret ghe_token "
	          "(secrets.ghe_token)" WHY_TOKEN),
	   "a bind mount of the second token's file");
	ok(PASSES(build(BIND_GHE, NULL, NULL, NETWORKS ", " GHE_TOKEN)),
	   "the same bind passes when the sidecar does not receive ghe_token");
	ok(SAYS(build(BIND_GHE_DIR, SIDECAR_GHE, NULL, NETWORKS ", " GHE_TOKEN),
	        R "services.sandbox.volumes[0]: /srv/ghe/ contains the token file of secret ghe_token "
	          "(secrets.ghe_token)" WHY_TOKEN),
	   "a bind mount of the directory that holds it");
	ok(PASSES(build(BIND_GHE_DIR, NULL, NULL, NETWORKS ", " GHE_TOKEN)), "the same directory passes without it");
	ok(SAYS(build(SANDBOX ", \"volumes\": [{\"type\": \"volume\", \"source\": \"v\"}]", SIDECAR_GHE, NULL,
	              NETWORKS ", " GHE_TOKEN ", \"volumes\": {\"v\": {\"driver_opts\": {\"type\": \"none\", \"o\": "
	                                     "\"bind\", \"device\": \"/srv/ghe\"}}}"),
	        R "services.sandbox.volumes[0]: volume v (/srv/ghe) contains the token file of secret ghe_token "
	          "(secrets.ghe_token)" WHY_TOKEN),
	   "a local volume that is a bind of that directory");
	ok(PASSES(build(SANDBOX ", \"volumes\": [{\"type\": \"volume\", \"source\": \"v\"}]", NULL, NULL,
	                NETWORKS ", " GHE_TOKEN ", \"volumes\": {\"v\": {\"driver_opts\": {\"type\": \"none\", \"o\": "
	                                       "\"bind\", \"device\": \"/srv/ghe\"}}}")),
	   "the same volume passes without it");
	ok(SAYS(build(BIND_GHE, SIDECAR_GHE, NULL,
	              NETWORKS ", \"secrets\": {\"github_token\": {\"file\": \"/srv/t/github-token\"}, \"ghe_token\": "
	                       "{\"file\": \"srv/ghe/ghe-token\"}}"),
	        R "secrets.ghe_token.file: srv/ghe/ghe-token is not an absolute path of at most 4096 bytes: preflight "
	          "cannot judge the sandbox's mounts against this token's file [unexpected-shape]"),
	   "a token's file that is no absolute path is refused: the mounts could not be judged against it");
	ok(PASSES(build(BIND_GHE, SIDECAR_GHE, NULL,
	                NETWORKS ", \"secrets\": {\"github_token\": {\"file\": \"/srv/t/github-token\"}, \"ghe_token\": "
	                         "{\"environment\": \"GHE_TOKEN\"}}")),
	   "a token without a file brings no path to refuse");
	ok(SAYS(build(NULL,
	              "\"cap_drop\": [\"ALL\"], \"security_opt\": [\"no-new-privileges:true\"], \"read_only\": true, "
	              "\"sysctls\": {\"net.ipv4.ip_forward\": \"0\"}, \"secrets\": [\"github_token\", 5, {\"source\": "
	              "null}]",
	              NULL, NULL),
	        R "services.sidecar.secrets[1]: is a number where docker compose config prints a string: preflight "
	          "cannot judge it [unexpected-shape]"),
	   "every secret of the sidecar is read, after github_token too (a null source is compose's absent)");

	char line[1024];
	ok(PASSES(many_tokens(LIMIT_TOKENS - 1, 0, NULL)), "the sidecar with the most tokens preflight keeps passes");
	ok(PASSES(many_tokens(LIMIT_TOKENS - 1, 1, NULL)), "a secret received twice is one token");
	snprintf(line, sizeof line,
	         R "services.sandbox.volumes[0]: /srv/many/s%u is the token file of secret s%u (secrets.s%u)" WHY_TOKEN,
	         LIMIT_TOKENS - 1, LIMIT_TOKENS - 1, LIMIT_TOKENS - 1);
	char members[256];
	snprintf(members, sizeof members, SANDBOX ", \"volumes\": [{\"type\": \"bind\", \"source\": \"/srv/many/s%u\"}]",
	         LIMIT_TOKENS - 1);
	ok(SAYS(many_tokens(LIMIT_TOKENS - 1, 1, members), line), "the last of them is judged: its file is refused");
	snprintf(line, sizeof line,
	         R "services.sidecar.secrets[%u]: s%u is a secret more than the %u preflight judges the sandbox's mounts "
	           "against: every secret the sidecar receives is a token, whose file the sandbox must not mount "
	           "[sidecar-token-count]",
	         LIMIT_TOKENS, LIMIT_TOKENS, LIMIT_TOKENS);
	ok(SAYS(many_tokens(LIMIT_TOKENS, 0, NULL), line), "one more is refused, not left out");
}

int main(void)
{
	ok(PASSES(build(NULL, NULL, NULL, NULL)), "the least configuration passes");

	ok(SAYS("[]", R "the document: is an array where docker compose config prints an object: preflight cannot "
	                "judge it [unexpected-shape]"),
	   "a document that is no object");
	ok(SAYS("{\"name\": \"t\", " NETWORKS "}",
	        R "services.sandbox: missing: preflight judges airlock's configuration, whose services are sandbox and "
	          "sidecar [missing-service]",
	        R "services.sidecar: missing: preflight judges airlock's configuration, whose services are sandbox and "
	          "sidecar [missing-service]"),
	   "no services");
	ok(SAYS(build(SANDBOX ", \"privileged\": \"true\"", NULL, NULL, NULL),
	        R "services.sandbox.privileged: is a string where docker compose config prints a boolean: preflight "
	          "cannot judge it [unexpected-shape]"),
	   "privileged as a string");
	ok(SAYS(build(SANDBOX ", \"volumes\": {\"a\": 1}", NULL, NULL, NULL),
	        R "services.sandbox.volumes: is an object where docker compose config prints an array: preflight cannot "
	          "judge it [unexpected-shape]"),
	   "volumes as an object");
	ok(SAYS(build(SANDBOX ", \"volumes\": [\"/var/run/docker.sock:/x\"]", NULL, NULL, NULL),
	        R "services.sandbox.volumes[0]: is a string where docker compose config prints an object: preflight "
	          "cannot judge it [unexpected-shape]"),
	   "a volume in the short syntax compose never prints");
	ok(SAYS(build(SANDBOX ", \"volumes\": [{\"type\": \"npipe\", \"source\": \"x\"}]", NULL, NULL, NULL),
	        R "services.sandbox.volumes[0]: npipe is not a mount type preflight judges (bind, volume, tmpfs) "
	          "[unexpected-shape]"),
	   "a mount type preflight does not know");
	ok(SAYS(build(SANDBOX ", \"volumes\": [{\"type\": \"bind\", \"source\": \"run/docker.sock\"}]", NULL, NULL, NULL),
	        R "services.sandbox.volumes[0]: run/docker.sock is not an absolute path of at most 4096 bytes: "
	          "preflight cannot judge it [unexpected-shape]"),
	   "a relative bind source");
	ok(PASSES(build(SANDBOX ", \"volumes\": [{\"type\": \"tmpfs\", \"target\": \"/x\"}, {\"type\": \"volume\", "
	                        "\"target\": \"/y\"}]",
	                NULL, NULL, NULL)),
	   "a tmpfs and an anonymous volume pass");

	ok(PASSES(build("\"cap_drop\": [\"all\"], \"security_opt\": [\"no-new-privileges\"], \"networks\": {\"isolated\": "
	                "null}",
	                NULL, NULL, NULL)),
	   "cap_drop all and a bare no-new-privileges, as Docker takes them");
	ok(PASSES(build("\"cap_drop\": [\"ALL\"], \"security_opt\": [\"no-new-privileges=1\"], \"networks\": "
	                "{\"isolated\": null}",
	                NULL, NULL, NULL)),
	   "no-new-privileges=1");
	ok(SAYS(build("\"cap_drop\": [\"CAP_ALL\"], \"security_opt\": [\"no-new-privileges:yes\"], \"networks\": "
	              "{\"isolated\": null}",
	              NULL, NULL, NULL),
	        R "services.sandbox.cap_drop: ALL is missing: the sandbox would keep Docker's default capabilities "
	          "[sandbox-cap-drop]",
	        R "services.sandbox.security_opt[0]: no-new-privileges:yes: a setuid program could give the sandbox "
	          "privileges its user does not have [sandbox-no-new-privileges]"),
	   "CAP_ALL and no-new-privileges:yes are not what Docker takes");
	ok(SAYS(build("\"cap_drop\": [\"ALL\"], \"networks\": {\"isolated\": null}, \"security_opt\": "
	              "[\"no-new-privileges:true\", \"systempaths=unconfined\", \"label:type:spc_t\", "
	              "\"seccomp=/srv/profile.json\"]",
	              NULL, NULL, NULL),
	        R "services.sandbox.security_opt[1]: systempaths=unconfined: the sandbox would run with the kernel's "
	          "masked and read-only paths in /proc and /sys open [sandbox-unconfined]",
	        R "services.sandbox.security_opt[2]: label:type:spc_t: the sandbox would run as SELinux's "
	          "super-privileged container type [sandbox-unconfined]"),
	   "systempaths and an SELinux type refused; a seccomp profile of one's own is not judged");
	ok(SAYS(build(SANDBOX ", \"pid\": \"container:abc\", \"uts\": \"host\"", NULL, NULL, NULL),
	        R "services.sandbox.pid: container:abc: the sandbox would share another container's process namespace "
	          "[sandbox-host-namespace]",
	        R "services.sandbox.uts: host: the sandbox would share the host's UTS (host name) namespace "
	          "[sandbox-host-namespace]"),
	   "a container's process namespace, the host's UTS");
	ok(PASSES(build(SANDBOX ", \"ipc\": \"private\", \"cgroup\": \"private\"", NULL, NULL, NULL)),
	   "private namespaces pass");

	ok(SAYS(build(NULL, SIDECAR ", \"cap_add\": [\"cap_chown\", \"NET_ADMIN\", \"SETPCAP\", \"SYS_ADMIN\"]", NULL, NULL),
	        R "services.sidecar.cap_add[3]: SYS_ADMIN is not one of the sidecar's capabilities (CHOWN DAC_OVERRIDE "
	          "FOWNER SETUID SETGID NET_BIND_SERVICE KILL NET_ADMIN SETPCAP): each one more is more a compromised "
	          "daemon could do, with the token at hand [sidecar-cap-add]"),
	   "the sidecar: cap_chown is CHOWN, NET_ADMIN and SETPCAP are on the list (the firewall), SYS_ADMIN is not");
	ok(SAYS(build(NULL,
	              "\"cap_drop\": [\"ALL\"], \"read_only\": true, \"secrets\": [\"github_token\"], \"sysctls\": "
	              "{\"net.ipv4.ip_forward\": 0}, \"pid\": \"service:sandbox\"",
	              NULL, NULL),
	        R "services.sidecar.pid: service:sandbox: the sidecar would share another container's process namespace "
	          "[sidecar-host-namespace]",
	        R "services.sidecar.security_opt: no-new-privileges:true is missing: a setuid program could give the "
	          "sidecar privileges its user does not have [sidecar-no-new-privileges]",
	        R "services.sidecar.sysctls[\"net.ipv4.ip_forward\"]: is a number where docker compose config prints a "
	          "string: preflight cannot judge it [unexpected-shape]"),
	   "the sidecar: its own checks of the shared confinement, a secret as a string, a sysctl as a number");

	ok(SAYS(build(SANDBOX ", \"secrets\": [{\"source\": \"copy\"}]", NULL, NULL,
	              NETWORKS ", \"secrets\": {\"github_token\": {\"file\": \"/srv/t/github-token\"}, \"copy\": "
	                       "{\"file\": \"/srv/t//github-token\"}}"),
	        R "services.sandbox.secrets[0]: secret copy (/srv/t//github-token) is the token file of secret "
	          "github_token (secrets.github_token): the token must stay in the sidecar [sandbox-token]"),
	   "another secret of the token's file");
	ok(SAYS(build(SANDBOX ", \"configs\": [{\"source\": \"c\"}]", NULL, NULL,
	              NETWORKS ", " TOKEN ", \"configs\": {\"c\": {\"file\": \"/home/alice/.netrc\"}}"),
	        R "services.sandbox.configs[0]: config c (/home/alice/.netrc) is ~/.netrc (passwords for hosts): the "
	          "agent could read the user's credentials and carry them out on any channel it is allowed "
	          "[sandbox-credentials]"),
	   "a config of a credential file");
	ok(PASSES(build(SANDBOX ", \"configs\": [{\"source\": \"c\"}]", NULL, NULL,
	                NETWORKS ", " TOKEN ", \"configs\": {\"c\": {\"content\": \"x\"}}")),
	   "a config with its content in the file passes");
	ok(PASSES(build(SANDBOX ", \"configs\": [{\"source\": \"github_token\"}]", NULL, NULL, NETWORKS)),
	   "a config named github_token is not the token secret, with no secret or config defined");
	ok(PASSES(build(SANDBOX ", \"volumes\": [{\"type\": \"volume\", \"source\": \"v\"}]", NULL, NULL,
	                NETWORKS ", " TOKEN ", \"volumes\": {\"v\": {\"driver\": \"nfs.test\", \"driver_opts\": "
	                                  "{\"device\": \"/run\"}}}")),
	   "a volume of another driver is not judged");

	env.home = "/var/lib/agent";
	ok(SAYS(build(SANDBOX ", \"volumes\": [{\"type\": \"bind\", \"source\": \"/var/lib/agent/.kube\"}]", NULL, NULL,
	              NULL),
	        R "services.sandbox.volumes[0]: /var/lib/agent/.kube is ~/.kube (Kubernetes credentials): the agent could "
	          "read the user's credentials and carry them out on any channel it is allowed [sandbox-credentials]"),
	   "credentials in the home of whoever runs preflight");
	env.home = NULL;
	ok(PASSES(build(SANDBOX ", \"volumes\": [{\"type\": \"bind\", \"source\": \"/var/lib/agent/.kube\"}]", NULL, NULL,
	                NULL)),
	   "the same path passes when that home is not the caller's");

	ok(SAYS(build(NULL, NULL, "\"x\": {\"network_mode\": \"container:abc\"}, \"y\": {\"network_mode\": \"none\"}", NULL),
	        R "services.x.network_mode: container:abc: preflight cannot tell whose network namespace it would share: "
	          "the sandbox's or the sidecar's, perhaps [isolated-member]"),
	   "another service in a container's network namespace; none passes");
	ok(SAYS(build(NULL, NULL, NULL,
	              "\"networks\": {\"isolated\": {\"name\": \"t_isolated\", \"internal\": true, \"driver\": \"macvlan\", "
	              "\"driver_opts\": {\"com.docker.network.bridge.inhibit_ipv4\": \"false\"}}}, " TOKEN),
	        R "networks.isolated.driver: macvlan is not bridge: internal and inhibit_ipv4 are the bridge driver's "
	          "settings [network-isolated-driver]",
	        R "networks.isolated.driver_opts[\"com.docker.network.bridge.inhibit_ipv4\"]: false is not \"true\": the "
	          "host would have an address on the isolated network, which the sandbox could reach "
	          "[network-isolated-inhibit-ipv4]"),
	   "another driver, inhibit_ipv4 false");
	ok(SAYS(build(NULL, NULL, NULL, "\"secrets\": {}"),
	        R "networks.isolated: missing: the sandbox's network must be defined here, internal, with no address on "
	          "the host [network-isolated]"),
	   "no isolated network");
	test_tokens();
	test_resolved();
	return tap_done();
}
