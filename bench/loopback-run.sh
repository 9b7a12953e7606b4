#!/bin/bash
# loopback-run.sh: one upstream condition of the loopback benchmark
# (bench/gitproxy-bench.sh runs it once per condition). gitproxy against
# three ways of doing its job, in one run, on loopback, all four in front of
# the same TLS fake GitHub (sidecar/tests/lib-upstream.sh: nginx + fcgiwrap
# + git http-backend):
#   direct    the client talks TLS to the upstream with the token itself
#   gitproxy  $GITPROXY, its config made by $GEN_CONFIGS
#   nginx     nginx proxy_pass, streaming both ways, the token injected
#   flask     bench/flask-gateway.py, Flask + requests, the original design
# Prints a table of what it measured and writes the same numbers, one
# "KEY VALUE..." a line, to $BENCH_RESULTS for bench/report.sh, and the
# runs' logs to a directory beside it (NAME.logs for NAME.results);
# asserts nothing.
#
#   BENCH_UPSTREAM      buffered (default) or unbuffered: the upstream nginx's
#                       fastcgi_buffering on or off
#   BENCH_MB            size of the big repository's pack, MiB (default 512)
#   BENCH_PUSH_MB       size of the pushed commit, MiB (default 256)
#   BENCH_RUNS          runs of each transfer per way, median kept (default 3)
#   BENCH_CONCURRENT    concurrent clones of a small repository (default 200)
#   BENCH_IDLE          idle client connections held open (default 500)
#   BENCH_SLOW          clients reading one byte a second (default 500)
#   BENCH_PROBES        sequential info/refs requests per latency sample (default 200)
#   BENCH_RESULTS       where the results go (default $T/results, kept with KEEP_TMP)
#   GITPROXY, GEN_CONFIGS  the binaries (default: this checkout's builds)
#
# Exit codes: 0 the table was printed, 100 wrong usage, 111 a step failed
# (said on stderr).
set -u
prog=loopback-run
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
gitproxy=${GITPROXY:-$root/sidecar/build/gitproxy}
gen_configs=${GEN_CONFIGS:-$root/gen-configs/gen-configs}
python=/usr/bin/python3 # Debian's, where python3-flask and python3-requests are
condition=${BENCH_UPSTREAM:-buffered}
mb=${BENCH_MB:-512}
push_mb=${BENCH_PUSH_MB:-256}
runs=${BENCH_RUNS:-3}
concurrent=${BENCH_CONCURRENT:-200}
idle_n=${BENCH_IDLE:-500}
slow_n=${BENCH_SLOW:-500}
probes=${BENCH_PROBES:-200}
slow_kib=256 # the slow clients' pack: more than gitproxy's buffers hold, less than the upstream's
ways="direct gitproxy nginx flask"

usage() { echo "usage: $prog (settings in the environment: see the head of this file)" >&2; exit 100; }
[ $# -eq 0 ] || usage
case $condition in
buffered) export UPSTREAM_FASTCGI_BUFFERING=on ;;
unbuffered) export UPSTREAM_FASTCGI_BUFFERING=off ;;
*) echo "$prog: fatal: BENCH_UPSTREAM is '$condition': it is buffered or unbuffered" >&2; exit 100 ;;
esac
for n in "$mb" "$push_mb" "$runs" "$concurrent" "$idle_n" "$slow_n" "$probes"; do
	case $n in '' | *[!0-9]* | 0) echo "$prog: fatal: a BENCH_ size or count is '$n': it is a positive integer" >&2; exit 100 ;; esac
done

[ -x "$gitproxy" ] || { echo "$prog: fatal: unable to run $gitproxy: not built (make -C sidecar)" >&2; exit 111; }
[ -x "$gen_configs" ] || { echo "$prog: fatal: unable to run $gen_configs: not built (make -C gen-configs)" >&2; exit 111; }
"$python" -c 'import flask, requests' 2>/dev/null ||
	{ echo "$prog: fatal: unable to import flask and requests: install python3-flask and python3-requests" >&2; exit 111; }
