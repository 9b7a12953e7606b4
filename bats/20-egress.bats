#!/usr/bin/env bats
# Egress other than git: only allowlisted names resolve and only through
# tinyproxy's CONNECT :443; nothing reaches an outside address directly.

load lib/stack

setup_file() { stack_up; }
teardown_file() { stack_down; }

@test "an allowlisted .test name works over HTTPS through tinyproxy" {
	run in_sandbox curl -fsS --max-time 10 --cacert /testca/ca.pem https://allowed.test/
	assert_success
	assert_output "hello from allowed.test"
}

@test "a name that is not allowlisted is refused by tinyproxy" {
	# Positive control: denied.test exists and serves, seen from outside.
	run on_egress curl -fsS --max-time 10 --cacert /testca/ca.pem https://denied.test/
	assert_success
	assert_output "hello from denied.test"
	run in_sandbox curl -sS --max-time 10 --cacert /testca/ca.pem https://denied.test/
	assert_failure 56
	assert_output --partial "CONNECT tunnel failed, response 403"
}

@test "an allowlisted name resolves in the sandbox" {
	run in_sandbox dig +short +time=3 +tries=1 allowed.test
	assert_success
	assert_output "$FAKEGITHUB_IP"
}

@test "a name that is not allowlisted gets NXDOMAIN" {
	run in_sandbox dig +time=3 +tries=1 denied.test
	assert_success
	assert_output --partial "status: NXDOMAIN"
	run in_sandbox dig +time=3 +tries=1 github.com.evil.test
	assert_output --partial "status: NXDOMAIN"
}

@test "direct TCP to the upstream's address, without the proxy, fails" {
	# Positive control: from outside, the address answers.
	run on_egress curl -fsS --max-time 10 --cacert /testca/ca.pem \
		--resolve "github.com:443:$FAKEGITHUB_IP" https://github.com/
	assert_success
	assert_output "hello from github.com"
	run in_sandbox curl -sS --noproxy '*' --max-time 5 --cacert /testca/ca.pem \
		--resolve "github.com:443:$FAKEGITHUB_IP" https://github.com/
	assert_failure
	refute_output --partial "hello from"
	run in_sandbox nc -z -w 3 "$FAKEGITHUB_IP" 443
	assert_failure
}

@test "the sandbox cannot reach the host through the isolated bridge" {
	# Positive control: the sidecar's gitproxy port answers on the same network.
	run in_sandbox nc -z -w 3 "$SIDECAR_IP" 8080
	assert_success
	run in_sandbox nc -z -w 3 "$AIRLOCK_NET.1" 22
	assert_failure
	run in_sandbox curl -sS --noproxy '*' --max-time 5 "http://$AIRLOCK_NET.1/"
	assert_failure
}
