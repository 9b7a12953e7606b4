#!/usr/bin/env bats
# gitproxy's limits come from allowlist.d (`limit` rules, hot reloaded):
# each is shown working below its bound, then refused past it with the
# status git shows (429, 413, 503, 408), the limit's rule id in the reason
# and in the audit record, and recovering when the bound allows again.

load lib/stack

setup_file() { stack_up; }
teardown_file() { stack_down; }

UPSTREAM=https://github.com/airlock-test
INFO_REFS=/git/github.com/airlock-test/allowed.git/info/refs?service=git-upload-pack

# set_limits RULE...: the limits fragment is exactly these lines, reloaded.
set_limits() {
	printf '%s\n' "$@" >"$AIRLOCK_ALLOWLIST_DIR/60-limits.conf"
	in_sidecar airlock-ctl reload >/dev/null
}

# status_of PATH [CURL_ARGS...]: the HTTP status of a request from the sandbox.
status_of() {
	in_sandbox sh -c 'p=$1; h=$2; shift 2; curl -s -o /dev/null -w "%{http_code}" -u "airlock:$(cat /run/airlock/session)" "$@" "http://$h:8080$p"' \
		sh "$1" "$SIDECAR_IP" "${@:2}"
}

# audit_has TEXT...: the sidecar's audit log has a line with every TEXT.
audit_has() {
	local logs
	logs=$(compose logs --no-color --no-log-prefix sidecar)
	for t in "$@"; do logs=$(grep -F -- "$t" <<<"$logs") || return 1; done
}

# push_bytes N BRANCH: commit N random bytes on BRANCH and push it; git's output.
push_bytes() {
	in_sandbox sh -c '
		[ -d /home/agent/limits ] || git clone -q '"$UPSTREAM"'/allowed.git /home/agent/limits
		cd /home/agent/limits && git checkout -q -B "$2" origin/main &&
		head -c "$1" /dev/urandom >blob && git add blob &&
		git -c user.name=agent -c user.email=agent@sandbox.test commit -qm "$1 bytes" &&
		GIT_TERMINAL_PROMPT=0 git push -f origin "$2" 2>&1' sh "$1" "$2"
}

teardown() {
	rm -f "$AIRLOCK_ALLOWLIST_DIR/60-limits.conf"
	in_sidecar airlock-ctl reload >/dev/null || true
}

@test "request rate: git works within the burst; past it 429 names the rule; it recovers" {
	# One token every 2 s, four at once. A git command over protocol v0
	# makes two requests here: one without a credential (401), then one with.
	set_limits 'limit request-rate 30/min id=test-request-rate' 'limit request-burst 4'
	run in_sandbox git -c protocol.version=0 ls-remote "$UPSTREAM/allowed.git"
	assert_success
	# Eight requests at once: the burst lets a few through, the rest get 429
	# with a Retry-After.
	run in_sandbox sh -c 'for i in 1 2 3 4 5 6 7 8; do
		curl -s -o /dev/null -w "%{http_code} " -u "airlock:$(cat /run/airlock/session)" "http://$1:8080$2"; done
		curl -s -D - -o /dev/null "http://$1:8080$2"' sh "$SIDECAR_IP" "$INFO_REFS"
	assert_output --partial "200 "
	assert_output --partial "429 "
	assert_output --partial "Retry-After: "
	# git shows the status and gitproxy's reason.
	run in_sandbox git -c protocol.version=0 ls-remote "$UPSTREAM/allowed.git"
	assert_failure
	assert_output --partial "429"
	assert_output --partial "airlock: limit request-rate (30 per 60 s, burst 4) reached"
	assert_output --partial "[rule test-request-rate]"
	audit_has '"status":429' '"rule":"test-request-rate"'
	# After two tokens' time git works again.
	sleep 5
	run in_sandbox git -c protocol.version=0 ls-remote "$UPSTREAM/allowed.git"
	assert_success
}