command -v pgrep >/dev/null 2>&1 || { echo "$prog: fatal: unable to find pgrep: install procps" >&2; exit 111; }
have_strace=$(command -v strace) # without it, no system call counts
# Every idle and slow client is a descriptor in the proxy and in this script's clients.
ulimit -n 16384 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
[ "$(ulimit -n)" -ge $((2 * (idle_n > slow_n ? idle_n : slow_n) + 256)) ] ||
	{ echo "$prog: fatal: unable to raise the descriptor limit for $idle_n idle and $slow_n slow clients: it is $(ulimit -n)" >&2; exit 111; }
# shellcheck source=../sidecar/tests/lib-upstream.sh
. "$root/sidecar/tests/lib-upstream.sh"
results=${BENCH_RESULTS:-$T/results}
: >"$results" || fatal "unable to write $results"
# The logs go beside the results, on failure too: gitproxy's stderr and
# audit, the upstream's access and error logs, the nginx proxy's errors.
logs=${results%.results}.logs
keep_logs() {
	[ -n "${BENCH_RESULTS:-}" ] || return 0
	rm -rf "$logs" && mkdir -p "$logs" || return 0
	cp "$T/gitproxy.err" "$T/audit.log" "$T/nginx/access.log" "$T/nginx/error.log" "$logs/" 2>/dev/null
	cp "$T/proxy/error.log" "$logs/proxy-error.log" 2>/dev/null
	cp "$T/fcgiwrap.log" "$T/flask.log" "$logs/" 2>/dev/null
	return 0
}
trap 'keep_logs; upstream_cleanup' EXIT
say() { echo "$prog: [$condition, ${SECONDS} s] $*" >&2; }
# forget PID: PID has been waited for; the exit trap must not signal it
# (the number may belong to another process by then).
forget() {
	local p kept=()
	for p in "${pids[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
	pids=("${kept[@]}")
}
put() { echo "$*" >>"$results"; } # put KEY VALUE...: one result

say "seeding the upstream: a $mb MiB repository, a $slow_kib KiB one, a small one"
upstream_seed small && upstream_seed_big big "$mb" || fatal "unable to make the upstream repositories"
work=$T/seed-medium
git init -q "$work" && head -c $((slow_kib * 1024)) /dev/urandom >"$work/random.bin" &&
	git -C "$work" -c core.compression=0 add random.bin && git -C "$work" commit -qm "$slow_kib KiB of random bytes" &&
	git -c pack.compression=0 clone -q --bare "$work" "$srv/medium.git" && rm -rf "$work" ||
	fatal "unable to make the upstream's medium repository"
# Enough fcgiwrap workers that the upstream, not a queue in front of it, is
# what the concurrent clones measure.
upstream_start 32
access=$T/nginx/access.log

# ---- gitproxy: bench limits, so a limit is not what gets measured ----
mkdir "$T/allowlist.d" "$T/gen"
cat >"$T/allowlist.d/10-bench.conf" <<'EOF'
git-host github.com token=github_token
repo airlock-test/big
repo airlock-test/small
repo airlock-test/medium
repo airlock-test/push
limit connections 4096
limit transfers 4096
limit request-rate 1000000/s
limit request-burst 1000000
limit push-rate 1TiB/s
limit push-burst 1TiB
limit head-timeout 600s
limit idle-timeout 600s
EOF
"$gen_configs" "$T/allowlist.d" "$T/gen" 2>"$T/gen.err" || fatal "unable to generate gitproxy's config: gen-configs refused the bench allowlist: $(cat "$T/gen.err")"
gitproxy_port=$(free_port)
mkfifo "$T/ready"
"$gitproxy" -c "$T/gen/gitproxy.json" -l "127.0.0.1:$gitproxy_port" -t "$T/tokens" -s "$T/session.state" -x "$T/session" \
	-a "$T/ca.pem" -C "github.com:443:127.0.0.1:$upstream_port" -n 3 \
	3>"$T/ready" >"$T/audit.log" 2>"$T/gitproxy.err" &
