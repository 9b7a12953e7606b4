/* test_fixtures.c: what airlock-preflight says about real configurations:
 * tests/fixtures/NAME.json is what `docker compose config --format json`
 * printed for the shipped files with tests/overrides/NAME.yml
 * (tests/capture-fixtures.sh), each override adding one dangerous key,
 * "many" several. The shipped files, alone and with the test overlay,
 * pass, and so do ghe-token (the sidecar's second token, the control of
 * the ghe-token-* refusals) and ghe-dir-no-token (the control of
 * ghe-token-dir: a secret the sidecar does not receive is no token).
 * Each refusal is checked to the byte, and every fixture in the directory
 * has its case here. Paths are judged as written: the fixtures'
 * paths are not this machine's. */
#include <dirent.h>

#include "judge_helper.h"
#include "tap.h"

static const struct {
	const char *name;
	const char *lines[8];
} cases[] = {
	{"apparmor", {
		R "services.sandbox.security_opt[1]: apparmor=unconfined: the sandbox would run "
		  "without its AppArmor profile [sandbox-unconfined]",
		NULL}},
	{"aws-file", {
		R "services.sandbox.volumes[1]: /root/.aws/credentials is in ~/.aws (AWS "
		  "credentials): the agent could read the user's credentials and carry them out on "
		  "any channel it is allowed [sandbox-credentials]",
		NULL}},
	{"cap-add", {
		R "services.sandbox.cap_add[0]: NET_ADMIN: the sandbox runs with no capability; "
		  "each one is more it could do to the kernel [sandbox-cap-add]",
		NULL}},
	{"cap-drop-reset", {
		R "services.sandbox.cap_drop: ALL is missing: the sandbox would keep Docker's "
		  "default capabilities [sandbox-cap-drop]",
		NULL}},
	{"config-dir", {
		R "services.sandbox.volumes[1]: /home/alice/.config contains ~/.config/gh (the "
		  "GitHub CLI's token): the agent could read the user's credentials and carry them "
		  "out on any channel it is allowed [sandbox-credentials]",
		NULL}},
	{"containerd-dir", {
		R "services.sandbox.volumes[1]: /run/containerd/ is containerd's runtime directory "
		  "(/run/containerd): the sandbox could drive the host's containerd and leave its "
		  "sandbox [sandbox-docker-socket]",
		NULL}},
	{"default-network", {
		R "services.sandbox.networks.default: the sandbox must be on the isolated network "
		  "alone, whose one way out is the sidecar [sandbox-network]",
		NULL}},
	{"devices", {
		R "services.sandbox.devices[0]: /dev/fuse: the sandbox would use a device of the "
		  "host directly [sandbox-devices]",
		NULL}},
	{"docker-data", {
		R "services.sandbox.volumes[1]: /var/lib/docker is Docker's data directory "
		  "(/var/lib/docker): the sandbox could read and change the files of every "
		  "container and image on the host [sandbox-docker-socket]",
		NULL}},
	{"docker-sock", {
		R "services.sandbox.volumes[1]: /var/run/docker.sock is a Docker socket: the "
		  "sandbox could drive the host's Docker and leave its sandbox "
		  "[sandbox-docker-socket]",
		NULL}},
	{"egress", {
		R "services.sandbox.networks.egress: the sandbox must be on the isolated network "
		  "alone, whose one way out is the sidecar [sandbox-network]",
		NULL}},
	{"extra-network-mode", {
		R "services.helper.network_mode: service:sandbox: it would share that service's "
		  "network namespace, and so be on the isolated network [isolated-member]",
		NULL}},
	{"extra-service", {
		R "services.helper.networks.isolated: only the sidecar and the sandbox may be on "
		  "the isolated network: another member could carry the sandbox's traffic out "
		  "[isolated-member]",
		NULL}},
	{"extra-service-alias", {
		R "services.helper.networks.sneaky: only the sidecar and the sandbox may be on the "
		  "isolated network: another member could carry the sandbox's traffic out "
		  "[isolated-member]",
		NULL}},
	{"ghe-dir-no-token", {NULL}},
	{"ghe-token", {NULL}},
	{"ghe-token-copy", {
		R "services.sandbox.secrets[0]: secret ghe_copy (/srv/ghe//ghe-token) is the token "
		  "file of secret ghe_token (secrets.ghe_token): the token must stay in the sidecar "
		  "[sandbox-token]",
		NULL}},
	{"ghe-token-dir", {
		R "services.sandbox.volumes[1]: /srv/ghe contains the token file of secret "
		  "ghe_token (secrets.ghe_token): the token must stay in the sidecar [sandbox-token]",
		NULL}},
	{"ghe-token-file", {
		R "services.sandbox.volumes[1]: /srv/ghe/ghe-token is the token file of secret "
		  "ghe_token (secrets.ghe_token): the token must stay in the sidecar [sandbox-token]",
		NULL}},
	{"ghe-token-secret", {
		R "services.sandbox.secrets[0]: ghe_token is a token of the sidecar's: it must stay "
		  "in the sidecar [sandbox-token]",
		NULL}},
	{"home", {
		R "services.sandbox.volumes[1]: /home/alice is a home directory, with ~/.ssh, "
		  "~/.aws and the other credentials in it: the agent could read the user's "
		  "credentials and carry them out on any channel it is allowed "
		  "[sandbox-credentials]",
		NULL}},
	{"host-etc", {
		R "services.sandbox.volumes[1]: /etc/localtime is in the host's /etc: the sandbox "
		  "could read the host's configuration and the secrets in it [sandbox-host-path]",
		NULL}},
	{"host-proc", {
		R "services.sandbox.volumes[1]: /proc is the host's /proc: the sandbox could see "
		  "the host's processes and change its kernel's settings [sandbox-host-path]",
		NULL}},
	{"host-root", {
		R "services.sandbox.volumes[1]: / is the host's root directory: the sandbox could "
		  "read and change every file of the host [sandbox-host-path]",
		NULL}},
	{"ipc-sidecar", {
		R "services.sandbox.ipc: service:sidecar: the sandbox would share another "
		  "container's IPC namespace [sandbox-host-namespace]",
		NULL}},
	{"isolated-external", {
		R "networks.isolated.external: true: the isolated network must be this project's "
		  "own, made by compose as defined here [network-isolated-external]",
		R "networks.isolated.name: shared_isolated is not airlock_isolated, the project's "
		  "own: another project's containers could share it [network-isolated-name]",
		NULL}},
	{"isolated-ipv6", {
		R "networks.isolated.enable_ipv6: true: the host would have an IPv6 address on the "
		  "isolated network, which the sandbox could reach [network-isolated-ipv6]",
		NULL}},
	{"isolated-no-inhibit", {
		R "networks.isolated.driver_opts[\"com.docker.network.bridge.inhibit_ipv4\"]: "
		  "missing: the host would have an address on the isolated network, which the "
		  "sandbox could reach [network-isolated-inhibit-ipv4]",
		NULL}},
	{"isolated-not-internal", {
		R "networks.isolated.internal: not true: the isolated network would have a way out "
		  "through the host [network-isolated-internal]",
		NULL}},
	{"many", {
		R "services.sandbox.privileged: true: the sandbox would have every capability and "
		  "every device of the host, confined by nothing [sandbox-privileged]",
		R "services.sandbox.ports[0]: a published port: the host's network could reach the "
		  "sandbox, and the sandbox answer, past the sidecar [sandbox-ports]",
		R "services.sandbox.volumes[1]: /var/run/docker.sock is a Docker socket: the "
		  "sandbox could drive the host's Docker and leave its sandbox "
		  "[sandbox-docker-socket]",
		R "services.sandbox.volumes[2]: /home/alice/.ssh is ~/.ssh (SSH keys): the agent "
		  "could read the user's credentials and carry them out on any channel it is "
		  "allowed [sandbox-credentials]",
		R "services.sidecar.cap_add[9]: SYS_MODULE is not one of the sidecar's capabilities "
		  "(CHOWN DAC_OVERRIDE FOWNER SETUID SETGID NET_BIND_SERVICE KILL NET_ADMIN SETPCAP): each one more "
		  "is more a compromised daemon could do, with the token at hand [sidecar-cap-add]",
		R "networks.isolated.internal: not true: the isolated network would have a way out "
		  "through the host [network-isolated-internal]",
		NULL}},
	{"network-mode-host", {
		R "services.sandbox.network_mode: host: the sandbox must be on the isolated network "
		  "alone, whose one way out is the sidecar [sandbox-network-mode]",
		NULL}},
	{"network-mode-sidecar", {
		R "services.sandbox.network_mode: service:sidecar: the sandbox must be on the "
		  "isolated network alone, whose one way out is the sidecar [sandbox-network-mode]",
		NULL}},
	{"nnp-false", {
		R "services.sandbox.security_opt[1]: no-new-privileges:false: a setuid program "
		  "could give the sandbox privileges its user does not have "
		  "[sandbox-no-new-privileges]",
		NULL}},
	{"nnp-reset", {
		R "services.sandbox.security_opt: no-new-privileges:true is missing: a setuid "
		  "program could give the sandbox privileges its user does not have "
		  "[sandbox-no-new-privileges]",
		NULL}},
	{"pid-host", {
		R "services.sandbox.pid: host: the sandbox would share the host's process namespace "
		  "[sandbox-host-namespace]",
		NULL}},
	{"podman-sock-long", {
		R "services.sandbox.volumes[1]: /run/user/1000/podman/podman.sock is a Podman "
		  "socket: the sandbox could drive the host's Podman and leave its sandbox "
		  "[sandbox-docker-socket]",
		NULL}},
	{"ports", {
		R "services.sandbox.ports[0]: a published port: the host's network could reach the "
		  "sandbox, and the sandbox answer, past the sidecar [sandbox-ports]",
		NULL}},
	{"privileged", {
		R "services.sandbox.privileged: true: the sandbox would have every capability and "
		  "every device of the host, confined by nothing [sandbox-privileged]",
		NULL}},
	{"run-dir", {
		R "services.sandbox.volumes[1]: /var/run contains the Docker socket "
		  "(/run/docker.sock): the sandbox could drive the host's Docker and leave its "
		  "sandbox [sandbox-docker-socket]",
		NULL}},
	{"seccomp", {
		R "services.sandbox.security_opt[1]: seccomp:unconfined: the sandbox would run "
		  "without its seccomp filter, every system call of the host's kernel open to it "
		  "[sandbox-unconfined]",
		NULL}},
	{"secret-socket", {
		R "services.sandbox.secrets[0]: secret dockersock (/run/docker.sock) is a Docker "
		  "socket: the sandbox could drive the host's Docker and leave its sandbox "
		  "[sandbox-docker-socket]",
		NULL}},
	{"shipped", {NULL}},
	{"shipped-test", {NULL}},
	{"sidecar-cap", {
		R "services.sidecar.cap_add[9]: SYS_ADMIN is not one of the sidecar's capabilities "
		  "(CHOWN DAC_OVERRIDE FOWNER SETUID SETGID NET_BIND_SERVICE KILL NET_ADMIN SETPCAP): each one more "
		  "is more a compromised daemon could do, with the token at hand [sidecar-cap-add]",
		NULL}},
	{"sidecar-forward", {
		R "services.sidecar.sysctls[\"net.ipv4.ip_forward\"]: 1 is not \"0\": the sidecar would "
		  "route the sandbox's packets past its daemons [sidecar-ip-forward]",
		NULL}},
	{"sidecar-host-network", {
		R "services.sidecar.network_mode: host: the sidecar would share the host's network "
		  "namespace, and the sandbox reach the host's network through it "
		  "[sidecar-host-namespace]",
		NULL}},
	{"sidecar-no-secret", {
		R "services.sidecar.secrets: github_token is missing: the token must reach the "
		  "sidecar as the compose secret, never in its environment or a mount "
		  "[sidecar-token-secret]",
		NULL}},
	{"sidecar-privileged", {
		R "services.sidecar.privileged: true: the sidecar would have every capability and "
		  "every device of the host, confined by nothing [sidecar-privileged]",
		NULL}},
	{"sidecar-writable", {
		R "services.sidecar.read_only: not true: a compromised daemon could change the "
		  "sidecar's programs and the files the other daemons read [sidecar-read-only]",
		NULL}},
	{"ssh", {
		R "services.sandbox.volumes[1]: /home/alice/.ssh is ~/.ssh (SSH keys): the agent "
		  "could read the user's credentials and carry them out on any channel it is "
		  "allowed [sandbox-credentials]",
		NULL}},
	{"token-dir", {
		R "services.sandbox.volumes[1]: /srv/airlock contains the token file of secret "
		  "github_token (secrets.github_token): the token must stay in the sidecar "
		  "[sandbox-token]",
		NULL}},
	{"token-secret", {
		R "services.sandbox.secrets[0]: github_token is a token of the sidecar's: it must "
		  "stay in the sidecar [sandbox-token]",
		NULL}},
	{"userns-host", {
		R "services.sandbox.userns_mode: host: the sandbox would share the host's user "
		  "namespace [sandbox-host-namespace]",
		NULL}},
	{"volume-device", {
		R "services.sandbox.volumes[1]: volume hostrun (/run) contains the Docker socket "
		  "(/run/docker.sock): the sandbox could drive the host's Docker and leave its "
		  "sandbox [sandbox-docker-socket]",
		NULL}},
	{"volumes-from", {
		R "services.sandbox.volumes_from[0]: sidecar: the sandbox would get another "
		  "container's mounts, which preflight cannot see [sandbox-volumes-from]",
		NULL}},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int has_case(const char *file)
{
	for (size_t i = 0; i < N(cases); i++) {
		size_t n = strlen(cases[i].name);
		if (strncmp(file, cases[i].name, n) == 0 && strcmp(file + n, ".json") == 0)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_fixtures FIXTURES_DIR\n");
		return 100;
	}
	const struct preflight_env env = {.home = NULL, .resolve = false};
	for (size_t i = 0; i < N(cases); i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s.json", argv[1], cases[i].name);
		char *json = read_file(path);
		if (!json) {
			ok(0, "%s: the fixture can be read", cases[i].name);
			continue;
		}
		struct outcome o;
		judge_text(json, &env, &o);
		size_t want = 0;
		while (cases[i].lines[want])
			want++;
		if (!ok(o.read && o.refused == want && same_lines(o.text, cases[i].lines), "%s: %s", cases[i].name,
		        want ? "refused, each line as expected" : "passes"))
			show_text(o.text);
		free(o.text);
		free(json);
	}
	DIR *d = opendir(argv[1]);
	if (!ok(d != NULL, "the fixtures directory can be read"))
		return tap_done();
	unsigned files = 0, orphans = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		files++;
		if (!has_case(e->d_name)) {
			printf("# no case for %s\n", e->d_name);
			orphans++;
		}
	}
	closedir(d);
	ok(orphans == 0 && files == N(cases), "every one of the %u fixtures has its case", files);
	return tap_done();
}
