#!/bin/bash
# e2e-in-image.sh: the loopback end-to-end tests (e2e-local.sh, then
# e2e-outcomes.sh) inside the Debian 13 tools image (images/bench), so
# gitproxy is tested linked against the libcurl and OpenSSL the sidecar
# image ships, not the host's. `make e2e-image` runs it with the checkout
# mounted read-only at /src; gitproxy, airlock-ctl and gen-configs are built
# into /tmp/build. TAP on stdout.
#
# Exit codes: 0 every check passed, 1 a check failed, 111 a build failed.
set -u
prog=e2e-in-image
src=${E2E_SRC:-/src}
build=/tmp/build
[ -d "$src/sidecar" ] || { echo "$prog: fatal: unable to find the source at $src" >&2; exit 111; }
mkdir -p "$build" || { echo "$prog: fatal: unable to make $build" >&2; exit 111; }
if ! { make -s -C "$src/gen-configs" -j2 B="$build/gen-configs" "$build/gen-configs/gen-configs" &&
	make -s -C "$src/sidecar" -j2 B="$build/sidecar" "$build/sidecar/gitproxy" "$build/sidecar/airlock-ctl"; } \
	>"$build/make.log" 2>&1; then
	cat "$build/make.log" >&2
	echo "$prog: fatal: unable to build gitproxy, airlock-ctl and gen-configs" >&2
	exit 111
fi
echo "# gitproxy built against $(curl --version | head -n 1 | grep -o 'libcurl/[^ ]*')" \
	"$(curl --version | head -n 1 | grep -o 'OpenSSL/[^ ]*'), Debian $(cat /etc/debian_version)"
export GITPROXY=$build/sidecar/gitproxy GEN_CONFIGS=$build/gen-configs/gen-configs
rc=0
"$src/sidecar/tests/e2e-local.sh" || rc=1
"$src/sidecar/tests/e2e-outcomes.sh" || rc=1
exit "$rc"
