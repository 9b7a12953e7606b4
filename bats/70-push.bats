#!/usr/bin/env bats
# Push policy, from inside the sandbox with real git: gitproxy lets branches
# through and refuses protected branches, the upstream's default branch,
# tags, deletions, refs outside an allow pattern and pushes to a read-only
# repository, each with git's own "remote: airlock: ..." and
# "! [remote rejected] ... (denied by airlock rule ID)" lines. A refused push
# never reaches the upstream: the fake GitHub's refs are read on its side,
# never through gitproxy, and its access log shows no receive-pack request.
# Each refusal comes after its positive control, the same kind of push that
# is let through and lands, so a refusal for any other reason shows.

load lib/stack

setup_file() {
	# guarded's default branch (HEAD) is trunk: the fake GitHub seeds it so.
	stack_up "$(
		cat <<-'EOF'
			repo airlock-test/guarded                                    id=test-guarded
			repo airlock-test/agentonly                                  id=test-agentonly
			repo airlock-test/mirror                                     id=test-mirror
			push allow refs/heads/agent/* repo=airlock-test/agentonly    id=test-agent-only
			push read-only repo=airlock-test/mirror                      id=test-mirror-ro
		EOF
	)"
	in_sandbox sh -ec '
		git config --global user.name agent
		git config --global user.email agent@sandbox.test
		ssh-keygen -q -t ed25519 -N "" -C agent@sandbox.test -f /home/agent/signing
		for r in allowed guarded agentonly; do
			git clone -q "https://github.com/airlock-test/$r.git" "/home/agent/$r"
		done'
}
teardown_file() { stack_down; }

# ---- the fake GitHub's side ----

# upstream_ref REPO REF: REF's object id in the fake GitHub's REPO, or "none".
upstream_ref() {
	in_fakegithub git --git-dir="/srv/git/airlock-test/$1.git" rev-parse -q --verify "$2" || echo none
}

# upstream_refs REPO: every ref of the fake GitHub's REPO with its object id.
upstream_refs() {
	in_fakegithub git --git-dir="/srv/git/airlock-test/$1.git" for-each-ref --format='%(objectname) %(refname)'
}

# upstream_pushes REPO: what the fake GitHub's post-receive hook recorded of
# each push REPO took (push options, certificate, ref updates).
upstream_pushes() {
	in_fakegithub sh -c 'cat "$1" 2>/dev/null || true' sh "/srv/git/airlock-test/$1.git/pushes.log"
}

# receive_posts REPO: how many push requests (POST .../git-receive-pack)
# reached the fake GitHub's REPO so far, by its access log. A marker request
# made now is waited for in the log, so a line still on its way is counted.
receive_posts() {
	local marker=/airlock-log-marker-$RANDOM$RANDOM log i
	in_fakegithub curl -sk -o /dev/null "https://127.0.0.1$marker"
	for i in $(seq 50); do
		log=$(compose logs --no-color --no-log-prefix fakegithub)
		grep -qF " $marker " <<<"$log" && break
		sleep 0.1
	done
	grep -qF " $marker " <<<"$log" || { echo "receive_posts: marker $marker never logged" >&2; return 1; }
	grep -cF " POST /airlock-test/$1.git/git-receive-pack " <<<"$log" || true
}

# ---- the sandbox's side ----
# CLONE is the sandbox's clone /home/agent/CLONE of the fake GitHub's
# repository named CLONE up to its first dot (allowed.shallow: of allowed).

# commit CLONE [BRANCH]: a new empty commit in the sandbox's clone CLONE, on
# BRANCH (reset to the current HEAD first) when given; prints its id.
commit() {
	in_sandbox sh -ec '
		cd "/home/agent/$1"
		if [ -n "$2" ]; then git checkout -q -B "$2"; fi
		git commit -q --allow-empty -m "work on ${2:-HEAD} in $1"
		git rev-parse HEAD' sh "$1" "${2:-}"
}

# sandbox_git CLONE GIT_ARGS...: git in the sandbox's clone CLONE.
sandbox_git() { in_sandbox git -C "/home/agent/$1" "${@:2}"; }

# ---- gitproxy's audit records ----

# push_records REPO: gitproxy's audit records of push requests to REPO.
push_records() {
	compose logs --no-color --no-log-prefix sidecar | sed 's/^[^{]*//' |
		grep -F "\"repo\":\"$1\",\"service\":\"git-receive-pack\"" | grep -F '"push":' || true
}

