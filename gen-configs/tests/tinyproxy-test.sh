#!/bin/sh
# tinyproxy-test.sh GEN_CONFIGS: the generated tinyproxy.conf and
# tinyproxy.filter, run by the real tinyproxy on 127.0.0.1 (high port);
# curl asks for CONNECTs and reads the proxy's answer to the CONNECT. A
# filtered request gets 403; an allowed one gets past the filter and fails
# later (the .test names do not resolve), which is anything but 403.
# Skips when tinyproxy or curl is missing, or when not root.
set -u
[ $# -eq 1 ] || { echo "usage: tinyproxy-test.sh GEN_CONFIGS" >&2; exit 100; }
bin=$1
if ! command -v tinyproxy >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
	echo "ok - tinyproxy behaviour # SKIP tinyproxy or curl not installed (apt-get install tinyproxy-bin curl)"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "ok - tinyproxy behaviour # SKIP needs root"
	exit 0
fi
tmp=$(mktemp -d) || exit 111
chmod 0755 "$tmp"
pid=
cleanup() {
	[ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
	rm -rf "$tmp"
}
trap cleanup EXIT
port=$((40000 + $$ % 20000))
status=0
say() { if [ "$1" -eq 0 ]; then echo "ok - $2"; else echo "not ok - $2"; status=1; fi; }

long=$(printf '%063d.%063d.%063d.%055d.test' 0 0 0 0 | tr 0 a)
mkdir "$tmp/allowlist.d" "$tmp/cfg"
printf 'https allowed.test\nhttps *.wild.test\nhttps %s\n' "$long" >"$tmp/allowlist.d/10-test.conf"
"$bin" --listen 127.0.0.1 --client 127.0.0.1 --installed-dir "$tmp/cfg" "$tmp/allowlist.d" "$tmp/cfg" \
	|| { echo "not ok - gen-configs failed"; exit 1; }
group=nogroup
getent group nogroup >/dev/null 2>&1 || group=nobody
sed -i -e "s/^Port 3128\$/Port $port/" -e 's/^User tinyproxy$/User nobody/' \
	-e "s/^Group tinyproxy\$/Group $group/" "$tmp/cfg/tinyproxy.conf"
tinyproxy -d -c "$tmp/cfg/tinyproxy.conf" >"$tmp/tinyproxy.log" 2>&1 &
pid=$!
i=0
until curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" 2>/dev/null || [ $i -ge 50 ]; do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1; i=$((i + 1))
done
if ! kill -0 "$pid" 2>/dev/null; then
	sed 's/^/# /' "$tmp/tinyproxy.log"
	echo "not ok - the generated tinyproxy.conf starts"
	exit 1
fi
echo "ok - the generated tinyproxy.conf starts ($(tinyproxy -v 2>&1))"

connect_code() { # the proxy's status for CONNECT to $1 (host[:port])
	curl -s -o /dev/null -w '%{http_connect}' --max-time 5 -x "http://127.0.0.1:$port" "https://$1/" 2>/dev/null
}
passes() {
	code=$(connect_code "$1")
	[ "$code" != 403 ] && [ -n "$code" ] && [ "$code" != 000 ]
	say $? "CONNECT $1 gets past the filter (got $code, not 403)"
}
denied() { # denied TARGET WHY
	code=$(connect_code "$1")
	[ "$code" = 403 ]
	say $? "CONNECT $1 is refused with 403 ($2; got $code)"
}
passes allowed.test
passes ALLOWED.Test
passes x.wild.test
passes a.b.wild.test
passes "$long"
denied allowed.test.evil.test "suffix trick"
denied evilallowed.test "prefix trick"
denied sub.allowed.test "exact rule, name under it"
denied wild.test "wildcard apex"
denied denied.test "not allowlisted"
denied allowed.test:8443 "ConnectPort 443 only"
denied 127.0.0.1 "IP literal"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -x "http://127.0.0.1:$port" "http://allowed.test:443/")
[ "$code" = 403 ]
say $? "plain-HTTP GET to an allowlisted host is refused with 403 (FilterURLs On; got $code)"
grep -q 'filtered url "denied.test:443"' "$tmp/tinyproxy.log"
say $? "refusals are logged on stdout"

# Reload: tinyproxy re-reads its config and filter on SIGUSR1.
denied added.test "before the reload"
printf '^added\\.test:443$\n' >>"$tmp/cfg/tinyproxy.filter"
kill -USR1 "$pid"
sleep 1
passes added.test
exit "$status"
