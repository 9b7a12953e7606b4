#!/usr/bin/env bats
# The sidecar's egress firewall and the token's readers. gitproxy and
# tinyproxy may open TCP to port 443 of public addresses and of the ranges an
# egress-allow rule opens, and query the resolver; dnsmasq may reach only its
# upstream; nothing in the sidecar but root during start can change that, or
# read the real token but gitproxy. Each refusal after its positive control.

load lib/stack

setup_file() {
	# rebind.test resolves in the sidecar to the sandbox (lib/compose.rebind.yml).
	export STACK_OVERRIDE=$BATS_TEST_DIRNAME/lib/compose.rebind.yml
	stack_up "https rebind.test id=test-rebind"
	export SANDBOX_IP=$AIRLOCK_NET.3
	# What a rebinding would reach: a listener on port 443 in the sandbox.
	compose exec -d -T sandbox sh -c \
		'while :; do echo "hello from the sandbox" | nc -l -N 443 >/dev/null 2>&1; done'
	local i=0
	until in_sidecar timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/443"' "$SANDBOX_IP" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 50 ] || return 1
		sleep 0.2
	done
}
teardown_file() { stack_down; }

# as USER CMD...: CMD in the sidecar as USER, its primary group and its
# supplementary groups, without capabilities: what the daemon of that
# user could do.
as() {
	in_sidecar sh -c 'u=$1; shift; exec setpriv --reuid "$u" --regid "$(id -g "$u")" --init-groups "$@"' as "$@"
}

# connects IP PORT: a TCP connection opens (bash's /dev/tcp, since the
# sidecar has no nc); prints the first line the peer sends within 2 s, if
# any (a TLS server sends nothing first). Shipped to the sidecar with
# declare -f.
connects() {
	timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1; timeout 2 head -n 1 <&3; exit 0' "$@"
}

# packets NAME: the packet count of the firewall's named counter NAME
# (empty if there is none).
packets() {
	in_sidecar nft -j list counter inet airlock "$1" 2>/dev/null | sed -n 's/.*"packets": *\([0-9]*\).*/\1/p'
}

# moved NAME BEFORE: the counter NAME has counted more than BEFORE packets.
moved() {
	local now
	now=$(packets "$1")
	[ -n "$now" ] && [ -n "$2" ] && [ "$now" -gt "$2" ] || {
		echo "counter $1: ${2:-none} before, ${now:-none} now" >&2
		return 1
	}
}

@test "rebinding: tinyproxy gets no tunnel to the sandbox for an allowlisted name that resolves there" {
	# Positive controls: in the sidecar the name resolves to the sandbox,
	# and root there reaches the sandbox's listener.
	run in_sidecar getent hosts rebind.test
	assert_output --regexp "^$SANDBOX_IP[[:space:]]+rebind\.test"
	run in_sidecar bash -c "$(declare -f connects); connects $SANDBOX_IP 443"
	assert_success
	assert_output "hello from the sandbox"
	local before
	before=$(packets tinyproxy_internal)
	run in_sandbox sh -c \
		'printf "CONNECT rebind.test:443 HTTP/1.1\r\nHost: rebind.test:443\r\n\r\n" | nc -q 3 -w 10 "$0" 3128' \
		"$SIDECAR_IP"
	refute_output --partial "200 Connection established"
	refute_output --partial "hello from the sandbox"
	# tinyproxy let the name through: the network refused the connection.
	assert_output --partial "Unable to connect"
	moved tinyproxy_internal "$before"
}

