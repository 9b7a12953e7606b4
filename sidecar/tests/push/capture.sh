#!/bin/sh
# Captures real git-receive-pack request bodies: real git pushes over smart
# HTTP to a throwaway git http-backend behind a tiny Python CGI front that
# saves every receive-pack POST body as OUT/body-NNN. Needs git, python3,
# ssh-keygen and gpg; loopback only, everything in a temporary directory.
#   tests/push/capture.sh OUTDIR
# The .req files beside this script are such bodies from git 2.39.5, each
# named after the label printed for it ("create again" is not kept). Push
# certificate nonces and timestamps differ from run to run.
set -eu
OUT=$(cd "${1:?usage: capture.sh OUTDIR}" && pwd)
D=$(mktemp -d)
trap 'kill $SRV 2>/dev/null; rm -rf "$D"' EXIT
SRV=
mkdir -p "$D/srv" "$D/home"
cat >"$D/server.py" <<'PY'
import http.server, itertools, os, subprocess, sys
ROOT, OUT, PORTFILE = sys.argv[1], sys.argv[2], sys.argv[3]
counter = itertools.count(1)
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def handle_any(self):
        path, _, query = self.path.partition("?")
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.command == "POST" and path.endswith("git-receive-pack"):
            with open(os.path.join(OUT, "body-%03d" % next(counter)), "wb") as f:
                f.write(body)
        env = dict(os.environ, GIT_PROJECT_ROOT=ROOT, GIT_HTTP_EXPORT_ALL="1",
                   REQUEST_METHOD=self.command, PATH_INFO=path, QUERY_STRING=query,
                   CONTENT_TYPE=self.headers.get("Content-Type", ""),
                   CONTENT_LENGTH=str(len(body)), REMOTE_ADDR="127.0.0.1", REMOTE_USER="t")
        out = subprocess.run(["git", "http-backend"], input=body, env=env,
                             capture_output=True).stdout
        head, _, rest = out.partition(b"\r\n\r\n")
        status, hdrs = 200, []
        for line in head.split(b"\r\n"):
            k, _, v = line.decode().partition(":")
            if k.lower() == "status":
                status = int(v.split()[0])
            elif k:
                hdrs.append((k, v.strip()))
        self.send_response(status)
        for k, v in hdrs:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(rest)))
        self.end_headers()
        self.wfile.write(rest)
    do_GET = do_POST = handle_any
    def log_message(self, *a):
        pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
with open(PORTFILE, "w") as f:
    f.write(str(srv.server_address[1]))
srv.serve_forever()
PY
export HOME="$D/home" GIT_CONFIG_NOSYSTEM=1 GNUPGHOME="$D/home/gnupg"
export GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=A GIT_COMMITTER_EMAIL=a@example.org
export GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
git config --global init.defaultBranch main
git config --global protocol.version 0
for r in sha1 sha256; do
	git init -q --bare --object-format=$r "$D/srv/$r.git"
	git -C "$D/srv/$r.git" config http.receivepack true
	git -C "$D/srv/$r.git" config receive.advertisePushOptions true
	git -C "$D/srv/$r.git" config receive.certNonceSeed seed
	git -C "$D/srv/$r.git" config receive.shallowUpdate true
done
python3 "$D/server.py" "$D/srv" "$OUT" "$D/port" & SRV=$!
while [ ! -s "$D/port" ]; do sleep 0.1; done
U=http://127.0.0.1:$(cat "$D/port")
say() { echo "body-$(printf %03d "$(ls "$OUT" | grep -c '^body-')"): $*"; }

git init -q "$D/c1"; cd "$D/c1"
echo one >a; git add a; git commit -qm one
git push -q $U/sha1.git main; say create
echo two >>a; git commit -qam two; git tag -a -m v1 v1.0; git branch feature/x
git push -q $U/sha1.git main v1.0 feature/x; say update-tag-branch
echo three >>a; git commit -qam three
git push -q -o ci.skip -o "merge_request.title=hello world" $U/sha1.git main; say push-options
git push -q $U/sha1.git :refs/heads/feature/x; say delete
git push -q $U/sha1.git feature/x; say create again
git push -q -o reason=cleanup $U/sha1.git :feature/x; say delete-push-option
git checkout -q -b b2; echo b2 >b; git add b; git commit -qm b2
git push -q --atomic $U/sha1.git b2 main:refs/heads/other; say atomic
ssh-keygen -q -t ed25519 -N '' -C test -f "$D/home/sshkey"
git -c gpg.format=ssh -c user.signingkey="$D/home/sshkey" push -q --signed $U/sha1.git b2:refs/heads/signed
say cert-ssh
mkdir -m 700 "$GNUPGHOME"
gpg -q --batch --passphrase '' --quick-gen-key 'Test <t@example.org>' ed25519 sign never 2>/dev/null
git checkout -q main; echo four >>a; git commit -qam four
git -c user.signingkey=t@example.org push -q --signed -o ci.skip $U/sha1.git main HEAD:refs/heads/signed2
say cert-gpg-push-options
git clone -q --depth 1 $U/sha1.git "$D/c2"; cd "$D/c2"
echo shallow >>a; git commit -qam shallow
git push -q origin HEAD:refs/heads/from-shallow; say shallow
git init -q --object-format=sha256 "$D/c3"; cd "$D/c3"
echo x >x; git add x; git commit -qm x
git push -q $U/sha256.git main; say sha256-create
echo y >>x; git commit -qam y
git push -q -o opt $U/sha256.git main main:refs/heads/copy; say sha256-update-push-option
git push -q $U/sha256.git :refs/heads/copy; say sha256-delete
git clone -q --depth 1 $U/sha256.git "$D/c4"; cd "$D/c4"
echo z >>x; git commit -qam z
git push -q origin HEAD:refs/heads/s256-shallow; say sha256-shallow
git -c gpg.format=ssh -c user.signingkey="$D/home/sshkey" push -q --signed origin HEAD:refs/heads/s256-signed
say sha256-shallow-cert-ssh
