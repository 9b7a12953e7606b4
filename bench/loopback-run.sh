#!/bin/bash
# gitproxy-bench.sh: gitproxy against three ways of doing its job, in one run,
# on loopback, all four in front of the same TLS fake GitHub
# (sidecar/tests/lib-upstream.sh: nginx + fcgiwrap + git http-backend):
#   direct    the client talks TLS to the upstream with the token itself
#   gitproxy  sidecar/build/gitproxy, its config made by gen-configs
#   nginx     nginx proxy_pass, streaming both ways, the token injected
#   flask     bench/flask-gateway.py, Flask + requests, the original design
# Prints a table of times and ratios; asserts nothing.
#
#   BENCH_MB          size of the big repository's pack, MiB (default 512)
#   BENCH_PUSH_MB     size of the pushed commit, MiB (default 128)
#   BENCH_RUNS        runs of each transfer per way, median kept (default 3)
#   BENCH_CONCURRENT  concurrent clones of a small repository (default 200)
#
# Exit codes: 0 the table was printed, 111 a step failed (said on stderr).
set -u
prog=gitproxy-bench
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
gitproxy=$root/sidecar/build/gitproxy
gen_configs=$root/gen-configs/gen-configs
python=/usr/bin/python3 # Debian's, where python3-flask and python3-requests are
mb=${BENCH_MB:-512}
push_mb=${BENCH_PUSH_MB:-128}
runs=${BENCH_RUNS:-3}
concurrent=${BENCH_CONCURRENT:-200}
ways="direct gitproxy nginx flask"

[ -x "$gitproxy" ] || { echo "$prog: fatal: $gitproxy is not built (make -C sidecar)" >&2; exit 111; }
[ -x "$gen_configs" ] || { echo "$prog: fatal: $gen_configs is not built (make -C gen-configs)" >&2; exit 111; }
"$python" -c 'import flask, requests' 2>/dev/null ||
	{ echo "$prog: fatal: python3-flask and python3-requests are not installed (./images/setup-host.sh)" >&2; exit 111; }
# shellcheck source=../sidecar/tests/lib-upstream.sh
. "$root/sidecar/tests/lib-upstream.sh"
say() { echo "$prog: $*" >&2; }

say "seeding the upstream: a $mb MiB repository, a small one, an empty one to push to"
upstream_seed small && upstream_seed_big big "$mb" || fatal "cannot make the upstream repositories"
# Enough fcgiwrap workers that the upstream, not a queue in front of it, is
# what the concurrent clones measure.
upstream_start 32

# ---- gitproxy: bench limits, so a limit is not what gets measured ----
mkdir "$T/allowlist.d" "$T/gen"
cat >"$T/allowlist.d/10-bench.conf" <<'EOF'
git-host github.com token=github_token
repo airlock-test/big
repo airlock-test/small
repo airlock-test/push
limit connections 4096
limit transfers 4096
limit request-rate 1000000/s
limit request-burst 1000000
limit push-rate 1TiB/s
limit push-burst 1TiB
EOF
"$gen_configs" "$T/allowlist.d" "$T/gen" 2>"$T/gen.err" || fatal "gen-configs refused the bench allowlist: $(cat "$T/gen.err")"
gitproxy_port=$(free_port)
mkfifo "$T/ready"
"$gitproxy" -c "$T/gen/gitproxy.json" -l "127.0.0.1:$gitproxy_port" -t "$T/tokens" -s "$T/session.state" -x "$T/session" \
	-a "$T/ca.pem" -C "github.com:443:127.0.0.1:$upstream_port" -n 3 \
	3>"$T/ready" >"$T/audit.log" 2>"$T/gitproxy.err" &
gitproxy_pid=$!
pids+=($gitproxy_pid)
timeout 10 head -c 1 "$T/ready" >/dev/null || fatal "gitproxy did not start: $(cat "$T/gitproxy.err")"
session=$(cat "$T/session") # gitproxy makes the session and writes the sandbox's copy

# ---- nginx proxy_pass: one worker, as gitproxy is one thread ----
nginx_port=$(free_port)
mkdir -p "$T/proxy/tmp"
cat >"$T/proxy.conf" <<EOF
$([ "$(id -u)" = 0 ] && echo "user root root;")
worker_processes 1;
error_log $T/proxy/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $T/proxy/tmp/body;
	proxy_temp_path $T/proxy/tmp/proxy;
	fastcgi_temp_path $T/proxy/tmp/fastcgi;
	uwsgi_temp_path $T/proxy/tmp/uwsgi;
	scgi_temp_path $T/proxy/tmp/scgi;
	upstream github { server 127.0.0.1:$upstream_port; keepalive 64; }
	server {
		listen 127.0.0.1:$nginx_port;
		client_max_body_size 0;
		location / {
			proxy_pass https://github;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host github.com;
			proxy_set_header Authorization "Basic $upstream_basic";
			proxy_ssl_server_name on;
			proxy_ssl_name github.com;
			proxy_ssl_verify on;
			proxy_ssl_trusted_certificate $T/ca.pem;
			proxy_ssl_session_reuse on;
			proxy_request_buffering off;
			proxy_buffers 16 64k;
			proxy_buffer_size 64k;
			proxy_max_temp_file_size 0;
			proxy_read_timeout 600s;
		}
	}
}
EOF
nginx -e "$T/proxy/error.log" -p "$T/proxy" -c "$T/proxy.conf" -g "daemon off; pid $T/proxy/nginx.pid;" \
	>"$T/proxy/stdout.log" 2>&1 &