@test "gitproxy's user reaches the egress-allowed fake GitHub, not the sandbox, the gateways or 169.254.169.254" {
	# Positive control on the same path: gitproxy's user opens a connection
	# to port 443 of the fake GitHub, which egress-allow opens.
	run as gitproxy bash -c "$(declare -f connects); connects $FAKEGITHUB_IP 443"
	assert_success
	run in_sidecar bash -c "$(declare -f connects); connects $SANDBOX_IP 443"
	assert_output "hello from the sandbox"
	# Each refusal is counted where it is decided: the isolated network's
	# gateway by the rule for the isolated address, which comes first.
	local probe target counter before
	for probe in "$SANDBOX_IP:gitproxy_internal" "$AIRLOCK_TEST_EGRESS_NET.1:gitproxy_internal" \
		"$AIRLOCK_NET.1:isolated_other"; do
		target=${probe%%:*} counter=${probe#*:}
		before=$(packets "$counter")
		run as gitproxy bash -c "$(declare -f connects); connects $target 443"
		assert_failure
		refute_output --partial "hello from"
		moved "$counter" "$before"
	done
	# The link-local range is refused in the sidecar itself, so this probe
	# never leaves it (and the test's networks are internal besides): check
	# the rule is loaded before sending anything.
	run in_sidecar nft list set inet airlock never4
	assert_success
	assert_output --partial "169.254.0.0/16"
	before=$(packets gitproxy_internal)
	run as gitproxy bash -c "$(declare -f connects); connects 169.254.169.254 443"
	assert_failure
	moved gitproxy_internal "$before"
}

@test "dnsmasq's user reaches its resolver and nothing else" {
	# Positive controls: dnsmasq's user resolves through the resolver, and
	# root reaches the fake GitHub's port 443.
	run as dnsmasq getent hosts allowed.test
	assert_output --regexp "^$FAKEGITHUB_IP[[:space:]]"
	run in_sidecar bash -c "$(declare -f connects); connects $FAKEGITHUB_IP 443"
	assert_success
	local before
	before=$(packets dnsmasq_other)
	run as dnsmasq bash -c "$(declare -f connects); connects $FAKEGITHUB_IP 443"
	assert_failure
	moved dnsmasq_other "$before"
	before=$(packets dnsmasq_other)
	run as dnsmasq bash -c "echo query >/dev/udp/$FAKEGITHUB_IP/53"
	moved dnsmasq_other "$before"
}

@test "HTTPS to an allowlisted name still works through the egress-allowed fake internet, and is counted" {
	local before
	before=$(packets allow_test-egress)
	run in_sandbox curl -fsS --max-time 10 --cacert /testca/ca.pem https://allowed.test/
	assert_success
	assert_output "hello from allowed.test"
	moved allow_test-egress "$before"
}

@test "no process the entrypoint started has NET_ADMIN or SETPCAP in its bounding set" {
	# Each process whose ancestry reaches PID 1, with the NET_ADMIN (12)
	# and SETPCAP (8) bits of its bounding set; "self" is this exec'd shell,
	# which has both: the positive control that the bits are read right.
	run in_sidecar bash -c '
		bits() {
			local hex
			hex=$(awk "/^CapBnd:/ { print \$2 }" "/proc/$1/status" 2>/dev/null) && [ -n "$hex" ] &&
				echo "$(( (0x$hex >> 12) & 1 ))$(( (0x$hex >> 8) & 1 ))"
		}
		echo "self $(bits $$)"
		for dir in /proc/[0-9]*; do
			pid=${dir#/proc/} up=${dir#/proc/}
			while [ -n "$up" ] && [ "$up" -gt 1 ]; do
				up=$(awk "/^PPid:/ { print \$2 }" "/proc/$up/status" 2>/dev/null)
			done
			[ "$up" = 1 ] && b=$(bits "$pid") && echo "$pid $(cat "$dir/comm") $b"
		done
		true'
	assert_success
	assert_line "self 11"
	assert_line --regexp '^1 s6-svscan 00$'
	assert_line --regexp '^[0-9]+ gitproxy 00$'
	assert_line --regexp '^[0-9]+ dnsmasq 00$'
	assert_line --regexp '^[0-9]+ tinyproxy 00$'
	refute_line --regexp '^[0-9]+ .* (1.|.1)$'
}

@test "the token: every account of the sidecar tried on every copy; only gitproxy reads its own" {
	local token
	token=$(cat "$AIRLOCK_TOKEN_FILE")
	# Positive control: root finds every copy by its content.
	run in_sidecar grep -rlF -D skip --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev -- "$token" /
	assert_success
	assert_line /run/secrets/github_token
	assert_line /run/airlock/secrets/github_token
	local copies=$output
	# shellcheck disable=SC2086 # one path per line, no spaces
	run in_sidecar sh -c '
		tried=0
		for path; do
			while IFS=: read -r user _ uid gid _; do
				[ "$uid" -eq 0 ] && continue
				tried=$((tried + 1))
				setpriv --reuid "$user" --regid "$gid" --init-groups cat "$path" >/dev/null 2>&1 \
					&& echo "$user reads $path"
			done </etc/passwd
		done
		echo "tried $tried"' sh $copies
	assert_success
	assert_line "gitproxy reads /run/airlock/secrets/github_token"
	refute_line --regexp '/run/secrets/'
	[ "$(grep -c ' reads ' <<<"$output")" -eq 1 ]
	# At least root's, the daemons' and nobody's accounts, on two copies.
	assert_line --regexp '^tried ([8-9]|[1-9][0-9]+)$'
}

@test "a token file others can read on the host: the sidecar's log says how to fix it" {
	# stack_up leaves the token file 0644 on purpose.
	run compose logs --no-color sidecar
	assert_output --partial "warning: the token file of secret github_token can be read by other users on the host"
	assert_output --partial "chmod 600 $AIRLOCK_TOKEN_FILE"
}

@test "airlock-ctl status shows the firewall's counters" {
	run in_sidecar airlock-ctl status
	assert_success
	assert_line --regexp '^firewall: tinyproxy_internal packets [1-9][0-9]* bytes [0-9]+ '
	assert_line --regexp '^firewall: gitproxy_internal packets [1-9][0-9]* bytes [0-9]+ '
	assert_line --regexp '^firewall: allow_test-egress packets [1-9][0-9]* bytes [0-9]+ \(egress-allow '"$AIRLOCK_TEST_EGRESS_NET"'\.0/24\)$'
}

@test "reload applies an egress-allow edit: without the rule the fake GitHub is refused, with it reachable again" {
	run in_sandbox curl -fsS --max-time 10 --cacert /testca/ca.pem https://allowed.test/
	assert_success
	cp "$AIRLOCK_ALLOWLIST_DIR/50-test.conf" "$STACK_DIR/50-test.conf.orig"
	grep -v '^egress-allow' "$STACK_DIR/50-test.conf.orig" >"$AIRLOCK_ALLOWLIST_DIR/50-test.conf"
	run in_sidecar airlock-ctl reload
	assert_success
	local before
	before=$(packets tinyproxy_internal)
	run in_sandbox curl -sS --max-time 10 --cacert /testca/ca.pem https://allowed.test/
	assert_failure
	refute_output --partial "hello from"
	moved tinyproxy_internal "$before"
	cp "$STACK_DIR/50-test.conf.orig" "$AIRLOCK_ALLOWLIST_DIR/50-test.conf"
	run in_sidecar airlock-ctl reload
	assert_success
	run in_sandbox curl -fsS --max-time 10 --cacert /testca/ca.pem https://allowed.test/
	assert_success
	assert_output "hello from allowed.test"
}

# no_net_admin ARGS...: compose for a second project whose sidecar lacks
# NET_ADMIN (stack_down removes it too).
no_net_admin() {
	AIRLOCK_NET=$("$COMPOSE_DIR/net-for-project" "$STACK_PROJECT-b") \
		AIRLOCK_TEST_EGRESS_NET=$("$COMPOSE_DIR/net-for-project" "$STACK_PROJECT-b" 198.19) \
		STACK_PROJECT=$STACK_PROJECT-b STACK_OVERRIDE=$BATS_TEST_DIRNAME/lib/compose.no-net-admin.yml \
		compose "$@"
}

@test "without NET_ADMIN the sidecar cannot install its firewall: it never becomes healthy, and says why" {
	# Positive control: this file's stack, the same but for NET_ADMIN, is healthy.
	run docker inspect -f '{{.State.Health.Status}}' "$(compose ps -q sidecar)"
	assert_output healthy
	run no_net_admin up -d
	assert_failure
	run no_net_admin logs --no-color sidecar
	assert_output --partial "unable to install the egress firewall"
	assert_output --partial "NET_ADMIN"
	assert_output --partial "no daemon started"
	run docker inspect -f '{{.State.Health.Status}}' "$(no_net_admin ps -aq sidecar)"
	refute_output healthy
	run no_net_admin ps -q sandbox --status running
	assert_output ""
	no_net_admin down -v -t 0 >/dev/null 2>&1
}
