#!/usr/bin/env bats
# Isolation proved from inside. The sandbox here is an attacker with more
# than airlock ever gives it: root with NET_ADMIN and NET_RAW
# (lib/compose.attacker.yml). It points its routes where it likes, writes
# raw frames and ARP replies, and still reaches nothing on the egress side,
# nothing of a second project's stack, no address of the host over TCP, and
# nothing over IPv6, nothing of the host at all: the host's side of the
# isolated bridge, closed by compose/harden-bridge before the stack starts
# (stack_up runs it as make up does), takes none of its packets and answers
# none of its ARP or IPv6 (docs/hardening.md, "The host's side of the
# isolated bridge"). Each denial comes after its positive control on the
# same path. The last tests read the sidecar's processes: no daemon holds a
# capability.

load lib/stack
load lib/netprobe

LISTEN_PORT=7000
# TCP ports tried on another project's containers: its daemons' (53, 3128,
# 8080), its sandbox's listener (7000), and a spread of others.
SCAN_PORTS="1 22 53 80 443 2375 3128 7000 8080 65535"

# in_project PROJECT EXEC_ARGS...: compose exec -T in another project.
in_project() { STACK_PROJECT=$1 compose exec -T "${@:2}"; }
container_of() { STACK_PROJECT=$1 compose ps -q "$2"; }
ip_on() { docker inspect -f "{{(index .NetworkSettings.Networks \"$1\").IPAddress}}" "$2"; }
mac_on() { docker inspect -f "{{(index .NetworkSettings.Networks \"$1\").MacAddress}}" "$2"; }

# listener_up: netprobe's listener on the first stack's egress side, IPv6
# link-local on, where "the internet" would be. Sets LISTENER (the
# container), LISTENER_IP and LISTENER_LL.
listener_up() {
	local i
	export LISTENER=$STACK_PROJECT-listener
	docker run -d --name "$LISTENER" --network "${STACK_PROJECT}_egress" \
		--sysctl net.ipv6.conf.all.disable_ipv6=0 --sysctl net.ipv6.conf.default.disable_ipv6=0 \
		--entrypoint "" "$PROBE_IMAGE" netprobe listen "$LISTEN_PORT" 900 >/dev/null || return 1
	for i in $(seq 50); do
		LISTENER_LL=$(docker exec "$LISTENER" ip -o -6 addr show dev eth0 scope link -tentative |
			awk '{ sub("/.*", "", $4); print $4 }')
		[ -n "$LISTENER_LL" ] && docker logs "$LISTENER" 2>&1 | grep -q '^listening' && break
		sleep 0.1
	done
	LISTENER_IP=$(ip_on "${STACK_PROJECT}_egress" "$LISTENER")
	export LISTENER_IP LISTENER_LL
	[ -n "$LISTENER_LL" ] && [ -n "$LISTENER_IP" ]
}

setup_file() {
	probe_image_build || return 1
	export STACK_OVERRIDE=$BATS_TEST_DIRNAME/lib/compose.attacker.yml
	# The second project first: should it fail, STACK_PROJECT names it and
	# stack_down removes it.
	STACK_SUFFIX=-b stack_up "repo github.com/airlock-test/agentonly id=second-stack" || return 1
	export B_PROJECT=$STACK_PROJECT B_NET=$AIRLOCK_NET B_DIR=$STACK_DIR
	stack_up || return 1
	local sidecar
	sidecar=$(container_of "$STACK_PROJECT" sidecar)
	SIDECAR_MAC=$(mac_on "${STACK_PROJECT}_isolated" "$sidecar")
	SIDECAR_EGRESS_IP=$(ip_on "${STACK_PROJECT}_egress" "$sidecar")
	BRIDGE_MAC=$(cat "/sys/class/net/$(bridge_of "${STACK_PROJECT}_isolated")/address")
	export SIDECAR_MAC SIDECAR_EGRESS_IP BRIDGE_MAC
	hostside_up && listener_up
}