gitproxy_pid=$!
pids+=($gitproxy_pid)
timeout 10 head -c 1 "$T/ready" >/dev/null || fatal "unable to start gitproxy: $(cat "$T/gitproxy.err")"
session=$(cat "$T/session") # gitproxy makes the session and writes the sandbox's copy

# ---- nginx proxy_pass: one worker, as gitproxy is one thread ----
nginx_port=$(free_port)
mkdir -p "$T/proxy/tmp"
cat >"$T/proxy.conf" <<EOF
$([ "$(id -u)" = 0 ] && echo "user root root;")
worker_processes 1;
worker_rlimit_nofile 16384;
error_log $T/proxy/error.log warn;
events { worker_connections 8192; }
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
		keepalive_timeout 600s;
		client_header_timeout 600s;
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
			send_timeout 600s;
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
[ -n "$nginx_worker" ] || fatal "unable to start the nginx proxy: $(cat "$T/proxy/error.log")"

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
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$(proxy_pid "$1")/status"; }
now() { date +%s.%N; }
since() { echo "$1 $(now)" | awk '{ printf "%.3f\n", $2 - $1 }'; }
quantile() { # quantile Q: the Q-th quantile (nearest rank) of the numbers on stdin
	sort -n | awk -v q="$1" '{ v[NR] = $1 } END { r = int(q * NR + 0.999999); if (r < 1) r = 1; print v[r] }'
}
ms() { awk '{ printf "%.1f", $1 * 1000 }'; }

# ---- the upstream's view: which requests came on new connections ----
# up_mark: the upstream access log's line count, once the lines of requests
# just answered are written (nginx writes a line when a request is done).
up_mark() { sleep 0.1; wc -l <"$access"; }
# up_seg PHASE WAY FROM: the lines after FROM up to now belong to WAY in PHASE.
up_seg() { echo "$3 $(up_mark)" >>"$T/upseg.$1.$2"; }
# up_count PHASE WAY: "REQUESTS NEW RESUMED" over WAY's segments of PHASE
# (PHASE "all": every phase); NEW counts requests that came first on their
# connection (creq=1), RESUMED those of them on a resumed TLS session.
up_count() {
	local files
	if [ "$1" = all ]; then files=$(ls "$T"/upseg.*."$2" 2>/dev/null); else files=$T/upseg.$1.$2; fi
	# shellcheck disable=SC2086 # a list of files
	cat $files 2>/dev/null | while read -r from to; do sed -n "$((from + 1)),${to}p" "$access"; done | upstream_tally
}

