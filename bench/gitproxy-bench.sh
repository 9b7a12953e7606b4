#!/bin/bash
# gitproxy-bench.sh: the loopback benchmark (bench/README.md), once per
# upstream condition, then the table of the performance targets those runs
# measured. Runs on any machine with the tools (nginx, fcgiwrap, git, curl,
# openssl, python3-flask, python3-requests, procps, strace) and gitproxy
# and gen-configs built; `make bench` runs it inside the bench image, so
# gitproxy is linked against the sidecar image's libcurl.
#
#   BENCH_QUICK=1     smaller defaults: 64 MiB pack, 32 MiB push, one run,
#                     50 concurrent clones, 100 idle and 100 slow clients,
#                     100 probes (any BENCH_ setting still wins)
#   BENCH_UPSTREAMS   the conditions, in order (default "buffered unbuffered")
#   BENCH_OUT         where results and tables go (default build/bench)
#   and every setting of bench/loopback-run.sh.
#
# Exit codes: 0 the tables were printed, 100 wrong usage, 111 a run failed.
set -u
prog=gitproxy-bench
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
[ $# -eq 0 ] || { echo "usage: $prog (settings in the environment: see the head of this file)" >&2; exit 100; }
if [ "${BENCH_QUICK:-}" = 1 ]; then
	export BENCH_MB=${BENCH_MB:-64} BENCH_PUSH_MB=${BENCH_PUSH_MB:-32} BENCH_RUNS=${BENCH_RUNS:-1} \
		BENCH_CONCURRENT=${BENCH_CONCURRENT:-50} BENCH_IDLE=${BENCH_IDLE:-100} BENCH_SLOW=${BENCH_SLOW:-100} \
		BENCH_PROBES=${BENCH_PROBES:-100}
fi
out=${BENCH_OUT:-$root/build/bench}
mkdir -p "$out" || { echo "$prog: fatal: unable to make $out" >&2; exit 111; }
rm -f "$out"/loopback.*.results "$out"/loopback.*.table
for condition in ${BENCH_UPSTREAMS:-buffered unbuffered}; do
	BENCH_UPSTREAM=$condition BENCH_RESULTS=$out/loopback.$condition.results "$here/loopback-run.sh" |
		tee "$out/loopback.$condition.table"
	[ "${PIPESTATUS[0]}" = 0 ] || { echo "$prog: fatal: unable to finish the run with the $condition upstream" >&2; exit 111; }
done
# The sidecar's own rows come from bench/sidecar-bench.sh (docker), when it ran.
"$here/report.sh" "$out"/loopback.*.results