teardown_file() {
	[ -n "${LISTENER:-}" ] && docker rm -f "$LISTENER" >/dev/null 2>&1
	hostside_down
	stack_down
	[ -n "${B_DIR:-}" ] && rm -rf "$B_DIR"
	return 0
}

# Every test starts with docker's routes in both sandboxes.
teardown() {
	host_listen_stop
	in_sandbox ip route replace default via "$AIRLOCK_NET.1" >/dev/null 2>&1 || true
	in_project "$B_PROJECT" sandbox ip route replace default via "$B_NET.1" >/dev/null 2>&1 || true
}

@test "a root sandbox with NET_ADMIN that routes through the sidecar gets nothing to the egress side, which the sidecar reaches" {
	# Positive control: the sidecar reaches the listener over TCP and UDP
	# (bash's /dev/tcp and /dev/udp: the sidecar has no nc).
	run in_sidecar bash -c "exec 3<>/dev/tcp/$LISTENER_IP/$LISTEN_PORT && head -n 1 <&3"
	assert_output airlock-listener
	in_sidecar bash -c "echo udp-sidecar >/dev/udp/$LISTENER_IP/$LISTEN_PORT"
	run in_sidecar cat /proc/sys/net/ipv4/ip_forward
	assert_output 0
	in_sandbox ip route replace default via "$SIDECAR_IP"
	run in_sandbox ip route show default
	assert_output --partial "default via $SIDECAR_IP dev eth0"
	run in_sandbox sh -c "nc -w 3 $LISTENER_IP $LISTEN_PORT </dev/null;
		echo udp-sandbox | nc -u -w 1 $LISTENER_IP $LISTEN_PORT; ping -c 2 -W 1 $LISTENER_IP"
	refute_output --partial airlock-listener
	refute_output --partial "bytes from"
	sleep 0.5
	run docker logs "$LISTENER"
	assert_output --partial "udp $SIDECAR_EGRESS_IP udp-sidecar"
	refute_output --partial udp-sandbox
	refute_output --partial "$AIRLOCK_NET.3"
}

@test "each isolated segment holds its sidecar and its sandbox alone, and an ARP sweep of its /24 finds only the sidecar" {
	local p net want
	for p in "$STACK_PROJECT" "$B_PROJECT"; do
		want=$(printf '%s\n' "$(container_of "$p" sidecar)" "$(container_of "$p" sandbox)" | sort)
		run docker network inspect -f '{{range $id, $c := .Containers}}{{println $id}}{{end}}' "${p}_isolated"
		assert_success
		[ "$(sort <<<"$output" | sed '/^$/d')" = "$want" ]
	done
	# Positive control: the sweep (ARP who-has for .1 to .254 but its own,
	# as the sandbox's kernel never would) finds the sidecar, at the MAC
	# docker gave it; and so in the second project.
	run in_sandbox netprobe arp eth0 "$AIRLOCK_NET.0/24"
	assert_success
	assert_output "$SIDECAR_IP $SIDECAR_MAC"
	net=${B_PROJECT}_isolated
	run in_project "$B_PROJECT" sandbox netprobe arp eth0 "$B_NET.0/24"
	assert_success
	assert_output "$B_NET.2 $(mac_on "$net" "$(container_of "$B_PROJECT" sidecar)")"
}

