#!/usr/bin/env bats
# A user's own sandbox image, used as it is: a stock Debian image
# (bats/lib/stock: git and ca-certificates, no user, nothing of airlock)
# runs the whole git suite with git's configuration from compose's
# environment alone. In it, a repository's hooks do not run, a user's
# credential.helper=store never stores the session secret, and git follows
# no redirect from gitproxy's address. Neither `docker compose up --build`
# nor `make up` builds, pulls or retags the user's image.

load lib/stack

UPSTREAM=https://github.com/airlock-test

setup_file() {
	local run_id log=$BATS_FILE_TMPDIR/stock-build.log
	run_id=$(printf '%s' "${BATS_RUN_TMPDIR:-$$}" | cksum | cut -d' ' -f1)
	export STOCK_IMAGE=airlock-t$run_id-95-stock:user
	docker build -q -t "$STOCK_IMAGE" "$BATS_TEST_DIRNAME/lib/stock" >"$log" 2>&1 || {
		cat "$log" >&3
		return 1
	}
	STOCK_ID=$(docker image inspect -f '{{.Id}}' "$STOCK_IMAGE")
	export STOCK_ID AIRLOCK_SANDBOX_IMAGE=$STOCK_IMAGE
	export STACK_OVERRIDE=$BATS_TEST_DIRNAME/lib/compose.stock.yml
	stack_up
	# The user's own ~/.gitconfig, which every git command below reads.
	in_sandbox sh -ec '
		git config --global user.name agent
		git config --global user.email agent@sandbox.test
		git config --global credential.helper store'
}

teardown_file() {
	stack_down
	[ -n "${STOCK_IMAGE:-}" ] || return 0
	docker image rm "$STOCK_IMAGE" >/dev/null 2>&1 || true
	# Left untagged if something retagged the name.
	docker image rm "$STOCK_ID" >/dev/null 2>&1 || true
}

# The session secret the sidecar wrote, put back after a test replaced it.
teardown() {
	[ -f "$BATS_TEST_TMPDIR/session" ] || return 0
	session_write <"$BATS_TEST_TMPDIR/session"
}

# session_write: stdin becomes the session file the sandbox reads, written
# as the sidecar writes it, from outside the sandbox (whose mount is
# read-only): root in a throwaway container on the volume. The file keeps
# its owner and mode.
session_write() {
	docker run --rm -i -u 0:0 --network none -v "${STACK_PROJECT}_session:/session" \
		--entrypoint "" "$STOCK_IMAGE" sh -c 'cat >/session/session'
}

# credential_fill: what git's credential helpers answer for gitproxy's
# URL, never prompting.
credential_fill() {
	printf 'protocol=http\nhost=%s:8080\n\n' "$SIDECAR_IP" |
		in_sandbox env GIT_TERMINAL_PROMPT=0 git credential fill
}

# in_sandbox_helper_bash: the inline helper's get, run by bash in a UTF-8
# locale the way git runs it by sh (the snippet without its "!", then the
# operation), for an image whose sh is bash.
in_sandbox_helper_bash() {
	in_sandbox sh -c 'h=$(git config --get "credential.http://$1:8080.helper") &&
		printf "protocol=http\n\n" | LANG=C.UTF-8 bash -c "${h#!} get"' sh "$SIDECAR_IP"
}

# allowed_clone: the sandbox's clone /tmp/allowed, made if a test before
# did not make it.
allowed_clone() {
	in_sandbox sh -c '[ -d /tmp/allowed ] || git clone -q "$1" /tmp/allowed' sh "$UPSTREAM/allowed.git"
}

# upstream_ref REF: REF's object id in the fake GitHub's allowed.git.
upstream_ref() {
	in_fakegithub git --git-dir=/srv/git/airlock-test/allowed.git rev-parse -q --verify "$1" || echo none
}

# assert_users_image_kept [PROJECT]: the user's image still has its id and
# its tag, and PROJECT's sandbox (default this file's) runs that very image.
assert_users_image_kept() {
	run docker image inspect -f '{{.Id}}' "$STOCK_IMAGE"
	assert_output "$STOCK_ID"
	run docker image inspect -f '{{join .RepoTags " "}}' "$STOCK_ID"
	assert_output --partial "$STOCK_IMAGE"
	run docker inspect -f '{{.Image}}' "$(STACK_PROJECT=${1:-$STACK_PROJECT} compose ps -q sandbox)"
	assert_output "$STOCK_ID"
}

@test "the sandbox runs the stock image as it is: no helper, no user 1000, git configured by the environment" {
	run docker inspect -f '{{.Image}}' "$(compose ps -q sandbox)"
	assert_output "$STOCK_ID"
	run in_sandbox sh -c 'getent passwd 1000 || echo "no user 1000"'
	assert_output "no user 1000"
	run in_sandbox test -e /usr/local/bin/airlock-credential-helper
	assert_failure
	run in_sandbox git config --get "credential.http://$SIDECAR_IP:8080.helper"
	assert_success
	assert_output --regexp '^!f\(\) \{ .* \}; f$'
}