nginx_master=$!
pids+=($nginx_master)

# ---- the Flask + requests gateway ----
flask_port=$(free_port)
"$python" "$here/flask-gateway.py" "$flask_port" "$upstream_port" "$T/ca.pem" "$T/tokens/github_token" >"$T/flask.log" 2>&1 &
flask_pid=$!
pids+=($flask_pid)

for _ in $(seq 100); do
	curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && curl -s -o /dev/null "http://127.0.0.1:$flask_port/" && break
	sleep 0.1
done
nginx_worker=$(ps -o pid= --ppid "$nginx_master" | tr -d ' ' | head -n 1)
[ -n "$nginx_worker" ] || fatal "the nginx proxy did not start: $(cat "$T/proxy/error.log")"

# ---- how each way is reached ----
# url WAY REPO: the repository's URL as a client of that way uses it.
url() {
	case $1 in
	direct) echo "https://github.com:$upstream_port/airlock-test/$2.git" ;;
	gitproxy) echo "http://127.0.0.1:$gitproxy_port/git/github.com/airlock-test/$2.git" ;;
	nginx) echo "http://127.0.0.1:$nginx_port/airlock-test/$2.git" ;;
	flask) echo "http://127.0.0.1:$flask_port/airlock-test/$2.git" ;;
	esac
}
# wgit WAY GIT-ARGS...: git with what that way needs (the token and the
# upstream's address for direct, the session secret for gitproxy).
wgit() {
	local way=$1
	shift
	case $way in
	direct) GIT_SSL_CAINFO=$T/ca.pem git -c "http.curloptResolve=github.com:$upstream_port:127.0.0.1" \
		-c "http.extraHeader=Authorization: Basic $upstream_basic" "$@" ;;
	gitproxy) git -c "credential.helper=!f() { test \"\$1\" = get && echo username=airlock && echo password=$session; }; f" "$@" ;;
	*) git "$@" ;;
	esac
}
# wcurl WAY CURL-ARGS...: curl likewise.
wcurl() {
	local way=$1
	shift
	case $way in
	direct) curl --cacert "$T/ca.pem" --resolve "github.com:$upstream_port:127.0.0.1" \
		-H "Authorization: Basic $upstream_basic" "$@" ;;
	gitproxy) curl -u "airlock:$session" "$@" ;;
	*) curl "$@" ;;
	esac
}
# The proxy's process for CPU and memory; none for direct.
proxy_pid() {
	case $1 in
	gitproxy) echo "$gitproxy_pid" ;;
	nginx) echo "$nginx_worker" ;;
	flask) echo "$flask_pid" ;;
	esac
}
cpu_ticks() { # user + system clock ticks of WAY's proxy so far (0 for direct)
	local pid
	pid=$(proxy_pid "$1")
	if [ -n "$pid" ]; then awk '{ print $14 + $15 }' "/proc/$pid/stat"; else echo 0; fi
}
peak_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$(proxy_pid "$1")/status"; }
now() { date +%s.%N; }
since() { echo "$1 $(now)" | awk '{ printf "%.3f\n", $2 - $1 }'; }
quantile() { # quantile Q: the Q-th quantile (nearest rank) of the numbers on stdin
	sort -n | awk -v q="$1" '{ v[NR] = $1 } END { r = int(q * NR + 0.999999); if (r < 1) r = 1; print v[r] }'
}