# ---- pack stream: the same git-upload-pack response, to /dev/null ----
big_head=$(git -C "$srv/big.git" rev-parse main)
printf '0032want %s\n00000009done\n' "$big_head" >"$T/want"
medium_head=$(git -C "$srv/medium.git" rev-parse main)
printf '0032want %s\n00000009done\n' "$medium_head" >"$T/want-medium"
# run_each PHASE COMMAND: for each run, each way in turn (so drift hits all
# alike), time COMMAND WAY and the proxy's CPU; appends seconds to
# $T/PHASE.WAY.s and CPU ticks to $T/PHASE.WAY.ticks.
run_each() {
	local phase=$1 command=$2 way t0 c0 from secs _
	for _ in $(seq "$runs"); do
		for way in $ways; do
			from=$(up_mark)
			c0=$(cpu_ticks "$way")
			t0=$(now)
			"$command" "$way" >"$T/$phase.out" 2>&1 || fatal "unable to $phase via $way: $(tail -n 5 "$T/$phase.out")"
			secs=$(since "$t0")
			echo $(($(cpu_ticks "$way") - c0)) >>"$T/$phase.$way.ticks"
			echo "$secs" >>"$T/$phase.$way.s"
			up_seg bulk "$way" "$from"
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
for way in $ways; do stream "$way" >/dev/null || fatal "unable to stream via $way (the warm-up)"; done
run_each stream stream

clone() { rm -rf "$T/clone" && wgit "$1" clone -q --bare "$(url "$1" big)" "$T/clone"; }
say "clone: $runs runs of the $mb MiB repository each way"
run_each clone clone
rm -rf "$T/clone"

push_src=$T/push-src
git init -q "$push_src" && head -c "$((push_mb * 1024 * 1024))" /dev/urandom >"$push_src/random.bin" &&
	git -C "$push_src" -c core.compression=0 add random.bin && git -C "$push_src" commit -qm push ||
	fatal "unable to make the commit to push"
# To an empty repository each time, so every push sends the whole pack; a
# branch, as an agent pushes (gitproxy refuses main without a push rule).
push() {
	rm -rf "$srv/push.git" && git init -q --bare "$srv/push.git" && git -C "$srv/push.git" config http.receivepack true &&
		wgit "$1" -C "$push_src" -c pack.compression=0 push -q "$(url "$1" push)" main:refs/heads/agent/bench
}
say "push: $runs runs of a $push_mb MiB commit each way"
run_each push push
# Each proxy's peak so far: the stream, clone and push runs (and warm-up).
for way in gitproxy nginx flask; do echo "$(peak_kib "$way")" >"$T/peak_big.$way"; done

# ---- info/refs latency: one client at a time, then under load ----
info_refs() { # info_refs WAY: seconds to the last byte of the ref advertisement
	wcurl "$1" -sS -o /dev/null -w '%{time_total}\n' --fail "$(url "$1" small)/info/refs?service=git-upload-pack"
}
# probe WAY FILE: $probes sequential info/refs via WAY, seconds appended to FILE
probe() {
	local _
	for _ in $(seq "$probes"); do info_refs "$1" >>"$2" || return 1; done
}
audit_line() { wc -l <"$T/audit.log"; }
say "info/refs latency: $probes sequential requests each way"
for way in $ways; do
	[ "$way" = gitproxy ] && audit_from=$(audit_line)
	from=$(up_mark)
	probe "$way" "$T/latency.$way.s" || fatal "unable to get info/refs via $way"
	up_seg seq "$way" "$from"
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
	from=$(up_mark)
	t0=$(now)
	many "$way"
	since "$t0" >"$T/many.$way.wall"
	up_seg many "$way" "$from"
	[ "$way" = gitproxy ] && audit_loaded="$audit_from $(audit_line)"
	[ -s "$T/many.$way.failed" ] && {
		say "$way: $(wc -l <"$T/many.$way.failed") of $concurrent clients failed; one said:"
		sed 's/^/    /' "$T/many/$(head -n 1 "$T/many.$way.failed").err" | tail -n 3 >&2
	}
done
rm -rf "$T/many"

# ---- idle connections: what each costs the proxy in memory ----
# clients MODE ARGS...: bench-clients.py in the background, holding its
# connections until hold_end; its output in $T/clients.out.
clients() {
	rm -f "$T/hold" "$T/clients.out" && mkfifo "$T/hold" || fatal "unable to make $T/hold"
	"$python" "$here/bench-clients.py" "$@" <"$T/hold" >"$T/clients.out" 2>"$T/clients.err" &
	clients_pid=$!
	pids+=($clients_pid)
	exec 7>"$T/hold"
}
# clients_ready SECONDS: waits until the clients say ready; prints how many.
clients_ready() {
	local i
	for i in $(seq $(($1 * 10))); do
		grep -q '^ready ' "$T/clients.out" && { awk '/^ready / { print $2 }' "$T/clients.out"; return 0; }
		kill -0 "$clients_pid" 2>/dev/null || fatal "unable to run the idle or slow clients: $(cat "$T/clients.err")"
		sleep 0.1
	done
	fatal "unable to get the clients ready within $1 s: $(cat "$T/clients.err")"
}
hold_end() {
	exec 7>&-
	wait "$clients_pid" || fatal "unable to run the idle or slow clients: $(cat "$T/clients.err")"
	forget "$clients_pid"
}
gitproxy_auth="Basic $(printf 'airlock:%s' "$session" | base64 -w0)"
# path WAY REPO SUFFIX: the request path of that way's URL
path() { url "$1" "$2" | sed -E 's|^https?://[^/]+||; s|$|'"$3"'|'; }
# idle WAY KIND: KIND fresh (connected, nothing sent) or kept (kept alive
# after one info/refs); "before after open closed-by-server" in
# $T/idle.WAY.KIND.
idle() {
	local way=$1 kind=$2 before after open closed
	sleep 1
	before=$(rss_kib "$way")
	case $kind in
	fresh) clients idle "$(eval "echo \$${way}_port")" "$idle_n" ;;
	kept) clients idle "$(eval "echo \$${way}_port")" "$idle_n" "$(path "$way" small /info/refs?service=git-upload-pack)" "$gitproxy_auth" ;;
	esac
	open=$(clients_ready 300)
	sleep 1
	after=$(rss_kib "$way")
	hold_end
	closed=$(awk '/^closed-by-server / { print $2 }' "$T/clients.out")
	echo "$before $after $open $closed" >"$T/idle.$way.$kind"
}
say "idle: $idle_n client connections held open, fresh and kept alive: gitproxy nginx"
for way in gitproxy nginx; do idle "$way" fresh && idle "$way" kept; done

