#!/usr/bin/env bats
# airlock-preflight against what docker compose really prints: each class
# of dangerous key, added by a small override of the shipped compose file,
# is refused with the key, the reason and the rule; the shipped files pass
# (the positive control of every refusal); and `make up` stops on a
# refusal before it builds or starts anything, where the same command with
# a clean configuration starts the stack.

load lib/stack

PREFLIGHT=$AIRLOCK_ROOT/preflight/build/airlock-preflight

setup_file() {
	make -s -C "$AIRLOCK_ROOT/preflight" >/dev/null
	local run_id
	run_id=$(printf '%s' "${BATS_RUN_TMPDIR:-$$}" | cksum | cut -d' ' -f1)
	export STACK_PROJECT="airlock-t$run_id-86"
	STACK_DIR=$(mktemp -d "${BATS_RUN_TMPDIR:-/tmp}/preflight.XXXXXX")
	export STACK_DIR
	export AIRLOCK_NET AIRLOCK_TEST_EGRESS_NET AIRLOCK_TOKEN_FILE AIRLOCK_REPOS
	AIRLOCK_NET=$("$COMPOSE_DIR/net-for-project" "$STACK_PROJECT")
	AIRLOCK_TEST_EGRESS_NET=$("$COMPOSE_DIR/net-for-project" "$STACK_PROJECT" 198.19)
	AIRLOCK_TOKEN_FILE=$STACK_DIR/github_token
	AIRLOCK_REPOS=airlock-test/allowed
	echo "ghp_test$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')" >"$AIRLOCK_TOKEN_FILE"
	chmod 0755 "$STACK_DIR"
	chmod 0644 "$AIRLOCK_TOKEN_FILE"
}
teardown_file() { stack_down; }

# judge [FILE...]: the shipped compose file and these, as compose prints
# them, through airlock-preflight.
judge() {
	local files=(-f "$COMPOSE_DIR/compose.isolated.yml") f
	for f in "$@"; do files+=(-f "$f"); done
	docker compose -p "$STACK_PROJECT" --project-directory "$COMPOSE_DIR" "${files[@]}" config --format json |
		"$PREFLIGHT"
}

# preflight OVERRIDE_TEXT: judge the shipped file with this override.
preflight() {
	printf '%s\n' "$1" >"$BATS_TEST_TMPDIR/override.yml"
	judge "$BATS_TEST_TMPDIR/override.yml"
}

# refused LINE...: the run failed with exit 1, each LINE a refusal of it.
refused() {
	assert_failure 1
	local line
	for line in "$@"; do assert_line "airlock-preflight: refused: $line"; done
}

@test "the shipped compose file passes, alone and with the test overlay" {
	run judge
	assert_success
	assert_output ""
	run judge "$COMPOSE_DIR/compose.test.yml"
	assert_success
	assert_output ""
}

@test "the Docker socket, and a directory that holds it, are refused" {
	run preflight $'services:\n  sandbox:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock'
	refused "services.sandbox.volumes[1]: /var/run/docker.sock is a Docker socket: the sandbox could drive the host's Docker and leave its sandbox [sandbox-docker-socket]"
	assert_line "airlock-preflight: fatal: stdin: 1 refusal in the compose configuration"
	run preflight $'services:\n  sandbox:\n    volumes:\n      - type: bind\n        source: /run/\n        target: /hostrun'
	refused "services.sandbox.volumes[1]: /run/ contains the Docker socket (/run/docker.sock): the sandbox could drive the host's Docker and leave its sandbox [sandbox-docker-socket]"
}

@test "a credential directory is refused" {
	run preflight $'services:\n  sandbox:\n    volumes:\n      - ~/.ssh:/home/agent/.ssh:ro'
	refused "services.sandbox.volumes[1]: $HOME/.ssh is ~/.ssh (SSH keys): the agent could read the user's credentials and carry them out on any channel it is allowed [sandbox-credentials]"
}