# ---- pack stream: the same git-upload-pack response, to /dev/null ----
big_head=$(git -C "$srv/big.git" rev-parse main)
printf '0032want %s\n00000009done\n' "$big_head" >"$T/want"
# run_each PHASE COMMAND: for each run, each way in turn (so drift hits all
# alike), time COMMAND WAY and the proxy's CPU; appends seconds to
# $T/PHASE.WAY.s and CPU ticks to $T/PHASE.WAY.ticks.
run_each() {
	local phase=$1 command=$2 way t0 c0 secs _
	for _ in $(seq "$runs"); do
		for way in $ways; do
			c0=$(cpu_ticks "$way")
			t0=$(now)
			"$command" "$way" >"$T/$phase.out" 2>&1 || fatal "$phase via $way failed: $(tail -n 5 "$T/$phase.out")"
			secs=$(since "$t0")
			echo "$secs" >>"$T/$phase.$way.s"
			echo $(($(cpu_ticks "$way") - c0)) >>"$T/$phase.$way.ticks"
		done
	done
}
stream() { # stream WAY: the whole pack, or it does not count
	local bytes
	bytes=$(wcurl "$1" -sS -o /dev/null -w '%{size_download}' \
		-H "Content-Type: application/x-git-upload-pack-request" --data-binary @"$T/want" \
		"$(url "$1" big)/git-upload-pack") || return 1
	[ "$bytes" -gt $((mb * 1024 * 1024)) ] || { echo "only $bytes bytes"; return 1; }
}
say "pack stream: $runs runs of $mb MiB each way"
for way in $ways; do stream "$way" >/dev/null || fatal "warm-up stream via $way failed"; done
run_each stream stream

clone() { rm -rf "$T/clone" && wgit "$1" clone -q --bare "$(url "$1" big)" "$T/clone"; }
say "clone: $runs runs of the $mb MiB repository each way"
run_each clone clone
rm -rf "$T/clone"

push_src=$T/push-src
git init -q "$push_src" && head -c "$((push_mb * 1024 * 1024))" /dev/urandom >"$push_src/random.bin" &&
	git -C "$push_src" -c core.compression=0 add random.bin && git -C "$push_src" commit -qm push ||
	fatal "cannot make the commit to push"
# To an empty repository each time, so every push sends the whole pack; a
# branch, as an agent pushes (gitproxy refuses main without a push rule).
push() {
	rm -rf "$srv/push.git" && git init -q --bare "$srv/push.git" && git -C "$srv/push.git" config http.receivepack true &&
		wgit "$1" -C "$push_src" -c pack.compression=0 push -q "$(url "$1" push)" main:refs/heads/agent/bench
}
say "push: $runs runs of a $push_mb MiB commit each way"
run_each push push
gitproxy_peak_big=$(peak_kib gitproxy)

# ---- info/refs latency: one client at a time, then under load ----
info_refs() { # info_refs WAY: seconds to the last byte of the ref advertisement
	wcurl "$1" -sS -o /dev/null -w '%{time_total}\n' --fail "$(url "$1" small)/info/refs?service=git-upload-pack"
}
audit_line() { wc -l <"$T/audit.log"; }
say "info/refs latency: 100 sequential requests each way"
for way in $ways; do
	[ "$way" = gitproxy ] && audit_from=$(audit_line)
	for _ in $(seq 100); do info_refs "$way" >>"$T/latency.$way.s" || fatal "info/refs via $way failed"; done
	[ "$way" = gitproxy ] && audit_latency="$audit_from $(audit_line)"
done

