#!/bin/bash
# sidecar-bench.sh: the real sidecar image (airlock-sidecar:$AIRLOCK_IMAGE_TAG)
# on this host's docker, in a sealed stack made of the test compose files
# (compose/compose.isolated.yml + compose/compose.test.yml: the fake GitHub
# on an internal egress network), started as `make up` does: its idle PSS,
# the sum of Pss in /proc/PID/smaps_rollup over every process in the
# container, and how long after `docker start` docker's healthcheck says
# healthy. Writes "KEY VALUE..." lines to $BENCH_RESULTS for bench/report.sh
# and prints what it measured. Only this run's project (airlock-bench-...)
# is created, and it is removed on exit.
#
#   AIRLOCK_IMAGE_TAG  the images' tag (default local; needs the sidecar,
#                      fakegithub and testca images: make images)
#   BENCH_STARTS       docker starts timed, the median kept (default 5)
#   BENCH_RESULTS      where the results go (default build/bench/sidecar.results)
#
# Exit codes: 0 measured, 100 wrong usage, 111 a step failed.
set -u
prog=sidecar-bench
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tag=${AIRLOCK_IMAGE_TAG:-local}
starts=${BENCH_STARTS:-5}
results=${BENCH_RESULTS:-$root/build/bench/sidecar.results}
fatal() { echo "$prog: fatal: $*" >&2; exit 111; }
say() { echo "$prog: $*" >&2; }
[ $# -eq 0 ] || { echo "usage: $prog (settings in the environment: see the head of this file)" >&2; exit 100; }
case $starts in '' | *[!0-9]* | 0) echo "$prog: fatal: BENCH_STARTS is '$starts': it is a positive integer" >&2; exit 100 ;; esac
[ "$(id -u)" = 0 ] || fatal "unable to read other users' /proc/PID/smaps_rollup: run as root"
docker info >/dev/null 2>&1 || fatal "unable to reach dockerd (make deps starts it)"
for image in sidecar fakegithub testca; do
	docker image inspect "airlock-$image:$tag" >/dev/null 2>&1 ||
		fatal "unable to find the image airlock-$image:$tag: build it (make images AIRLOCK_IMAGE_TAG=$tag)"
done
mkdir -p "$(dirname "$results")" && : >"$results" || fatal "unable to write $results"
put() { echo "$*" >>"$results"; }