# ---- slow clients: do they delay anyone else? ----
# slow WAY: $probes info/refs by a normal client without, then with
# $slow_n clients reading an upload-pack response one byte a second; the
# probes start once every slow client has its first byte and the upstream
# has answered all their requests (so its workers are free again).
slow() {
	local way=$1 started from done_up t_start c0 _
	sleep 1
	c0=$(cpu_ticks "$way")
	probe "$way" "$T/slow.$way.base.s" || fatal "unable to get info/refs via $way (before the slow clients)"
	echo $(($(cpu_ticks "$way") - c0)) >"$T/slow.$way.ticks"
	from=$(wc -l <"$access")
	t_start=$(now)
	clients slow "$(eval "echo \$${way}_port")" "$slow_n" "$(path "$way" medium /git-upload-pack)" "$gitproxy_auth" \
		"$T/want-medium" 600
	started=$(clients_ready 130)
	for _ in $(seq 600); do
		done_up=$(sed -n "$((from + 1)),\$p" "$access" | grep -c '^POST /airlock-test/medium.git/git-upload-pack ')
		[ "$done_up" -ge "$slow_n" ] && break
		sleep 0.1
	done
	since "$t_start" >"$T/slow.$way.ramp"
	echo "$done_up $(sed -n "$((from + 1)),\$p" "$access" | grep -c '^POST /airlock-test/medium.git/git-upload-pack 200 ')" \
		>"$T/slow.$way.upstream"
	rss_kib "$way" >"$T/slow.$way.rss"
	pgrep -c -x git-upload-pack >"$T/slow.$way.gitprocs"
	c0=$(cpu_ticks "$way")
	probe "$way" "$T/slow.$way.with.s" || fatal "unable to get info/refs via $way (with the slow clients)"
	echo $(($(cpu_ticks "$way") - c0)) >>"$T/slow.$way.ticks"
	hold_end
	awk -v s="$started" '/^slow / { print s, $3, $4 }' "$T/clients.out" >"$T/slow.$way.clients"
}
say "slow clients: $slow_n reading one byte a second: gitproxy nginx"
for way in gitproxy nginx; do slow "$way"; done

# ---- system calls: one more stream each through gitproxy and nginx, under strace ----
strace_ways="gitproxy nginx"
if [ -n "$have_strace" ]; then
	say "system calls: one $mb MiB stream each through gitproxy and nginx under strace -c"
