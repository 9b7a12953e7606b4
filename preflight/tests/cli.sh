#!/bin/sh
# cli.sh AIRLOCK_PREFLIGHT: the command line, its exit codes and its
# messages. TAP on stdout.
set -u
[ $# -eq 1 ] || { echo "usage: cli.sh AIRLOCK_PREFLIGHT" >&2; exit 100; }
case $1 in /*) bin=$1 ;; *) bin=$PWD/$1 ;; esac
cd "$(dirname "$0")" || exit 111
tmp=$(mktemp -d) || exit 111
trap 'rm -rf "$tmp"' EXIT
n=0
status=0
say() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; status=1; fi
}
exits() { # exits CODE WHAT ARGS... (stdin: the caller's)
	want=$1 what=$2
	shift 2
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq "$want" ]
	say $? "$what: exit $want (got $rc)"
}
said() { # said WHAT LINE: stderr holds exactly LINE, as a whole line
	grep -qxF "$2" "$tmp/err"
	say $? "$1"
}

exits 0 "the shipped configuration passes" fixtures/shipped.json
[ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]
say $? "and prints nothing"
exits 0 "read from stdin" <fixtures/shipped-test.json
exits 0 "read from stdin as -" - <fixtures/shipped.json
exits 1 "a docker.sock mount is refused" fixtures/docker-sock.json
said "the refusal names the key, the path and the rule" \
	"airlock-preflight: refused: services.sandbox.volumes[1]: /var/run/docker.sock is a Docker socket: the sandbox could drive the host's Docker and leave its sandbox [sandbox-docker-socket]"
said "then the count" "airlock-preflight: fatal: fixtures/docker-sock.json: 1 refusal in the compose configuration"
[ ! -s "$tmp/out" ]
say $? "refusals go to stderr, nothing to stdout"
exits 1 "several refusals" <fixtures/many.json
[ "$(grep -c '^airlock-preflight: refused: ' "$tmp/err")" -eq 6 ]
say $? "every refusal is printed, not only the first"
said "and counted" "airlock-preflight: fatal: stdin: 6 refusals in the compose configuration"

exits 111 "a file that does not exist" "$tmp/missing.json"
said "says what and why" "airlock-preflight: fatal: unable to open $tmp/missing.json: No such file or directory"
exits 111 "a directory" "$tmp"
# Each input in a file: a pipe into exits would run it in a subshell.
printf '' >"$tmp/empty"
exits 111 "empty input (compose failed)" <"$tmp/empty"
said "says so" "airlock-preflight: fatal: unable to read stdin: no JSON in it (did docker compose config fail?)"
printf 'services:\n  sandbox: {}\n' >"$tmp/yaml"
exits 111 "YAML, not JSON" <"$tmp/yaml"
head -c 100 fixtures/shipped.json >"$tmp/cut"
exits 111 "JSON cut short" <"$tmp/cut"
printf '{"a": 1, "a": 2}' >"$tmp/twice"
exits 111 "a key twice" <"$tmp/twice"
head -c $((16 * 1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$tmp/big"
exits 111 "more than 16 MiB" <"$tmp/big"
said "says so" "airlock-preflight: fatal: unable to read stdin: larger than the 16 MiB a compose configuration could be"
printf '[]' >"$tmp/array"
exits 1 "JSON that is not a configuration is refused, not let through" <"$tmp/array"

exits 100 "two files" fixtures/shipped.json fixtures/shipped.json
exits 100 "an option" --frobnicate
said "usage says how it is run" \
	"       docker compose -f compose.isolated.yml config --format json | airlock-preflight"
echo "1..$n"
exit "$status"