project=airlock-bench-$(date +%s)-$$
dir=$(mktemp -d "/tmp/$prog.XXXXXX") || fatal "unable to make a temporary directory"
events_pid=
compose() {
	docker compose -p "$project" --project-directory "$root/compose" \
		-f "$root/compose/compose.isolated.yml" -f "$root/compose/compose.test.yml" "$@"
}
cleanup() {
	[ -n "$events_pid" ] && kill "$events_pid" 2>/dev/null
	compose down -v -t 0 --remove-orphans >/dev/null 2>&1
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 111' INT TERM

# As bats/lib/stack.bash does: a random token, the shipped allowlist and the
# test hosts' fragment, this project's own /24s.
export AIRLOCK_IMAGE_TAG=$tag AIRLOCK_REPOS=airlock-test/allowed
export AIRLOCK_TOKEN_FILE=$dir/github_token AIRLOCK_ALLOWLIST_DIR=$dir/allowlist.d
AIRLOCK_NET=$("$root/compose/net-for-project" "$project") &&
	AIRLOCK_TEST_EGRESS_NET=$("$root/compose/net-for-project" "$project" 198.19) ||
	fatal "unable to choose the project's networks"
export AIRLOCK_NET AIRLOCK_TEST_EGRESS_NET
echo "ghp_bench$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')" >"$AIRLOCK_TOKEN_FILE"
chmod 0600 "$AIRLOCK_TOKEN_FILE"
mkdir "$AIRLOCK_ALLOWLIST_DIR" && cp "$root"/allowlist.d/*.conf "$AIRLOCK_ALLOWLIST_DIR/" &&
	printf '# test hosts, all our own containers\nhttps allowed.test id=test-allowed\negress-allow %s.0/24 id=test-egress\n' \
		"$AIRLOCK_TEST_EGRESS_NET" >"$AIRLOCK_ALLOWLIST_DIR/50-test.conf" ||
	fatal "unable to make the allowlist"
chmod 0755 "$dir" "$AIRLOCK_ALLOWLIST_DIR" && chmod 0644 "$AIRLOCK_ALLOWLIST_DIR"/*.conf

say "starting $project: the sidecar (airlock-sidecar:$tag) and the fake GitHub"
{ compose up --no-start sidecar && "$root/compose/harden-bridge" "$project" &&
	timeout 300 docker compose -p "$project" --project-directory "$root/compose" \
		-f "$root/compose/compose.isolated.yml" -f "$root/compose/compose.test.yml" up -d --wait sidecar; } \
	>"$dir/up.log" 2>&1 || { cat "$dir/up.log" >&2; compose logs --no-color sidecar >&2; fatal "unable to bring the sidecar up"; }
cid=$(compose ps -q sidecar)
[ -n "$cid" ] || fatal "unable to find the sidecar's container"
put condition sidecar
put image "airlock-sidecar:$tag $(docker image inspect -f '{{.Id}}' "airlock-sidecar:$tag" | cut -c8-19)," \
	"Debian $(docker exec "$cid" cat /etc/debian_version)," \
	"$(docker exec "$cid" sh -c 'ls /usr/lib/*/libcurl.so.4.* 2>/dev/null' | sed 's|.*/||')"

# pss_sample: "PSS USS RSS COMM:PSS..." in KiB, summed over every process in
# the container now (USS: its private pages, Private_Clean + Private_Dirty).
pss_sample() {
	local pid pss=0 uss=0 rss=0 line comm detail=""
	for pid in $(docker top "$cid" -eo pid | tail -n +2); do
		line=$(awk '/^Pss:/ { p = $2 } /^Private_(Clean|Dirty):/ { u += $2 } /^Rss:/ { r = $2 }
			END { if (p != "") print p, u, r }' "/proc/$pid/smaps_rollup" 2>/dev/null)
		[ -n "$line" ] || continue # gone meanwhile (a healthcheck)
		comm=$(cat "/proc/$pid/comm" 2>/dev/null) || continue
		# shellcheck disable=SC2086 # three numbers
		set -- $line
		pss=$((pss + $1)) uss=$((uss + $2)) rss=$((rss + $3))
		detail="$detail $comm:$1"
	done
	echo "$pss $uss $rss$detail"
}
say "idle PSS: 5 samples a second apart, after 3 s idle"
sleep 3
for _ in 1 2 3 4 5; do pss_sample >>"$dir/pss"; sleep 1; done
pss=$(sort -n "$dir/pss" | sed -n 3p) # the median sample
read -r pss_kib uss_kib rss_kib pss_detail <<<"$pss"
put pss_kib "$pss_kib"
put uss_kib "$uss_kib"
put rss_kib "$rss_kib"
put pss_detail "$pss_detail"
put pss_samples "$(awk '{ print $1 }' "$dir/pss" | tr '\n' ' ')"
# PSS shares a page among every process that maps it, in any container:
# other containers of this image (or on its base layers) lower it.
image_id=$(docker image inspect -f '{{.Id}}' "airlock-sidecar:$tag")
put others "$(($(docker ps -q --filter "ancestor=$image_id" | wc -l) - 1)) $(($(docker ps -q | wc -l) - 1))"

# One start: stop, then docker start, and the time until docker's
# healthcheck event says healthy (docker events, nanoseconds).
say "docker start until healthy: $starts starts"
for _ in $(seq "$starts"); do
	docker stop -t 10 "$cid" >/dev/null || fatal "unable to stop the sidecar"
	: >"$dir/events"
	docker events --filter "container=$cid" --format '{{.TimeNano}} {{.Action}}' >"$dir/events" 2>&1 &
	events_pid=$!
	sleep 0.5 # docker events is listening
	t0=$(date +%s%N)
	docker start "$cid" >/dev/null || fatal "unable to start the sidecar"
	healthy=
	for _ in $(seq 300); do
		healthy=$(awk '$2 == "health_status:" && $3 == "healthy" { print $1; exit }' "$dir/events")
		[ -n "$healthy" ] && break
		if grep -q 'health_status: unhealthy' "$dir/events"; then break; fi
		sleep 0.1
	done
	kill "$events_pid" 2>/dev/null
	wait "$events_pid" 2>/dev/null
	events_pid=
	[ -n "$healthy" ] || { docker logs --tail 20 "$cid" >&2; fatal "the sidecar was not healthy within 30 s of docker start"; }
	started=$(awk '$2 == "start" { print $1; exit }' "$dir/events")
	echo "$healthy $t0 ${started:-$t0}" | awk '{ printf "%.3f %.3f\n", ($1 - $2) / 1e9, ($3 - $2) / 1e9 }' >>"$dir/starts"
	sleep 1
done
put start "$(awk '{ print $1 }' "$dir/starts" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" \
	"$(awk '{ print $1 }' "$dir/starts" | tr '\n' ' ')"
put start_running "$(awk '{ print $2 }' "$dir/starts" | tr '\n' ' ')"
put healthcheck "$(docker inspect -f '{{.Config.Healthcheck.Interval}}' "$cid")"

echo
echo "sidecar $(awk '$1 == "image" { $1 = ""; print; exit }' "$results")"
read -r _ same all <<<"$(grep '^others ' "$results")"
echo "idle PSS: $(awk -v k="$pss_kib" 'BEGIN { printf "%.1f MiB", k / 1024 }') (median of 5 samples, KiB: $(awk '$1 == "pss_samples" { $1 = ""; print }' "$results"));" \
	"USS $(awk -v k="$uss_kib" 'BEGIN { printf "%.1f MiB", k / 1024 }'), RSS $(awk -v k="$rss_kib" 'BEGIN { printf "%.1f MiB", k / 1024 }');" \
	"$same other containers of this image and $all in all were running"
echo "  by process, KiB:$(awk '$1 == "pss_detail" { $1 = ""; print }' "$results")"
read -r _ median each <<<"$(grep '^start ' "$results")"
echo "healthy after docker start: $median s median; each, s: $each" \
	"(running after, s: $(awk '$1 == "start_running" { $1 = ""; sub(/^ /, ""); print }' "$results");" \
	"healthcheck interval $(awk '$1 == "healthcheck" { print $2 }' "$results"))"