else
	say "system calls: not counted (no strace)"
	strace_ways=""
fi
for way in $strace_ways; do
	strace -c -f -q -p "$(proxy_pid "$way")" -o "$T/strace.$way" 2>"$T/strace.$way.err" &
	strace_pid=$!
	pids+=("$strace_pid")
	sleep 1
	stream "$way" >"$T/stream.out" 2>&1 || fatal "unable to stream via $way under strace: $(tail -n 3 "$T/stream.out")"
	kill -INT "$strace_pid"
	wait "$strace_pid"
	forget "$strace_pid"
	[ -s "$T/strace.$way" ] || fatal "unable to count the system calls of $way: $(cat "$T/strace.$way.err")"
done
# strace_calls WAY: "CALLS TOP" where TOP is the four most made calls as name:count
strace_calls() {
	awk '$NF != "total" && $4 ~ /^[0-9]+$/ { n += $4; c[$NF] = $4 }
		END { printf "%d", n; k = 0
			while (k < 4) { best = ""; for (s in c) if (best == "" || c[s] > c[best]) best = s
				if (best == "") break; printf " %s:%d", best, c[best]; delete c[best]; k++ }
			print "" }' "$T/strace.$1"
}

# ---- results ----
hz=$(getconf CLK_TCK)
med() { quantile 0.5 <"$T/$1.$2.s"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# cpu_per_gb WAY: the proxy's CPU seconds per GB over every stream and clone run
cpu_per_gb() {
	cat "$T/stream.$1.ticks" "$T/clone.$1.ticks" |
		awk -v hz="$hz" -v gb="$(echo "$runs $mb" | awk '{ print 2 * $1 * $2 * 1048576 / 1e9 }')" \
			'{ t += $1 } END { printf "%.2f", t / hz / gb }'
}
# added FROM TO: for each 200 GET info/refs in gitproxy's audit log after
# line FROM up to line TO, its duration less the upstream's own request time
# for the same request id (X-Request-Id): what gitproxy itself adds, in ms;
# then "new" when it went on a new upstream connection (its record has
# upstream_connect_ms), "kept" when not.
added() {
	sed -n "$(($1 + 1)),$2p" "$T/audit.log" | grep '"method":"GET".*"status":200' |
		sed -E 's/.*"request_id":"([0-9a-f]+)".*"duration_ms":([0-9]+)(,"upstream_connect_ms")?.*/\1 \2 \3/' >"$T/durations"
	awk 'NR == FNR { took[$1] = $2; on[$1] = $3 == "" ? "kept" : "new"; next }
		match($0, / rid=[0-9a-f]+/) { id = substr($0, RSTART + 5, RLENGTH - 5) }
		(id in took) && match($0, / time=[0-9.]+/) { print took[id] - 1000 * substr($0, RSTART + 6, RLENGTH - 6), on[id]; delete took[id] }' \
		"$T/durations" "$access"
}
# shellcheck disable=SC2086 # two line numbers
{ added $audit_latency >"$T/added.latency"; added $audit_loaded >"$T/added.loaded"; }
for on in new kept; do awk -v on="$on" '$2 == on' "$T/added.loaded" >"$T/added.loaded.$on"; done

put condition "$condition"
put sizes "$mb $push_mb $runs $concurrent $idle_n $slow_n $probes"
put cores "$(nproc)"
put libcurl "$(curl --version | head -n 1 | grep -o 'libcurl/[^ ]*') $(curl --version | head -n 1 | grep -o 'OpenSSL/[^ ]*')" \
	"$(ldd "$gitproxy" | awk '/libcurl/ { print $3 }')"
for phase in stream clone push; do
	for way in $ways; do put "$phase.$way" "$(med "$phase" "$way")"; done
done
for way in gitproxy nginx flask; do
	put "cpugb.$way" "$(cpu_per_gb "$way")"
	put "peak_big.$way" "$(cat "$T/peak_big.$way")"
done
for way in $ways; do
	put "one.$way" "$(quantile 0.5 <"$T/latency.$way.s" | ms) $(quantile 0.99 <"$T/latency.$way.s" | ms)"
done
for way in $many_ways; do
	put "loaded.$way" "$(quantile 0.5 <"$T/loaded.$way.s" | ms) $(quantile 0.99 <"$T/loaded.$way.s" | ms)"
	put "many.$way" "$(wc -l <"$T/many.$way.failed") $(cat "$T/many.$way.wall")"
done
put peak_many.gitproxy "$(peak_kib gitproxy)"
for kind in latency loaded loaded.new loaded.kept; do
	put "own.$kind" "$(quantile 0.5 <"$T/added.$kind") $(quantile 0.99 <"$T/added.$kind") $(wc -l <"$T/added.$kind")"
done
for way in direct gitproxy nginx flask; do
	for phase in seq many all; do
		[ "$way" = flask ] && [ "$phase" = many ] && continue
		put "up.$phase.$way" "$(up_count "$phase" "$way")"
	done
done
for way in gitproxy nginx; do
	for kind in fresh kept; do put "idle.$kind.$way" "$(cat "$T/idle.$way.$kind")"; done
	put "slow.$way" "$(quantile 0.5 <"$T/slow.$way.base.s" | ms) $(quantile 0.99 <"$T/slow.$way.base.s" | ms)" \
		"$(quantile 0.5 <"$T/slow.$way.with.s" | ms) $(quantile 0.99 <"$T/slow.$way.with.s" | ms)"
	put "slowinfo.$way" "$(cat "$T/slow.$way.clients") $(cat "$T/slow.$way.upstream") $(cat "$T/slow.$way.rss")" \
		"$(cat "$T/slow.$way.gitprocs") $(cat "$T/slow.$way.ramp") $(tr '\n' ' ' <"$T/slow.$way.ticks")"
	[ -n "$strace_ways" ] && put "strace.$way" "$(strace_calls "$way")"
done

# ---- the table of this condition ----
r() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' "$results"; }
f() { r "$1" | awk -v i="$2" '{ print $i }'; } # f KEY N: field N of KEY's value
echo
echo "loopback, upstream $condition (fastcgi_buffering $UPSTREAM_FASTCGI_BUFFERING), $(nproc) cores, $(f libcurl 1) $(f libcurl 2)," \
	"$(date -u +%Y-%m-%d); pack $mb MiB, push $push_mb MiB, median of $runs runs"
echo
echo "| measure | direct | gitproxy | nginx | flask | direct/gitproxy | nginx/gitproxy | flask/gitproxy |"
echo "|---|---|---|---|---|---|---|---|"
for phase in stream clone push; do
	d=$(r "$phase.direct") g=$(r "$phase.gitproxy") n=$(r "$phase.nginx") fl=$(r "$phase.flask")
	case $phase in
	stream) what="pack stream $mb MiB, s" ;;
	clone) what="git clone $mb MiB, s" ;;
	push) what="git push $push_mb MiB, s" ;;
	esac
	echo "| $what | $d | $g | $n | $fl | $(ratio "$d" "$g") | $(ratio "$n" "$g") | $(ratio "$fl" "$g") |"