@test "a host path is refused" {
	run preflight $'services:\n  sandbox:\n    volumes:\n      - /proc:/host/proc'
	refused "services.sandbox.volumes[1]: /proc is the host's /proc: the sandbox could see the host's processes and change its kernel's settings [sandbox-host-path]"
}

@test "privileged, a capability and a device are refused, each" {
	run preflight $'services:\n  sandbox:\n    privileged: true\n    cap_add: [SYS_ADMIN]\n    devices: [/dev/fuse]'
	refused "services.sandbox.privileged: true: the sandbox would have every capability and every device of the host, confined by nothing [sandbox-privileged]" \
		"services.sandbox.devices[0]: /dev/fuse: the sandbox would use a device of the host directly [sandbox-devices]" \
		"services.sandbox.cap_add[0]: SYS_ADMIN: the sandbox runs with no capability; each one is more it could do to the kernel [sandbox-cap-add]"
	assert_line "airlock-preflight: fatal: stdin: 3 refusals in the compose configuration"
}

@test "the host's namespaces are refused" {
	run preflight $'services:\n  sandbox:\n    pid: host\n    ipc: host\n    userns_mode: host'
	refused "services.sandbox.pid: host: the sandbox would share the host's process namespace [sandbox-host-namespace]" \
		"services.sandbox.ipc: host: the sandbox would share the host's IPC namespace [sandbox-host-namespace]" \
		"services.sandbox.userns_mode: host: the sandbox would share the host's user namespace [sandbox-host-namespace]"
	run preflight $'services:\n  sandbox:\n    networks: !reset {}\n    network_mode: host'
	refused "services.sandbox.network_mode: host: the sandbox must be on the isolated network alone, whose one way out is the sidecar [sandbox-network-mode]"
}

@test "seccomp and AppArmor unconfined are refused, and so is losing no-new-privileges" {
	run preflight $'services:\n  sandbox:\n    security_opt: [seccomp=unconfined, "apparmor:unconfined"]'
	refused "services.sandbox.security_opt[1]: seccomp=unconfined: the sandbox would run without its seccomp filter, every system call of the host's kernel open to it [sandbox-unconfined]" \
		"services.sandbox.security_opt[2]: apparmor:unconfined: the sandbox would run without its AppArmor profile [sandbox-unconfined]"
	run preflight $'services:\n  sandbox:\n    security_opt: !reset []'
	refused "services.sandbox.security_opt: no-new-privileges:true is missing: a setuid program could give the sandbox privileges its user does not have [sandbox-no-new-privileges]"
}

@test "another network for the sandbox is refused" {
	run preflight $'services:\n  sandbox:\n    networks:\n      egress: {}'
	refused "services.sandbox.networks.egress: the sandbox must be on the isolated network alone, whose one way out is the sidecar [sandbox-network]"
}

@test "a published port is refused" {
	run preflight $'services:\n  sandbox:\n    ports: ["127.0.0.1:2222:22"]'
	refused "services.sandbox.ports[0]: a published port: the host's network could reach the sandbox, and the sandbox answer, past the sidecar [sandbox-ports]"
}

@test "a third service on the isolated network is refused" {
	run preflight $'services:\n  helper:\n    image: helper.test/helper\n    networks: [isolated, egress]'
	refused "services.helper.networks.isolated: only the sidecar and the sandbox may be on the isolated network: another member could carry the sandbox's traffic out [isolated-member]"
	run preflight $'services:\n  helper:\n    image: helper.test/helper\n    networks: [egress]'
	assert_success
}

@test "the sidecar: a capability beyond its list and a missing token secret are refused" {
	run preflight $'services:\n  sidecar:\n    cap_add: [SYS_ADMIN]\n    secrets: !reset []'
	refused "services.sidecar.cap_add[9]: SYS_ADMIN is not one of the sidecar's capabilities (CHOWN DAC_OVERRIDE FOWNER SETUID SETGID NET_BIND_SERVICE KILL NET_ADMIN SETPCAP): each one more is more a compromised daemon could do, with the token at hand [sidecar-cap-add]" \
		"services.sidecar.secrets: github_token is missing: the token must reach the sidecar as the compose secret, never in its environment or a mount [sidecar-token-secret]"
	run preflight $'services:\n  sidecar:\n    cap_add: [KILL]'
	assert_success
}