# pushes_judged REPO: how many of them had ref updates (git's probe, a lone
# flush-pkt before a big push, has none: "push":"empty").
pushes_judged() { push_records "$1" | grep -vcF '"push":"empty"' || true; }

# last_push_audit REPO: gitproxy's audit record of the last push with ref
# updates to REPO.
last_push_audit() { push_records "$1" | grep -vF '"push":"empty"' | tail -n 1; }

# wait_push_record REPO N: wait until more than N pushes to REPO were judged,
# so the record of a push git has just finished is in the log.
wait_push_record() {
	local i
	for i in $(seq 50); do
		[ "$(pushes_judged "$1")" -gt "$2" ] && return 0
		sleep 0.1
	done
	fail "gitproxy logged no audit record of the push to $1"
}

# ---- pushes ----

# allowed_push CLONE GIT_PUSH_ARGS...: the push succeeds and reached the fake
# GitHub (one more receive-pack request in its log); git's output in $output.
allowed_push() {
	local repo=${1%%.*} posts records
	posts=$(receive_posts "$repo")
	records=$(pushes_judged "$repo")
	run sandbox_git "$1" push "${@:2}"
	assert_success
	[ "$(receive_posts "$repo")" -gt "$posts" ] || fail "no receive-pack request reached the upstream"
	wait_push_record "$repo" "$records"
}

# refused_push CLONE GIT_PUSH_ARGS...: the push fails with gitproxy's summary
# line, and nothing reached the fake GitHub: no receive-pack request, every
# ref as it was. git's output in $output.
refused_push() {
	local repo=${1%%.*} posts refs records
	posts=$(receive_posts "$repo")
	refs=$(upstream_refs "$repo")
	records=$(pushes_judged "$repo")
	run sandbox_git "$1" push "${@:2}"
	assert_failure
	assert_output --partial "nothing was sent to github.com"
	assert_equal "$(receive_posts "$repo")" "$posts"
	assert_equal "$(upstream_refs "$repo")" "$refs"
	wait_push_record "$repo" "$records"
}

# rejected SHOWN RULE: git's output has the line for ref SHOWN ("HEAD -> main")
# refused by RULE.
rejected() { assert_output --partial " ! [remote rejected] $1 (denied by airlock rule $2)"; }

# ---- the tests ----

@test "positive control: a new agent branch is pushed and lands upstream" {
	local head
	head=$(commit allowed agent/one)
	allowed_push allowed origin agent/one
	assert_output --partial "* [new branch]      agent/one -> agent/one"
	assert_equal "$(upstream_ref allowed refs/heads/agent/one)" "$head"
	run last_push_audit allowed
	assert_output --partial '"push":"allowed","refs":[{"update":"create","ref":"refs/heads/agent/one","decision":"allowed","rule":"default-push-branches"}],"ref_updates":1,"refs_omitted":0'
}

@test "a push to main is refused by default-protect-main, and main is unchanged upstream" {
	# Positive control: the same commit is pushed to an agent branch and lands.
	local head
	head=$(commit allowed agent/one)
	allowed_push allowed origin agent/one
	assert_equal "$(upstream_ref allowed refs/heads/agent/one)" "$head"
	refused_push allowed origin HEAD:main
	assert_output --partial 'remote: airlock: refs/heads/main: denied by rule default-protect-main (built-in): refs/heads/main is a protected branch; to let the sandbox push it, add "push allow refs/heads/main repo=airlock-test/allowed" to allowlist.d'
	assert_output --partial "remote: airlock: push refused whole (1 of 1 ref updates denied); nothing was sent to github.com"
	rejected "HEAD -> main" default-protect-main
	run last_push_audit allowed
	assert_output --partial '"push":"refused","refs":[{"update":"update","ref":"refs/heads/main","decision":"refused","rule":"default-protect-main"}],"ref_updates":1,"refs_omitted":0,"rule":"default-protect-main"'
}