done
echo "| proxy CPU per GB (stream + clone), s | — | $(r cpugb.gitproxy) | $(r cpugb.nginx) | $(r cpugb.flask) | | | |"
echo "| proxy peak RSS after stream, clone, push, KiB | — | $(r peak_big.gitproxy) | $(r peak_big.nginx) | $(r peak_big.flask) | | | |"
row=""
for way in $ways; do row="$row | $(f "one.$way" 1) / $(f "one.$way" 2)"; done
echo "| info/refs p50 / p99, one client ($probes requests), ms$row | | | |"
row=""
for way in $many_ways; do row="$row | $(f "loaded.$way" 1) / $(f "loaded.$way" 2)"; done
echo "| info/refs p50 / p99 among $concurrent concurrent clones, ms$row | — | | | |"
row=""
for way in $many_ways; do row="$row | $(f "many.$way" 1) failed, $(f "many.$way" 2) s"; done
echo "| $concurrent concurrent clones: errors, wall time$row | — | | | |"
echo "| gitproxy peak RSS after the concurrent clones, KiB | — | $(r peak_many.gitproxy) | | | | | |"
# per100 A B: A per 100 of B
per100() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else printf "—" }'; }
for phase in seq many all; do
	case $phase in
	seq) what="one client ($probes info/refs)" ;;
	many) what="$concurrent concurrent clones" ;;
	all) what="the whole run" ;;
	esac
	row="" row2=""
	for way in $ways; do
		if [ -z "$(r "up.$phase.$way")" ]; then row="$row | —"; row2="$row2 | —"; continue; fi
		read -r n new res <<<"$(r "up.$phase.$way")"
		row="$row | $(per100 "$new" "$n") ($new of $n)"
		row2="$row2 | $(per100 "$res" "$new") % ($res of $new)"
	done
	echo "| upstream connections opened per 100 requests, $what$row | | | |"
	echo "| TLS sessions resumed on those new connections, $what$row2 | | | |"
