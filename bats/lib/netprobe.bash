# netprobe.bash: what the isolation tests need besides their stack: netprobe
# (bats/lib/probe) on the host and its image, a listener on every address
# of the host, the host's addresses, and a network beside the isolated one
# on which a container does reach the host (the positive control of every
# "the sandbox cannot reach the host"). Load after lib/stack.

NETPROBE=$BATS_TEST_DIRNAME/lib/probe/netprobe
PROBE_IMAGE=airlock-probe:${AIRLOCK_IMAGE_TAG:-local}

# probe_image_build: the probe image, from the sandbox image of this tag
# (docker's cache makes a second build take a second).
probe_image_build() {
	local log=${BATS_RUN_TMPDIR:-/tmp}/probe-build.log
	docker build -q --build-arg "TAG=${AIRLOCK_IMAGE_TAG:-local}" -t "$PROBE_IMAGE" \
		"$BATS_TEST_DIRNAME/lib/probe" >"$log" 2>&1 || { cat "$log" >&3; return 1; }
}

# host_listen: netprobe's listener on the host, TCP and UDP on a free port
# of every address, IPv6 too, for at most 120 s. It listens beyond
# 127.0.0.1, unlike every other server a test runs, because what it proves
# is that no address of the host answers the sandbox; it only says
# "airlock-listener". Sets HOST_PORT and HOST_LOG (one line per connection
# or datagram, with its source); host_listen_stop, in teardown, ends it by
# its PID.
host_listen() {
	local i
	HOST_LOG=$BATS_TEST_TMPDIR/host-listener.log
	python3 "$NETPROBE" listen 0 120 >"$HOST_LOG" 2>&1 3>&- &
	HOST_LISTENER_PID=$!
	for i in $(seq 50); do
		HOST_PORT=$(awk '$1 == "listening" { print $2 }' "$HOST_LOG")
		[ -n "$HOST_PORT" ] && return 0
		sleep 0.1
	done
	echo "host_listen: no listener after 5 s: $(cat "$HOST_LOG")" >&2
	return 1
}

host_listen_stop() {
	[ -n "${HOST_LISTENER_PID:-}" ] || return 0
	kill "$HOST_LISTENER_PID" 2>/dev/null || true
	wait "$HOST_LISTENER_PID" 2>/dev/null || true
	HOST_LISTENER_PID=
}

# host_ipv4 [--bridges]: the host's IPv4 addresses, but loopback (in a
# container 127.0.0.1 is the container's own) and, without --bridges, those
# of compose projects' bridges (other people's stacks come and go while we
# run, so a positive control on them could fail for that alone; our own
# network's gateway the tests add). The host delivers a packet for any of
# its addresses alike, whichever interface it comes in on, so the addresses
# that stay put stand for the rest; the sandbox is tried on all of them.
# host_ipv6: its global IPv6 addresses, the same way.
host_ipv4() {
	ip -o -4 addr show | awk -v all="${1:-}" '$2 != "lo" && (all == "--bridges" || $2 !~ /^br-/) {
		sub("/.*", "", $4); print $4 }'
}

host_ipv6() {
	ip -o -6 addr show scope global | awk '$2 != "lo" && $2 !~ /^br-/ { sub("/.*", "", $4); print $4 }'
}

# bridge_of NETWORK: the host's bridge interface of a docker network.
bridge_of() {
	local name
	name=$(docker network inspect -f '{{index .Options "com.docker.network.bridge.name"}}' "$1") || return 1
	[ -n "$name" ] || name=br-$(docker network inspect -f '{{.Id}}' "$1" | cut -c1-12)
	echo "$name"
}

# link_local MAC: the EUI-64 link-local IPv6 address the kernel gives an
# interface with this MAC.
link_local() {
	local IFS=: m
	read -r -a m <<<"$1"
	printf 'fe80::%x:%xff:fe%02x:%x\n' $(((0x${m[0]} ^ 2) << 8 | 0x${m[1]})) $((0x${m[2]})) \
		$((0x${m[3]})) $((0x${m[4]} << 8 | 0x${m[5]}))
}

# hostside_up: an internal network of this run set like the isolated one
# but for inhibit_ipv4, so the host's side of its bridge has the gateway
# address and a container on it reaches the host. Sets HOSTSIDE_NET (its
# name) and HOSTSIDE_GW; hostside_down removes it.
hostside_up() {
	local net
	net=$("$COMPOSE_DIR/net-for-project" "$STACK_PROJECT-hostside") || return 1
	export HOSTSIDE_NET=$STACK_PROJECT-hostside_net HOSTSIDE_GW=$net.1
	docker network create --internal --subnet "$net.0/24" --gateway "$HOSTSIDE_GW" \
		"$HOSTSIDE_NET" >/dev/null
}

hostside_down() {
	[ -n "${HOSTSIDE_NET:-}" ] || return 0
	docker network rm "$HOSTSIDE_NET" >/dev/null 2>&1 || true
}

# on_hostside CMD...: run CMD in a throwaway container on that network, set
# as the sandbox is (uid 1000, every capability dropped, no-new-privileges).
on_hostside() {
	docker run --rm --network "$HOSTSIDE_NET" --cap-drop ALL --security-opt no-new-privileges \
		--user 1000:1000 --entrypoint "" "airlock-sandbox:${AIRLOCK_IMAGE_TAG:-local}" "$@"
}
