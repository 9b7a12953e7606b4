# stack.bash: bring one sealed airlock test stack (sidecar, sandbox, fake
# GitHub on an internal egress network) up per bats file, and tear it down.
# Every name, network and volume belongs to a project unique to this run and
# file, and is removed in teardown_file even when tests fail.

load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash

AIRLOCK_ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
COMPOSE_DIR=$AIRLOCK_ROOT/compose

# compose ARGS...: docker compose for this file's project, test overlay on,
# and after it $STACK_OVERRIDE when a file sets one (a test-only compose
# file such as lib/compose.attacker.yml).
compose() {
	docker compose -p "$STACK_PROJECT" --project-directory "$COMPOSE_DIR" \
		-f "$COMPOSE_DIR/compose.isolated.yml" -f "$COMPOSE_DIR/compose.test.yml" \
		${STACK_OVERRIDE:+-f "$STACK_OVERRIDE"} "$@"
}

# in_sandbox CMD...: run CMD in the sandbox as its agent user.
in_sandbox() { compose exec -T sandbox "$@"; }
in_sidecar() { compose exec -T sidecar "$@"; }
in_fakegithub() { compose exec -T fakegithub "$@"; }

# assert_not_in_sandbox_files TEXT: no file the sandbox sees (its mounts
# included), searched from the host, holds TEXT. Positive control first: the
# same search finds a planted copy, so a miss is real.
assert_not_in_sandbox_files() {
	local root
	root=/proc/$(docker inspect -f '{{.State.Pid}}' "$(compose ps -q sandbox)")/root
	echo "$1" >"$root/tmp/planted"
	run grep -rlF --exclude-dir=proc --exclude-dir=sys -e "$1" "$root/"
	rm -f "$root/tmp/planted"
	assert_output --partial /tmp/planted
	run grep -rlF --exclude-dir=proc --exclude-dir=sys -e "$1" "$root/"
	assert_failure 1
	assert_output ""
}

# on_egress CMD...: run CMD in a throwaway container on the sealed egress
# network, as a host "outside" would: the positive control for denials.
on_egress() {
	docker run --rm --network "${STACK_PROJECT}_egress" -v "${STACK_PROJECT}_testca:/testca:ro" \
		--entrypoint "" "airlock-sandbox:${AIRLOCK_IMAGE_TAG:-local}" "$@"
}

# stack_up [EXTRA_FRAGMENT_TEXT]: state in $STACK_DIR, exported for tests.
# EXTRA_FRAGMENT_TEXT, when given, is the sidecar's allowlist fragment
# 60-NAME.conf (NN-NAME.bats is this file) from the start; a later edit
# needs a reload. With STACK_SUFFIX=-b it brings up the file's second stack,
# project airlock-t<run>-<NN>-b, which stack_down removes too: save what a
# test needs of it (STACK_PROJECT, AIRLOCK_NET) before the first stack_up.
stack_up() {
	local file_id run_id
	file_id=$(basename "$BATS_TEST_FILENAME" .bats)
	run_id=$(printf '%s' "${BATS_RUN_TMPDIR:-$$}" | cksum | cut -d' ' -f1)
	export STACK_PROJECT="airlock-t$run_id-${file_id%%-*}${STACK_SUFFIX:-}"
	STACK_DIR=$(mktemp -d "${BATS_RUN_TMPDIR:-/tmp}/stack.XXXXXX")
	export STACK_DIR
	export AIRLOCK_NET AIRLOCK_TEST_EGRESS_NET AIRLOCK_TOKEN_FILE AIRLOCK_REPOS AIRLOCK_ALLOWLIST_DIR
	AIRLOCK_NET=$("$COMPOSE_DIR/net-for-project" "$STACK_PROJECT")
	AIRLOCK_TEST_EGRESS_NET=$("$COMPOSE_DIR/net-for-project" "$STACK_PROJECT" 198.19)
	AIRLOCK_TOKEN_FILE=$STACK_DIR/github_token
	AIRLOCK_REPOS=airlock-test/allowed,airlock-test/big
	AIRLOCK_ALLOWLIST_DIR=$STACK_DIR/allowlist.d
	# A random token per run: finding it anywhere in the sandbox is a leak.
	echo "ghp_test$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')" >"$AIRLOCK_TOKEN_FILE"
	chmod 0644 "$AIRLOCK_TOKEN_FILE"
	mkdir "$AIRLOCK_ALLOWLIST_DIR"
	cp "$AIRLOCK_ROOT"/allowlist.d/*.conf "$AIRLOCK_ALLOWLIST_DIR/"
	# The fake internet is the egress network, in the benchmarking range
	# the firewall refuses: opened by an allowlist rule, as a private
	# upstream would be.
	printf '# test hosts, all our own containers\nhttps allowed.test id=test-allowed\negress-allow %s.0/24 id=test-egress\n' \
		"$AIRLOCK_TEST_EGRESS_NET" >"$AIRLOCK_ALLOWLIST_DIR/50-test.conf"
	if [ $# -gt 0 ]; then printf '%s\n' "$1" >"$AIRLOCK_ALLOWLIST_DIR/60-${file_id#*-}.conf"; fi
	chmod 0755 "$STACK_DIR" "$AIRLOCK_ALLOWLIST_DIR"
	chmod 0644 "$AIRLOCK_ALLOWLIST_DIR"/*.conf
	# As make up does: the isolated bridge's host side is closed before any
	# container starts.
	{ compose up --no-start --quiet-pull && "$COMPOSE_DIR/harden-bridge" "$STACK_PROJECT" &&
		compose up -d --quiet-pull; } >"$STACK_DIR/up.log" 2>&1 || {
		cat "$STACK_DIR/up.log" >&3
		compose logs --no-color >&3 2>&1
		return 1
	}
	SIDECAR_IP=$AIRLOCK_NET.2
	FAKEGITHUB_IP=$AIRLOCK_TEST_EGRESS_NET.10
	export SIDECAR_IP FAKEGITHUB_IP
}

stack_down() {
	[ -n "${STACK_PROJECT:-}" ] || return 0
	compose down -v -t 0 --remove-orphans >/dev/null 2>&1 || true
	# A second project some tests start (see 00-sidecar.bats), if it is left.
	STACK_PROJECT=$STACK_PROJECT-b compose down -v -t 0 >/dev/null 2>&1 || true
	[ -n "${STACK_DIR:-}" ] && rm -rf "$STACK_DIR"
}
