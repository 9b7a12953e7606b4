#!/usr/bin/env bats
# gitproxy faces the sandbox: malformed or sneaky HTTP gets a clean 4xx with
# a one-line reason and an audit record, never a crash or a hang.

load lib/stack

setup_file() { stack_up; }
teardown_file() { stack_down; }

INFO_REFS=/git/github.com/airlock-test/allowed.git/info/refs?service=git-upload-pack

# raw BYTES: send BYTES (printf format) to gitproxy from the sandbox and
# print the answer.
raw() {
	in_sandbox sh -c 'printf "$1" | nc -w 15 "$2" 8080' sh "$1" "$SIDECAR_IP"
}

# auth: the Basic credential git would send, for raw requests.
auth() {
	printf 'Authorization: Basic %s' "$(in_sandbox sh -c 'printf "airlock:%s" "$(cat /run/airlock/session)" | base64 -w0')"
}

@test "positive control: a well-formed raw request is served" {
	run raw "GET $INFO_REFS HTTP/1.1\r\nHost: x\r\n$(auth)\r\nConnection: close\r\n\r\n"
	assert_output --partial "HTTP/1.1 200 OK"
	assert_output --partial "# service=git-upload-pack"
}

@test "Content-Length with Transfer-Encoding is refused" {
	run raw "POST /git/github.com/airlock-test/allowed.git/git-upload-pack HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0000"
	assert_output --partial "HTTP/1.1 400 Bad Request"
	assert_output --partial "airlock: both Content-Length and Transfer-Encoding [rule http-strict]"
}

@test "obs-fold, bare LF and duplicate Content-Length are refused" {
	run raw "GET $INFO_REFS HTTP/1.1\r\nX-A: a\r\n folded\r\n\r\n"
	assert_output --partial "obsolete line folding"
	run raw "GET $INFO_REFS HTTP/1.1\nHost: x\n\n"
	assert_output --partial "bare LF"
	run raw "POST /git/github.com/airlock-test/allowed.git/git-upload-pack HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\n0000"
	assert_output --partial "duplicate Content-Length"
}

@test "dot segments and percent-encoding in owner/repo are refused" {
	run raw "GET /git/github.com/airlock-test/../allowed.git/info/refs?service=git-upload-pack HTTP/1.1\r\n$(auth)\r\n\r\n"
	assert_output --partial "HTTP/1.1 404 Not Found"
	run raw "GET /git/github.com/airlock-test/%%2e%%2e/info/refs?service=git-upload-pack HTTP/1.1\r\n$(auth)\r\n\r\n"
	assert_output --partial "HTTP/1.1 404 Not Found"
	assert_output --partial "[rule git-routes]"
	run raw "GET /git/github.com/airlock-test%%2fallowed/info/refs?service=git-upload-pack HTTP/1.1\r\n$(auth)\r\n\r\n"
	assert_output --partial "HTTP/1.1 404 Not Found"
}

@test "methods other than GET and POST, and non-git paths, are refused" {
	run raw "PUT $INFO_REFS HTTP/1.1\r\n\r\n"
	assert_output --partial "HTTP/1.1 405"
	run raw "GET /git/github.com/airlock-test/allowed.git/HEAD HTTP/1.1\r\n$(auth)\r\n\r\n"
	assert_output --partial "HTTP/1.1 404"
	run raw "POST /git/github.com/airlock-test/allowed.git/git-upload-pack HTTP/1.1\r\n$(auth)\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\n0000"
	assert_output --partial "HTTP/1.1 415"
}

@test "every refusal has an audit record naming its rule" {
	raw "GET $INFO_REFS HTTP/1.1\r\nX-A: a\r\n folded\r\n\r\n" >/dev/null
	run compose logs --no-color --no-log-prefix sidecar
	assert_output --partial '"status":400'
	assert_output --partial '"rule":"http-strict","reason":"obsolete line folding in a header"'
}

@test "slowloris: a request head that never completes is cut after 10 s" {
	# Positive control: the sidecar answers a prompt request on a new connection.
	run raw "GET $INFO_REFS HTTP/1.1\r\n$(auth)\r\nConnection: close\r\n\r\n"
	assert_output --partial "200 OK"
	run in_sandbox sh -c '(printf "GET / HTTP/1.1\r\nX-Slow: "; sleep 14) | nc -w 20 "$1" 8080' sh "$SIDECAR_IP"
	assert_output --partial "HTTP/1.1 408 Request Timeout"
	# The audit record says how long gitproxy waited: the 10 s head limit.
	run sh -c "docker logs $(compose ps -q sidecar) 2>&1 | grep '\"status\":408' | tail -n 1 | sed 's/.*duration_ms\":\([0-9]*\).*/\1/'"
	[ "$output" -ge 9500 ] && [ "$output" -le 12000 ]
	# gitproxy is still healthy for everyone else.
	run in_sandbox git ls-remote https://github.com/airlock-test/allowed.git
	assert_success
}