@test "ARP replies and spoofed frames through the sidecar's MAC reach nothing beyond it, though such frames reach its daemons" {
	local i forwarded before after
	# Positive control: netprobe's own SYN frame to the sidecar's MAC gets
	# gitproxy's SYN-ACK.
	run in_sandbox netprobe syn eth0 "$SIDECAR_MAC" self "$SIDECAR_IP" 8080
	assert_output syn-ack
	# Claim the gateway's and the listener's addresses, then send to the
	# listener from the sandbox's own address and from addresses of the
	# sidecar's and the egress side's.
	in_sandbox netprobe arp-claim eth0 "$AIRLOCK_NET.1" "$LISTENER_IP"
	run in_sandbox sh -c "for src in self $AIRLOCK_NET.1 $SIDECAR_EGRESS_IP $FAKEGITHUB_IP; do
		netprobe syn eth0 $SIDECAR_MAC \$src $LISTENER_IP $LISTEN_PORT &
		netprobe udp eth0 $SIDECAR_MAC \$src $LISTENER_IP $LISTEN_PORT spoofed-\$src; done; wait"
	refute_output --partial syn-ack
	# Frames for another address of the /24, which docker's rules on the
	# host let through the bridge: the sidecar takes them in and, not
	# routing, sends none on (its own counters).
	forwarded=$(in_sidecar awk '/^Ip: [0-9]/ { print $7 }' /proc/net/snmp)
	before=$(in_sidecar awk '/^Ip: [0-9]/ { print $4 }' /proc/net/snmp)
	for i in 1 2 3 4 5; do
		in_sandbox netprobe udp eth0 "$SIDECAR_MAC" self "$AIRLOCK_NET.99" "$LISTEN_PORT" via-sidecar
	done
	after=$(in_sidecar awk '/^Ip: [0-9]/ { print $4 }' /proc/net/snmp)
	[ "$after" -ge $((before + 5)) ]
	run in_sidecar awk '/^Ip: [0-9]/ { print $2, $7 }' /proc/net/snmp
	assert_output "2 $forwarded"
	# The sidecar still reaches the listener, and the sandbox the sidecar.
	run in_sidecar bash -c "exec 3<>/dev/tcp/$LISTENER_IP/$LISTEN_PORT && head -n 1 <&3"
	assert_output airlock-listener
	run in_sandbox netprobe syn eth0 "$SIDECAR_MAC" self "$SIDECAR_IP" 8080
	assert_output syn-ack
	sleep 0.5
	run docker logs "$LISTENER"
	refute_output --partial spoofed
	refute_output --partial via-sidecar
	refute_output --partial "$AIRLOCK_NET.3"
}

@test "the sandbox has no IPv6, cannot turn it on, and reaches no IPv6 listener on the egress side" {
	# Positive control: from the egress side the listener answers over IPv4
	# and over its IPv6 link-local address.
	run docker run --rm --network "${STACK_PROJECT}_egress" --sysctl net.ipv6.conf.all.disable_ipv6=0 \
		--sysctl net.ipv6.conf.default.disable_ipv6=0 --entrypoint "" "$PROBE_IMAGE" sh -c \
		"netprobe connect $LISTENER_IP $LISTEN_PORT; for i in 1 2 3 4 5; do
			netprobe connect $LISTENER_LL%eth0 $LISTEN_PORT 2>/dev/null && exit 0; sleep 1; done; exit 1"
	assert_success
	assert_output $'airlock-listener\nairlock-listener'
	run in_sandbox cat /proc/sys/net/ipv6/conf/all/disable_ipv6 /proc/sys/net/ipv6/conf/eth0/disable_ipv6
	assert_output $'1\n1'
	run in_sandbox ip -6 addr
	assert_output ""
	run in_sandbox ip -6 route
	assert_output ""
	# Root with NET_ADMIN cannot turn it on: /proc/sys is read-only, and
	# the kernel refuses an address or a route.
	run in_sandbox sysctl -w net.ipv6.conf.eth0.disable_ipv6=0
	assert_failure
	run in_sandbox ip -6 addr add fe80::1/64 dev eth0
	assert_failure
	run in_sandbox ip -6 route add default dev eth0
	assert_failure
	run in_sandbox netprobe connect "$LISTENER_LL%eth0" "$LISTEN_PORT"
	assert_failure
	# Nor in frames of its own: the sidecar has no IPv6 either.
	run in_sidecar cat /proc/net/if_inet6
	assert_output ""
	run in_sandbox netprobe syn eth0 "$SIDECAR_MAC" self "$LISTENER_LL" "$LISTEN_PORT"
	assert_output nothing
	run docker logs "$LISTENER"
	refute_output --partial "$(link_local "$(mac_on "${STACK_PROJECT}_isolated" "$(container_of "$STACK_PROJECT" sandbox)")")"
}