@test "a forced push to main is refused by the same rule" {
	# Positive control: a forced push of an unrelated history (a root commit)
	# over an agent branch is taken: the upstream accepts non-fast-forwards.
	local head rewritten
	head=$(commit allowed agent/force)
	allowed_push allowed origin agent/force
	assert_equal "$(upstream_ref allowed refs/heads/agent/force)" "$head"
	rewritten=$(sandbox_git allowed commit-tree -m "rewritten history" "HEAD^{tree}")
	allowed_push allowed -f origin "$rewritten:refs/heads/agent/force"
	assert_output --partial "-> agent/force (forced update)"
	assert_equal "$(upstream_ref allowed refs/heads/agent/force)" "$rewritten"
	refused_push allowed -f origin "$rewritten:refs/heads/main"
	rejected "$rewritten -> main" default-protect-main
}

@test "a push to the upstream's default branch (HEAD: trunk) is refused by default-protect-head" {
	# Positive controls: guarded's HEAD really is trunk; trunk is no protected
	# name by itself, as allowed (HEAD: main) takes a push to it; and guarded
	# takes the same commit on an agent branch.
	run in_fakegithub git --git-dir=/srv/git/airlock-test/guarded.git symbolic-ref HEAD
	assert_output refs/heads/trunk
	local head
	head=$(commit allowed agent/one)
	allowed_push allowed origin HEAD:trunk
	assert_equal "$(upstream_ref allowed refs/heads/trunk)" "$head"
	head=$(commit guarded agent/g)
	allowed_push guarded origin agent/g
	assert_equal "$(upstream_ref guarded refs/heads/agent/g)" "$head"
	refused_push guarded origin HEAD:trunk
	assert_output --partial 'remote: airlock: refs/heads/trunk: denied by rule default-protect-head (built-in): refs/heads/trunk is the upstream'"'"'s default branch; to let the sandbox push it, add "push allow refs/heads/trunk repo=airlock-test/guarded" to allowlist.d'
	rejected "HEAD -> trunk" default-protect-head
}

@test "a tag push is refused by default-push-tags, and no tag lands" {
	# Positive control: the tagged commit is pushed to an agent branch and
	# lands; the same tag push lands once a rule allows tags (reload test).
	local head
	head=$(commit allowed agent/one)
	sandbox_git allowed tag v9.9.9
	allowed_push allowed origin agent/one
	assert_equal "$(upstream_ref allowed refs/heads/agent/one)" "$head"
	refused_push allowed origin v9.9.9
	assert_output --partial 'remote: airlock: refs/tags/v9.9.9: denied by rule default-push-tags (built-in): tags are not pushed by default'
	rejected "v9.9.9 -> v9.9.9" default-push-tags
	assert_equal "$(upstream_ref allowed refs/tags/v9.9.9)" none
}

@test "a deletion is refused by default-push-delete; deleting main by main's protection" {
	# Positive control: the branch is there upstream; the same deletion
	# lands once an allow-delete rule allows it (reload test).
	[ "$(upstream_ref allowed refs/heads/agent/one)" != none ]
	refused_push allowed origin :agent/one
	assert_output --partial 'remote: airlock: refs/heads/agent/one: denied by rule default-push-delete (built-in): refs are not deleted by default'
	rejected "agent/one" default-push-delete
	refused_push allowed origin :main
	rejected "main" default-protect-main
}