@test "clone of the in-scope repository works in the stock image" {
	run in_sandbox git clone -q "$UPSTREAM/allowed.git" /tmp/allowed
	assert_success
	run in_sandbox git -C /tmp/allowed log --format=%s -1
	assert_success
	refute_output ""
	run in_sandbox git -C /tmp/allowed config remote.origin.url
	assert_output "$UPSTREAM/allowed.git"
}

@test "push of a new commit to an agent branch reaches the upstream" {
	allowed_clone
	run in_sandbox sh -ec '
		cd /tmp/allowed
		git checkout -q -b agent/stock
		echo "pushed from a stock image" >stock.txt
		git add stock.txt
		git commit -qm "stock push"
		git push -q origin agent/stock 2>&1
		git rev-parse HEAD'
	assert_success
	assert_equal "$(upstream_ref agent/stock)" "${lines[-1]}"
}

@test "fetch brings in a commit made upstream after the clone" {
	allowed_clone
	run in_sandbox sh -ec '
		git clone -q '"$UPSTREAM"'/allowed.git /tmp/second
		cd /tmp/second
		git checkout -q -b agent/stock-fetch
		git commit -q --allow-empty -m "for fetch"
		git push -q origin agent/stock-fetch
		git rev-parse HEAD'
	assert_success
	local upstream_head=${lines[-1]}
	assert_equal "$(upstream_ref agent/stock-fetch)" "$upstream_head"
	run in_sandbox git -C /tmp/allowed fetch -q origin
	assert_success
	run in_sandbox git -C /tmp/allowed rev-parse origin/agent/stock-fetch
	assert_output "$upstream_head"
}