@test "no address of the host answers a root sandbox over TCP, through the sidecar or docker's route, while the host and a container beside reach the listener" {
	host_listen
	local addrs all v6 a route
	addrs="$(host_ipv4 | tr '\n' ' ')$HOSTSIDE_GW"
	all=$(host_ipv4 --bridges | tr '\n' ' ')
	v6=$(host_ipv6 | tr '\n' ' ')
	# Positive control: the host on each address, and a container set like
	# the sandbox on an internal network whose bridge has a host-side address.
	for a in $addrs $v6; do
		run python3 "$NETPROBE" connect "$a" "$HOST_PORT"
		assert_output airlock-listener
	done
	run on_hostside sh -c "for a in $addrs; do nc -w 3 \$a $HOST_PORT </dev/null; done"
	[ "$(grep -c '^airlock-listener$' <<<"$output")" -eq "$(wc -w <<<"$addrs")" ]
	# The sandbox, by docker's route and through the sidecar. (An on-link
	# route is tried with datagrams only, in the next test: were the host to
	# take a SYN that way, its answer would leave by its default route, off
	# this machine.)
	for route in "via $AIRLOCK_NET.1" "via $SIDECAR_IP"; do
		in_sandbox ip route replace default $route
		run in_sandbox sh -c "for a in $all $AIRLOCK_NET.1; do netprobe scan \$a $HOST_PORT & done; wait"
		refute_output --partial open
	done
	for a in $v6; do
		run in_sandbox netprobe connect "$a" "$HOST_PORT"
		assert_failure
	done
	run cat "$HOST_LOG"
	refute_output --partial "$AIRLOCK_NET.3"
}

@test "no datagram from a sandbox with NET_ADMIN or NET_RAW reaches the host" {
	host_listen
	local addrs all a
	addrs="$(host_ipv4 | tr '\n' ' ')$HOSTSIDE_GW"
	all=$(host_ipv4 --bridges | tr '\n' ' ')
	# Positive control: a container beside gets its datagrams to each address.
	run on_hostside sh -c "for a in $addrs; do echo udp-hostside-\$a | nc -u -w 1 \$a $HOST_PORT; done"
	sleep 0.5
	for a in $addrs; do
		grep -q "udp-hostside-$a" "$HOST_LOG"
	done
	# The sandbox: an on-link route (NET_ADMIN), then frames of its own to the
	# host's side of its bridge (NET_RAW), from its own address and from the
	# second project's sandbox's.
	in_sandbox ip route replace default dev eth0
	in_sandbox sh -c "for a in $all; do echo udp-onlink | nc -u -w 1 \$a $HOST_PORT; done"
	for a in $all; do
		in_sandbox netprobe udp eth0 "$BRIDGE_MAC" self "$a" "$HOST_PORT" udp-raw
		in_sandbox netprobe udp eth0 "$BRIDGE_MAC" "$B_NET.3" "$a" "$HOST_PORT" udp-spoofed
	done
	sleep 0.5
	run cat "$HOST_LOG"
	refute_output --partial udp-onlink
	refute_output --partial udp-raw
	refute_output --partial udp-spoofed
	# Nothing on the segment answers ARP for the host's addresses.
	run in_sandbox netprobe arp eth0 $addrs
	assert_output ""
}