@test "with an allow rule naming agent branches, a branch outside it is refused by default-push-unlisted" {
	# Positive control: an agent branch is pushed, allowed by the rule itself.
	local head
	head=$(commit agentonly agent/x)
	allowed_push agentonly origin agent/x
	assert_equal "$(upstream_ref agentonly refs/heads/agent/x)" "$head"
	run last_push_audit agentonly
	assert_output --partial '"decision":"allowed","rule":"test-agent-only"'
	refused_push agentonly origin agent/x:feature
	assert_output --partial 'remote: airlock: refs/heads/feature: denied by rule default-push-unlisted (built-in): no push allow rule names refs/heads/feature (branches allowed: refs/heads/agent/* ...)'
	rejected "agent/x -> feature" default-push-unlisted
	assert_equal "$(upstream_ref agentonly refs/heads/feature)" none
}

@test "a read-only repository clones, and takes no push" {
	# Positive control: the clone works and has the upstream's main; an agent
	# branch push to any other repository lands (the tests above).
	run in_sandbox git clone -q https://github.com/airlock-test/mirror.git /home/agent/mirror
	assert_success
	assert_equal "$(sandbox_git mirror rev-parse origin/main)" "$(upstream_ref mirror refs/heads/main)"
	commit mirror agent/x >/dev/null
	refused_push mirror origin agent/x
	assert_output --partial "remote: airlock: refs/heads/agent/x: denied by rule test-mirror-ro (60-push.conf:5): the repository is read-only (fetch only); to push, remove rule test-mirror-ro"
	rejected "agent/x -> agent/x" test-mirror-ro
	assert_equal "$(upstream_ref mirror refs/heads/agent/x)" none
}

@test "a mixed push (an agent branch and main) is refused whole; both lines say why" {
	# Positive control: the agent branch alone is pushed and lands.
	local first
	first=$(commit allowed agent/two)
	allowed_push allowed origin agent/two
	assert_equal "$(upstream_ref allowed refs/heads/agent/two)" "$first"
	commit allowed agent/two >/dev/null
	refused_push allowed origin agent/two HEAD:main
	assert_output --partial "remote: airlock: push refused whole (1 of 2 ref updates denied)"
	rejected "HEAD -> main" default-protect-main
	assert_output --partial " ! [remote rejected] agent/two -> agent/two (another ref in this push was refused)"
	assert_equal "$(upstream_ref allowed refs/heads/agent/two)" "$first"
}

@test "a long refname beside main is refused, and the audit record lists main as refused" {
	# Several components, each within the file system's 255 bytes per name.
	local seg long head
	seg=$(printf '%*s' 220 '' | tr ' ' l)
	long=agent/$seg/$seg/$seg/$seg/x
	# Positive control: the long branch alone is pushed and lands.
	head=$(commit allowed "$long")
	allowed_push allowed origin "$long"
	assert_equal "$(upstream_ref allowed "refs/heads/$long")" "$head"
	commit allowed "$long" >/dev/null
	refused_push allowed origin "$long" HEAD:main
	rejected "HEAD -> main" default-protect-main
	assert_output --partial "(another ref in this push was refused)"
	assert_equal "$(upstream_ref allowed "refs/heads/$long")" "$head"
	# Refused refs first, the long name cut to 256 bytes with its rest counted.
	run last_push_audit allowed
	assert_output --partial '"push":"refused","refs":[{"update":"update","ref":"refs/heads/main","decision":"refused","rule":"default-protect-main"},{"update":"update","ref":"refs/heads/agent/lll'
	assert_output --partial "...(+$((11 + ${#long} - 256)) bytes)\",\"decision\":\"allowed\",\"rule\":\"default-push-branches\"}],\"ref_updates\":2,\"refs_omitted\":0"
}

