#!/usr/bin/env bats
# gitproxy streams: its peak memory does not grow with what it carries. A
# clone of a 1 GiB pack and a 256 MiB push go through it; its peak RSS
# (VmHWM) must stay within 16 MiB.

load lib/stack

LIMIT_KB=$((16 * 1024))

setup_file() {
	export FAKEGITHUB_BIG_MB=1024
	stack_up
}
teardown_file() { stack_down; }

gitproxy_peak_kb() {
	in_sidecar sh -c 'awk "/^VmHWM:/ { print \$2 }" /proc/$(s6-svstat -o pid /run/service/gitproxy)/status'
}

@test "a clone of a 1 GiB pack: gitproxy's peak RSS stays within 16 MiB" {
	run in_sandbox git clone -q --no-checkout https://github.com/airlock-test/big.git /home/agent/big
	assert_success
	# Positive control: the pack really was that large.
	run in_sandbox sh -c 'du -sk /home/agent/big/.git/objects/pack | cut -f1'
	[ "$output" -gt $((1000 * 1024)) ]
	run gitproxy_peak_kb
	echo "gitproxy VmHWM after the clone: ${output} kB" >&3
	[ "$output" -gt 0 ] && [ "$output" -le "$LIMIT_KB" ]
	in_sandbox rm -rf /home/agent/big
}

@test "a 256 MiB push: gitproxy's peak RSS stays within 16 MiB" {
	run in_sandbox sh -ec '
		rm -rf /home/agent/p && git clone -q https://github.com/airlock-test/allowed.git /home/agent/p
		cd /home/agent/p && git checkout -q -b big-push
		head -c 268435456 /dev/urandom >blob.bin && git add blob.bin
		git -c user.name=agent -c user.email=agent@sandbox.test commit -qm "big push"
		git push -q origin big-push'
	assert_success
	run in_fakegithub git --git-dir=/srv/git/airlock-test/allowed.git cat-file -s big-push:blob.bin
	assert_output 268435456
	run gitproxy_peak_kb
	echo "gitproxy VmHWM after the push: ${output} kB" >&3
	[ "$output" -gt 0 ] && [ "$output" -le "$LIMIT_KB" ]
	in_sandbox rm -rf /home/agent/p
}
