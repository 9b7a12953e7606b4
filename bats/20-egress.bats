#!/usr/bin/env bats
# Egress other than git: only allowlisted names resolve and only through
# tinyproxy's CONNECT :443; nothing reaches an outside address directly.

load lib/stack
load lib/netprobe

setup_file() { stack_up && hostside_up; }
teardown_file() {
	hostside_down
	stack_down
}
teardown() { host_listen_stop; }

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

@test "no address of the host answers the sandbox, while a listener there answers the host and a container beside" {
	host_listen
	local addrs all v6 a
	addrs="$(host_ipv4 | tr '\n' ' ')$HOSTSIDE_GW"
	all=$(host_ipv4 --bridges | tr '\n' ' ')
	v6=$(host_ipv6 | tr '\n' ' ')
	# Positive control: the host reaches its listener on each address, and
	# so does a container set like the sandbox on an internal network whose
	# bridge has an address on the host's side (the isolated one has none).
	for a in $addrs $v6; do
		run python3 "$NETPROBE" connect "$a" "$HOST_PORT"
		assert_output airlock-listener
	done
	run on_hostside sh -c "for a in $addrs; do nc -w 3 \$a $HOST_PORT </dev/null; echo udp-hostside | nc -u -w 1 \$a $HOST_PORT; done"
	assert_success
	[ "$(grep -c '^airlock-listener$' <<<"$output")" -eq "$(wc -w <<<"$addrs")" ]
	# The sandbox: each address, the isolated network's own .1 too, over TCP,
	# UDP and IPv6, all at once. The sidecar's port answers (the path is up).
	run in_sandbox nc -z -w 3 "$SIDECAR_IP" 8080
	assert_success
	run in_sandbox sh -c "for a in $all $AIRLOCK_NET.1; do nc -w 3 \$a $HOST_PORT </dev/null & \
		echo udp-sandbox | nc -u -w 1 \$a $HOST_PORT & done; \
		for a in $v6; do nc -6 -w 3 \$a $HOST_PORT </dev/null & done; wait"
	refute_output --partial airlock-listener
	sleep 0.5
	run cat "$HOST_LOG"
	assert_output --partial "udp-hostside"
	refute_output --partial "$AIRLOCK_NET.3"
	refute_output --partial "udp-sandbox"
}