@test "a signed push (push certificate) is judged the same: to an agent branch it lands, to main it is refused" {
	# Positive control: the signed push to an agent branch lands, and the
	# upstream received its certificate, signed, naming the ref update.
	local head cert
	sandbox_git guarded config gpg.format ssh
	sandbox_git guarded config user.signingkey /home/agent/signing
	head=$(commit guarded agent/signed)
	allowed_push guarded --signed origin agent/signed
	assert_equal "$(upstream_ref guarded refs/heads/agent/signed)" "$head"
	cert=$(upstream_pushes guarded | sed -n 's/^push options=[0-9]* cert=//p' | tail -n 1)
	[ -n "$cert" ] && [ "$cert" != none ] || fail "the upstream got no push certificate"
	run in_fakegithub git --git-dir=/srv/git/airlock-test/guarded.git cat-file blob "$cert"
	assert_output --partial "0000000000000000000000000000000000000000 $head refs/heads/agent/signed"
	assert_output --partial "-----BEGIN SSH SIGNATURE-----"
	commit guarded agent/signed >/dev/null
	refused_push guarded --signed origin HEAD:main
	rejected "HEAD -> main" default-protect-main
}

@test "an --atomic push is judged the same: two agent branches land, an agent branch with main is refused" {
	# Positive control: an atomic push of two agent branches lands both.
	local head
	head=$(commit allowed agent/atomic-1)
	allowed_push allowed --atomic origin agent/atomic-1 HEAD:agent/atomic-2
	assert_equal "$(upstream_ref allowed refs/heads/agent/atomic-1)" "$head"
	assert_equal "$(upstream_ref allowed refs/heads/agent/atomic-2)" "$head"
	commit allowed agent/atomic-1 >/dev/null
	refused_push allowed --atomic origin agent/atomic-1 HEAD:main
	rejected "HEAD -> main" default-protect-main
	assert_output --partial " ! [remote rejected] agent/atomic-1 -> agent/atomic-1 (another ref in this push was refused)"
	assert_equal "$(upstream_ref allowed refs/heads/agent/atomic-1)" "$head"
}

@test "a push with --push-option is judged the same: to an agent branch it lands, to main it is refused" {
	# Positive control: the push to an agent branch lands with its option.
	local head
	head=$(commit guarded agent/option)
	allowed_push guarded -o ci.skip origin agent/option
	assert_equal "$(upstream_ref guarded refs/heads/agent/option)" "$head"
	# The fake GitHub's record of this push: its option, its ref update.
	assert_equal "$(upstream_pushes guarded | tail -n 3)" "push options=1 cert=none
option ci.skip
update 0000000000000000000000000000000000000000 $head refs/heads/agent/option"
	commit guarded agent/option >/dev/null
	refused_push guarded -o ci.skip origin HEAD:main
	rejected "HEAD -> main" default-protect-main
}

@test "a push from a shallow clone is judged the same" {
	# Positive control: the shallow clone's agent branch lands.
	local head
	run in_sandbox git clone -q --depth 1 https://github.com/airlock-test/allowed.git /home/agent/allowed.shallow
	assert_success
	head=$(commit allowed.shallow agent/shallow)
	allowed_push allowed.shallow origin agent/shallow
	assert_equal "$(upstream_ref allowed refs/heads/agent/shallow)" "$head"
	refused_push allowed.shallow origin HEAD:main
	rejected "HEAD -> main" default-protect-main
}

@test "a refused push of 3 MiB: git's probe is answered by gitproxy, the pack dropped, nothing reaches the upstream" {
	# Positive control: a 3 MiB push to an agent branch lands, with one
	# request reaching the upstream: its probe is answered by gitproxy.
	local posts probes head
	in_sandbox sh -ec 'cd /home/agent/allowed && git checkout -q -B agent/big &&
		head -c 3000000 /dev/urandom >big-1 && git add big-1'
	head=$(commit allowed)
	posts=$(receive_posts allowed)
	probes=$(push_records allowed | grep -cF '"push":"empty"' || true)
	allowed_push allowed origin agent/big
	assert_equal "$(receive_posts allowed)" $((posts + 1))
	assert_equal "$(upstream_ref allowed refs/heads/agent/big)" "$head"
	assert_equal "$(push_records allowed | grep -cF '"push":"empty"')" $((probes + 1))
	in_sandbox sh -ec 'cd /home/agent/allowed && head -c 3000000 /dev/urandom >big-2 && git add big-2'
	commit allowed >/dev/null
	refused_push allowed origin HEAD:main
	rejected "HEAD -> main" default-protect-main
	assert_equal "$(push_records allowed | grep -cF '"push":"empty"')" $((probes + 2))
	# The refused request's body, pack and all, was read (and dropped).
	run last_push_audit allowed
	assert_output --partial '"push":"refused"'
	[ "$(sed 's/.*"bytes_in":\([0-9]*\).*/\1/' <<<"$output")" -gt 3000000 ]
}

