#!/usr/bin/env bats
# Per-host tokens, from inside the sandbox: each git host gets its own token
# and a host whose git-host rule names none gets no Authorization at all.
# The fake GitHub answers as github.com (its token), ghe.test (another
# token, bats/lib/compose.ghe.yml) and plain.test (no Authorization, any
# header refused), so a clone that works proves which credential went.
# The controls show the fake GitHub tells them apart on the same path: the
# other host's token, or a token where none belongs, gets 401 there.

load lib/stack

FRAGMENT='git-host ghe.test token=ghe_token id=test-ghe
git-host plain.test id=test-plain
repo ghe.test/airlock-test/allowed id=test-ghe-allowed
repo plain.test/airlock-test/allowed id=test-plain-allowed'

setup_file() {
	export STACK_OVERRIDE=$BATS_TEST_DIRNAME/lib/compose.ghe.yml
	export AIRLOCK_GHE_TOKEN_FILE=$BATS_FILE_TMPDIR/ghe_token
	echo "ghe_test$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')" >"$AIRLOCK_GHE_TOKEN_FILE"
	chmod 0600 "$AIRLOCK_GHE_TOKEN_FILE"
	stack_up "$FRAGMENT"
}
teardown_file() { stack_down; }

# clone_from HOST DIR: clone HOST's airlock-test/allowed through gitproxy.
clone_from() {
	in_sandbox sh -c 'rm -rf "$3" && git clone -q "http://$1:8080/git/$2/airlock-test/allowed.git" "$3" 2>&1' \
		sh "$SIDECAR_IP" "$1" "$2"
}

# upstream_status HOST TOKEN_FILE|-: the fake GitHub's answer to HOST's
# info/refs sent straight from the egress network with TOKEN_FILE's token
# (or none), bypassing gitproxy.
upstream_status() {
	local auth=()
	[ "$2" = - ] || auth=(-u "x-access-token:$(cat "$2")")
	on_egress curl -sS -o /dev/null -w '%{http_code}' --cacert /testca/ca.pem "${auth[@]}" \
		"https://$1/airlock-test/allowed.git/info/refs?service=git-upload-pack"
}

@test "controls: the fake GitHub takes each host's own token only, and plain.test no token at all" {
	run upstream_status github.com "$AIRLOCK_TOKEN_FILE"
	assert_output 200
	run upstream_status ghe.test "$AIRLOCK_GHE_TOKEN_FILE"
	assert_output 200
	run upstream_status plain.test -
	assert_output 200
	run upstream_status ghe.test "$AIRLOCK_TOKEN_FILE"
	assert_output 401
	run upstream_status github.com "$AIRLOCK_GHE_TOKEN_FILE"
	assert_output 401
	run upstream_status plain.test "$AIRLOCK_TOKEN_FILE"
	assert_output 401
}

@test "the sandbox clones from github.com, ghe.test and plain.test: each got its own token, or none" {
	run clone_from github.com /home/agent/gh
	assert_success
	run clone_from ghe.test /home/agent/ghe
	assert_success
	run clone_from plain.test /home/agent/plain
	assert_success
	run in_sandbox cat /home/agent/ghe/README.md
	assert_output --partial "airlock-test/allowed"
	# What the sidecar sent, as the fake GitHub saw it (the controls come
	# from another address).
	local sidecar_egress
	sidecar_egress=$(docker inspect -f "{{(index .NetworkSettings.Networks \"${STACK_PROJECT}_egress\").IPAddress}}" \
		"$(compose ps -q sidecar)")
	run compose logs --no-color --no-log-prefix fakegithub
	assert_output --regexp "$sidecar_egress GET /airlock-test/allowed.git/info/refs\\?service=git-upload-pack 200 .* auth=ok host=ghe.test"
	assert_output --regexp "$sidecar_egress GET /airlock-test/allowed.git/info/refs\\?service=git-upload-pack 200 .* auth=ok host=plain.test"
	assert_output --regexp "$sidecar_egress POST /airlock-test/allowed.git/git-upload-pack 200 .* auth=ok host=plain.test"
	refute_output --regexp "$sidecar_egress [^ ]+ [^ ]+ [0-9]+ [0-9]+ auth=bad"
}

@test "gitproxy holds a copy of each token, readable by it alone; the sandbox holds neither" {
	run in_sidecar stat -c '%U %a %n' /run/airlock/secrets/github_token /run/airlock/secrets/ghe_token
	assert_success
	assert_line "gitproxy 400 /run/airlock/secrets/github_token"
	assert_line "gitproxy 400 /run/airlock/secrets/ghe_token"
	run in_sidecar setpriv --reuid nobody --regid nogroup --clear-groups cat /run/airlock/secrets/ghe_token
	assert_failure
	# Positive control for the search: the sandbox's own file is found.
	run in_sandbox sh -c 'echo marker-$$ >/tmp/marker; grep -rlF -D skip --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev -- "$(cat /tmp/marker)" / 2>/dev/null'
	assert_line /tmp/marker
	run in_sandbox sh -c 'grep -rlF -D skip --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev -- "$1" / 2>/dev/null' sh "$(cat "$AIRLOCK_GHE_TOKEN_FILE")"
	assert_output ""
}

@test "a reload naming a token the sidecar was not given is refused at file:line:col, and the running policy stays" {
	printf '%s\ngit-host ghe2.test token=ghe2_token id=test-ghe2\n' "$FRAGMENT" >"$AIRLOCK_ALLOWLIST_DIR/60-tokens.conf"
	run in_sidecar airlock-ctl reload
	assert_failure
	assert_output --partial "60-tokens.conf:5:26: error: git-host ghe2.test: token ghe2_token: no such secret"
	assert_output --partial "[token-missing]"
	printf '%s\n' "$FRAGMENT" >"$AIRLOCK_ALLOWLIST_DIR/60-tokens.conf"
	run clone_from ghe.test /home/agent/ghe-after
	assert_success
}

@test "neither token is in either container's docker inspect or in any log" {
	local token name
	# Positive control: the logs searched are the ones that saw the clones.
	run compose logs --no-color sidecar fakegithub
	assert_output --partial "host=ghe.test"
	for token in "$(cat "$AIRLOCK_TOKEN_FILE")" "$(cat "$AIRLOCK_GHE_TOKEN_FILE")"; do
		run compose logs --no-color
		refute_output --partial "$token"
		for name in sidecar sandbox; do
			run docker inspect "$(compose ps -q "$name")"
			assert_success
			refute_output --partial "$token"
		done
	done
}
