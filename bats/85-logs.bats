#!/usr/bin/env bats
# The sidecar's logs and what the sandbox can do to them: GitHub's write
# APIs are not in the default allowlist; what the sandbox sends reaches
# the logs escaped, through each daemon's s6 logger; under a flood the
# logs on the host's disk and the sidecar's memory stay bounded.

load lib/stack

# Small rotation limits (compose.isolated.yml's defaults are 10m and 3),
# so the flood below goes past them in its 60 s.
LOG_MAX_MIB=1
LOG_FILES=3
# One json-file record of slack: docker checks the size before a write.
LOG_BOUND=$((LOG_FILES * LOG_MAX_MIB * 1024 * 1024 + 64 * 1024))
FLOOD_SECONDS=60
# The sidecar's processes (s6, three daemons, two loggers) together, at
# their peak (the sum of every VmHWM), flood or not.
MEMORY_BOUND_KB=$((64 * 1024))

setup_file() {
	export AIRLOCK_LOG_MAX_SIZE=${LOG_MAX_MIB}m AIRLOCK_LOG_MAX_FILE=$LOG_FILES
	stack_up
}
teardown_file() { stack_down; }

# sidecar_logs: what the sidecar's container wrote, as docker keeps it
# (docker logs: compose logs starts every line with an ESC sequence of its
# own).
sidecar_logs() { docker logs "$(compose ps -q sidecar)" 2>&1; }

# wait_for_log TEXT: up to 10 s for TEXT to show in the sidecar's log.
wait_for_log() {
	local i
	for i in $(seq 50); do
		sidecar_logs | grep -qF -- "$1" && return 0
		sleep 0.2
	done
	return 1
}

# unprintable_lines [TEXT]: the lines of the sidecar's log (those with
# TEXT) that hold a byte outside printable ASCII, shown by cat -v.
unprintable_lines() { sidecar_logs | grep -aF -- "${1:-}" | LC_ALL=C grep -a '[^[:print:]]' | head -n 20 | cat -v; }

# raw_connect LINE: LINE, CRLF and an empty line to tinyproxy from the
# sandbox, on a socket of bash's own (no client that would refuse the
# bytes); prints tinyproxy's status line. LINE's backslash escapes (\e,
# \xHH, \\) are made bytes in the sandbox: docker exec would pass
# invalid UTF-8 on as U+FFFD.
raw_connect() {
	in_sandbox bash -c 'exec 3<>"/dev/tcp/$0/3128" && printf "%b\r\n\r\n" "$1" >&3 \
		&& IFS= read -r -t 10 status <&3 && printf "%s\n" "${status%$'\''\r'\''}"' "$SIDECAR_IP" "$1"
}

