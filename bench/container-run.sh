#!/bin/bash
# container-run.sh: what `make bench` runs inside the bench image
# (images/bench/Dockerfile), with the checkout mounted read-only at /src and
# /out writable: builds gitproxy and gen-configs into /tmp/build, runs the
# loopback benchmark there (bench/gitproxy-bench.sh), and on a full run
# gen-configs' --check benchmark. Nothing is written under /src.
#
# Exit codes: 0 done, 111 a build or a run failed.
set -u
prog=container-run
src=${BENCH_SRC:-/src}
out=${BENCH_OUT:-/out}
build=/tmp/build
fatal() { echo "$prog: fatal: $*" >&2; exit 111; }
[ -d "$src/sidecar" ] || fatal "unable to find the source at $src"
mkdir -p "$build" || fatal "unable to make $build"
{ make -s -C "$src/gen-configs" -j2 B="$build/gen-configs" "$build/gen-configs/gen-configs" &&
	make -s -C "$src/sidecar" -j2 B="$build/sidecar" "$build/sidecar/gitproxy"; } >"$build/make.log" 2>&1 ||
	{ cat "$build/make.log" >&2; fatal "unable to build gitproxy and gen-configs"; }
echo "$prog: gitproxy built against $(ldd "$build/sidecar/gitproxy" | awk '/libcurl/ { print $3 }')" \
	"($(curl --version | head -n 1 | grep -o 'libcurl/[^ ]*') $(curl --version | head -n 1 | grep -o 'OpenSSL/[^ ]*'))," \
	"Debian $(cat /etc/debian_version)" >&2
GITPROXY=$build/sidecar/gitproxy GEN_CONFIGS=$build/gen-configs/gen-configs BENCH_OUT=$out \
	"$src/bench/gitproxy-bench.sh" || exit 111
if [ "${BENCH_QUICK:-}" != 1 ]; then
	"$src/bench/gen-configs-check.sh" "$build/gen-configs/gen-configs" | tee "$out/gen-configs.txt" ||
		fatal "unable to run the gen-configs benchmark"
fi
