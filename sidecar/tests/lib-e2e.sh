# lib-e2e.sh: what the loopback end-to-end scripts share, sourced after
# lib-upstream.sh: TAP output (ok, not_ok, check, tap_end), the session
# secret, and gitproxy instances started and stopped by PID.
#   gitproxy_start NAME CONFIG PORT [ARGS...]
#                                gitproxy on 127.0.0.1:PORT with CONFIG, reaching
#                                the upstream as github.com (or the port in
#                                $connect_port); stdout (the audit) in
#                                $T/NAME.out, stderr in $T/NAME.err; with the
#                                tokens in $gitproxy_tokens (default $T/tokens); under the
#                                ulimit options in $gitproxy_ulimit (e.g. "-s 1024");
#                                waits for its readiness; sets gitproxy_pid and
#                                $session, the session secret it wrote to
#                                $T/session (every instance of a script shares
#                                the session kept in $T/session.state)
#   audit_ids NAME               the request ids of NAME's audit records, one a line

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
# check DESCRIPTION COMMAND...: ok when the command succeeds; its output is
# shown as TAP comments when it does not.
check() {
	local what=$1
	shift
	if "$@" >"$T/check.out" 2>&1; then
		ok "$what"
	else
		not_ok "$what"
		sed 's/^/# /' "$T/check.out" | tail -n 20
	fi
}
# tap_end NAME...: the plan, and on failure the named gitproxies' stderr and
# the upstream's log; the exit code.
tap_end() {
	local name
	echo "1..$n"
	[ "$failed" -eq 0 ] && return 0
	for name in "$@"; do
		echo "# $name stderr:"
		sed 's/^/#   /' "$T/$name.err" | tail -n 30
	done
	echo "# upstream access log:"
	sed 's/^/#   /' "$T/nginx/access.log" 2>/dev/null | tail -n 30
	return 1
}

gitproxy_start() {
	local name=$1 config=$2 port=$3
	shift 3
	rm -f "$T/$name.ready"
	mkfifo "$T/$name.ready"
	# shellcheck disable=SC2016
	sh -c 'ulimit $0 && exec "$@"' "${gitproxy_ulimit:--c 0}" \
		"$gitproxy" -c "$config" -l "127.0.0.1:$port" -t "${gitproxy_tokens:-$T/tokens}" -s "$T/session.state" -x "$T/session" -a "$T/ca.pem" \
		-C "github.com:443:127.0.0.1:${connect_port:-${upstream_port:?}}" -n 3 "$@" \
		3>"$T/$name.ready" >>"$T/$name.out" 2>>"$T/$name.err" &
	gitproxy_pid=$!
	pids+=($gitproxy_pid)
	[ "$(timeout 10 head -c 1 "$T/$name.ready" | od -An -c | tr -d ' ')" = '\n' ] && session=$(cat "$T/session")
}

audit_ids() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    print(json.loads(line).get("request_id"))
' "$T/$1.out"
}
