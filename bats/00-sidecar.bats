#!/usr/bin/env bats
# The sidecar itself: s6 supervises three non-root daemons, the container is
# healthy only when all are ready, and a missing secret, setting or a bad
# allowlist means nothing starts (fail closed).

load lib/stack

setup_file() { stack_up; }
teardown_file() { stack_down; }

# daemon_users: "user comm" for every process in the sidecar.
daemon_users() {
	in_sidecar sh -c 'for p in /proc/[0-9]*; do echo "$(stat -c %U "$p") $(cat "$p/comm")"; done' 2>/dev/null
}

@test "the sidecar is healthy and the sandbox started after it" {
	run docker inspect -f '{{.State.Health.Status}}' "$(compose ps -q sidecar)"
	assert_output healthy
	run docker inspect -f '{{.State.Running}}' "$(compose ps -q sandbox)"
	assert_output true
	run in_sidecar airlock-ctl status
	assert_success
	assert_output --partial "gitproxy: up"
	assert_output --partial "dnsmasq: up"
	assert_output --partial "tinyproxy: up"
}

@test "each daemon runs as its own non-root user under s6" {
	run daemon_users
	assert_line "gitproxy gitproxy"
	assert_line "dnsmasq dnsmasq"
	assert_line "tinyproxy tinyproxy"
	assert_line "root s6-svscan"
	refute_line "root gitproxy"
	refute_line "root dnsmasq"
	refute_line "root tinyproxy"
}

@test "the sidecar does not route" {
	run in_sidecar cat /proc/sys/net/ipv4/ip_forward
	assert_output 0
}

@test "a killed daemon is restarted by s6 and the sidecar is healthy again" {
	local old new i=0
	old=$(in_sidecar s6-svstat -o pid /run/service/gitproxy)
	in_sidecar s6-svc -k /run/service/gitproxy
	while :; do
		new=$(in_sidecar s6-svstat -o pid /run/service/gitproxy)
		[ "$new" != "$old" ] && [ "$new" != -1 ] && in_sidecar airlock-health && break
		i=$((i + 1)); [ $i -lt 50 ] || break
		sleep 0.2
	done
	[ "$new" != "$old" ]
	run in_sidecar airlock-health
	assert_success
	run in_sandbox git ls-remote https://github.com/airlock-test/allowed.git
	assert_success
}

@test "compose refuses to start without the repositories or the token, saying what to set" {
	run env AIRLOCK_REPOS= docker compose -p "$STACK_PROJECT-cfg" --project-directory "$COMPOSE_DIR" \
		-f "$COMPOSE_DIR/compose.isolated.yml" config
	assert_failure
	assert_output --partial "set AIRLOCK_REPOS"
	run env AIRLOCK_TOKEN_FILE= docker compose -p "$STACK_PROJECT-cfg" --project-directory "$COMPOSE_DIR" \
		-f "$COMPOSE_DIR/compose.isolated.yml" config
	assert_failure
	assert_output --partial "set AIRLOCK_TOKEN_FILE"
}

# second_stack TOKEN_FILE ALLOWLIST_DIR: try to bring up another project with
# these inputs; its name is in $second.
second_stack() {
	second="$STACK_PROJECT-b"
	AIRLOCK_FAKEGITHUB_TOKEN_FILE=$AIRLOCK_TOKEN_FILE AIRLOCK_TOKEN_FILE=$1 AIRLOCK_ALLOWLIST_DIR=$2 \
		AIRLOCK_NET=$("$COMPOSE_DIR/net-for-project" "$second") \
		AIRLOCK_TEST_EGRESS_NET=$("$COMPOSE_DIR/net-for-project" "$second" 198.19) \
		docker compose -p "$second" --project-directory "$COMPOSE_DIR" \
		-f "$COMPOSE_DIR/compose.isolated.yml" -f "$COMPOSE_DIR/compose.test.yml" "${@:3}"
}

@test "an empty token file: the sidecar refuses to start and the sandbox never runs" {
	: >"$STACK_DIR/empty_token"
	run second_stack "$STACK_DIR/empty_token" "$AIRLOCK_ALLOWLIST_DIR" up -d
	assert_failure
	run second_stack "$STACK_DIR/empty_token" "$AIRLOCK_ALLOWLIST_DIR" logs --no-color sidecar
	assert_output --partial "token file /run/secrets/github_token is empty"
	run second_stack "$STACK_DIR/empty_token" "$AIRLOCK_ALLOWLIST_DIR" ps -q sandbox --status running
	assert_output ""
	second_stack "$STACK_DIR/empty_token" "$AIRLOCK_ALLOWLIST_DIR" down -v -t 0 >/dev/null 2>&1
}

@test "a bad allowlist fragment: nothing starts, and the log names file:line" {
	mkdir -m 0755 "$STACK_DIR/bad.d"
	cp "$AIRLOCK_ALLOWLIST_DIR"/*.conf "$STACK_DIR/bad.d/"
	printf '# oops\nhttps 169.254.169.254\n' >"$STACK_DIR/bad.d/55-bad.conf"
	chmod 0644 "$STACK_DIR/bad.d"/*.conf
	run second_stack "$AIRLOCK_TOKEN_FILE" "$STACK_DIR/bad.d" up -d
	assert_failure
	run second_stack "$AIRLOCK_TOKEN_FILE" "$STACK_DIR/bad.d" logs --no-color sidecar
	assert_output --partial "55-bad.conf:2:"
	assert_output --partial "no daemon started"
	run second_stack "$AIRLOCK_TOKEN_FILE" "$STACK_DIR/bad.d" ps -q sandbox --status running
	assert_output ""
	second_stack "$AIRLOCK_TOKEN_FILE" "$STACK_DIR/bad.d" down -v -t 0 >/dev/null 2>&1
}

@test "a git-host naming a token the sidecar was not given: nothing starts, and the log names file:line:col" {
	mkdir -m 0755 "$STACK_DIR/notoken.d"
	cp "$AIRLOCK_ALLOWLIST_DIR"/*.conf "$STACK_DIR/notoken.d/"
	printf 'git-host ghe.test token=ghe_token id=ghe\n' >"$STACK_DIR/notoken.d/55-ghe.conf"
	chmod 0644 "$STACK_DIR/notoken.d"/*.conf
	run second_stack "$AIRLOCK_TOKEN_FILE" "$STACK_DIR/notoken.d" up -d
	assert_failure
	run second_stack "$AIRLOCK_TOKEN_FILE" "$STACK_DIR/notoken.d" logs --no-color sidecar
	assert_output --partial "55-ghe.conf:1:25: error: git-host ghe.test: token ghe_token: no such secret"
	assert_output --partial "no daemon started"
	run second_stack "$AIRLOCK_TOKEN_FILE" "$STACK_DIR/notoken.d" ps -q sandbox --status running
	assert_output ""
	second_stack "$AIRLOCK_TOKEN_FILE" "$STACK_DIR/notoken.d" down -v -t 0 >/dev/null 2>&1
}
