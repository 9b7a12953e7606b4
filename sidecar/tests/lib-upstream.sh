# lib-upstream.sh: a TLS fake GitHub on 127.0.0.1, sourced by the loopback
# end-to-end test (sidecar/tests/e2e-local.sh) and the benchmark
# (bench/loopback-run.sh), so both measure against the same upstream.
#
# A temporary CA signs a certificate for github.com, ghe.test and plain.test;
# our own nginx (TLS on 127.0.0.1:$upstream_port) runs `git http-backend`
# through our own fcgiwrap and accepts, for each of those hosts, only its own
# exact Basic credential of a temporary token (plain.test: none at all). Clients
# reach it by those names with curl --resolve, git's http.curloptResolve, or
# gitproxy's -C, so TLS still verifies the name.
#
# The caller sets `prog` first. Sourcing it makes $T (a temporary directory,
# removed on exit unless KEEP_TMP is set), the EXIT trap that stops every PID
# in `pids` and every process group in `groups`, fatal, free_port, the
# secrets ($token, $upstream_basic for github.com, $ghe_token, $ghe_basic
# for ghe.test; gitproxy's token directory $T/tokens), a git identity under $HOME=$T/home, and
# $srv, the directory of the upstream's airlock-test/ repositories. Then:
#   upstream_seed NAME            a bare repository with one commit on main
#   upstream_seed_big NAME MIB    one MIB MiB random file, stored uncompressed
#   upstream_start [WORKERS]      fcgiwrap (WORKERS, default 8) + nginx; sets
#                                 upstream_port and waits until it answers
#   upstream_tally                access-log lines on stdin: prints "REQUESTS
#                                 NEW RESUMED", the requests, those on a new
#                                 connection, and those of them resumed
#
# UPSTREAM_FASTCGI_BUFFERING (on, the default, or off) is what the upstream
# nginx does with git's output: on, it gathers it and sends 16 KiB TLS
# records, as a front end serving bulk data does; off, it relays each piece
# fcgiwrap writes as it comes, in small records (bench/README.md).
# Each line of $T/nginx/access.log starts "METHOD URI STATUS BYTES" and
# holds key=value fields, among them conn=$connection (the connection's
# serial number), creq=$connection_requests (1 on a new connection) and
# tls=$ssl_session_reused ("r": the TLS session was resumed, "." not).

fatal() { echo "$prog: fatal: $*" >&2; exit 111; }
export PATH=$PATH:/usr/sbin
for tool in nginx fcgiwrap git openssl curl ss; do
	command -v "$tool" >/dev/null 2>&1 ||
		fatal "$tool is not installed (./images/setup-host.sh installs it)"
done
[ -x /usr/lib/git-core/git-http-backend ] || fatal "git http-backend not found in /usr/lib/git-core"

T=$(mktemp -d "/tmp/$prog.XXXXXX") || fatal "unable to make a temporary directory"
pids=()   # processes the caller and this file started
groups=() # process groups started (fcgiwrap's workers outlive their parent)
upstream_cleanup() {
	local pid
	for pid in "${groups[@]}"; do
		kill -- "-$pid" 2>/dev/null
	done
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null
	done
	[ -n "${KEEP_TMP:-}" ] && echo "# kept $T" && return
	rm -rf "$T"
}
trap upstream_cleanup EXIT
trap 'exit 111' INT TERM

# A free TCP port on 127.0.0.1: below the kernel's ephemeral range, so no
# outgoing connection takes it, and held by no socket in any state now.
ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)
[ "${ephemeral_low:-0}" -gt 11000 ] || fatal "the ephemeral port range starts below 11000: no room for test ports"
free_port() {
	local port
	while :; do
		port=$((10000 + RANDOM % (ephemeral_low - 10000)))
		ss -Htan "sport = :$port" | grep -q . || { echo "$port"; return; }
	done
}

# ---- test CA and the upstream's certificate for github.com ----
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=airlock loopback test CA" \
	-keyout "$T/ca.key" -out "$T/ca.pem" >"$T/openssl.log" 2>&1 &&
	openssl req -newkey rsa:2048 -nodes -subj "/CN=github.com" \
		-keyout "$T/server.key" -out "$T/server.csr" >>"$T/openssl.log" 2>&1 &&
	printf 'subjectAltName=DNS:github.com,DNS:ghe.test,DNS:plain.test\nextendedKeyUsage=serverAuth\n' >"$T/server.ext" &&
	openssl x509 -req -in "$T/server.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial \
		-days 2 -extfile "$T/server.ext" -out "$T/server.pem" >>"$T/openssl.log" 2>&1 ||
	{ cat "$T/openssl.log" >&2; fatal "openssl could not make the test certificates"; }

# ---- the upstream's tokens: github.com's, ghe.test's; plain.test takes none ----
# gitproxy's token directory is $T/tokens (github_token, ghe_token).
token="ghp_loop$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')"
ghe_token="ghe_loop$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -m 0700 "$T/tokens"
printf '%s\n' "$token" >"$T/tokens/github_token"
printf '%s\n' "$ghe_token" >"$T/tokens/ghe_token"
chmod 0600 "$T/tokens/github_token" "$T/tokens/ghe_token"
upstream_basic=$(printf 'x-access-token:%s' "$token" | base64 -w0)
ghe_basic=$(printf 'x-access-token:%s' "$ghe_token" | base64 -w0)

# ---- git identity and the upstream's repositories ----
export HOME=$T/home GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0
mkdir -p "$HOME"
git config --global user.name "airlock loopback"
git config --global user.email "loopback@airlock.test"
git config --global init.defaultBranch main
srv=$T/srv/airlock-test
mkdir -p "$srv"

