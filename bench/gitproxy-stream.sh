#!/bin/bash
# gitproxy-stream.sh: the same git-upload-pack pack stream (a 400 MiB
# incompressible pack from the sealed test stack's fake GitHub) fetched
# through gitproxy and directly, in one run, plus gitproxy's CPU per GB and
# info/refs latency both ways. Prints ratios; asserts nothing.
#   BENCH_MB (default 400)  pack size;  BENCH_RUNS (default 3)  runs each.
set -u
prog=gitproxy-stream
here=$(cd "$(dirname "$0")" && pwd)
compose_dir=$here/../compose
project=airlock-bench-$$
mb=${BENCH_MB:-400}
runs=${BENCH_RUNS:-3}
state=$(mktemp -d)
export AIRLOCK_NET AIRLOCK_TEST_EGRESS_NET AIRLOCK_TOKEN_FILE AIRLOCK_REPOS AIRLOCK_ALLOWLIST_DIR FAKEGITHUB_BIG_MB
AIRLOCK_NET=$("$compose_dir/net-for-project" "$project")
AIRLOCK_TEST_EGRESS_NET=$("$compose_dir/net-for-project" "$project" 198.19)
AIRLOCK_TOKEN_FILE=$state/token
AIRLOCK_REPOS=airlock-test/big
AIRLOCK_ALLOWLIST_DIR=$here/../allowlist.d
FAKEGITHUB_BIG_MB=$mb
sidecar=$AIRLOCK_NET.2

compose() {
	docker compose -p "$project" --project-directory "$compose_dir" \
		-f "$compose_dir/compose.isolated.yml" -f "$compose_dir/compose.test.yml" "$@"
}
cleanup() { compose down -v -t 0 >/dev/null 2>&1; rm -rf "$state"; }
trap cleanup EXIT
fatal() { echo "$prog: fatal: $*" >&2; exit 111; }

echo "ghp_bench$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')" >"$AIRLOCK_TOKEN_FILE"
chmod 0644 "$AIRLOCK_TOKEN_FILE"
echo "$prog: starting the test stack with a $mb MiB repository (seeding takes a while)"
compose up -d --quiet-pull >"$state/up.log" 2>&1 || { cat "$state/up.log"; fatal "the stack did not come up"; }
token=$(cat "$AIRLOCK_TOKEN_FILE")
basic=$(printf 'x-access-token:%s' "$token" | base64 -w0)
head=$(compose exec -T sandbox git ls-remote https://github.com/airlock-test/big.git refs/heads/main | cut -f1)
[ ${#head} -eq 40 ] || fatal "cannot read the big repository's head"
printf '0032want %s\n00000009done\n' "$head" >"$state/want"

# The "outside" side: a container on the sealed egress network, talking to
# the fake GitHub directly with the real token.
outside() {
	docker run --rm -i --network "${project}_egress" -v "${project}_testca:/testca:ro" \
		--entrypoint "" airlock-sandbox:local "$@"
}
sandbox() { compose exec -T sandbox "$@"; }

# One pack stream: prints "seconds bytes".
via_gitproxy() {
	sandbox sh -c 'curl -sS -o /dev/null -w "%{time_total} %{size_download}\n" -u "airlock:$(cat /run/airlock/session)" \
		-H "Content-Type: application/x-git-upload-pack-request" --data-binary @- \
		"http://$1:8080/git/github.com/airlock-test/big.git/git-upload-pack"' sh "$sidecar" <"$state/want"
}
direct() {
	outside sh -c 'curl -sS -o /dev/null -w "%{time_total} %{size_download}\n" --cacert /testca/ca.pem \
		-H "Authorization: Basic $1" -H "Content-Type: application/x-git-upload-pack-request" --data-binary @- \
		https://github.com/airlock-test/big.git/git-upload-pack' sh "$basic" <"$state/want"
}
gitproxy_cpu_ticks() {
	compose exec -T sidecar sh -c 'awk "{ print \$14 + \$15 }" /proc/$(s6-svstat -o pid /run/service/gitproxy)/stat'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

direct >/dev/null # warm the upstream's page cache
: >"$state/direct" && : >"$state/proxied"
ticks0=$(gitproxy_cpu_ticks)
bytes=0
for _ in $(seq "$runs"); do
	direct >>"$state/direct"
	via_gitproxy >>"$state/proxied"
done
ticks1=$(gitproxy_cpu_ticks)
bytes=$(awk '{ s += $2 } END { print s }' "$state/proxied")
d=$(cut -d' ' -f1 "$state/direct" | median)
p=$(cut -d' ' -f1 "$state/proxied" | median)
size=$(head -n 1 "$state/proxied" | cut -d' ' -f2)
hz=$(getconf CLK_TCK)

# info/refs latency: 50 sequential requests each way, p50 and p99.
latency() {
	for _ in $(seq 50); do "$@"; done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f %.1f\n", v[int(NR * 0.5)] * 1000, v[int(NR * 0.99)] * 1000 }'
}
lat_direct=$(latency outside curl -sS -o /dev/null -w '%{time_total}\n' --cacert /testca/ca.pem \
	-H "Authorization: Basic $basic" "https://github.com/airlock-test/big.git/info/refs?service=git-upload-pack")
lat_proxied=$(latency sandbox sh -c 'curl -sS -o /dev/null -w "%{time_total}\n" -u "airlock:$(cat /run/airlock/session)" \
	"http://$1:8080/git/github.com/airlock-test/big.git/info/refs?service=git-upload-pack"' sh "$sidecar")
rss=$(compose exec -T sidecar sh -c 'awk "/^VmHWM:/ { print \$2 }" /proc/$(s6-svstat -o pid /run/service/gitproxy)/status')

echo
printf '%-40s %12s %12s\n' "pack stream ($((size / 1048576)) MiB, median of $runs)" seconds MiB/s
awk -v d="$d" -v p="$p" -v s="$size" 'BEGIN {
	printf "%-40s %12.2f %12.1f\n", "direct to the upstream", d, s / 1048576 / d
	printf "%-40s %12.2f %12.1f\n", "through gitproxy", p, s / 1048576 / p
	printf "%-40s %12.3f %12s\n", "ratio (direct time / gitproxy time)", d / p, "target >= 0.95"
}'
awk -v t=$((ticks1 - ticks0)) -v hz="$hz" -v b="$bytes" 'BEGIN {
	printf "%-40s %12.2f %12s\n", "gitproxy CPU seconds per GB", t / hz / (b / 1e9), "target <= 1.0" }'
printf '%-40s %12s %12s\n' "info/refs latency, ms (50 requests)" p50 p99
printf '%-40s %12s %12s\n' "direct" $lat_direct
printf '%-40s %12s %12s\n' "through gitproxy" $lat_proxied
printf '%-40s %12s %12s\n' "gitproxy peak RSS (VmHWM), kB" "$rss" "target <= 16384"
