#!/bin/sh
# setup-host.sh: make this Debian 12 machine able to build and run airlock.
# Installs what is missing (and nothing that is there), fetches the Compose v2
# plugin from the next Debian release on the mirror this machine already uses,
# and starts dockerd when no daemon answers. Safe to run again: a second run
# only checks.
#
# Exit codes: 0 ready, 100 wrong usage, 111 a step failed.
set -eu
prog=setup-host

fatal() { echo "$prog: fatal: $*" >&2; exit 111; }
[ $# -eq 0 ] || { echo "usage: $prog" >&2; exit 100; }
[ "$(id -u)" -eq 0 ] || fatal "must run as root to install packages and start dockerd"

# Build, unit-test and integration-test dependencies of the host, and the
# loopback upstream and baselines of the e2e suite and make bench (nginx,
# fcgiwrap, Flask, requests). The images install their own packages inside
# docker build.
host_packages="build-essential clang llvm libclang-rt-14-dev pkg-config openssh-client
  libev-dev libcurl4-openssl-dev libssl-dev libyajl-dev libpsl-dev libidn2-dev publicsuffix
  bats bats-assert bats-support git curl openssl ca-certificates
  docker.io iptables debootstrap cppcheck clang-tidy valgrind procps
  dnsmasq-base tinyproxy-bin bind9-dnsutils
  nginx-light fcgiwrap iproute2 python3-flask python3-requests"

missing=""
for p in $host_packages; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' \
		|| missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "$prog: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || fatal "apt-get update failed"
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null \
		|| fatal "apt-get install failed for:$missing"
fi

# The mirror this machine already uses: the first URIs: line of the Debian
# sources (deb822) or the first deb line (one-line format).
debian_mirror() {
	if [ -r /etc/apt/sources.list.d/debian.sources ]; then
		sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' \
			/etc/apt/sources.list.d/debian.sources | grep -v security | head -n 1
	elif [ -r /etc/apt/sources.list ]; then
		awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list
	fi
}

plugin=/usr/libexec/docker/cli-plugins/docker-compose
if ! docker compose version >/dev/null 2>&1; then
	mirror=$(debian_mirror)
	[ -n "$mirror" ] || fatal "unable to find the Debian mirror in /etc/apt/sources.list.d/debian.sources"
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	mkdir -p "$work/lists/partial" "$work/archives/partial"
	echo "deb $mirror trixie main" >"$work/sources.list"
	aptopts="-o Dir::Etc::SourceList=$work/sources.list -o Dir::Etc::SourceParts=/dev/null
	  -o Dir::State::Lists=$work/lists -o Dir::Cache::Archives=$work/archives -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root"
	echo "$prog: fetching the Compose v2 plugin (Debian trixie's docker-compose)"
	# shellcheck disable=SC2086
	apt-get -qq $aptopts update || fatal "apt-get update of the trixie list failed"
	# shellcheck disable=SC2086
	(cd "$work" && apt-get -qq $aptopts download docker-compose) \
		|| fatal "apt-get download docker-compose failed"
	dpkg -x "$work"/docker-compose_*.deb "$work/root" || fatal "dpkg -x failed"
	mkdir -p "$(dirname "$plugin")"
	install -m 0755 "$work/root$plugin" "$plugin" || fatal "unable to install $plugin"
	docker compose version >/dev/null 2>&1 || fatal "docker compose does not run after install"
fi

if ! docker info >/dev/null 2>&1; then
	echo "$prog: starting dockerd (log: /var/log/dockerd.log)"
	# setsid: dockerd outlives make; its fds must not hold make's pipes open.
	setsid dockerd >/var/log/dockerd.log 2>&1 </dev/null &
	i=0
	until docker info >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -le 60 ] || fatal "dockerd did not answer within 30 s; see /var/log/dockerd.log"
		sleep 0.5
	done
fi
exit 0
