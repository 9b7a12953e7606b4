#!/bin/sh
# cli.sh GEN_CONFIGS: the command line and its exit codes. TAP on stdout.
set -u
[ $# -eq 1 ] || { echo "usage: cli.sh GEN_CONFIGS" >&2; exit 100; }
bin=$1
cd "$(dirname "$0")/.." || exit 111
tmp=$(mktemp -d) || exit 111
trap 'rm -rf "$tmp"' EXIT
good=tests/golden/wildcards/allowlist.d
status=0
say() { if [ "$1" -eq 0 ]; then echo "ok - $2"; else echo "not ok - $2"; status=1; fi; }
exits() { # exits CODE WHAT ARGS...
	want=$1 what=$2
	shift 2
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq "$want" ]
	say $? "$what: exit $want (got $rc)"
}

mkdir "$tmp/out1"
exits 0 "--check accepts a good directory" --check "$good"
[ ! -s "$tmp/out" ]
say $? "--check prints nothing on stdout"
exits 0 "--check with --repos=LIST" --check --repos=ghe.example.test/a/b "$good"
exits 1 "--check refuses a bad directory" --check tests/golden-errors/mixed/allowlist.d
grep -q '^gen-configs: fatal: tests/golden-errors/mixed/allowlist.d: 12 errors in the allowlist$' "$tmp/err"
say $? "--check ends with a count of the errors"
exits 0 "generate into an existing directory" -- "$good" "$tmp/out1"
[ "$(ls "$tmp/out1" | tr '\n' ' ')" = "MANIFEST.sha256 dnsmasq.conf dnsmasq.servers egress.nft gitproxy.json tinyproxy.conf tinyproxy.filter " ]
say $? "writes exactly the seven files"
[ -z "$(ls -A "$tmp/out1" | grep '^\.')" ]
say $? "leaves no temporary file"
exits 0 "generate again over the same files" "$good" "$tmp/out1"
exits 111 "a missing OUTDIR is a system failure" "$good" "$tmp/missing"
exits 111 "a missing DIR is a system failure" --check "$tmp/missing"
grep -q "^gen-configs: fatal: unable to open directory $tmp/missing: No such file or directory\$" "$tmp/err"
say $? "the failure says what and why"
exits 111 "an unreadable Public Suffix List fails closed" --check --psl "$tmp/missing.dafsa" "$good"
printf 'com\n' >"$tmp/tiny.dat"
exits 111 "a Public Suffix List without co.uk and github.io fails closed" --check --psl "$tmp/tiny.dat" "$good"
exits 0 "the text form of the Public Suffix List works too" --check \
	--psl /usr/share/publicsuffix/public_suffix_list.dat "$good"
exits 100 "no arguments" 
exits 100 "--check with two directories" --check "$good" "$tmp/out1"
exits 100 "generate without OUTDIR" "$good"
exits 100 "an unknown option" --frobnicate "$good" "$tmp/out1"
exits 100 "an option given twice" --listen 10.0.0.1 --listen 10.0.0.2 "$good" "$tmp/out1"
exits 100 "an option without its value" "$good" "$tmp/out1" --listen
exits 100 "--listen in another IPv4 spelling" --listen 0x7f.1 "$good" "$tmp/out1"
exits 100 "--listen 0.0.0.0" --listen 0.0.0.0 "$good" "$tmp/out1"
exits 100 "--client with a prefix length" --client 10.0.0.3/24 "$good" "$tmp/out1"
exits 100 "--dns-upstream with a port" --dns-upstream 10.0.0.53#53 "$good" "$tmp/out1"
exits 100 "a relative --installed-dir" --installed-dir run/airlock "$good" "$tmp/out1"
exits 100 "an --installed-dir with a quote" --installed-dir '/run/a"b' "$good" "$tmp/out1"
exits 100 "an --installed-dir with .." --installed-dir /run/../etc "$good" "$tmp/out1"
mkdir "$tmp/out2"
exits 1 "a rejected input writes nothing" tests/golden-errors/crlf/allowlist.d "$tmp/out2"
[ -z "$(ls -A "$tmp/out2")" ]
say $? "OUTDIR stays empty after a rejection"

# --tokens: every git-host's token= is a file there, or nothing is written.
mkdir "$tmp/tok.d" "$tmp/tokens" "$tmp/out3"
printf 'git-host ghe.test token=ghe_token id=ghe\ngit-host plain.test id=plain\n' >"$tmp/tok.d/10-hosts.conf"
exits 1 "--tokens: a named token missing from DIR is refused" --tokens "$tmp/tokens" "$tmp/tok.d" "$tmp/out3"
grep -q "^$tmp/tok.d/10-hosts.conf:1:25: error: .*git-host ghe.test: token ghe_token: no such secret in $tmp/tokens" "$tmp/err" &&
	grep -q 'token-missing' "$tmp/err"
say $? "--tokens: the error is at token='s value, says which secret and how to provide it"
[ -z "$(ls -A "$tmp/out3")" ]
say $? "--tokens: nothing written when a token is missing"
: >"$tmp/tokens/ghe_token"
exits 1 "--tokens: an empty token file is refused" --check --tokens "$tmp/tokens" "$tmp/tok.d"
echo ghe-secret >"$tmp/tokens/ghe_token"
exits 0 "--tokens: a present token passes (a host without token= needs none)" --tokens "$tmp/tokens" "$tmp/tok.d" "$tmp/out3"
! grep -rq ghe-secret "$tmp/out3" "$tmp/err"
say $? "--tokens: the token itself is never read into any output"
exits 111 "--tokens: a missing token directory is a system failure" --check --tokens "$tmp/missing" "$tmp/tok.d"
exits 0 "without --tokens nothing is checked" --check "$tmp/tok.d"
exit "$status"