@test "push size: a push within the limit lands; a larger one gets 413 and lands nothing" {
	set_limits 'limit push-size 1MiB id=test-push-size'
	run push_bytes 1000 small-push
	assert_success
	run in_fakegithub git --git-dir=/srv/git/airlock-test/allowed.git rev-parse --verify small-push
	assert_success
	# git sends a body this large chunked: gitproxy counts it as it passes.
	run push_bytes 3000000 big-push
	assert_failure
	assert_output --partial "413"
	run in_fakegithub git --git-dir=/srv/git/airlock-test/allowed.git rev-parse --verify big-push
	assert_failure
	audit_has '"status":413' '"rule":"test-push-size"'
	# A declared Content-Length over the limit is refused before any byte is read.
	run in_sandbox sh -c 'head -c 2000000 /dev/zero | curl -s -i -u "airlock:$(cat /run/airlock/session)" \
		-H "Content-Type: application/x-git-receive-pack-request" --data-binary @- \
		"http://$1:8080/git/github.com/airlock-test/allowed.git/git-receive-pack"' sh "$SIDECAR_IP"
	assert_output --partial "HTTP/1.1 413 Payload Too Large"
	assert_output --partial "airlock: push of 2000000 bytes is larger than limit push-size (1048576 bytes) [rule test-push-size]"
}

@test "push rate: a push that spends the bucket makes the next wait (429) until the rate allows" {
	set_limits 'limit push-rate 1MiB/h id=test-push-rate' 'limit push-burst 1MiB'
	# The push in flight is never cut: it finishes and leaves the bucket in debt.
	run push_bytes 2000000 rate-1
	assert_success
	run push_bytes 1000 rate-2
	assert_failure
	assert_output --partial "429"
	run in_fakegithub git --git-dir=/srv/git/airlock-test/allowed.git rev-parse --verify rate-2
	assert_failure
	audit_has '"status":429' '"rule":"test-push-rate"'
	# Fetching is not pushing: clones still work.
	run in_sandbox git ls-remote "$UPSTREAM/allowed.git"
	assert_success
	# A faster rate (reloaded) pays the debt off at once.
	set_limits 'limit push-rate 1GiB/s id=test-push-rate' 'limit push-burst 1MiB'
	run push_bytes 1000 rate-3
	assert_success
}

@test "transfers: past the concurrent-transfer limit, 503 with Retry-After; idle-timeout frees it" {
	set_limits 'limit transfers 1 id=test-transfers' 'limit idle-timeout 3s id=test-idle-timeout'
	run status_of "$INFO_REFS"
	assert_output 200
	# A POST whose body never comes holds the one transfer; meanwhile a
	# second request gets 503.
	run in_sandbox sh -c '
		auth=$(printf "airlock:%s" "$(cat /run/airlock/session)" | base64 -w0)
		(printf "POST /git/github.com/airlock-test/allowed.git/git-upload-pack HTTP/1.1\r\nHost: x\r\nAuthorization: Basic %s\r\nContent-Type: application/x-git-upload-pack-request\r\nContent-Length: 100\r\n\r\n" "$auth"
		 sleep 8) | nc -w 10 "$1" 8080 >/tmp/hold.out 2>&1 &
		sleep 0.5
		curl -s -i -u "airlock:$(cat /run/airlock/session)" "http://$1:8080$2"' sh "$SIDECAR_IP" "$INFO_REFS"
	assert_output --partial "HTTP/1.1 503 Service Unavailable"
	assert_output --partial "Retry-After: 1"
	assert_output --partial "airlock: too many transfers at once (limit transfers 1) [rule test-transfers]"
	audit_has '"status":503' '"rule":"test-transfers"'
	# idle-timeout cuts the stalled body (408), which frees the transfer.
	sleep 4
	run in_sandbox cat /tmp/hold.out
	assert_output --partial "HTTP/1.1 408 Request Timeout"
	assert_output --partial "request body stalled for 3 s (limit idle-timeout) [rule test-idle-timeout]"
	run status_of "$INFO_REFS"
	assert_output 200
}

