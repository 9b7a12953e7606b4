#!/bin/bash
# bench-docker.sh full|quick: what `make bench` and `make bench-quick` run.
#  1. builds the bench image airlock-bench:$AIRLOCK_IMAGE_TAG (Debian 13,
#     images/bench/Dockerfile) on airlock-base:trixie;
#  2. runs the loopback benchmark in it (bench/container-run.sh): no
#     network but its own loopback (--network none), this checkout mounted
#     read-only, gitproxy and gen-configs built inside, so gitproxy is
#     measured linked against the libcurl the sidecar image ships;
#  3. measures the real sidecar image on this host's docker
#     (bench/sidecar-bench.sh);
#  4. prints the targets' table (bench/report.sh), also kept with every
#     result and log in build/bench/.
# quick: smaller sizes and one run (BENCH_QUICK=1, see bench/gitproxy-bench.sh).
# BENCH_ settings in the environment reach the container.
#
# Exit codes: 0 the table was printed, 100 wrong usage, 111 a step failed.
set -u
prog=bench-docker
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tag=${AIRLOCK_IMAGE_TAG:-local}
fatal() { echo "$prog: fatal: $*" >&2; exit 111; }
say() { echo "$prog: $*" >&2; }
case ${1:-} in
full) quick=0 starts=${BENCH_STARTS:-5} ;;
quick) quick=1 starts=${BENCH_STARTS:-3} ;;
*) echo "usage: $prog full|quick" >&2; exit 100 ;;
esac
[ $# -eq 1 ] || { echo "usage: $prog full|quick" >&2; exit 100; }
base=airlock-base:trixie
docker image inspect "$base" >/dev/null 2>&1 || fatal "unable to find the image $base (make base builds it)"
out=$root/build/bench
rm -rf "$out" && mkdir -p "$out" || fatal "unable to make $out"

say "building airlock-bench:$tag (log: $out/image.log)"
docker build -t "airlock-bench:$tag" -f "$root/images/bench/Dockerfile" "$root/images/bench" >"$out/image.log" 2>&1 ||
	{ tail -n 30 "$out/image.log" >&2; fatal "unable to build airlock-bench:$tag"; }

name=airlock-bench-$tag-$$
cleanup() { docker rm -f "$name" >/dev/null 2>&1; }
trap cleanup EXIT
trap 'exit 111' INT TERM
envs=(-e "BENCH_QUICK=$quick")
while IFS='=' read -r key _; do
	case $key in BENCH_QUICK | BENCH_OUT | BENCH_RESULTS | BENCH_STARTS) ;; BENCH_*) envs+=(-e "$key") ;; esac
done < <(env)
say "the loopback benchmark in $name ($([ "$quick" = 1 ] && echo quick || echo full))"
# /tmp on tmpfs: the repositories, clones and pushes never wait on the disk.
# SYS_PTRACE: strace -c of the proxies.
docker run --rm --name "$name" --network none --cap-add SYS_PTRACE --tmpfs /tmp:rw,exec,size=8g \
	-v "$root:/src:ro" -v "$out:/out" "${envs[@]}" "airlock-bench:$tag" /src/bench/container-run.sh ||
	fatal "unable to finish the loopback benchmark in $name"

say "the sidecar image airlock-sidecar:$tag on this host's docker"
BENCH_STARTS=$starts BENCH_RESULTS=$out/sidecar.results "$here/sidecar-bench.sh" | tee "$out/sidecar.txt"
[ "${PIPESTATUS[0]}" = 0 ] || fatal "unable to measure the sidecar image"

"$here/report.sh" "$out"/loopback.*.results "$out/sidecar.results" | tee "$out/report.md"
