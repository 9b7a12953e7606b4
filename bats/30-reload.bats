#!/usr/bin/env bats
# Hot reload, fail closed: a good allowlist edit takes effect on
# `airlock-ctl reload` without dropping a transfer in flight; a bad edit
# changes nothing that runs and says file:line why.

load lib/stack

setup_file() {
	export FAKEGITHUB_BIG_MB=64
	stack_up
}
teardown_file() { stack_down; }

reachable() {
	in_sandbox curl -fsS --max-time 10 --cacert /testca/ca.pem "https://$1/"
}

@test "a name added to a fragment becomes reachable after reload, and unreachable after removal" {
	# Positive control first: the host serves, and allowed.test works.
	run on_egress curl -fsS --max-time 10 --cacert /testca/ca.pem https://added.test/
	assert_output "hello from added.test"
	run reachable allowed.test
	assert_success
	run reachable added.test
	assert_failure
	run in_sandbox dig +short +time=3 +tries=1 added.test
	assert_output ""

	echo 'https added.test id=test-added' >"$AIRLOCK_ALLOWLIST_DIR/60-added.conf"
	run in_sidecar airlock-ctl reload
	assert_success
	run reachable added.test
	assert_success
	assert_output "hello from added.test"
	run in_sandbox dig +short +time=3 +tries=1 added.test
	assert_output "$FAKEGITHUB_IP"

	rm "$AIRLOCK_ALLOWLIST_DIR/60-added.conf"
	run in_sidecar airlock-ctl reload
	assert_success
	run reachable added.test
	assert_failure
	run in_sandbox dig +time=3 +tries=1 added.test
	assert_output --partial "status: NXDOMAIN"
}

@test "a bad edit is refused with file:line and changes nothing that runs" {
	local before
	before=$(in_sidecar readlink /run/airlock/config)
	printf 'https added.test\nhttps 127.1\n' >"$AIRLOCK_ALLOWLIST_DIR/70-bad.conf"
	run in_sidecar airlock-ctl reload
	assert_failure 1
	assert_output --partial "70-bad.conf:2:"
	assert_output --partial "unchanged"
	run in_sidecar readlink /run/airlock/config
	assert_output "$before"
	# Nothing from the bad file took effect, and what worked still works.
	run reachable added.test
	assert_failure
	run reachable allowed.test
	assert_success
	run in_sandbox git ls-remote https://github.com/airlock-test/allowed.git
	assert_success
	rm "$AIRLOCK_ALLOWLIST_DIR/70-bad.conf"
}

@test "a clone in flight survives a reload" {
	# A slow reader (4 MiB/s) fetches the big repository's pack: about 16 s
	# in flight, so the reload lands in the middle of it.
	local head
	head=$(in_sandbox git ls-remote https://github.com/airlock-test/big.git refs/heads/main | cut -f1)
	[ ${#head} -eq 40 ]
	in_sandbox sh -c '
		rm -f /tmp/inflight.*
		printf "0032want %s\n00000009done\n" "$1" >/tmp/inflight.req
		(curl -sS --limit-rate 4M -u "airlock:$(cat /run/airlock/session)" \
			-H "Content-Type: application/x-git-upload-pack-request" \
			-H "Accept: application/x-git-upload-pack-result" \
			--data-binary @/tmp/inflight.req -o /tmp/inflight.pack \
			"http://$2:8080/git/github.com/airlock-test/big.git/git-upload-pack" \
			2>/tmp/inflight.err; echo $? >/tmp/inflight.rc) &' sh "$head" "$SIDECAR_IP"
	sleep 3
	run in_sandbox test -s /tmp/inflight.pack
	assert_success
	run in_sandbox test -e /tmp/inflight.rc
	assert_failure
	run in_sidecar airlock-ctl reload
	assert_success
	local i=0
	while ! in_sandbox test -s /tmp/inflight.rc && [ $i -lt 90 ]; do sleep 1; i=$((i + 1)); done
	run in_sandbox cat /tmp/inflight.rc /tmp/inflight.err
	assert_output "0"
	# The whole pack arrived: 64 MiB of incompressible content.
	run in_sandbox stat -c %s /tmp/inflight.pack
	[ "$output" -gt $((60 * 1024 * 1024)) ]
}