@test "a push rule added to a fragment takes effect on reload: the tag and the deletion land" {
	# Before the reload both are refused, so what lands after it is the
	# new rules' doing.
	refused_push allowed origin v9.9.9
	rejected "v9.9.9 -> v9.9.9" default-push-tags
	refused_push allowed origin :agent/one
	rejected "agent/one" default-push-delete
	printf '%s\n' 'push allow refs/tags/v* repo=airlock-test/allowed          id=test-release-tags' \
		'push allow-delete refs/heads/agent/* repo=airlock-test/allowed id=test-agent-cleanup' \
		>"$AIRLOCK_ALLOWLIST_DIR/70-push-rules.conf"
	run in_sidecar airlock-ctl reload
	assert_success
	assert_output --partial "gitproxy reloaded"
	allowed_push allowed origin v9.9.9
	assert_equal "$(upstream_ref allowed refs/tags/v9.9.9)" "$(sandbox_git allowed rev-parse v9.9.9)"
	run last_push_audit allowed
	assert_output --partial '"refs":[{"update":"create","ref":"refs/tags/v9.9.9","decision":"allowed","rule":"test-release-tags"}]'
	allowed_push allowed origin :agent/one
	assert_equal "$(upstream_ref allowed refs/heads/agent/one)" none
	run last_push_audit allowed
	assert_output --partial '"refs":[{"update":"delete","ref":"refs/heads/agent/one","decision":"allowed","rule":"test-agent-cleanup"}]'
	# Neither rule touches main.
	refused_push allowed origin HEAD:main
	rejected "HEAD -> main" default-protect-main
}

@test "a bad push rule is refused by reload with file:line:col, and nothing changes" {
	local before head
	before=$(in_sidecar readlink /run/airlock/config)
	# Line 1 alone is valid and would refuse every branch push to allowed.
	printf '%s\n' 'push protect refs/heads/* repo=airlock-test/allowed id=test-protect-all' \
		'push allow main repo=airlock-test/allowed' >"$AIRLOCK_ALLOWLIST_DIR/80-bad.conf"
	run in_sidecar airlock-ctl reload
	rm "$AIRLOCK_ALLOWLIST_DIR/80-bad.conf"
	assert_failure 1
	assert_output --partial "80-bad.conf:2:12: error: 'main' is not a full refname: write refs/heads/main [ref-pattern]"
	assert_output --partial "the running configuration is unchanged"
	assert_equal "$(in_sidecar readlink /run/airlock/config)" "$before"
	# An agent branch push still lands: line 1 did not take effect.
	head=$(commit allowed agent/after-bad-reload)
	allowed_push allowed origin agent/after-bad-reload
	assert_equal "$(upstream_ref allowed refs/heads/agent/after-bad-reload)" "$head"
}

@test "airlock-ctl stats counts the refused pushes, and no outcome error" {
	local refused
	# Every refused push has one audit record saying so.
	refused=$(compose logs --no-color --no-log-prefix sidecar | grep -cF '"push":"refused"')
	[ "$refused" -gt 0 ]
	run in_sidecar airlock-ctl stats
	assert_success
	assert_output --partial "\"pushes_refused\":$refused,"
	assert_output --partial '"outcome_errors":0,'
}
