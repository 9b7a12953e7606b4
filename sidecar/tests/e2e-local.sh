#!/bin/bash
# e2e-local.sh: gitproxy end to end on loopback, no containers.
#
# The upstream is lib-upstream.sh's TLS fake GitHub on 127.0.0.1; gitproxy
# reaches it with -C github.com:443:127.0.0.1:PORT and -a CA, so TLS still
# verifies the name github.com. Real git then clones, fetches and pushes
# through gitproxy with a credential helper that gives the session secret.
#
# Prints TAP. Every process it starts is stopped by PID on exit, and the
# temporary directory removed (KEEP_TMP=1 keeps it). Needs nginx-light,
# fcgiwrap, git, openssl, curl (./images/setup-host.sh).
# E2E_BIG_MB (default 200) sizes the repository cloned for peak RSS.
set -u
prog=e2e-local
here=$(cd "$(dirname "$0")" && pwd)
gitproxy=${GITPROXY:-$here/../build/gitproxy}
gen_configs=${GEN_CONFIGS:-$here/../../gen-configs/gen-configs}
airlock_ctl=$(dirname "$gitproxy")/airlock-ctl
big_mb=${E2E_BIG_MB:-200}
rss_limit_kib=$((16 * 1024))

[ -x "$gitproxy" ] || { echo "$prog: fatal: $gitproxy is not built (make -C sidecar)" >&2; exit 111; }
[ -x "$gen_configs" ] || { echo "$prog: fatal: $gen_configs is not built (make -C gen-configs)" >&2; exit 111; }
# shellcheck source=lib-upstream.sh
. "$here/lib-upstream.sh"
# shellcheck source=lib-e2e.sh
. "$here/lib-e2e.sh"

