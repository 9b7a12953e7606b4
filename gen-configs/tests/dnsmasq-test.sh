#!/bin/sh
# dnsmasq-test.sh GEN_CONFIGS: the generated dnsmasq.conf and
# dnsmasq.servers, run by the real dnsmasq on 127.0.0.1 (high ports), with
# a second dnsmasq as the upstream that answers every name with
# 198.19.0.10 (rebind.test with a private address; a TXT record for
# allowed.test). TAP on stdout.
# Skips when dnsmasq or dig is missing, or when not root (dnsmasq must
# start as root to drop to another user, as it does in the sidecar).
set -u
[ $# -eq 1 ] || { echo "usage: dnsmasq-test.sh GEN_CONFIGS" >&2; exit 100; }
bin=$1
if ! command -v dnsmasq >/dev/null 2>&1 || ! command -v dig >/dev/null 2>&1; then
	echo "ok - dnsmasq behaviour # SKIP dnsmasq or dig not installed (apt-get install dnsmasq-base bind9-dnsutils)"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "ok - dnsmasq behaviour # SKIP needs root"
	exit 0
fi
tmp=$(mktemp -d) || exit 111
chmod 0755 "$tmp"
up_pid=
main_pid=
cleanup() {
	for pid in $main_pid $up_pid; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
base=$((20000 + $$ % 20000))
up_port=$base
port=$((base + 1))
status=0
say() { if [ "$1" -eq 0 ]; then echo "ok - $2"; else echo "not ok - $2"; status=1; fi; }

mkdir "$tmp/allowlist.d" "$tmp/cfg"
cat >"$tmp/allowlist.d/10-test.conf" <<'CONF'
https allowed.test
https *.wild.test
https apex.test
https *.apex.test
https rebind.test
CONF
"$bin" --listen 127.0.0.1 --dns-upstream 127.0.0.1 --installed-dir "$tmp/cfg" "$tmp/allowlist.d" "$tmp/cfg" \
	|| { echo "not ok - gen-configs failed"; exit 1; }
# The test's own ports and user; everything else as generated.
sed -i -e "s/^port=53\$/port=$port/" -e 's/^user=dnsmasq$/user=nobody/' "$tmp/cfg/dnsmasq.conf"
sed -i "s/127\\.0\\.0\\.1\$/127.0.0.1#$up_port/" "$tmp/cfg/dnsmasq.servers"

cat >"$tmp/upstream.conf" <<CONF
port=$up_port
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
pid-file=
user=nobody
address=/rebind.test/10.1.2.3
txt-record=allowed.test,hello-from-upstream
address=/#/198.19.0.10
CONF
dnsmasq --keep-in-foreground --conf-file="$tmp/upstream.conf" --log-facility="$tmp/upstream.log" &
up_pid=$!
dnsmasq --keep-in-foreground --conf-file="$tmp/cfg/dnsmasq.conf" >"$tmp/main.log" 2>&1 &
main_pid=$!

q() { dig +time=2 +tries=2 -p "$port" @127.0.0.1 "$@" 2>&1; }
i=0
until q allowed.test | grep -q 'status:' || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
if ! kill -0 "$main_pid" 2>/dev/null; then
	sed 's/^/# /' "$tmp/main.log"
	echo "not ok - the generated dnsmasq.conf starts"
	exit 1
fi
echo "ok - the generated dnsmasq.conf starts (dnsmasq $(dnsmasq --version | sed -n '1s/.*version \([^ ]*\).*/\1/p'))"

answers() { # answers NAME: forwarded and answered by the upstream
	out=$(q "$1")
	printf '%s\n' "$out" | grep -q 'status: NOERROR' && printf '%s\n' "$out" | grep -q '198\.19\.0\.10'
	say $? "$1 resolves (allowlisted)"
}
nxdomain() { # nxdomain NAME WHY
	q "$1" | grep -q 'status: NXDOMAIN'
	say $? "$1 is NXDOMAIN ($2)"
}
answers allowed.test
nxdomain sub.allowed.test "an exact rule does not allow names under it"
nxdomain a.b.allowed.test "nor deeper names"
answers x.wild.test
answers a.b.wild.test
nxdomain wild.test "a wildcard does not allow its apex"
answers apex.test
answers deep.sub.apex.test
nxdomain denied.test "not allowlisted"
nxdomain allowed.test.evil.test "suffix trick"
nxdomain evilallowed.test "prefix trick"
nxdomain dns.google "known DoH resolver"
nxdomain x.cloudflare-dns.com "under a known DoH resolver"
out=$(q rebind.test)
! printf '%s\n' "$out" | grep -q '10\.1\.2\.3'
say $? "an upstream answer with a private address is dropped (stop-dns-rebind)"
q -t TXT allowed.test | grep -q 'hello-from-upstream'
say $? "other record types of an allowlisted name are forwarded"
q -t TXT denied.test | grep -q 'status: NXDOMAIN'
say $? "other record types of other names are NXDOMAIN"

# Reload: dnsmasq re-reads the servers-file on SIGHUP.
nxdomain added.test "before the reload"
printf 'server=/added.test/127.0.0.1#%s\nserver=/*.added.test/\n' "$up_port" >>"$tmp/cfg/dnsmasq.servers"
kill -HUP "$main_pid"
sleep 0.5
answers added.test
grep -q 'query\[A\] denied.test from 127.0.0.1' "$tmp/main.log"
say $? "queries are logged to stderr (log-queries, log-facility=-)"
exit "$status"