done
for kind in fresh kept; do
	row=""
	for way in gitproxy nginx; do
		read -r before after open closed <<<"$(r "idle.$kind.$way")"
		row="$row | $(awk -v a="$after" -v b="$before" -v n="$open" 'BEGIN { printf "%.1f", (a - b) / n }') ($before → $after KiB; $open open, $closed closed by the proxy)"
	done
	case $kind in fresh) what="connected, nothing sent" ;; kept) what="kept alive after one info/refs" ;; esac
	echo "| RSS per idle client connection, $what, KiB | —$row | | | | |"
done
row=""
for way in gitproxy nginx; do
	read -r b50 b99 w50 w99 <<<"$(r "slow.$way")"
	row="$row | $b50 / $b99 → $w50 / $w99 ($(awk -v a="$w99" -v b="$b99" 'BEGIN { printf "%+.1f", a - b }'))"
done
echo "| info/refs p50 / p99 without → with $slow_n slow clients (p99 delta), ms | —$row | | | | |"
row=""
for way in gitproxy nginx; do
	read -r started _ cut up_done up_ok rss gitprocs ramp t_base t_with <<<"$(r "slowinfo.$way")"
	row="$row | $started started, $cut cut, $up_ok/$up_done answered 200 upstream in $ramp s; RSS $rss KiB, $gitprocs git-upload-pack left;"
	row="$row proxy CPU over the probes $(awk -v a="$t_base" -v b="$t_with" -v hz="$hz" 'BEGIN { printf "%.2f → %.2f s", a / hz, b / hz }')"
done
echo "| the slow clients | —$row | | | | |"
row=""
for way in gitproxy nginx; do
	if [ -z "$strace_ways" ]; then row="$row | not counted (no strace)"; continue; fi
	read -r calls top <<<"$(r "strace.$way")"
	row="$row | $(awk -v c="$calls" -v m="$mb" 'BEGIN { printf "%.0f", c / m }') ($top)"
done
echo "| system calls per MiB over one stream (strace -c), top four | —$row | | | | |"
echo
for kind in latency loaded loaded.new loaded.kept; do
	case $kind in
	latency) what="one client" ;;
	loaded) what="$concurrent concurrent clones" ;;
	loaded.new) what="among them, on a new upstream connection" ;;
	loaded.kept) what="among them, on a kept upstream connection" ;;
	esac
	echo "gitproxy's own time on info/refs ($what; its audit duration less the upstream's request time, $(f "own.$kind" 3) requests): p50 $(f "own.$kind" 1) ms, p99 $(f "own.$kind" 2) ms"
done