# ---- the session secret and gitproxy's policy ----
# gitproxy.json comes from gen-configs, as in the sidecar.
mkdir "$T/allowlist.d"
cat >"$T/allowlist.d/10-e2e.conf" <<'EOF'
git-host github.com token=github_token id=github
repo airlock-test/allowed           id=e2e-allowed
repo airlock-test/big               id=e2e-big
repo airlock-test/small             id=e2e-small
repo airlock-test/guarded           id=e2e-guarded
repo airlock-test/agentonly         id=e2e-agentonly
repo airlock-test/mirror            id=e2e-mirror-scope
repo airlock-test/unborn            id=e2e-unborn
repo airlock-test/empty             id=e2e-empty
# The suite's own pushes to allowed's main, tags and deletions; guarded
# keeps the built-in push policy.
push allow refs/heads/main repo=airlock-test/allowed            id=e2e-main
push allow refs/tags/e2e-* repo=airlock-test/allowed            id=e2e-tags
push allow-delete refs/heads/e2e-* repo=airlock-test/allowed    id=e2e-delete
push allow refs/heads/agent/* repo=airlock-test/agentonly       id=e2e-agent-only
push read-only repo=airlock-test/mirror                         id=e2e-mirror
EOF
generate() { # generate: allowlist.d -> $T/gitproxy.json
	rm -rf "$T/gen" && mkdir "$T/gen" && "$gen_configs" "$T/allowlist.d" "$T/gen" 2>"$T/gen.err" && cp "$T/gen/gitproxy.json" "$T/gitproxy.json"
}
generate || fatal "gen-configs refused the e2e allowlist: $(cat "$T/gen.err")"

upstream_seed allowed && upstream_seed forbidden && upstream_seed small &&
	upstream_seed guarded && upstream_seed agentonly && upstream_seed mirror && upstream_seed unborn &&
	upstream_seed_big big "$big_mb" || fatal "unable to make the upstream repositories"
# guarded's default branch is trunk (its HEAD), not one of the built-in names;
# it takes signed pushes and push options. unborn's HEAD names a branch it
# does not have; empty has no commit at all.
git -C "$srv/guarded.git" branch trunk main &&
	git -C "$srv/guarded.git" symbolic-ref HEAD refs/heads/trunk &&
	git -C "$srv/guarded.git" config receive.certNonceSeed e2e-seed &&
	git -C "$srv/guarded.git" config receive.advertisePushOptions true &&
	git -C "$srv/unborn.git" symbolic-ref HEAD refs/heads/develop &&
	git init -q --bare "$srv/empty.git" && git -C "$srv/empty.git" config http.receivepack true ||
	fatal "unable to set up the guarded, unborn and empty repositories"
upstream_start
proxy_port=$(free_port)

# ---- gitproxy, ready when it writes to the notification fd ----
mkdir -m 0700 "$T/control"
if gitproxy_start gitproxy "$T/gitproxy.json" "$proxy_port" -S "$T/control/gitproxy.sock"; then
	ok "gitproxy signals readiness on the notification fd"
else
	not_ok "gitproxy signals readiness on the notification fd"
	sed 's/^/# /' "$T/gitproxy.err"
	fatal "gitproxy did not start"
fi

# A burst of clients (a CI job's parallel clones) waits in the listen backlog
# while the loop is busy; a backlog below the connections limit drops their
# SYNs, and each dropped client waits out a 1 s retransmit, then 3 s, 7 s.
# For a listening socket ss's Send-Q is its backlog.
backlog=$(ss -Hltn "sport = :$proxy_port" | awk '{ print $3; exit }')
check "the listen backlog (${backlog:-none}) holds a burst as large as the connections limit (256)" \
	test "${backlog:-0}" -ge 256

base=http://127.0.0.1:$proxy_port/git/github.com
# git as the sandbox runs it: github.com rewritten to gitproxy, the session
# secret from a credential helper.
sgit() {
	git -c "url.$base/.insteadOf=https://github.com/" \
		-c "credential.helper=!f() { test \"\$1\" = get && echo username=airlock && echo password=\$(cat '$T/session'); }; f" \
		"$@"
}
status_of() { # status_of URL [curl options...]: the HTTP status only
	local url=$1
	shift
	curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' "$@" "$url"
}

# ---- clone, fetch, push ----
check "clone with protocol v2" sgit -c protocol.version=2 clone -q https://github.com/airlock-test/allowed.git "$T/v2"
check "clone with protocol v0" sgit -c protocol.version=0 clone -q https://github.com/airlock-test/allowed.git "$T/v0"
check "the clone has the upstream's commit" grep -qx allowed "$T/v2/README"

echo change >>"$T/v2/README"
git -C "$T/v2" commit -qam "small change"
check "push a small commit" sgit -C "$T/v2" push -q origin main
head -c $((3 * 1024 * 1024)) /dev/urandom >"$T/v2/blob3m"
git -C "$T/v2" add blob3m && git -C "$T/v2" commit -qm "3 MiB of random bytes"
check "push 3 MiB (chunked request body)" sgit -C "$T/v2" push -q origin main
grep -q 'POST /airlock-test/allowed.git/git-receive-pack 200' "$T/nginx/access.log" ||
	echo "# the upstream log shows no successful receive-pack"
check "the upstream has the pushed commit" test "$(git -C "$srv/allowed.git" rev-parse main)" = "$(git -C "$T/v2" rev-parse HEAD)"
check "the push's audit record lists its ref update and the rule that allowed it" grep -q \
	'"service":"git-receive-pack".*"push":"allowed","refs":\[{"update":"update","ref":"refs/heads/main","decision":"allowed","rule":"e2e-main"}\],"ref_updates":1,"refs_omitted":0' \
	"$T/gitproxy.out"
sgit -C "$T/v2" push -q origin main:refs/heads/e2e-new main:refs/tags/e2e-tag >/dev/null 2>&1
check "a push of two refs: both creates in the audit record" \
	grep -q '"refs":\[{"update":"create","ref":"refs/heads/e2e-new","decision":"allowed","rule":"default-push-branches"},{"update":"create","ref":"refs/tags/e2e-tag","decision":"allowed","rule":"e2e-tags"}\],"ref_updates":2' "$T/gitproxy.out"
sgit -C "$T/v2" push -q origin :refs/heads/e2e-new >/dev/null 2>&1
check "a delete-only push (no pack) allowed by allow-delete is in the audit record" \
	grep -q '"refs":\[{"update":"delete","ref":"refs/heads/e2e-new","decision":"allowed","rule":"e2e-delete"}\],"ref_updates":1' "$T/gitproxy.out"
check "fetch (v2) sees the pushed commit" sgit -C "$T/v0" -c protocol.version=2 fetch -q origin
check "fetched head matches" test "$(git -C "$T/v0" rev-parse origin/main)" = "$(git -C "$T/v2" rev-parse HEAD)"
check "fetch (v0) is up to date" sgit -C "$T/v0" -c protocol.version=0 fetch -q origin
sgit ls-remote https://github.com/airlock-test/allowed.git >"$T/ls-remote" 2>&1
check "ls-remote lists main" grep -q refs/heads/main "$T/ls-remote"
# The upstream closes keep-alive connections idle for 2 s. gitproxy's cache
# then holds many connections the upstream has closed (libcurl 7.88 takes
# them for live ones); each ls-remote (v2: a GET, then a POST) must still
# work: a request that fails on one before any answer is sent again.
ls_remote_many() { # ls_remote_many N: N at once; prints how many failed
	local i failed=0
	local -a clients=()
	for i in $(seq "$1"); do
		sgit -c protocol.version=2 ls-remote https://github.com/airlock-test/allowed.git >/dev/null 2>&1 &
		clients+=($!)
	done
	for i in "${clients[@]}"; do wait "$i" || failed=$((failed + 1)); done
	echo "$failed"
}
ls_remote_many 20 >/dev/null
sleep 3
burst_from=$(($(wc -l <"$T/nginx/access.log") + 1))
check "after the upstream closed 20 idle connections: 20 ls-remote at once all work" test "$(ls_remote_many 20)" = 0
# The upstream's log says whether each new connection (creq=1) resumed a
# TLS session (tls=r). libcurl alone uses a TLS 1.3 ticket once and keeps
# two, so of a burst of new connections two at most would resume.
read -r _ burst_new burst_resumed <<<"$(tail -n "+$burst_from" "$T/nginx/access.log" | upstream_tally)"
check "control: gitproxy's first upstream connection was a full TLS handshake" sh -c \
	"grep ' rid=[0-9a-f]' '$T/nginx/access.log' | head -1 | grep -q ' creq=1 tls=\.$'"
check "the burst opened new upstream connections ($burst_new) and every one resumed the TLS session" \
	test "$burst_new" -ge 5 -a "$burst_resumed" = "$burst_new"
check "the audit record of each request on a new upstream connection has its connect time, and only those" python3 -c '
import json, re, sys
creq = {}
for line in open(sys.argv[2]):
    m = re.search(r" rid=([0-9a-f]{16}) .* creq=([0-9]+) ", line)
    if m:
        creq[m.group(1)] = int(m.group(2))
new = kept = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["request_id"] not in creq:
        continue
    on_new = creq[r["request_id"]] == 1
    assert on_new == ("upstream_connect_ms" in r), (r, creq[r["request_id"]])
    new, kept = new + on_new, kept + (not on_new)
assert new > 0 and kept > 0, (new, kept)
' "$T/gitproxy.out" "$T/nginx/access.log"
echo "# requests sent again after a closed connection: $(grep -c 'sent again on a new one' "$T/gitproxy.err")"
echo idle >>"$T/v2/README"
git -C "$T/v2" commit -qam "after idle"
sleep 3
check "after the upstream closed idle connections: push" sgit -C "$T/v2" push -q origin main


# ---- push policy: each refusal after its positive control ----
# The refs are read on the upstream side (the bare repositories), never
# through gitproxy; "nothing reached the upstream" is read in its access log.
upstream_ref() { git -C "$srv/$1.git" rev-parse -q --verify "$2" 2>/dev/null || echo none; }
receive_posts() { grep -c "^POST /airlock-test/$1.git/git-receive-pack " "$T/nginx/access.log"; }
sgit clone -q https://github.com/airlock-test/guarded.git "$T/g" >/dev/null 2>&1 || fatal "unable to clone guarded"
git -C "$T/g" checkout -q -b agent/one
echo agent >"$T/g/agent.txt" && git -C "$T/g" add agent.txt && git -C "$T/g" commit -qm "agent work"
check "push policy, positive control: a new agent/ branch is pushed" sgit -C "$T/g" push -q origin agent/one
check "... and the upstream has it" test "$(upstream_ref guarded agent/one)" = "$(git -C "$T/g" rev-parse HEAD)"
# refused_push NAME GIT-PUSH-ARGS...: the push fails; its output in $T/NAME.log.
refused_push() {
	local name=$1 before
	shift
	before=$(receive_posts guarded)
	if sgit -C "$T/g" push "$@" >"$T/$name.log" 2>&1; then
		echo "# git push $* succeeded"
		return 1
	fi
	[ "$(receive_posts guarded)" = "$before" ] || { echo "# a receive-pack POST reached the upstream"; return 1; }
}
main_before=$(upstream_ref guarded main)
check "push to main is refused, and nothing reaches the upstream" refused_push main origin HEAD:main
check "git shows the remote: line naming the rule and how to allow it" grep -q \
	"^remote: airlock: refs/heads/main: denied by rule default-protect-main (built-in): refs/heads/main is a protected branch; to let the sandbox push it, add \"push allow refs/heads/main repo=airlock-test/guarded\" to allowlist.d" \
	"$T/main.log"
check "git shows ! [remote rejected] with the rule" grep -q \
	'^ ! \[remote rejected\] HEAD -> main (denied by airlock rule default-protect-main)$' "$T/main.log"
check "main is unchanged upstream" test "$(upstream_ref guarded main)" = "$main_before"
check "a forced push to main is refused too" refused_push force -f origin HEAD:main
check "... by the same rule" grep -q 'HEAD -> main (denied by airlock rule default-protect-main)' "$T/force.log"
trunk_before=$(upstream_ref guarded trunk)
check "push to the upstream's default branch (HEAD: trunk) is refused" refused_push head origin HEAD:trunk
check "... by default-protect-head, named in git's output" grep -q \
	'HEAD -> trunk (denied by airlock rule default-protect-head)' "$T/head.log"
check "trunk is unchanged upstream" test "$(upstream_ref guarded trunk)" = "$trunk_before"
git -C "$T/g" tag v9.9.9
check "a tag push is refused" refused_push tag origin v9.9.9
check "... by default-push-tags" grep -q '\[remote rejected\] v9.9.9 -> v9.9.9 (denied by airlock rule default-push-tags)' "$T/tag.log"
check "no tag reached the upstream" test "$(upstream_ref guarded refs/tags/v9.9.9)" = none
check "a deletion is refused" refused_push delete origin :agent/one
check "... by default-push-delete" grep -q 'agent/one (denied by airlock rule default-push-delete)' "$T/delete.log"
check "the branch is still there upstream" test "$(upstream_ref guarded agent/one)" != none
check "deleting main is refused by main's protection" refused_push delete-main origin :main
check "... named in git's output" grep -q 'main (denied by airlock rule default-protect-main)' "$T/delete-main.log"
git -C "$T/g" checkout -q -b agent/two
echo two >>"$T/g/agent.txt" && git -C "$T/g" commit -qam "more agent work"
check "a mixed push (agent/two and main) is refused whole" refused_push mixed origin agent/two HEAD:main
check "... main's line names its rule" grep -q 'HEAD -> main (denied by airlock rule default-protect-main)' "$T/mixed.log"
check "... agent/two's line says another ref was refused" \
	grep -q 'agent/two -> agent/two (another ref in this push was refused)' "$T/mixed.log"
check "... and agent/two did not reach the upstream" test "$(upstream_ref guarded agent/two)" = none
check "an --atomic mixed push is refused the same way" refused_push atomic --atomic origin agent/two HEAD:main
check "... both lines say why" sh -c "grep -q 'HEAD -> main (denied by airlock rule default-protect-main)' '$T/atomic.log' &&
	grep -q 'agent/two -> agent/two (another ref in this push was refused)' '$T/atomic.log'"
check "a push with --push-option to main is refused" refused_push option -o ci.skip origin HEAD:main
check "... by the same rule" grep -q 'HEAD -> main (denied by airlock rule default-protect-main)' "$T/option.log"
check "a push with --push-option to an agent branch goes through" sgit -C "$T/g" push -q -o ci.skip origin agent/two
check "... and lands" test "$(upstream_ref guarded agent/two)" = "$(git -C "$T/g" rev-parse HEAD)"
ssh-keygen -q -t ed25519 -N '' -C e2e -f "$T/home/signing" || fatal "ssh-keygen failed"
# with_signing CMD...: CMD with git signing pushes by an SSH key.
with_signing() {
	GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=gpg.format GIT_CONFIG_VALUE_0=ssh \
		GIT_CONFIG_KEY_1=user.signingkey GIT_CONFIG_VALUE_1="$T/home/signing" "$@"
}
check "a signed push (push certificate) to main is refused" with_signing refused_push signed-main --signed origin HEAD:main
check "... by the same rule" grep -q 'HEAD -> main (denied by airlock rule default-protect-main)' "$T/signed-main.log"
git -C "$T/g" checkout -q -b agent/signed
check "a signed push to an agent branch goes through" with_signing sgit -C "$T/g" push -q --signed origin agent/signed
check "... and lands" test "$(upstream_ref guarded agent/signed)" = "$(git -C "$T/g" rev-parse HEAD)"
long=agent/$(for i in 1 2 3 4; do printf 'l%.0s' $(seq 220); printf /; done)x
git -C "$T/g" branch "$long"
check "a push of a ${#long}-byte branch name beside main is refused" refused_push long origin "$long" HEAD:main
check "... main's refusal is in its audit record, not hidden by the long name" python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
push = [r for r in recs if r.get("push") == "refused" and r.get("ref_updates") == 2 and
        any(x["ref"].startswith("refs/heads/agent/lll") for x in r["refs"])][-1]
assert push["refs"][0] == {"update": "update", "ref": "refs/heads/main", "decision": "refused",
                           "rule": "default-protect-main"}, push["refs"]
assert push["refs"][1]["ref"].endswith("...(+%d bytes)" % (len(sys.argv[2]) + 11 - 256)), push["refs"][1]
assert push["rule"] == "default-protect-main" and push["status"] == 200, push
' "$T/gitproxy.out" "$long"

# A refusal of many refs is a reply longer than gitproxy's out buffer.
for i in $(seq 400); do printf 'create refs/tags/many-%s HEAD\n' "$i"; done | git -C "$T/g" update-ref --stdin
check "a push of 400 tags is refused" refused_push many origin 'refs/tags/many-*:refs/tags/many-*'
check "... every one of them in git's output, with its rule" \
	test "$(grep -c 'many-[0-9]* -> many-[0-9]* (denied by airlock rule default-push-tags)' "$T/many.log")" = 400

# Allow rules name the branches; read-only repositories take no push at all.
sgit clone -q https://github.com/airlock-test/agentonly.git "$T/a" >/dev/null 2>&1 || fatal "unable to clone agentonly"
git -C "$T/a" checkout -q -b agent/x && git -C "$T/a" commit -q --allow-empty -m x
check "allow refs/heads/agent/*: agent/x is pushed" sgit -C "$T/a" push -q origin agent/x
if sgit -C "$T/a" push origin agent/x:refs/heads/feature >"$T/unlisted.log" 2>&1; then
	not_ok "allow refs/heads/agent/*: a branch outside it is refused"
else
	ok "allow refs/heads/agent/*: a branch outside it is refused"
fi
check "... by default-push-unlisted, which names the allowed pattern" sh -c "
	grep -q 'agent/x -> feature (denied by airlock rule default-push-unlisted)' '$T/unlisted.log' &&
	grep -q 'remote: airlock: refs/heads/feature: .*refs/heads/agent/\\*' '$T/unlisted.log'"
check "a read-only repository clones" sgit clone -q https://github.com/airlock-test/mirror.git "$T/m"
git -C "$T/m" checkout -q -b agent/x && git -C "$T/m" commit -q --allow-empty -m x
mirror_posts=$(receive_posts mirror)
if sgit -C "$T/m" push origin agent/x >"$T/mirror.log" 2>&1; then
	not_ok "a read-only repository takes no push"
else
	ok "a read-only repository takes no push"
fi
check "... refused by its rule, and nothing reached the upstream" sh -c "
	grep -q 'agent/x -> agent/x (denied by airlock rule e2e-mirror)' '$T/mirror.log' &&
	grep -q 'remote: airlock: refs/heads/agent/x: denied by rule e2e-mirror (10-e2e.conf:[0-9]*): the repository is read-only' '$T/mirror.log' &&
	[ $(receive_posts mirror) = $mirror_posts ] && [ $(upstream_ref mirror agent/x) = none ]"
# A probe of the default branch on a connection the upstream closed while
# it sat idle is sent again, like any request (else the push is refused).
# Concurrent requests first fill the connection cache the probe draws on.
ls_remote_many 8 >/dev/null
sleep 3
git -C "$T/g" checkout -q -b agent/after-idle
check "after the upstream closed idle connections, a push that needs the default branch goes through" \
	sgit -C "$T/g" push -q origin agent/after-idle
check "no default-branch probe failed" sh -c "! grep 'default branch of .* unknown: the probe failed' '$T/gitproxy.err'"

# The default branch as the upstream has it now, and when it cannot be told.
git -C "$srv/guarded.git" symbolic-ref HEAD refs/heads/agent/two
sleep 2.2
git -C "$T/g" checkout -q agent/two && git -C "$T/g" commit -q --allow-empty -m "to the new default"
check "the upstream's default branch moved to agent/two: a push to it is refused at once" refused_push moved origin agent/two
check "... by default-protect-head" grep -q 'agent/two -> agent/two (denied by airlock rule default-protect-head)' "$T/moved.log"
git -C "$srv/guarded.git" symbolic-ref HEAD refs/heads/trunk
git -C "$T/g" remote add unborn https://github.com/airlock-test/unborn.git
if sgit -C "$T/g" push unborn HEAD:refs/heads/agent/u >"$T/unborn.log" 2>&1; then
	not_ok "a repository whose HEAD names a branch it does not have: no branch is pushed (its default branch is unknown)"
else
	ok "a repository whose HEAD names a branch it does not have: no branch is pushed (its default branch is unknown)"
fi
check "... refused by default-protect-head, saying why" sh -c "
	grep -q 'HEAD -> agent/u (denied by airlock rule default-protect-head)' '$T/unborn.log' &&
	grep -q 'remote: airlock: .*names a branch it does not have' '$T/unborn.log' && [ $(upstream_ref unborn agent/u) = none ]"
git -C "$T/g" remote add empty https://github.com/airlock-test/empty.git
check "an empty repository (no default branch yet) takes its first branch" sgit -C "$T/g" push -q empty HEAD:refs/heads/agent/first
check "... which lands" test "$(upstream_ref empty agent/first)" = "$(git -C "$T/g" rev-parse HEAD)"
# A push of more refs than gitproxy holds is refused in git's terms too.
for i in $(seq 1001); do printf 'create refs/heads/agent/bulk-%s HEAD\n' "$i"; done | git -C "$T/g" update-ref --stdin
check "a push of 1001 branches (more than gitproxy reads before forwarding) is refused" \
	refused_push bulk origin 'refs/heads/agent/bulk-*:refs/heads/agent/bulk-*'
check "... with git's own lines naming rule push-request and the bound" sh -c "
	grep -q 'remote: airlock: refs/heads/agent/bulk-[0-9]*: denied by rule push-request (built-in): the push has more ref updates than gitproxy reads before forwarding' '$T/bulk.log' &&
	grep -q 'agent/bulk-[0-9]* -> agent/bulk-[0-9]* (denied by airlock rule push-request)' '$T/bulk.log' &&
	[ $(upstream_ref guarded agent/bulk-1) = none ]"

# A refused push with a big body: its pack is read and dropped, the refusal
# still reaches git, and the connection serves the next request.
head -c $((3 * 1024 * 1024)) /dev/urandom >"$T/g/blob3m"
git -C "$T/g" checkout -q agent/two && git -C "$T/g" add blob3m && git -C "$T/g" commit -qm "3 MiB"
check "a refused 3 MiB push (chunked body) is answered after its pack is drained" refused_push big origin HEAD:main
check "... with git's own rejection line" grep -q 'HEAD -> main (denied by airlock rule default-protect-main)' "$T/big.log"
# A client that resets right after the upstream answered its push: one record.
git -C "$srv/allowed.git" branch e2e-reset main
rid=$(python3 "$here/clients/push-then-reset.py" "$proxy_port" "$(printf 'airlock:%s' "$session" | base64 -w0)" \
	/git/github.com/airlock-test/allowed.git/git-receive-pack "$(upstream_ref allowed main)" refs/heads/e2e-reset)
sleep 0.5
check "a push whose client resets after the upstream answered ends in exactly one record ($rid)" \
	test "$(grep -c "\"request_id\":\"$rid\"" "$T/gitproxy.out")" = 1
check "... and the allowed delete reached the upstream" test "$(upstream_ref allowed e2e-reset)" = none
check "git's probe before the big push (no ref updates) was answered by gitproxy, not the upstream" \
	grep -q '"repo":"guarded","service":"git-receive-pack","status":200.*"push":"empty"' "$T/gitproxy.out"

# ---- denials ----
info=info/refs?service=git-upload-pack
code=$(status_of "$base/airlock-test/allowed.git/$info")
check "no credential: 401" test "$code" = 401
check "401 asks for Basic realm=airlock" grep -qi '^WWW-Authenticate: Basic realm="airlock"' "$T/headers"
code=$(status_of "$base/airlock-test/allowed.git/$info" -u "airlock:wrong$session")
check "wrong session secret: 401" test "$code" = 401
code=$(status_of "$base/airlock-test/allowed.git/$info" -u "airlock:$token")
check "the upstream token is not a session credential: 401" test "$code" = 401
code=$(status_of "$base/airlock-test/forbidden.git/$info" -u "airlock:$session")
check "repository out of scope: 403" test "$code" = 403
check "403 body names the reason and rule" grep -q '^airlock: .*not in scope \[rule default-deny\]$' "$T/body"
if sgit clone https://github.com/airlock-test/forbidden.git "$T/forbidden" >"$T/forbidden.log" 2>&1; then
	not_ok "git clone of an out-of-scope repository is refused"
else
	ok "git clone of an out-of-scope repository is refused"
fi
check "git shows airlock's reason to the user" \
	grep -q '^remote: airlock: repository airlock-test/forbidden on github.com is not in scope' "$T/forbidden.log"
code=$(status_of "$base/airlock-test/../forbidden.git/$info" -u "airlock:$session" --path-as-is)
check "dot-dot segment: 404" test "$code" = 404
code=$(status_of "$base/airlock-test/%61llowed.git/$info" -u "airlock:$session")
check "percent-encoded name: 404" test "$code" = 404
code=$(status_of "http://127.0.0.1:$proxy_port/git/example.test/airlock-test/allowed.git/$info" -u "airlock:$session")
check "host not allowlisted: 403" test "$code" = 403
code=$(status_of "$base/airlock-test/allowed.git/$info" -u "airlock:$session" -X DELETE)
check "DELETE: 405" test "$code" = 405
code=$(status_of "$base/airlock-test/allowed.git/$info" -u "airlock:$session" -H "Content-Length: 0" -H "Transfer-Encoding: chunked")
check "Content-Length with Transfer-Encoding: 400" test "$code" = 400
code=$(status_of "$base/airlock-test/allowed.git/git-upload-pack" -u "airlock:$session" \
	-H "Content-Type: application/x-git-upload-pack-request" -H "Expect: 100-continue" --data-binary 0000)
check "POST with Expect: 100-continue is relayed" test "$code" = 200

code=$(status_of "$base/airlock-test/allowed.git/$info" -u "airlock:$session" --http1.0)
check "HTTP/1.0 client: 200" test "$code" = 200
check "HTTP/1.0 client: body delimited by the close, not chunked" \
	sh -c "! grep -qi '^Transfer-Encoding' '$T/headers' && grep -q '# service=git-upload-pack' '$T/body'"

# raw_exchange HALF_CLOSE REQUESTS: send REQUESTS in one write (and
# half-close when HALF_CLOSE is 1), print all gitproxy answers until it closes.
raw_exchange() {
	python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=15)
s.sendall(sys.argv[3].encode())
if sys.argv[2] == "1":
    s.shutdown(socket.SHUT_WR)
out = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    out += b
sys.stdout.write(out.decode("latin-1"))
' "$proxy_port" "$@"
}
crlf=$'\r\n'
cred="Authorization: Basic $(printf 'airlock:%s' "$session" | base64 -w0)$crlf"
get_allowed="GET /git/github.com/airlock-test/allowed.git/$info HTTP/1.1${crlf}Host: x$crlf$cred"
get_forbidden="GET /git/github.com/airlock-test/forbidden.git/$info HTTP/1.1${crlf}Host: x$crlf$cred"
raw_exchange 0 "$get_allowed$crlf${get_forbidden}Connection: close$crlf$crlf" >"$T/pipelined" 2>&1
grep -a '^HTTP/1.1 ' "$T/pipelined" | tr -d '\r' >"$T/pipelined.status"
check "pipelined requests are answered in order" \
	test "$(cat "$T/pipelined.status")" = "HTTP/1.1 200 OK"$'\n'"HTTP/1.1 403 Forbidden"
raw_exchange 1 "$get_allowed$crlf" >"$T/half-closed" 2>&1
check "a client that half-closes after its request still gets the whole response" \
	sh -c "grep -aq '^HTTP/1.1 200 OK' '$T/half-closed' && tail -c 5 '$T/half-closed' | od -An -c | tr -d ' ' | grep -qx '0\\\\r\\\\n\\\\r\\\\n'"

# ---- memory: clone a big incompressible repository ----
rss_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$gitproxy_pid/status"; }
# The peak so far is the tests' above (20 clients at once); from here it is
# the big clone's and push's own ("5" to clear_refs resets VmHWM to VmRSS).
if echo 5 2>/dev/null >"/proc/$gitproxy_pid/clear_refs"; then
	echo "# gitproxy peak RSS reset to its RSS now: $(rss_kib) KiB"
else
	echo "# gitproxy peak RSS not reset (clear_refs refused): it includes the tests above"
fi
start=$(date +%s.%N)
check "clone of a $big_mb MiB random-content repository" sgit clone -q --bare https://github.com/airlock-test/big.git "$T/big.git"
secs=$(echo "$start $(date +%s.%N)" | awk '{ printf "%.1f", $2 - $1 }')
peak=$(rss_kib)
echo "# big clone: $big_mb MiB in $secs s; gitproxy peak RSS (VmHWM) $((peak / 1024)) MiB ($peak KiB)"
check "gitproxy peak RSS stays within $((rss_limit_kib / 1024)) MiB" test "$peak" -le "$rss_limit_kib"
head -c $((64 * 1024 * 1024)) /dev/urandom >"$T/v2/blob64m"
git -C "$T/v2" add blob64m && git -C "$T/v2" -c core.compression=0 commit -qm "64 MiB of random bytes"
check "push 64 MiB" sgit -C "$T/v2" -c pack.compression=0 push -q origin main
peak=$(rss_kib)
echo "# after the 64 MiB push: gitproxy peak RSS $((peak / 1024)) MiB ($peak KiB)"
check "gitproxy peak RSS still within $((rss_limit_kib / 1024)) MiB" test "$peak" -le "$rss_limit_kib"

# Many clients at once (a small repository, so the test upstream's eight
# fcgiwrap workers keep up): every clone completes.
concurrent=${E2E_CONCURRENT:-50}
: >"$T/concurrent.rc"
clones=()
for i in $(seq "$concurrent"); do
	(sgit clone -q https://github.com/airlock-test/small.git "$T/c$i" >"$T/c$i.log" 2>&1; echo $? >>"$T/concurrent.rc") &
	clones+=($!)
done
wait "${clones[@]}"
check "$concurrent concurrent clones all succeed" test "$(grep -cx 0 "$T/concurrent.rc")" = "$concurrent"
peak=$(rss_kib)
echo "# after $concurrent concurrent clones: gitproxy peak RSS $((peak / 1024)) MiB ($peak KiB)"
grep -lv '^$' "$T"/c[0-9]*.log 2>/dev/null | head -n 3 | xargs -r tail -n 5 | sed 's/^/# /'
rm -rf "$T"/c[0-9]*

# ---- logs: one JSON line per request, never a secret ----
check "audit log is one JSON object per line" python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no audit lines"
for l in lines:
    json.loads(l)
' "$T/gitproxy.out"
check "a denial is logged with its rule" grep -q '"status":403.*"rule":"default-deny"' "$T/gitproxy.out"
check "neither the token nor the session secret is in gitproxy's output" \
	sh -c "! grep -qF -e '$token' -e '$session' -e '$upstream_basic' '$T/gitproxy.out' '$T/gitproxy.err'"

# ---- control socket (airlock-ctl) ----
ctl() { "$airlock_ctl" -s "$T/control/gitproxy.sock" -a "$T/apply" "$@"; }
cat >"$T/apply" <<EOF
#!/bin/sh
rm -rf "$T/gen" && mkdir "$T/gen" && "$gen_configs" "$T/allowlist.d" "$T/gen" && cp "$T/gen/gitproxy.json" "$T/gitproxy.json"
EOF
chmod +x "$T/apply"
ctl stats >"$T/ctl.out" 2>&1
check "airlock-ctl stats counts the requests served" grep -q '"requests":[1-9]' "$T/ctl.out"
check "airlock-ctl stats counts the upstream TLS handshakes, the first full and later ones resumed" python3 -c '
import json, sys
stats = json.loads(open(sys.argv[1]).read())
assert 0 < stats["upstream_tls_resumed"] < stats["upstream_tls_handshakes"], stats
' "$T/ctl.out"
audit_lines=$(wc -l <"$T/gitproxy.out")
check "airlock-ctl stats: no audit record dropped, and as many written as the log has lines ($audit_lines)" python3 -c '
import json, sys
stats = json.loads(open(sys.argv[1]).read())
assert stats["audit_dropped"] == 0, stats
assert stats["audit_records"] == int(sys.argv[2]), (stats["audit_records"], sys.argv[2])
' "$T/ctl.out" "$audit_lines"
check "airlock-ctl stats: pushes refused by policy counted, no request without its one record" python3 -c '
import json, sys
stats = json.loads(open(sys.argv[1]).read())
assert stats["pushes_refused"] >= 10 and stats["outcome_errors"] == 0, stats
ids = [json.loads(l)["request_id"] for l in open(sys.argv[2])]
assert len(ids) == len(set(ids)), "a request id twice in the audit"
' "$T/ctl.out" "$T/gitproxy.out"
ctl status >"$T/ctl.out" 2>&1
check "airlock-ctl status shows each limit and its rule" \
	grep -qF '"transfer-timeout":{"value":3600,"rule":"default-transfer-timeout"}' "$T/ctl.out"
printf 'limit request-burst 0\n' >"$T/allowlist.d/20-limits.conf"
rc=0
ctl reload >"$T/ctl.out" 2>&1 || rc=$?
check "airlock-ctl reload of a bad limit: exit 1, the file:line said" \
	sh -c "[ $rc = 1 ] && grep -q '20-limits.conf:1:21: error:' '$T/ctl.out'"
printf 'limit request-burst 5000 id=e2e-burst\n' >"$T/allowlist.d/20-limits.conf"
ctl reload >"$T/ctl.out" 2>&1
check "airlock-ctl reload of a good limit: gitproxy confirms it" grep -q 'gitproxy reloaded' "$T/ctl.out"
ctl status >"$T/ctl.out" 2>&1
check "the reloaded limit is in force" grep -qF '"request-burst":{"value":5000,"rule":"e2e-burst"}' "$T/ctl.out"
# A slow client pauses the download; when it resumes, gitproxy must read the
# response's last TLS records even though no more bytes reach the socket
# (OpenSSL read-ahead once left them buffered until the upstream closed the
# connection). With idle-timeout 1 s such a stall cuts the stream.
printf 'limit idle-timeout 1s id=e2e-idle\n' >"$T/allowlist.d/20-limits.conf"
ctl reload >"$T/ctl.out" 2>&1 || fatal "airlock-ctl reload of idle-timeout 1s failed: $(cat "$T/ctl.out")"
printf '0032want %s\n00000009done\n' "$(git -C "$srv/big.git" rev-parse main)" >"$T/want"
slow_stream() { # the big pack read at 40 MB/s: prints curl's exit code and the byte count
	local bytes rc=0
	bytes=$(curl -sS -o /dev/null --limit-rate 40M -w '%{size_download}' -u "airlock:$session" \
		-H "Content-Type: application/x-git-upload-pack-request" --data-binary @"$T/want" \
		"$base/airlock-test/big.git/git-upload-pack" 2>/dev/null) || rc=$?
	echo "$rc $bytes"
}
big_bytes=$((big_mb * 1024 * 1024))
for run in 1 2; do
	read -r rc bytes <<<"$(slow_stream)"
	check "a slow reader gets the whole pack, no stall at its end (run $run, idle-timeout 1 s)" \
		sh -c "[ $rc = 0 ] && [ ${bytes:-0} -gt $big_bytes ]"
done
rm "$T/allowlist.d/20-limits.conf"
ctl reload >"$T/ctl.out" 2>&1 || fatal "airlock-ctl reload back to the default limits failed: $(cat "$T/ctl.out")"
if command -v setpriv >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	# A process that reaches the socket anyway (here by CAP_DAC_OVERRIDE)
	# but runs as another user is refused by its SO_PEERCRED.
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+dac_override --ambient-caps=+dac_override \
		"$airlock_ctl" -s "$T/control/gitproxy.sock" stats >"$T/peer.out" 2>&1 || rc=$?
	check "a client of another uid is refused (SO_PEERCRED), and it is logged" \
		sh -c "[ $rc = 111 ] && grep -q 'permission denied' '$T/peer.out' && grep -q 'control: refused a client running as uid 65534' '$T/gitproxy.err'"
else
	ok "# SKIP the SO_PEERCRED check needs root and setpriv"
fi
mkdir -m 0755 "$T/loose"
rc=0
"$gitproxy" -c "$T/gitproxy.json" -l "127.0.0.1:$(free_port)" -t "$T/tokens" -s "$T/session.state" -x "$T/session" \
	-S "$T/loose/gitproxy.sock" >/dev/null 2>"$T/loose.err" || rc=$?
check "gitproxy refuses a control directory others can enter" \
	sh -c "[ $rc = 111 ] && grep -q 'must be a directory of mode 0700' '$T/loose.err'"

# ---- file descriptors ----
# fd_conf DIR CONNECTIONS: DIR/gitproxy.json from gen-configs, the e2e
# rules with those connections and 4 transfers.
fd_conf() {
	rm -rf "$1/allowlist.d" "$1/gen" && mkdir -p "$1/allowlist.d" "$1/gen" &&
		cp "$T/allowlist.d/10-e2e.conf" "$1/allowlist.d/" &&
		printf 'limit connections %s id=e2e-connections\nlimit transfers 4 id=e2e-transfers\n' "$2" \
			>"$1/allowlist.d/20-limits.conf" &&
		"$gen_configs" "$1/allowlist.d" "$1/gen" 2>"$1/gen.err" && cp "$1/gen/gitproxy.json" "$1/gitproxy.json"
}
# 12 connections + 4 transfers + 64 reserved fit in 80 descriptors, but
# descriptors held by something else (here inherited: fds 10 to 74, as a
# leak or a library's cache would hold them) leave gitproxy only a few
# (at most 7 below 80 once its own are open, fewer when the caller passes
# more, as make's jobserver does): accept fails with EMFILE while clients
# wait in the backlog, and must not be retried at once (that spun, logging
# ~400,000 warnings a second).
fd_conf "$T/fd" 12 || fatal "gen-configs refused the descriptor test's limits: $(cat "$T/fd/gen.err")"
fd_port=$(free_port)
mkfifo "$T/fd/ready"
(
	ulimit -n 80 || exit 111
	fd=0
	while [ "$fd" -lt 74 ]; do exec {fd}</dev/null; done
	exec "$gitproxy" -c "$T/fd/gitproxy.json" -l "127.0.0.1:$fd_port" -t "$T/tokens" -s "$T/session.state" -x "$T/session" \
		-a "$T/ca.pem" -C "github.com:443:127.0.0.1:$upstream_port" -n 3 \
		3>"$T/fd/ready" >"$T/fd/gitproxy.out" 2>"$T/fd/gitproxy.err"
) &
fd_pid=$!
pids+=($fd_pid)
timeout 10 head -c 1 "$T/fd/ready" >/dev/null || fatal "the descriptor-starved gitproxy did not start: $(cat "$T/fd/gitproxy.err")"
python3 -c '
import socket, sys, time
held = [socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5) for _ in range(40)]
time.sleep(2.5)
' "$fd_port" &
holder=$!
pids+=($holder)
wait "$holder"
accept_warnings=$(grep -c 'warning: .*accept' "$T/fd/gitproxy.err")
echo "# 40 connections held 2.5 s with a few descriptors free: $accept_warnings accept warnings"
check "out of descriptors, gitproxy warns about accept" test "$accept_warnings" -ge 1
check "out of descriptors, accept warnings are a handful, not thousands" test "$accept_warnings" -le 5
code=$(status_of "http://127.0.0.1:$fd_port/git/github.com/airlock-test/allowed.git/$info" -u "airlock:$session" --max-time 10)
check "once the connections close, the descriptor-starved gitproxy serves again" test "$code" = 200
fd_conf "$T/fd" 100 || fatal "gen-configs refused connections 100: $(cat "$T/fd/gen.err")"
kill -HUP "$fd_pid"
sleep 0.3
check "a reload to limits that do not fit the descriptor limit is refused, naming them" \
	grep -q 'warning: reload refused.*connections 100.*80' "$T/fd/gitproxy.err"
code=$(status_of "http://127.0.0.1:$fd_port/git/github.com/airlock-test/allowed.git/$info" -u "airlock:$session" --max-time 10)
check "after the refused reload the old limits serve" test "$code" = 200
kill -TERM "$fd_pid"
wait "$fd_pid"
fd_conf "$T/fd" 4096 || fatal "gen-configs refused connections 4096: $(cat "$T/fd/gen.err")"
rc=0
(
	ulimit -n 256 || exit 111
	exec timeout 5 "$gitproxy" -c "$T/fd/gitproxy.json" -l "127.0.0.1:$(free_port)" -t "$T/tokens" -s "$T/session.state" -x "$T/session"
) >/dev/null 2>"$T/fd/4096.err" || rc=$?
check "gitproxy refuses to start with connections 4096 under ulimit -n 256 (exit 1, the limits said)" \
	sh -c "[ $rc = 1 ] && grep -q '^gitproxy: fatal: .*connections 4096.*256' '$T/fd/4096.err'"

# ---- the session: status, rotate, revoke, TTL, restart ----
info_url="$base/airlock-test/allowed.git/$info"
ctl session status >"$T/ctl.out" 2>&1
check "airlock-ctl session status: age, expiry, last use, requests served, never the secret" sh -c "
	grep -q '\"age_s\":' '$T/ctl.out' && grep -q '\"expires_in_s\":' '$T/ctl.out' &&
	grep -q '\"last_used_s_ago\":' '$T/ctl.out' && grep -q '\"requests_served\":[1-9]' '$T/ctl.out' &&
	! grep -qF '$session' '$T/ctl.out'"
old_session=$session
check "rotate" ctl session rotate
session=$(cat "$T/session")
check "... writes a new secret for the sandbox" test "$session" != "$old_session" -a ${#session} = 64
code=$(status_of "$info_url" -u "airlock:$old_session")
check "the old secret is refused at once (401), saying it was rotated" sh -c "
	[ $code = 401 ] && grep -q 'the session credential was rotated at .*git reads the new one on its next command \[rule session-auth\]' '$T/body'"
check "... and its refusal is audited with the rule" grep -q '"status":401.*"rule":"session-auth","reason":"the session credential was rotated' "$T/gitproxy.out"
check "git picks up the new secret on its next command, nothing restarted" sgit ls-remote -q https://github.com/airlock-test/allowed.git
check "revoke" ctl session revoke
code=$(status_of "$info_url" -u "airlock:$session")
check "after revoke even the current secret gets 401, saying the session was revoked and how to start a new one" sh -c "
	[ $code = 401 ] && grep -q 'the session was revoked at .*airlock-ctl session rotate' '$T/body'"
check "... and the sandbox's file says revoked, not a secret" test "$(cat "$T/session")" = revoked
if sgit ls-remote https://github.com/airlock-test/allowed.git >"$T/revoked.log" 2>&1; then
	not_ok "git fails after revoke, showing why"
else
	ok "git fails after revoke, showing why"
fi
check "... in git's own output" grep -q '^remote: airlock: the session was revoked' "$T/revoked.log"
check "rotate after revoke starts a new session" ctl session rotate
session=$(cat "$T/session")
check "... which git uses" sgit ls-remote -q https://github.com/airlock-test/allowed.git
printf 'limit session-ttl 2s id=e2e-ttl\n' >"$T/allowlist.d/20-limits.conf"
ctl reload >"$T/ctl.out" 2>&1 || fatal "airlock-ctl reload of session-ttl 2s failed: $(cat "$T/ctl.out")"
sleep 2.2 # the session rotated above is now older than that
check "a session older than a new, shorter session-ttl has expired" sh -c "
	[ \$(curl -s -o '$T/body' -w '%{http_code}' -u 'airlock:$session' '$info_url') = 401 ] &&
	grep -q 'the session expired at .*(limit session-ttl 2 s).*airlock-ctl session rotate.*\[rule e2e-ttl\]' '$T/body'"
ctl session rotate >/dev/null
session=$(cat "$T/session")
code=$(status_of "$info_url" -u "airlock:$session")
check "a rotated session is good for its TTL" test "$code" = 200
sleep 2.2
code=$(status_of "$info_url" -u "airlock:$session")
check "... and refused once it has passed (401, the limit's rule)" sh -c "[ $code = 401 ] && grep -q 'rule e2e-ttl' '$T/body'"
rm "$T/allowlist.d/20-limits.conf"
ctl reload >"$T/ctl.out" 2>&1 || fatal "airlock-ctl reload back to the default session-ttl failed: $(cat "$T/ctl.out")"
code=$(status_of "$info_url" -u "airlock:$session")
check "the default TTL (12 h) back: the same session is good again" test "$code" = 200
check "the session secret is in no log" sh -c "! grep -qF -e '$session' -e '$old_session' '$T/gitproxy.out' '$T/gitproxy.err'"

# ---- reload and stop ----
echo '{"version": 2, "git_hosts": [], "repos": [], "limits": {}}' >"$T/gitproxy.json"
kill -HUP "$gitproxy_pid"
sleep 0.3
check "a bad config on SIGHUP is refused with a warning" grep -q 'warning: reload refused' "$T/gitproxy.err"
check "the old config keeps serving after a refused reload" sgit ls-remote -q https://github.com/airlock-test/allowed.git
echo 'repo airlock-test/*' >>"$T/allowlist.d/10-e2e.conf"
generate || fatal "gen-configs refused the owner wildcard: $(cat "$T/gen.err")"
kill -HUP "$gitproxy_pid"
sleep 0.3
code=$(status_of "$base/airlock-test/forbidden.git/$info" -u "airlock:$session")
check "a good config on SIGHUP takes effect (owner wildcard)" test "$code" = 200
# SIGTERM while a pack streams: the transfer gets its grace time and ends.
sgit clone -q --bare https://github.com/airlock-test/big.git "$T/big2.git" >"$T/big2.log" 2>&1 &
clone_pid=$!
pids+=($clone_pid)
for _ in $(seq 100); do
	compgen -G "$T/big2.git/objects/pack/tmp_pack_*" >/dev/null && break
	kill -0 "$clone_pid" 2>/dev/null || break
	sleep 0.05
done
kill -0 "$clone_pid" 2>/dev/null && echo "# SIGTERM sent while the clone is receiving its pack"
kill -TERM "$gitproxy_pid"
rc=0
wait "$clone_pid" || rc=$?
check "a clone in flight at SIGTERM completes" test "$rc" = 0
rc=0
wait "$gitproxy_pid" || rc=$?
check "SIGTERM: gitproxy exits 0" test "$rc" = 0
check "gitproxy stopped listening" sh -c "! curl -s -o /dev/null '$base/'"

# An upstream that refuses gitproxy's token: git must not be asked for a
# password (no WWW-Authenticate), and the reason must be clear.
mkdir -m 0700 "$T/wrong-tokens"
printf 'ghp_wrong\n' >"$T/wrong-tokens/github_token"
kept_session=$session
gitproxy_tokens=$T/wrong-tokens gitproxy_start gitproxy "$T/gitproxy.json" "$proxy_port" ||
	fatal "the second gitproxy did not start"
check "a gitproxy started again takes up the session it had (its state file)" test "$session" = "$kept_session"
code=$(status_of "$base/airlock-test/allowed.git/$info" -u "airlock:$session")
check "upstream 401 becomes 502" test "$code" = 502
check "502 says the upstream rejected the sidecar's credential" grep -q "^airlock: .*rejected the sidecar's credential" "$T/body"
check "no WWW-Authenticate from the upstream reaches the client" sh -c "! grep -qi '^WWW-Authenticate' '$T/headers'"
kill -TERM "$gitproxy_pid"
wait "$gitproxy_pid" || true

# ---- each git host gets its own token, a host without one gets none ----
# The upstream answers as github.com, ghe.test and plain.test, each taking
# only its own credential (plain.test: no Authorization at all). The
# controls give ghe.test github.com's token, and plain.test a token: both
# must then fail, so a pass means the right token (or none) went.
hosts_config() { # hosts_config PLAIN_TOKEN_CLAUSE: $T/hosts.json for the three hosts
	rm -rf "$T/hosts" && mkdir -p "$T/hosts/allowlist.d" "$T/hosts/gen" &&
		cat >"$T/hosts/allowlist.d/10-hosts.conf" <<-EOF &&
			git-host github.com token=github_token id=github
			git-host ghe.test token=ghe_token id=ghe
			git-host plain.test $1 id=plain
			repo airlock-test/allowed id=gh-allowed
			repo ghe.test/airlock-test/allowed id=ghe-allowed
			repo plain.test/airlock-test/allowed id=plain-allowed
		EOF
		"$gen_configs" "$T/hosts/allowlist.d" "$T/hosts/gen" 2>"$T/gen.err" && cp "$T/hosts/gen/gitproxy.json" "$T/hosts.json"
}
hosts_start() { # hosts_start TOKEN_DIR: gitproxy "hosts" on $proxy_port for $T/hosts.json
	gitproxy_tokens=$1 gitproxy_start hosts "$T/hosts.json" "$proxy_port" -S "$T/control/gitproxy.sock" \
		-C "ghe.test:443:127.0.0.1:$upstream_port" -C "plain.test:443:127.0.0.1:$upstream_port" ||
		fatal "gitproxy did not start with three git hosts: $(tail -n 3 "$T/hosts.err")"
}
host_status() { # host_status HOST: the status of HOST's allowed info/refs
	status_of "http://127.0.0.1:$proxy_port/git/$1/airlock-test/allowed.git/$info" -u "airlock:$session"
}
hosts_config "" || fatal "gen-configs refused three git hosts: $(cat "$T/gen.err")"
check "gitproxy.json: ghe.test's token is named, plain.test has none" \
	python3 -c 'import json,sys; h={e["host"]: e["token"] for e in json.load(open(sys.argv[1]))["git_hosts"]}; sys.exit(h != {"github.com": "github_token", "ghe.test": "ghe_token", "plain.test": None})' "$T/hosts.json"
hosts_start "$T/tokens"
for host in github.com ghe.test plain.test; do
	code=$(host_status "$host")
	check "$host: its own credential (or none) gets through: 200" test "$code" = 200
done
check "airlock-ctl status names each host's secret (never the token), null for none" \
	sh -c "ctl_out=\$('$airlock_ctl' -s '$T/control/gitproxy.sock' status) &&
		printf '%s' \"\$ctl_out\" | grep -qF '{\"host\":\"ghe.test\",\"token\":\"ghe_token\",\"rule\":\"ghe\"}' &&
		printf '%s' \"\$ctl_out\" | grep -qF '{\"host\":\"plain.test\",\"token\":null,\"rule\":\"plain\"}' &&
		! printf '%s' \"\$ctl_out\" | grep -qF -e '$ghe_token' -e '$token'"
check "a clone from ghe.test through gitproxy works" \
	git -c "url.http://airlock:$session@127.0.0.1:$proxy_port/git/ghe.test/.insteadOf=https://ghe.test/" \
	clone -q https://ghe.test/airlock-test/allowed.git "$T/ghe-clone"
kill -TERM "$gitproxy_pid"
wait "$gitproxy_pid" || true
mkdir -m 0700 "$T/swapped-tokens"
cp "$T/tokens/github_token" "$T/swapped-tokens/github_token"
cp "$T/tokens/github_token" "$T/swapped-tokens/ghe_token"
hosts_start "$T/swapped-tokens"
code=$(host_status ghe.test)
check "control: ghe.test given github.com's token is refused upstream (502)" test "$code" = 502
code=$(host_status github.com)
check "... while github.com, with that token, still gets 200" test "$code" = 200
kill -TERM "$gitproxy_pid"
wait "$gitproxy_pid" || true
hosts_config "token=github_token" || fatal "gen-configs refused plain.test with a token: $(cat "$T/gen.err")"
hosts_start "$T/tokens"
code=$(host_status plain.test)
check "control: plain.test sent a token is refused upstream (502)" test "$code" = 502
hosts_config "" || fatal "gen-configs refused three git hosts: $(cat "$T/gen.err")"
rm "$T/tokens/ghe_token"
kill -HUP "$gitproxy_pid"
sleep 0.3
check "a reload naming a token that is not there is refused, naming host and file" \
	grep -q "reload refused.*git-host ghe.test (rule ghe).*ghe_token" "$T/hosts.err"
code=$(host_status plain.test)
check "... and the running policy keeps serving" test "$code" = 502
kill -TERM "$gitproxy_pid"
wait "$gitproxy_pid" || true
rc=0
"$gitproxy" -c "$T/hosts.json" -l "127.0.0.1:$(free_port)" -t "$T/tokens" -s "$T/session.state" -x "$T/session" \
	>/dev/null 2>"$T/missing-token.err" || rc=$?
check "gitproxy refuses to start without a named token (111), naming it" \
	sh -c "[ $rc = 111 ] && grep -q 'ghe_token' '$T/missing-token.err'"
check "no token is in any log" \
	sh -c "! grep -rqF -e '$token' -e '$ghe_token' -e '$ghe_basic' '$T/hosts.out' '$T/hosts.err' '$T/missing-token.err'"

# ---- a reused upstream connection that dies under a request ----
# This upstream answers each connection's first request and closes on the
# second once it has read it: a connection the upstream closed while idle,
# just as gitproxy sent on it. The request must go again on a new
# connection, body and all (gitproxy keeps the first body bytes until an
# answer begins), rather than end in a 502.
drop_port=$(free_port)
python3 "$here/close-second.py" "$drop_port" "$T/server.pem" "$T/server.key" "$T/drop.log" 2>"$T/drop.err" &
pids+=($!)
for _ in $(seq 50); do ss -Hltn "sport = :$drop_port" | grep -q . && break; sleep 0.1; done
connect_port=$drop_port gitproxy_start drop "$T/gitproxy.json" "$proxy_port" || fatal "the gitproxy in front of close-second.py did not start"
code=$(status_of "$base/airlock-test/allowed.git/$info" -u "airlock:$session")
check "control: the first request on the new upstream connection is answered (200)" test "$code" = 200
code=$(status_of "$base/airlock-test/allowed.git/git-upload-pack" -u "airlock:$session" \
	-H "Content-Type: application/x-git-upload-pack-request" --data-binary "0032want $(printf '%040d' 0)
0000")
check "a POST whose reused connection closes unanswered goes again on a new one (200, not 502)" test "$code" = 200
check "... the upstream read it twice, the first time on the reused connection" \
	sh -c "[ \"\$(grep -c '^POST .*git-upload-pack HTTP' '$T/drop.log')\" = 2 ] && grep -q '^POST .*(closed)\$' '$T/drop.log'"
kill -TERM "$gitproxy_pid"
wait "$gitproxy_pid" || true

tap_end gitproxy hosts drop
