#!/usr/bin/env bats
# git through gitproxy, from inside the sandbox: the in-scope repository
# clones, fetches and pushes with the real token injected by the sidecar;
# everything else is refused, with a reason git shows.

load lib/stack

setup_file() { stack_up; }
teardown_file() { stack_down; }

UPSTREAM=https://github.com/airlock-test

@test "clone of the in-scope repository works through gitproxy" {
	run in_sandbox git clone -q "$UPSTREAM/allowed.git" /home/agent/allowed
	assert_success
	run in_sandbox git -C /home/agent/allowed log --format=%s -1
	assert_success
	refute_output ""
	# The clone records the real GitHub URL; only git's config rewrites it.
	run in_sandbox git -C /home/agent/allowed config remote.origin.url
	assert_output "$UPSTREAM/allowed.git"
}

@test "push of a new commit to the in-scope repository reaches the upstream" {
	in_sandbox sh -c '[ -d /home/agent/allowed ] || git clone -q '"$UPSTREAM"'/allowed.git /home/agent/allowed'
	run in_sandbox sh -ec '
		cd /home/agent/allowed
		git checkout -q -b airlock-push-test
		echo "pushed from the sandbox" >pushed.txt
		git add pushed.txt
		git -c user.name=agent -c user.email=agent@sandbox.test commit -qm "push test"
		git push -q origin airlock-push-test 2>&1
		git rev-parse HEAD'
	assert_success
	local pushed=${lines[-1]}
	run in_fakegithub git --git-dir=/srv/git/airlock-test/allowed.git rev-parse airlock-push-test
	assert_success
	assert_output "$pushed"
	# gitproxy's audit record names the ref the push created and the rule
	# that let it through.
	run compose logs --no-color --no-log-prefix sidecar
	assert_output --partial '"push":"allowed","refs":[{"update":"create","ref":"refs/heads/airlock-push-test","decision":"allowed","rule":"default-push-branches"}],"ref_updates":1,"refs_omitted":0'
}

@test "fetch brings in a commit made upstream after the clone" {
	in_sandbox sh -c '[ -d /home/agent/allowed ] || git clone -q '"$UPSTREAM"'/allowed.git /home/agent/allowed'
	# A second clone pushes a branch; the first one must see it on fetch.
	run in_sandbox sh -ec '
		git clone -q '"$UPSTREAM"'/allowed.git /home/agent/second
		cd /home/agent/second
		git checkout -q -b airlock-fetch-test
		git -c user.name=agent -c user.email=agent@sandbox.test commit -q --allow-empty -m "for fetch"
		git push -q origin airlock-fetch-test
		git rev-parse HEAD'
	assert_success
	local upstream_head=${lines[-1]}
	run in_sandbox git -C /home/agent/allowed fetch -q origin
	assert_success
	run in_sandbox git -C /home/agent/allowed rev-parse origin/airlock-fetch-test
	assert_output "$upstream_head"
}

@test "the fake upstream saw the real token on every git request" {
	in_sandbox git ls-remote "$UPSTREAM/allowed.git" >/dev/null
	run compose logs --no-color fakegithub
	assert_output --partial "auth=ok"
	refute_output --partial "auth=bad"
}

@test "the token is nowhere in the sandbox: environment, files, processes" {
	# Inspected from the host, which sees every file the sandbox sees (its
	# mounts included) and every process's environment and arguments.
	local token
	token=$(cat "$AIRLOCK_TOKEN_FILE")
	assert_not_in_sandbox_files "$token"
	run sh -c 'for p in $(docker top "$1" -eo pid | tail -n +2); do
		tr "\0" "\n" </proc/$p/environ; tr "\0" " " </proc/$p/cmdline; echo; done' sh "$(compose ps -q sandbox)"
	assert_success
	assert_output --partial GIT_CONFIG_COUNT
	refute_output --partial "$token"
}

@test "a request without the session secret gets 401" {
	# Positive control: the same request with the helper's credential works.
	run in_sandbox git ls-remote "$UPSTREAM/allowed.git"
	assert_success
	assert_output --partial refs/heads/main
	run in_sandbox env GIT_TERMINAL_PROMPT=0 git -c credential.helper= \
		-c "credential.http://$SIDECAR_IP:8080.helper=" ls-remote "$UPSTREAM/allowed.git"
	assert_failure
	assert_output --partial "could not read Username"
	run in_sandbox curl -s -o /dev/null -w '%{http_code}' \
		"http://$SIDECAR_IP:8080/git/github.com/airlock-test/allowed.git/info/refs?service=git-upload-pack"
	assert_output 401
}

@test "a wrong session secret gets 401" {
	run in_sandbox curl -s -o /dev/null -w '%{http_code}' -u airlock:not-the-secret \
		"http://$SIDECAR_IP:8080/git/github.com/airlock-test/allowed.git/info/refs?service=git-upload-pack"
	assert_output 401
}

@test "the out-of-scope repository is refused with the reason" {
	# Positive control: it exists upstream with a main branch.
	run in_fakegithub git --git-dir=/srv/git/airlock-test/forbidden.git rev-parse --verify main
	assert_success
	run in_sandbox env GIT_TERMINAL_PROMPT=0 git clone "$UPSTREAM/forbidden.git" /home/agent/forbidden
	assert_failure
	assert_output --partial "airlock:"
	assert_output --partial "403"
	run in_sandbox test -e /home/agent/forbidden/.git
	assert_failure
}
