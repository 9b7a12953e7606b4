#!/bin/bash
# e2e-outcomes.sh: every request gitproxy reads ends in exactly one audit
# record, whatever ends it, and the ways a connection ends that review
# found broken: a flood of pipelined refusals (once a recursion that
# overflowed a 1 MiB stack), pipelined requests from a client that
# half-closes, a client that resets mid-response, a request body that
# turns malformed after the upstream started answering (once a 400 head
# inside the started response), and the shutdown grace running out.
#
# Loopback only, like e2e-local.sh (lib-upstream.sh's fake GitHub, real
# git, curl, python3 sockets); prints TAP. GITPROXY and GEN_CONFIGS choose
# the binaries; KEEP_TMP=1 keeps the temporary directory.
set -u
prog=e2e-outcomes
here=$(cd "$(dirname "$0")" && pwd)
gitproxy=${GITPROXY:-$here/../build/gitproxy}
gen_configs=${GEN_CONFIGS:-$here/../../gen-configs/gen-configs}
airlock_ctl=$(dirname "$gitproxy")/airlock-ctl
[ -x "$gitproxy" ] || { echo "$prog: fatal: $gitproxy is not built (make -C sidecar)" >&2; exit 111; }
[ -x "$gen_configs" ] || { echo "$prog: fatal: $gen_configs is not built (make -C gen-configs)" >&2; exit 111; }
# shellcheck source=lib-upstream.sh
. "$here/lib-upstream.sh"
# shellcheck source=lib-e2e.sh
. "$here/lib-e2e.sh"

mkdir "$T/allowlist.d" "$T/gen"
printf 'git-host github.com token=github_token id=github\nrepo airlock-test/allowed id=e2e-allowed\nrepo airlock-test/big id=e2e-big\n' \
	>"$T/allowlist.d/10-e2e.conf"
"$gen_configs" "$T/allowlist.d" "$T/gen" 2>"$T/gen.err" || fatal "gen-configs: $(cat "$T/gen.err")"
upstream_seed allowed && upstream_seed_big big 32 || fatal "unable to make the upstream repositories"
upstream_start
port=$(free_port)
mkdir -m 0700 "$T/control"
# The whole run under a 1 MiB stack: deep recursion in an event callback
# shows as a crash.
gitproxy_ulimit="-s 1024" gitproxy_start gp "$T/gen/gitproxy.json" "$port" -S "$T/control/gitproxy.sock" ||
	fatal "gitproxy did not start: $(cat "$T/gp.err")"
gp_pid=$gitproxy_pid
cred=$(printf 'airlock:%s' "$session" | base64 -w0)
path=/git/github.com/airlock-test

# raw CLIENT ARGS...: one of the socket clients below, against gitproxy.
raw() {
	local client=$1
	shift
	python3 "$here/clients/$client.py" "$port" "$cred" "$@"
}

# ---- pipelined refusals: one loop turn each, no recursion ----
read -r sent answered <<<"$(raw pipelined-flood "$path/allowed.git/info/refs?service=git-upload-pack")"
check "64 KiB of pipelined unauthenticated requests in one write: all $sent answered" test "${answered:-0}" = "$sent"
check "gitproxy survives them under a 1 MiB stack" kill -0 "$gp_pid"
check "one audit record for each" test "$(grep -c '"status":\(401\|429\)' "$T/gp.out")" = "$sent"

# ---- a half-closing client gets every pipelined answer ----
raw pipelined-half-close "$path/allowed.git/info/refs?service=git-upload-pack" \
	"$path/forbidden.git/info/refs?service=git-upload-pack" >"$T/half-close.out"
check "two pipelined requests, then a half-close: both answered, in order" \
	test "$(cat "$T/half-close.out")" = "200 403"

# ---- a client that resets mid-response: one record ----
want=$(git -C "$srv/big.git" rev-parse main)
rid=$(raw reset-mid-response "$path/big.git/git-upload-pack" "$want")
sleep 0.5
check "a client reset mid-response ends its request in exactly one record ($rid)" \
	test "$(audit_ids gp | grep -cx "$rid")" = 1
check "... which says the client went away" grep -q "\"request_id\":\"$rid\".*\"status\":499" "$T/gp.out"

# ---- a request body that breaks after the upstream answered ----
# The upstream here is a TLS server of our own that answers as soon as it
# has the request head, then keeps reading.
early_port=$(free_port)
python3 "$here/clients/early-upstream.py" "$early_port" "$T/server.pem" "$T/server.key" 2>"$T/early.err" &
pids+=($!)
for _ in $(seq 50); do ss -Hltn "sport = :$early_port" | grep -q . && break; sleep 0.1; done
eport=$(free_port)
connect_port=$early_port gitproxy_start early "$T/gen/gitproxy.json" "$eport" || fatal "gitproxy did not start: $(cat "$T/early.err")"
read -r statuses _ ending erid <<<"$(port=$eport raw early-then-bad-chunk "$path/allowed.git/git-upload-pack")"
check "a malformed chunk after the answer began cuts the stream: one status line, no 400 inside it" \
	test "$statuses $ending" = "1 cut"
sleep 0.3
check "... and one record, of the status the client saw ($erid)" \
	sh -c "[ \$(grep -c '\"request_id\":\"$erid\"' '$T/early.out') = 1 ] && grep -q '\"request_id\":\"$erid\".*\"status\":200' '$T/early.out'"

# ---- every record once; no request closed without its record ----
"$airlock_ctl" -s "$T/control/gitproxy.sock" stats >"$T/stats.json" 2>&1
check "airlock-ctl stats: outcome_errors 0" grep -q '"outcome_errors":0' "$T/stats.json"
check "no request id twice in the audit" test -z "$(audit_ids gp | sort | uniq -d)"

# ---- the shutdown grace runs out ----
# A client that reads nothing holds a transfer past the 10 s grace.
raw stall "$path/big.git/git-upload-pack" "$want" >"$T/stall.rid" &
stall_pid=$!
pids+=($stall_pid)
for _ in $(seq 50); do [ -s "$T/stall.rid" ] && break; sleep 0.1; done
kill -TERM "$gp_pid"
rc=0
wait "$gp_pid" || rc=$?
check "SIGTERM with a stalled transfer: gitproxy exits 0 after the grace" test "$rc" = 0
srid=$(cat "$T/stall.rid")
check "the stalled transfer has its one record, saying the grace cut it ($srid)" \
	sh -c "[ \$(grep -c '\"request_id\":\"$srid\"' '$T/gp.out') = 1 ] && grep -q '\"request_id\":\"$srid\".*shutdown' '$T/gp.out'"
check "gitproxy logged no bug" sh -c "! grep -q 'bug:' '$T/gp.err' '$T/early.err'"
tap_end gp early