# log_files CONTAINER: the json-file log docker keeps for it on the host,
# rotated files included, one path a line.
log_files() {
	local path
	path=$(docker inspect -f '{{.LogPath}}' "$1") || return 1
	ls -1 "$path" "$path".[0-9]* 2>/dev/null
}
log_bytes() { log_files "$1" | xargs -r stat -c %s | awk '{ s += $1 } END { print s + 0 }'; }
log_config() {
	docker inspect -f '{{.HostConfig.LogConfig.Type}} {{index .HostConfig.LogConfig.Config "max-size"}} {{index .HostConfig.LogConfig.Config "max-file"}}' "$1"
}
# oldest_record_epoch CONTAINER: when the oldest record docker still
# keeps was written (the first of the highest-numbered rotated file).
oldest_record_epoch() {
	local path i
	path=$(docker inspect -f '{{.LogPath}}' "$1") || return 1
	for i in $(seq 9 -1 1); do
		[ -e "$path.$i" ] && { path=$path.$i; break; }
	done
	date -d "$(head -n 1 "$path" | sed 's/.*"time":"\([^"]*\)".*/\1/')" +%s
}

# sidecar_memory: "RSS HWM CGROUP": the sum of VmRSS and of VmHWM (kB) of
# every process in the sidecar, and its cgroup's usage in bytes (v2
# memory.current, v1 memory.usage_in_bytes: page cache and tmpfs
# included, so shown, not bounded).
sidecar_memory() {
	in_sidecar sh -c '
		awk "/^VmRSS:/ { r += \$2 } /^VmHWM:/ { h += \$2 } END { printf \"%d %d \", r, h }" /proc/[0-9]*/status
		cat /sys/fs/cgroup/memory.current 2>/dev/null || cat /sys/fs/cgroup/memory/memory.usage_in_bytes'
}

@test "GitHub's write APIs are not allowlisted: CONNECT api.github.com:443 and uploads.github.com:443 get 403" {
	# Positive control on the same path: an allowlisted name gets through.
	run in_sandbox curl -fsS --max-time 10 --cacert /testca/ca.pem https://allowed.test/
	assert_success
	assert_output "hello from allowed.test"
	for host in api.github.com uploads.github.com; do
		# Both exist and serve on the egress network, and tinyproxy could
		# resolve them: the refusal is the policy's, not a missing name.
		run on_egress curl -fsS --max-time 10 --cacert /testca/ca.pem "https://$host/"
		assert_success
		assert_output "hello from $host"
		run in_sidecar getent hosts "$host"
		assert_output --partial "$FAKEGITHUB_IP"
		run in_sandbox curl -sS --max-time 10 --cacert /testca/ca.pem "https://$host/"
		assert_failure 56
		assert_output --partial "CONNECT tunnel failed, response 403"
	done
}

@test "GitHub's write APIs get NXDOMAIN in the sandbox" {
	run in_sandbox dig +short +time=3 +tries=1 allowed.test
	assert_success
	assert_output "$FAKEGITHUB_IP"
	for host in api.github.com uploads.github.com; do
		run in_sandbox dig +time=3 +tries=1 "$host"
		assert_success
		assert_output --partial "status: NXDOMAIN"
	done
}

@test "control bytes in a CONNECT line reach the sidecar's log escaped" {
	local mark=esc$RANDOM$RANDOM
	# ESC sequences (a colour, a window title ended by BEL), DEL, a byte
	# above 0x7f, a backslash and a CR.
	run raw_connect "CONNECT $mark"'\e[31m\e]0;owned\a\x7f\xff\\x\r.test:443 HTTP/1.1'
	assert_output --partial "HTTP/1."
	# Positive control: the line did reach the log, escaped.
	run wait_for_log "CONNECT $mark\\x1b[31m\\x1b]0;owned\\x07\\x7f\\xff\\x5cx\\x0d.test:443 HTTP/1.1"
	assert_success
	run unprintable_lines
	assert_output ""
}

@test "control bytes in a DNS query name reach the sidecar's log escaped" {
	# dnsmasq (2.90, 2.91) writes such a name as "<name unprintable>"
	# itself; the query type, unique to this run, finds its line.
	local type=$((65280 + RANDOM % 250))
	run in_sandbox dig +time=3 +tries=1 -t "TYPE$type" 'dns\027[31m\007\255\092.denied.test'
	assert_success
	assert_output --partial "status: NXDOMAIN"
	run wait_for_log "query[type=$type]"
	assert_success
	run unprintable_lines dnsmasq
	assert_output ""
}

@test "tinyproxy's and dnsmasq's stdout and stderr go through airlock-log-escape, run as airlock-log" {
	local service pipe logger_user logger_comm logger_in logger_out log_out
	run in_sidecar airlock-health
	assert_success
	for service in tinyproxy dnsmasq; do
		# The daemons drop privileges without an exec, so only
		# CAP_SYS_PTRACE, which the sidecar lacks, could read their fds:
		# their run scripts send stderr to stdout, and that stdout is the
		# one s6-supervise hands them. The logger's fds are read as its
		# own user.
		run in_sidecar grep -cx 'exec 2>&1' "/run/service/$service/run"
		assert_output 1
		run in_sidecar sh -c '
			for p in /proc/[0-9]*; do
				[ "$(tr "\0" " " <$p/cmdline 2>/dev/null)" = "s6-supervise $0 " ] && supervise=${p#/proc/}
			done
			logger=$(s6-svstat -o pid "/run/service/$0/log") || exit 1
			echo "$(readlink /proc/$supervise/fd/1) $(stat -c %U /proc/$logger) $(cat /proc/$logger/comm)" \
				"$(s6-setuidgid airlock-log readlink /proc/$logger/fd/0 /proc/$logger/fd/1 | tr "\n" " ")" \
				"$(readlink /proc/1/fd/1)"' "$service"
		assert_success
		read -r pipe logger_user logger_comm logger_in logger_out log_out <<<"$output"
		echo "# $service: stdout $pipe; logger $logger_comm as $logger_user reads $logger_in, writes $logger_out; the container's log is $log_out" >&3
		[[ $pipe == pipe:* ]]
		[ "$logger_in" = "$pipe" ]
		[ "$logger_user" = airlock-log ]
		[ "$logger_comm" = airlock-log-esc ]
		[ "$logger_out" = "$log_out" ]
	done
}

@test "a killed logger is restarted on the same pipe, and the daemon's next lines get through" {
	local old new i mark=restart$RANDOM$RANDOM
	old=$(in_sidecar s6-svstat -o pid /run/service/tinyproxy/log)
	in_sidecar s6-svc -k /run/service/tinyproxy/log
	for i in $(seq 50); do
		new=$(in_sidecar s6-svstat -o pid /run/service/tinyproxy/log)
		[ "$new" != "$old" ] && [ "$new" != -1 ] && break
		sleep 0.2
	done
	[ "$new" != "$old" ] && [ "$new" != -1 ]
	run raw_connect "CONNECT $mark.denied.test:443 HTTP/1.1"
	assert_output --partial " 403 "
	run wait_for_log "CONNECT $mark.denied.test:443"
	assert_success
	run in_sidecar airlock-health
	assert_success
}

@test "the sandbox's own log on the host is bounded: 8 MiB written to it keep at most $LOG_FILES x $LOG_MAX_MIB MiB" {
	local sandbox files bytes
	sandbox=$(compose ps -q sandbox)
	# The container's stdout, as anything the sandbox runs can reach it.
	run in_sandbox sh -c 'head -c 8388608 /dev/zero | tr "\0" x | fold -w 1023 >/proc/1/fd/1'
	assert_success
	files=$(log_files "$sandbox" | wc -l)
	bytes=$(log_bytes "$sandbox")
	echo "# sandbox: 8 MiB written to its stdout; on the host: $bytes bytes in $files files (bound $LOG_BOUND)" >&3
	# Positive control: the writes reached the log, which rotated.
	[ "$files" -eq "$LOG_FILES" ]
	[ "$bytes" -le "$LOG_BOUND" ]
	run log_config "$sandbox"
	assert_output "json-file ${LOG_MAX_MIB}m $LOG_FILES"
}

@test "a ${FLOOD_SECONDS} s flood from the sandbox: the sidecar's log on the host and its memory stay bounded" {
	local sidecar start before after bytes_before bytes_after files oldest counts mark=after$RANDOM$RANDOM
	sidecar=$(compose ps -q sidecar)
	before=$(sidecar_memory)
	bytes_before=$(log_bytes "$sidecar")
	start=$(date +%s)
	# Four loops side by side, each until the time is up: refused
	# CONNECTs (one in eight with a long run of control bytes), refused
	# DNS queries (dig -f, 500 names a batch), git requests gitproxy
	# refuses (no session secret), and TCP connections opened and closed
	# at once. A request waits 5 s at most, a batch of queries 10 s.
	run in_sandbox bash -c '
		ip=$0 end=$((SECONDS + $1))
		junk=$(printf "\001\033[2J%.0s" $(seq 60))
		connects() {
			local n=0 host
			while [ $SECONDS -lt $end ]; do
				host=flood$n.denied.test
				[ $((n % 8)) -eq 0 ] && host=$junk$n.test
				{ printf "CONNECT %s:443 HTTP/1.1\r\n\r\n" "$host" >&3; read -r -t 5 _ <&3; } 3<>"/dev/tcp/$ip/3128"
				n=$((n + 1))
			done 2>/dev/null
			echo "connect=$n"
		}
		queries() {
			local n=0
			seq -f "q%g.flood.denied.test" 500 >/tmp/flood-names
			while [ $SECONDS -lt $end ]; do
				timeout 10 dig @"$ip" +tries=1 +time=1 +noall -f /tmp/flood-names
				n=$((n + 500))
			done
			echo "dns=$n"
		}
		gits() {
			local n=0
			while [ $SECONDS -lt $end ]; do
				{ printf "GET /git/github.com/airlock-test/allowed.git/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: %s:8080\r\nConnection: close\r\n\r\n" "$ip" >&3
				  read -r -t 5 _ <&3; } 3<>"/dev/tcp/$ip/8080"
				n=$((n + 1))
			done 2>/dev/null
			echo "git=$n"
		}
		tcps() {
			local n=0
			while [ $SECONDS -lt $end ]; do
				{ :; } 3<>"/dev/tcp/$ip/$((n % 2 ? 8080 : 3128))"
				n=$((n + 1))
			done 2>/dev/null
			echo "tcp=$n"
		}
		connects & queries & gits & tcps & wait' "$SIDECAR_IP" "$FLOOD_SECONDS"
	assert_success
	counts=$(echo $output)
	after=$(sidecar_memory)
	bytes_after=$(log_bytes "$sidecar")
	files=$(log_files "$sidecar" | wc -l)
	oldest=$(oldest_record_epoch "$sidecar")
	read -r rss_before hwm_before cg_before <<<"$before"
	read -r rss_after hwm_after cg_after <<<"$after"
	echo "# flood of $(( $(date +%s) - start )) s from the sandbox: $counts" >&3
	echo "# sidecar memory: RSS sum $rss_before kB before, $rss_after kB after; VmHWM sum $hwm_after kB (bound $MEMORY_BOUND_KB); cgroup usage $cg_before bytes before, $cg_after after" >&3
	echo "# sidecar log on the host: $bytes_before bytes before, $bytes_after after, in $files files (bound $LOG_BOUND); oldest record kept: $((oldest - start)) s after the flood began" >&3
	# Positive control: the flood wrote more than the bound, since what
	# the log keeps begins after the flood began.
	[ "$oldest" -ge "$start" ]
	[ "$files" -eq "$LOG_FILES" ]
	[ "$bytes_after" -le "$LOG_BOUND" ]
	[ "$hwm_after" -le "$MEMORY_BOUND_KB" ]
	run log_config "$sidecar"
	assert_output "json-file ${LOG_MAX_MIB}m $LOG_FILES"
	# The sidecar still serves, and still logs.
	run in_sidecar airlock-health
	assert_success
	run in_sandbox curl -fsS --max-time 10 --cacert /testca/ca.pem https://allowed.test/
	assert_output "hello from allowed.test"
	run raw_connect "CONNECT $mark.denied.test:443 HTTP/1.1"
	assert_output --partial " 403 "
	run wait_for_log "CONNECT $mark.denied.test:443"
	assert_success
}
