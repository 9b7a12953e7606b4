#!/bin/sh
# build.sh: make the local base image airlock-base:trixie with debootstrap,
# since no image registry is reachable. Every project image is FROM it. The
# images run Debian 13 (trixie) while the host that builds them may be Debian
# 12: debootstrap needs only the mirror, not a matching host.
# Skips the work when the image already exists.
#
# Exit codes: 0 ready, 100 wrong usage, 111 a step failed.
set -eu
prog=base-image
suite=trixie
image=${AIRLOCK_BASE_IMAGE:-airlock-base:$suite}

fatal() { echo "$prog: fatal: $*" >&2; exit 111; }
[ $# -eq 0 ] || { echo "usage: $prog" >&2; exit 100; }

docker image inspect "$image" >/dev/null 2>&1 && exit 0

mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' \
	/etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -n 1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' \
	/etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || fatal "unable to find the Debian mirror in the apt sources"

root=$(mktemp -d /var/tmp/airlock-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "$prog: debootstrap $suite (minbase) into $root"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.log" 2>&1 \
	|| { tail -n 20 "$root.log" >&2; fatal "debootstrap failed (log: $root.log)"; }
rm -f "$root.log"
# Package lists and caches are dead weight in every layer built on top.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
tar -C "$root" -c . | docker import -c 'CMD ["/bin/bash"]' - "$image" >/dev/null \
	|| fatal "docker import of $image failed"
echo "$prog: built $image"