@test "connections: past the connection limit, 503 at once; idle ones are cut at head-timeout" {
	set_limits 'limit connections 2 id=test-connections' 'limit head-timeout 5s id=test-head-timeout'
	run status_of "$INFO_REFS"
	assert_output 200
	# Two idle connections hold the limit; a third is refused at once.
	run in_sandbox sh -c '
		(sleep 20 | nc "$1" 8080 >/dev/null 2>&1 &)
		(sleep 20 | nc "$1" 8080 >/dev/null 2>&1 &)
		sleep 0.5
		curl -s -i "http://$1:8080$2"' sh "$SIDECAR_IP" "$INFO_REFS"
	assert_output --partial "HTTP/1.1 503 Service Unavailable"
	assert_output --partial "airlock: too many connections (limit connections 2) [rule test-connections]"
	audit_has '"status":503' '"rule":"test-connections"'
	# The idle ones never sent a request: gitproxy closes them at head-timeout.
	sleep 5
	run status_of "$INFO_REFS"
	assert_output 200
}

@test "head-timeout from a fragment: a slow head is cut at its value, naming the rule" {
	set_limits 'limit head-timeout 2s id=test-head-timeout'
	run in_sandbox sh -c '(printf "GET / HTTP/1.1\r\nX-Slow: "; sleep 6) | nc -w 8 "$1" 8080' sh "$SIDECAR_IP"
	assert_output --partial "HTTP/1.1 408 Request Timeout"
	assert_output --partial "request head not complete within 2 s (limit head-timeout) [rule test-head-timeout]"
}

@test "transfer-timeout from a fragment: a request not answered in time gets 504 naming the rule" {
	set_limits 'limit transfer-timeout 2s id=test-transfer-timeout'
	run status_of "$INFO_REFS"
	assert_output 200
	# A POST whose body never comes: the idle timeout (60 s) is far off,
	# the request's whole time runs out first.
	run in_sandbox sh -c '
		auth=$(printf "airlock:%s" "$(cat /run/airlock/session)" | base64 -w0)
		(printf "POST /git/github.com/airlock-test/allowed.git/git-upload-pack HTTP/1.1\r\nHost: x\r\nAuthorization: Basic %s\r\nContent-Type: application/x-git-upload-pack-request\r\nContent-Length: 100\r\n\r\n" "$auth"
		 sleep 5) | nc -w 6 "$1" 8080' sh "$SIDECAR_IP"
	assert_output --partial "HTTP/1.1 504"
	assert_output --partial "request not answered within 2 s (limit transfer-timeout) [rule test-transfer-timeout]"
}

@test "a bad limit is refused on reload with file:line, and the running limits stay" {
	set_limits 'limit transfers 1 id=test-transfers'
	printf 'limit transfers 0\n' >"$AIRLOCK_ALLOWLIST_DIR/60-limits.conf"
	run in_sidecar airlock-ctl reload
	assert_failure
	assert_output --partial "60-limits.conf:1:17: error: limit transfers must be from 1 to 4096 [limit-value]"
	run status_of "$INFO_REFS"
	assert_output 200
}

@test "airlock-ctl: status shows the limits in force, stats counts; only root reaches the socket" {
	set_limits 'limit transfers 7 id=test-transfers'
	run in_sidecar airlock-ctl status
	assert_success
	assert_output --partial "gitproxy: up"
	assert_output --partial "config: gen."
	assert_output --partial '"transfers":{"value":7,"rule":"test-transfers"}'
	run in_sandbox git ls-remote "$UPSTREAM/allowed.git"
	assert_success
	run in_sidecar airlock-ctl stats
	assert_success
	assert_output --regexp '"requests":[1-9]'
	assert_output --regexp '"2xx":[1-9]'
	# The control directory is gitproxy's alone: another daemon's user is refused.
	run in_sidecar s6-setuidgid dnsmasq airlock-ctl stats
	assert_failure 111
	assert_output --partial "Permission denied"
	run in_sandbox test -e /run/airlock/control/gitproxy.sock
	assert_failure
}