@test "a push to main is refused with git's remote rejected line, and main is unchanged upstream" {
	allowed_clone
	local head main
	main=$(upstream_ref main)
	head=$(in_sandbox sh -ec '
		cd /tmp/allowed
		git checkout -q -B agent/stock-main
		git commit -q --allow-empty -m "for main"
		git rev-parse HEAD')
	# Positive control: the same commit goes to an agent branch.
	run in_sandbox git -C /tmp/allowed push -q origin HEAD:agent/stock-main
	assert_success
	assert_equal "$(upstream_ref agent/stock-main)" "$head"
	run in_sandbox git -C /tmp/allowed push origin HEAD:main
	assert_failure
	assert_output --partial " ! [remote rejected] HEAD -> main (denied by airlock rule default-protect-main)"
	assert_equal "$(upstream_ref main)" "$main"
}

@test "a request without the session secret gets 401" {
	# Positive control: the same request with the inline helper's credential.
	run in_sandbox git ls-remote "$UPSTREAM/allowed.git"
	assert_success
	assert_output --partial refs/heads/main
	# -c comes after the environment: the empty helper drops the inline one.
	run in_sandbox env GIT_TERMINAL_PROMPT=0 GIT_TRACE_CURL=1 GIT_TRACE_CURL_NO_DATA=1 \
		git -c credential.helper= ls-remote "$UPSTREAM/allowed.git"
	assert_failure
	assert_output --partial "<= Recv header: HTTP/1.1 401"
	assert_output --partial "could not read Username"
}

@test "the out-of-scope repository is refused with the reason" {
	# Positive control: it exists upstream with a main branch.
	run in_fakegithub git --git-dir=/srv/git/airlock-test/forbidden.git rev-parse --verify main
	assert_success
	run in_sandbox env GIT_TERMINAL_PROMPT=0 git clone "$UPSTREAM/forbidden.git" /tmp/forbidden
	assert_failure
	assert_output --partial "airlock:"
	assert_output --partial "403"
	run in_sandbox test -e /tmp/forbidden/.git
	assert_failure
}

@test "the inline helper reads the session file at every get and refuses what is not one line of visible ASCII" {
	local secret
	secret=$(in_sandbox cat /run/airlock/session)
	printf '%s\n' "$secret" >"$BATS_TEST_TMPDIR/session"
	run credential_fill
	assert_success
	assert_line username=airlock
	assert_line "password=$secret"
	# A new secret is what the next git command gets, nothing restarted.
	echo 'rotated!"#$%&()*+,-./:;<=>?@[\]^_`{|}~' | session_write
	run credential_fill
	assert_success
	assert_line 'password=rotated!"#$%&()*+,-./:;<=>?@[\]^_`{|}~'
	local bad
	for bad in 'two\nlines' 'a space' 'caf\303\251' 'tab\there' 'cr\r' ''; do
		printf "$bad\\n" | session_write
		run credential_fill
		assert_failure
		assert_output --partial "airlock-credential: fatal: unable to use /run/airlock/session: not one line of visible ASCII"
		refute_output --partial password=
	done
	# The same under bash, in a UTF-8 locale, run as git runs the helper.
	printf 'caf\303\251\n' | session_write
	run in_sandbox_helper_bash
	assert_failure 1
	assert_output "airlock-credential: fatal: unable to use /run/airlock/session: not one line of visible ASCII"
	session_write <"$BATS_TEST_TMPDIR/session"
	run in_sandbox_helper_bash
	assert_success
	assert_output "username=airlock
password=$secret"
	# store and erase do nothing, and say nothing.
	run in_sandbox sh -c 'printf "protocol=http\nhost=%s:8080\nusername=airlock\npassword=other\n\n" "$1" |
		git credential approve && printf "protocol=http\nhost=%s:8080\n\n" "$1" | git credential reject' sh "$SIDECAR_IP"
	assert_success
	assert_output ""
	run credential_fill
	assert_line "password=$secret"
}

@test "a hook in a cloned repository does not run" {
	allowed_clone
	run in_sandbox sh -ec '
		cd /tmp/allowed
		printf "#!/bin/sh\necho ran >/tmp/hook-ran\n" >.git/hooks/pre-commit
		chmod +x .git/hooks/pre-commit
		git commit -q --allow-empty -m "hooks off"
		[ -e /tmp/hook-ran ] || echo "did not run"
		# Positive control: the same hook, the hooks path pointed at it.
		git -c core.hooksPath="$PWD/.git/hooks" commit -q --allow-empty -m "hooks on"
		cat /tmp/hook-ran'
	assert_success
	assert_output "did not run
ran"
}

@test "a local clone is refused: protocol.file.allow is never" {
	allowed_clone
	run in_sandbox git clone -q /tmp/allowed /tmp/local-copy
	assert_failure
	assert_output --partial "transport 'file' not allowed"
	# Positive control: allowed, the same clone works.
	run in_sandbox git -c protocol.file.allow=always clone -q /tmp/allowed /tmp/local-copy
	assert_success
}

@test "a credential.helper=store in the user's ~/.gitconfig never stores the session secret" {
	# Every git command of this file read it; the environment's empty
	# helper dropped it before gitproxy's was added.
	run in_sandbox git config --global --get credential.helper
	assert_output store
	run in_sandbox git ls-remote "$UPSTREAM/allowed.git"
	assert_success
	run in_sandbox test -e /tmp/.git-credentials
	assert_failure
	# Positive control: a store given after the environment's reset (-c
	# comes after it) does write the secret there.
	local secret
	secret=$(in_sandbox cat /run/airlock/session)
	run in_sandbox sh -ec 'git -c credential.helper=store ls-remote "$1" >/dev/null
		cat /tmp/.git-credentials; rm /tmp/.git-credentials' sh "$UPSTREAM/allowed.git"
	assert_success
	assert_output "http://airlock:$secret@$SIDECAR_IP%3a8080"
}

@test "git follows no redirect from gitproxy's address" {
	# gitproxy answers no redirect of its own and relays no upstream
	# Location (docs/gitproxy.md), and nothing else answers at its address
	# on the isolated network, so no real redirect can come from it here:
	# what is checked is the value git resolves for gitproxy's URLs.
	run in_sandbox git config --get-urlmatch http.followRedirects \
		"http://$SIDECAR_IP:8080/git/github.com/airlock-test/allowed.git"
	assert_success
	assert_output false
	# Positive control: it is that address's alone; elsewhere git's default.
	run in_sandbox git config --get-urlmatch http.followRedirects "https://allowed.test/"
	assert_failure 1
	assert_output ""
}

@test "docker compose up --build leaves the user's image as it is" {
	# Only the sandbox's part of `up --build` can touch its image: --no-deps
	# leaves the sidecar's and the fake GitHub's (compose builds them with
	# BuildKit, make images without, so they would be built again).
	run compose up -d --build --no-deps --quiet-pull sandbox
	assert_success
	assert_users_image_kept
	run in_sandbox git ls-remote "$UPSTREAM/allowed.git"
	assert_success
}

@test "make up with AIRLOCK_SANDBOX_IMAGE runs the user's image as it is" {
	# A second project of this file's (stack_down removes it if left), on
	# networks of its own.
	local project=$STACK_PROJECT-b files="compose.isolated.yml compose.test.yml $STACK_OVERRIDE"
	local net egress
	net=$("$COMPOSE_DIR/net-for-project" "$project")
	egress=$("$COMPOSE_DIR/net-for-project" "$project" 198.19)
	run env AIRLOCK_NET="$net" AIRLOCK_TEST_EGRESS_NET="$egress" \
		make -s -C "$AIRLOCK_ROOT" up PROJECT="$project" COMPOSE_FILES="$files"
	assert_success
	assert_line --partial "up: project $project"
	assert_users_image_kept "$project"
	run env AIRLOCK_NET="$net" AIRLOCK_TEST_EGRESS_NET="$egress" \
		make -s -C "$AIRLOCK_ROOT" down PROJECT="$project" COMPOSE_FILES="$files"
	assert_success
	run docker compose -p "$project" ps -aq
	assert_output ""
}
