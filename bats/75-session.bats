#!/usr/bin/env bats
# The session's life, from the sandbox and the operator's side: rotate
# (the next push works with nothing restarted, the old secret gets 401),
# revoke (401 saying so, in git's own output), a TTL of a few seconds (401
# saying it expired), a restarted gitproxy keeping its session; and the
# token nowhere it should not be after all of it. Each denial comes after
# its positive control on the same path.

load lib/stack

setup_file() { stack_up; }
teardown_file() { stack_down; }

UPSTREAM=https://github.com/airlock-test

# info_refs SECRET: the status gitproxy answers with SECRET; the body in $STACK_DIR/body.
info_refs() {
	in_sandbox sh -c 'curl -s -o /tmp/body -w "%{http_code}" -u "airlock:$1" \
		"http://$2:8080/git/github.com/airlock-test/allowed.git/info/refs?service=git-upload-pack"; cat /tmp/body >&2' \
		sh "$1" "$SIDECAR_IP" 2>"$STACK_DIR/body"
}

secret() { in_sandbox cat /run/airlock/session; }

# push_branch NAME: a new commit on branch NAME, pushed from the sandbox.
push_branch() {
	in_sandbox sh -ec '
		[ -d /home/agent/s ] || git clone -q '"$UPSTREAM"'/allowed.git /home/agent/s
		cd /home/agent/s
		git checkout -q -B "$1"
		git -c user.name=agent -c user.email=agent@sandbox.test commit -q --allow-empty -m "$1"
		git push -q origin "$1" 2>&1' sh "$1"
}

@test "session status shows age, expiry, last use and requests served, never the secret" {
	run push_branch agent/status
	assert_success
	run in_sidecar airlock-ctl session status
	assert_success
	assert_output --partial '"age_s":'
	assert_output --partial '"expires_in_s":'
	assert_output --partial '"requests_served":'
	refute_output --partial "$(secret)"
}

@test "rotate: the next push works with nothing restarted, and the old secret gets 401 saying it was rotated" {
	local old new
	old=$(secret)
	# Positive control: the current secret is good.
	run info_refs "$old"
	assert_output 200
	run in_sidecar airlock-ctl session rotate
	assert_success
	new=$(secret)
	[ "$new" != "$old" ]
	[ "${#new}" -eq 64 ]
	run push_branch agent/after-rotate
	assert_success
	run in_fakegithub git --git-dir=/srv/git/airlock-test/allowed.git rev-parse --verify -q agent/after-rotate
	assert_success
	run info_refs "$old"
	assert_output 401
	run cat "$STACK_DIR/body"
	assert_output --partial "the session credential was rotated at"
	# The refusal is audited, with its rule.
	run compose logs --no-color --no-log-prefix sidecar
	assert_output --regexp '"status":401,[^}]*"rule":"session-auth","reason":"the session credential was rotated'
}

@test "revoke: every credential gets 401 saying the session was revoked, in git's own output; rotate starts a new one" {
	local current
	current=$(secret)
	run info_refs "$current"
	assert_output 200
	run in_sidecar airlock-ctl session revoke
	assert_success
	run info_refs "$current"
	assert_output 401
	run in_sandbox git ls-remote "$UPSTREAM/allowed.git"
	assert_failure
	assert_output --partial "remote: airlock: the session was revoked at"
	assert_output --partial "airlock-ctl session rotate"
	run secret
	assert_output revoked
	# A gitproxy restarted by s6 keeps the session revoked.
	run in_sidecar s6-svc -r /run/service/gitproxy
	assert_success
	run in_sidecar s6-svwait -U -t 10000 /run/service/gitproxy
	assert_success
	run info_refs "$current"
	assert_output 401
	run in_sidecar airlock-ctl session rotate
	assert_success
	run in_sandbox git ls-remote -q "$UPSTREAM/allowed.git"
	assert_success
}

@test "a restarted gitproxy keeps its session: the sandbox's secret still works" {
	local current
	current=$(secret)
	run in_sidecar s6-svc -r /run/service/gitproxy
	assert_success
	run in_sidecar s6-svwait -U -t 10000 /run/service/gitproxy
	assert_success
	[ "$(secret)" = "$current" ]
	run info_refs "$current"
	assert_output 200
}

@test "a TTL of a few seconds from a fragment: the session expires and gets 401 saying so, until rotated" {
	printf 'limit session-ttl 3s id=test-ttl\n' >"$AIRLOCK_ALLOWLIST_DIR/70-ttl.conf"
	chmod 0644 "$AIRLOCK_ALLOWLIST_DIR/70-ttl.conf"
	run in_sidecar airlock-ctl reload
	assert_success
	run in_sidecar airlock-ctl session rotate
	assert_success
	# Positive control: within its TTL the new session works.
	run info_refs "$(secret)"
	assert_output 200
	sleep 3.5
	run info_refs "$(secret)"
	assert_output 401
	run cat "$STACK_DIR/body"
	assert_output --partial "the session expired at"
	assert_output --partial "[rule test-ttl]"
	run in_sandbox git ls-remote "$UPSTREAM/allowed.git"
	assert_failure
	assert_output --partial "remote: airlock: the session expired at"
	rm "$AIRLOCK_ALLOWLIST_DIR/70-ttl.conf"
	run in_sidecar airlock-ctl reload
	assert_success
	run info_refs "$(secret)"
	assert_output 200
}

@test "after rotations, the token is nowhere in the sandbox, in either container's docker inspect, or in any log" {
	local token
	token=$(cat "$AIRLOCK_TOKEN_FILE")
	run in_sidecar airlock-ctl session rotate
	assert_success
	run in_sandbox git ls-remote -q "$UPSTREAM/allowed.git"
	assert_success
	assert_not_in_sandbox_files "$token"
	for service in sandbox sidecar; do
		run docker inspect "$(compose ps -q "$service")"
		assert_success
		refute_output --partial "$token"
	done
	run compose logs --no-color
	assert_success
	refute_output --partial "$token"
	# Nor the session secret, in any log.
	refute_output --partial "$(secret)"
}