upstream_seed() {
	local work=$T/seed-$1
	git init -q "$work" && echo "$1" >"$work/README" && git -C "$work" add README &&
		git -C "$work" commit -qm "seed $1" &&
		git clone -q --bare "$work" "$srv/$1.git" &&
		git -C "$srv/$1.git" config http.receivepack true &&
		rm -rf "$work"
}

# Incompressible content in one uncompressed pack: the upstream only streams it.
upstream_seed_big() {
	local work=$T/seed-$1
	git init -q "$work" &&
		head -c "$(($2 * 1024 * 1024))" /dev/urandom >"$work/random.bin" &&
		git -C "$work" -c core.compression=0 add random.bin &&
		git -C "$work" commit -qm "$2 MiB of random bytes" &&
		git -c core.compression=0 -c pack.compression=0 clone -q --bare "$work" "$srv/$1.git" &&
		git -C "$srv/$1.git" -c pack.compression=0 repack -q -a -d &&
		git -C "$srv/$1.git" config http.receivepack true &&
		rm -rf "$work"
}

upstream_tally() {
	awk '{ n++ } / creq=1 / { new++; if (/ tls=r/) resumed++ } END { printf "%d %d %d\n", n, new, resumed }'
}

upstream_start() {
	local workers=${1:-8} user_line= buffering=${UPSTREAM_FASTCGI_BUFFERING:-on}
	case $buffering in
	on | off) ;;
	*) fatal "UPSTREAM_FASTCGI_BUFFERING is '$buffering': it is on or off" ;;
	esac
	upstream_port=$(free_port)
	mkdir -p "$T/nginx/tmp"
	setsid fcgiwrap -c "$workers" -s "unix:$T/fcgiwrap.sock" >"$T/fcgiwrap.log" 2>&1 &
	pids+=($!)
	groups+=($!)
	[ "$(id -u)" = 0 ] && user_line="user root root;"
	sed -e "s|@T@|$T|g" -e "s|@PORT@|$upstream_port|g" -e "s|@BASIC@|$upstream_basic|g" -e "s|@GHE_BASIC@|$ghe_basic|g" \
		-e "s|@USER@|$user_line|g" -e "s|@BUFFERING@|$buffering|g" >"$T/nginx.conf" <<'EOF'
@USER@
worker_processes 1;
error_log @T@/nginx/error.log warn;
events { worker_connections 4096; }
http {
	log_format loop '$request_method $request_uri $status $body_bytes_sent auth=$upstream_auth in=$request_length rid=$http_x_request_id time=$request_time conn=$connection creq=$connection_requests tls=$ssl_session_reused';
	access_log @T@/nginx/access.log loop;
	client_body_temp_path @T@/nginx/tmp/body;
	fastcgi_temp_path @T@/nginx/tmp/fastcgi;
	proxy_temp_path @T@/nginx/tmp/proxy;
	uwsgi_temp_path @T@/nginx/tmp/uwsgi;
	scgi_temp_path @T@/nginx/tmp/scgi;
	# Short, so the tests see an upstream that has closed idle connections.
	keepalive_timeout 2s;
	# Exactly each host's own credential, compared case-sensitively;
	# plain.test takes a request with no Authorization at all.
	map "$host|$http_authorization" $upstream_auth {
		"~^github\.com\|Basic @BASIC@$" ok;
		"~^ghe\.test\|Basic @GHE_BASIC@$" ok;
		"plain.test|" ok;
		default bad;
	}
	server {
		listen 127.0.0.1:@PORT@ ssl;
		server_name github.com ghe.test plain.test;
		ssl_certificate @T@/server.pem;
		ssl_certificate_key @T@/server.key;
		# As GitHub does; Debian 12's nginx offers no TLS 1.3 by default,
		# and libcurl resumes no TLS 1.2 session without a server cache.
		ssl_protocols TLSv1.2 TLSv1.3;
		client_max_body_size 0;
		location ~ "^/[A-Za-z0-9-]+/[A-Za-z0-9._-]+\.git/(info/refs|git-upload-pack|git-receive-pack)$" {
			if ($upstream_auth != ok) {
				add_header WWW-Authenticate 'Basic realm="upstream"' always;
				return 401 "upstream: bad credentials\n";
			}
			include /etc/nginx/fastcgi_params;
			fastcgi_param SCRIPT_FILENAME /usr/lib/git-core/git-http-backend;
			fastcgi_param GIT_PROJECT_ROOT @T@/srv;
			fastcgi_param GIT_HTTP_EXPORT_ALL 1;
			fastcgi_param PATH_INFO $uri;
			fastcgi_param REMOTE_USER x-access-token;
			fastcgi_request_buffering off;
			fastcgi_buffering @BUFFERING@;
			fastcgi_max_temp_file_size 0;
			fastcgi_read_timeout 600s;
			fastcgi_pass unix:@T@/fcgiwrap.sock;
		}
		location / { return 404 "upstream: no such path\n"; }
	}
}
EOF
	# A base64 credential may hold "+", a regex operator: escape it.
	sed -i -e '/|Basic /s|+|\\+|g' "$T/nginx.conf"
	nginx -e "$T/nginx/error.log" -p "$T/nginx" -c "$T/nginx.conf" -g "daemon off; pid $T/nginx/nginx.pid;" \
		>"$T/nginx/stdout.log" 2>&1 &
	pids+=($!)
	local _
	for _ in $(seq 50); do
		curl -sk -o /dev/null "https://127.0.0.1:$upstream_port/" && return 0
		sleep 0.1
	done
	fatal "the upstream nginx did not answer on 127.0.0.1:$upstream_port (see $T/nginx/error.log)"
}