@test "a NET_RAW sandbox gets no IPv6 answer from the host" {
	host_listen
	local ll hs_mac hs_ll a
	ll=$(link_local "$BRIDGE_MAC")
	hs_mac=$(cat "/sys/class/net/$(bridge_of "$HOSTSIDE_NET")/address")
	hs_ll=$(link_local "$hs_mac")
	# Positive control: the same frames from a root container with NET_RAW
	# beside, IPv6 off in its kernel as in the sandbox, to the host's side of
	# its own bridge get the host's echo reply and SYN-ACK.
	run docker run --rm --network "$HOSTSIDE_NET" --cap-drop ALL --cap-add NET_RAW \
		--security-opt no-new-privileges --user 0:0 --entrypoint "" "$PROBE_IMAGE" sh -c \
		"netprobe ping6 eth0 $hs_mac $hs_ll; netprobe syn eth0 $hs_mac self $hs_ll $HOST_PORT"
	assert_output $'echo-reply\nsyn-ack'
	# The sandbox, to the host's side of the isolated bridge, and through it
	# to the host's global IPv6 addresses.
	run in_sandbox netprobe ping6 eth0 "$BRIDGE_MAC" "$ll"
	assert_output nothing
	run in_sandbox netprobe syn eth0 "$BRIDGE_MAC" self "$ll" "$HOST_PORT"
	assert_output nothing
	for a in $(host_ipv6); do
		run in_sandbox netprobe syn eth0 "$BRIDGE_MAC" self "$a" "$HOST_PORT"
		assert_output nothing
	done
}

@test "two sandboxes, each with its own stack and clone, reach none of each other's containers on any port, while each reaches its own sidecar" {
	local me other my_net other_net targets route bridge_mac
	# Each clones its own repository as the agent: both stacks work.
	for me in "$STACK_PROJECT:allowed" "$B_PROJECT:agentonly"; do
		run in_project "${me%%:*}" -u agent sandbox \
			git clone -q "https://github.com/airlock-test/${me#*:}.git" /tmp/own-clone
		assert_success
		run in_project "${me%%:*}" -u agent sandbox git -C /tmp/own-clone rev-parse --verify -q HEAD
		assert_success
	done
	for me in "$STACK_PROJECT" "$B_PROJECT"; do
		docker exec -d "$(container_of "$me" sandbox)" sh -c \
			"netprobe listen $LISTEN_PORT 120 >/tmp/listener.log 2>&1"
	done
	sleep 0.5
	for me in "$STACK_PROJECT" "$B_PROJECT"; do
		if [ "$me" = "$STACK_PROJECT" ]; then
			other=$B_PROJECT my_net=$AIRLOCK_NET other_net=$B_NET
		else
			other=$STACK_PROJECT my_net=$B_NET other_net=$AIRLOCK_NET
		fi
		# Positive controls: its own sidecar's daemons answer, and its own
		# sidecar reaches its listener.
		run in_project "$me" sandbox netprobe scan "$my_net.2" 53 3128 8080
		assert_output $'open '"$my_net.2"$' 53\nopen '"$my_net.2"$' 3128\nopen '"$my_net.2"' 8080'
		run in_project "$me" sidecar bash -c "exec 3<>/dev/tcp/$my_net.3/$LISTEN_PORT && head -n 1 <&3"
		assert_output airlock-listener
		targets="$other_net.2 $other_net.3 $(ip_on "${other}_egress" "$(container_of "$other" sidecar)")"
		for route in "via $my_net.1" "via $my_net.2" "dev eth0"; do
			in_project "$me" sandbox ip route replace default $route
			run in_project "$me" sandbox sh -c "for t in $targets; do
				netprobe scan \$t $SCAN_PORTS & ping -c 1 -W 2 \$t & done; wait"
			refute_output --partial open
			refute_output --partial "bytes from"
		done
		# Frames to the host's side of its bridge are not routed on to the
		# other project.
		bridge_mac=$(cat "/sys/class/net/$(bridge_of "${me}_isolated")/address")
		run in_project "$me" sandbox sh -c "netprobe syn eth0 $bridge_mac self $other_net.3 $LISTEN_PORT &
			netprobe syn eth0 $bridge_mac self $other_net.2 8080 & wait"
		refute_output --partial syn-ack
		in_project "$me" sandbox ip route replace default via "$my_net.1"
	done
	# Each listener heard its own sidecar, and no one else.
	for me in "$STACK_PROJECT" "$B_PROJECT"; do
		[ "$me" = "$STACK_PROJECT" ] && my_net=$AIRLOCK_NET || my_net=$B_NET
		run in_project "$me" sandbox cat /tmp/listener.log
		assert_output $'listening '"$LISTEN_PORT"$'\ntcp '"$my_net.2"
	done
}