# CONCURRENT clients at once, each an info/refs then a clone of the small
# repository; counts the clients that failed.
many() {
	local way=$1 i
	local -a clients=()
	rm -rf "$T/many" && mkdir "$T/many"
	for i in $(seq "$concurrent"); do
		(info_refs "$way" >"$T/many/$i.s" 2>"$T/many/$i.err" &&
			wgit "$way" clone -q "$(url "$way" small)" "$T/many/$i" >>"$T/many/$i.err" 2>&1 ||
			echo "$i" >>"$T/many.$way.failed") &
		clients+=($!)
	done
	wait "${clients[@]}"
	cat "$T"/many/*.s >"$T/loaded.$way.s"
}
# Not the Flask gateway: the table needs gitproxy against direct and nginx
# here, and its thread per client only adds a minute.
many_ways="direct gitproxy nginx"
say "$concurrent concurrent clones: $many_ways"
for way in $many_ways; do
	: >"$T/many.$way.failed"
	audit_from=$(audit_line)
	t0=$(now)
	many "$way"
	since "$t0" >"$T/many.$way.wall"
	[ "$way" = gitproxy ] && audit_loaded="$audit_from $(audit_line)"
	[ -s "$T/many.$way.failed" ] && {
		say "$way: $(wc -l <"$T/many.$way.failed") of $concurrent clients failed; one said:"
		sed 's/^/    /' "$T/many/$(head -n 1 "$T/many.$way.failed").err" | tail -n 3 >&2
	}
done
rm -rf "$T/many"

# ---- the table ----
hz=$(getconf CLK_TCK)
med() { quantile 0.5 <"$T/$1.$2.s"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# cpu_per_gb WAY: the proxy's CPU seconds per GB over every stream and clone run
cpu_per_gb() {
	cat "$T/stream.$1.ticks" "$T/clone.$1.ticks" |
		awk -v hz="$hz" -v gb="$(echo "$runs $mb" | awk '{ print 2 * $1 * $2 * 1048576 / 1e9 }')" \
			'{ t += $1 } END { printf "%.2f", t / hz / gb }'
}
ms() { awk '{ printf "%.1f", $1 * 1000 }'; }
echo
echo "gitproxy-bench: loopback, $(nproc) cores, $(date -u +%Y-%m-%d); pack $mb MiB, push $push_mb MiB, median of $runs runs"
echo
echo "| measure | direct | gitproxy | nginx | flask | direct/gitproxy (≥ 0.95) | nginx/gitproxy (≥ 1.0) | flask/gitproxy |"
echo "|---|---|---|---|---|---|---|---|"
for phase in stream clone push; do
	d=$(med "$phase" direct) g=$(med "$phase" gitproxy) n=$(med "$phase" nginx) f=$(med "$phase" flask)
	case $phase in
	stream) what="pack stream $mb MiB, s" ;;
	clone) what="git clone $mb MiB, s" ;;
	push) what="git push $push_mb MiB, s" ;;
	esac
	echo "| $what | $d | $g | $n | $f | $(ratio "$d" "$g") | $(ratio "$n" "$g") | $(ratio "$f" "$g") |"
done
echo "| proxy CPU per GB (stream + clone), s (gitproxy ≤ 1.0) | — | $(cpu_per_gb gitproxy) | $(cpu_per_gb nginx) | $(cpu_per_gb flask) | | | |"
echo "| proxy peak RSS after stream, clone, push, KiB (gitproxy ≤ 16384) | — | $gitproxy_peak_big | $(peak_kib nginx) | $(peak_kib flask) | | | |"
row=""
for way in $ways; do row="$row | $(quantile 0.5 <"$T/latency.$way.s" | ms) / $(quantile 0.99 <"$T/latency.$way.s" | ms)"; done
echo "| info/refs p50 / p99, one client, ms$row | | | |"
row=""
for way in $many_ways; do row="$row | $(quantile 0.5 <"$T/loaded.$way.s" | ms) / $(quantile 0.99 <"$T/loaded.$way.s" | ms)"; done
echo "| info/refs p50 / p99 among $concurrent concurrent clones, ms$row | — | | | |"
row=""
for way in $many_ways; do row="$row | $(wc -l <"$T/many.$way.failed") failed, $(cat "$T/many.$way.wall") s"; done
echo "| $concurrent concurrent clones: errors, wall time$row | — | | | |"
echo "| gitproxy peak RSS after the concurrent clones, KiB | — | $(peak_kib gitproxy) | | | | | |"
echo
# added FROM TO: for each 200 GET info/refs in gitproxy's audit log after
# line FROM up to line TO, its duration less the upstream's own request time
# for the same request id (X-Request-Id): what gitproxy itself adds, in ms.
added() {
	sed -n "$(($1 + 1)),$2p" "$T/audit.log" | grep '"method":"GET".*"status":200' |
		sed -E 's/.*"request_id":"([0-9a-f]+)".*"duration_ms":([0-9]+).*/\1 \2/' >"$T/durations"
	awk 'NR == FNR { took[$1] = $2; next }
		match($0, / rid=[0-9a-f]+/) { id = substr($0, RSTART + 5, RLENGTH - 5) }
		(id in took) && match($0, / time=[0-9.]+/) { print took[id] - 1000 * substr($0, RSTART + 6, RLENGTH - 6); delete took[id] }' \
		"$T/durations" "$T/nginx/access.log"
}
# shellcheck disable=SC2086 # two line numbers
{ added $audit_latency >"$T/added.latency"; added $audit_loaded >"$T/added.loaded"; }
for kind in latency loaded; do
	case $kind in latency) what="one client" ;; loaded) what="$concurrent concurrent clones" ;; esac
	echo "gitproxy's own time on info/refs ($what; its audit duration less the upstream's request time, $(wc -l <"$T/added.$kind") requests): p50 $(quantile 0.5 <"$T/added.$kind") ms, p99 $(quantile 0.99 <"$T/added.$kind") ms"
done
for kind in latency loaded; do
	d50=$(quantile 0.5 <"$T/$kind.direct.s") d99=$(quantile 0.99 <"$T/$kind.direct.s")
	g50=$(quantile 0.5 <"$T/$kind.gitproxy.s") g99=$(quantile 0.99 <"$T/$kind.gitproxy.s")
	case $kind in latency) what="one client" ;; loaded) what="$concurrent concurrent clones" ;; esac
	echo "info/refs latency gitproxy adds to direct ($what): p50 $(echo "$g50 - $d50" | awk '{ printf "%+.1f", ($1 - $3) * 1000 }') ms, p99 $(echo "$g99 - $d99" | awk '{ printf "%+.1f", ($1 - $3) * 1000 }') ms"
done