@test "every secret the sidecar receives is a token: a second one, its file and its directory are refused for the sandbox" {
	export AIRLOCK_GHE_TOKEN_FILE=$STACK_DIR/ghe/ghe_token
	mkdir -p "$STACK_DIR/ghe"
	echo "ghe_test$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')" >"$AIRLOCK_GHE_TOKEN_FILE"
	local ghe=("$COMPOSE_DIR/compose.test.yml" "$BATS_TEST_DIRNAME/lib/compose.ghe.yml")
	run judge "${ghe[@]}"
	assert_success
	assert_output ""
	printf 'services:\n  sandbox:\n    secrets: [ghe_token]\n' >"$BATS_TEST_TMPDIR/secret.yml"
	run judge "${ghe[@]}" "$BATS_TEST_TMPDIR/secret.yml"
	refused "services.sandbox.secrets[0]: ghe_token is a token of the sidecar's: it must stay in the sidecar [sandbox-token]"
	printf 'services:\n  sandbox:\n    volumes:\n      - %s:/home/agent/ghe_token:ro\n' "$AIRLOCK_GHE_TOKEN_FILE" \
		>"$BATS_TEST_TMPDIR/file.yml"
	run judge "${ghe[@]}" "$BATS_TEST_TMPDIR/file.yml"
	refused "services.sandbox.volumes[2]: $AIRLOCK_GHE_TOKEN_FILE is the token file of secret ghe_token (secrets.ghe_token): the token must stay in the sidecar [sandbox-token]"
	printf 'services:\n  sandbox:\n    volumes:\n      - %s/ghe:/srv/ghe:ro\n' "$STACK_DIR" >"$BATS_TEST_TMPDIR/dir.yml"
	run judge "${ghe[@]}" "$BATS_TEST_TMPDIR/dir.yml"
	refused "services.sandbox.volumes[2]: $STACK_DIR/ghe contains the token file of secret ghe_token (secrets.ghe_token): the token must stay in the sidecar [sandbox-token]"
	# The control: without the overlay the sidecar does not receive
	# ghe_token, and the same mounts pass.
	run judge "$COMPOSE_DIR/compose.test.yml" "$BATS_TEST_TMPDIR/dir.yml"
	assert_success
	assert_output ""
	run judge "$COMPOSE_DIR/compose.test.yml" "$BATS_TEST_TMPDIR/file.yml"
	assert_success
}

@test "make up refuses a docker.sock mount before it builds or starts anything; clean, it starts" {
	printf 'services:\n  sandbox:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n' \
		>"$STACK_DIR/socket.yml"
	run make -s -C "$AIRLOCK_ROOT" up PROJECT="$STACK_PROJECT" \
		COMPOSE_FILES="compose.isolated.yml compose.test.yml $STACK_DIR/socket.yml"
	assert_failure
	assert_line "airlock-preflight: refused: services.sandbox.volumes[2]: /var/run/docker.sock is a Docker socket: the sandbox could drive the host's Docker and leave its sandbox [sandbox-docker-socket]"
	refute_output --partial "up: project"
	run docker compose -p "$STACK_PROJECT" ps -aq
	assert_success
	assert_output ""
	run docker network ls -q --filter "label=com.docker.compose.project=$STACK_PROJECT"
	assert_output ""

	run make -s -C "$AIRLOCK_ROOT" up PROJECT="$STACK_PROJECT" COMPOSE_FILES="compose.isolated.yml compose.test.yml"
	assert_success
	assert_line --partial "up: project $STACK_PROJECT"
	run docker inspect -f '{{.State.Running}}' "$(compose ps -q sandbox)"
	assert_output true
	run docker network ls -q --filter "label=com.docker.compose.project=$STACK_PROJECT"
	refute_output ""
}