# sidecar_procs: "pid name uid,euid,suid,fsuid CapPrm CapEff CapBnd" for
# every process of the sidecar's own tree (PID 1 and what descends from it),
# not for what docker exec started there (the reader itself, the
# healthcheck), whose parent is outside the container.
sidecar_procs() {
	in_sidecar sh -c 'awk '\''
		FNR == 1 { n++ }
		$1 == "Name:" { name[n] = $2 } $1 == "Pid:" { pid[n] = $2 } $1 == "PPid:" { ppid[n] = $2 }
		$1 == "Uid:" { uid[n] = $2 "," $3 "," $4 "," $5 }
		$1 == "CapPrm:" { prm[n] = $2 } $1 == "CapEff:" { eff[n] = $2 } $1 == "CapBnd:" { bnd[n] = $2 }
		END {
			for (i = 1; i <= n; i++) parent[pid[i]] = ppid[i]
			for (i = 1; i <= n; i++) {
				p = pid[i]
				while (p != 1 && (p in parent) && parent[p] != 0) p = parent[p]
				if (p == 1) print pid[i], name[i], uid[i], prm[i], eff[i], bnd[i]
			}
		}'\'' /proc/[0-9]*/status 2>/dev/null'
}

@test "no daemon in the sidecar holds a capability, and each runs as its own user" {
	local d uid uids="" lines pid name ids prm eff bnd
	run sidecar_procs
	assert_success
	# Positive control: the same reader finds s6-svscan, PID 1, and the
	# s6-supervise processes root, with the capabilities compose gives the
	# container.
	assert_line --regexp '^1 s6-svscan 0,0,0,0 0*[1-9a-f][0-9a-f]* 0*[1-9a-f][0-9a-f]* '
	assert_line --regexp '^[0-9]+ s6-supervise 0,0,0,0 0*[1-9a-f][0-9a-f]* 0*[1-9a-f][0-9a-f]* '
	for d in gitproxy dnsmasq tinyproxy; do
		uid=$(in_sidecar id -u "$d")
		[ "$uid" -gt 0 ]
		uids="$uids $uid"
		lines=$(grep -E "^[0-9]+ $d " <<<"$output") || fail "no $d process in the sidecar"
		while read -r pid name ids prm eff bnd; do
			[ "$ids" = "$uid,$uid,$uid,$uid" ] || fail "$d (pid $pid) runs as uids $ids, not $uid"
			[ "$prm" = 0000000000000000 ] && [ "$eff" = 0000000000000000 ] \
				|| fail "$d (pid $pid) holds capabilities: permitted $prm, effective $eff"
		done <<<"$lines"
	done
	# Three users, one each.
	[ "$(tr ' ' '\n' <<<"$uids" | sed '/^$/d' | sort -u | wc -l)" -eq 3 ]
}

@test "no process in the sidecar keeps NET_ADMIN or SETPCAP in its bounding set" {
	local pid name uid prm eff bnd seen=0
	run sidecar_procs
	assert_success
	while read -r pid name uid prm eff bnd; do
		[ -n "$pid" ] || continue
		# Positive control: the reader decodes the bounding set; s6-svscan's
		# has CHOWN (bit 0), which the sidecar needs.
		if [ "$pid" = 1 ]; then
			[ $((0x$bnd & 1)) -ne 0 ]
			seen=1
		fi
		# NET_ADMIN is bit 12, SETPCAP bit 8.
		[ $((0x$bnd & (1 << 12 | 1 << 8))) -eq 0 ] || fail "$name (pid $pid) has bounding set $bnd"
	done <<<"$output"
	[ "$seen" = 1 ]
}
