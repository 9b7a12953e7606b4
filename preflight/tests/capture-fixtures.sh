#!/bin/sh
# capture-fixtures.sh: write tests/fixtures/NAME.json, what
# `docker compose config --format json` prints for the shipped compose
# files with the override tests/overrides/NAME.yml, and shipped.json and
# shipped-test.json, the shipped files alone and with compose.test.yml.
#
# The fixtures must not depend on the machine that captured them: compose
# runs on a copy of compose/ in a temporary directory, whose path is then
# written as /srv/airlock; the environment is only what the files need,
# with the home /home/alice and the token file /srv/airlock/github-token
# (compose does not read it). Review the diff before committing it.
#
# Exit codes: 0 written, 100 wrong usage, 111 compose failed.
set -eu
prog=capture-fixtures
[ $# -eq 0 ] || { echo "usage: $prog" >&2; exit 100; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/compose"
cp "$root/compose/compose.isolated.yml" "$root/compose/compose.test.yml" "$tmp/compose/"

# capture NAME FILE...: the configuration of compose.isolated.yml and FILEs.
capture() {
	name=$1
	shift
	files="-f compose.isolated.yml"
	for f in "$@"; do files="$files -f $f"; done
	# shellcheck disable=SC2086
	(cd "$tmp/compose" && env -i PATH="$PATH" HOME=/home/alice AIRLOCK_REPOS=airlock-test/allowed \
		AIRLOCK_TOKEN_FILE=/srv/airlock/github-token docker compose $files config --format json) \
		>"$tmp/out.json" || { echo "$prog: fatal: unable to capture $name: docker compose config failed" >&2; exit 111; }
	sed "s|$tmp|/srv/airlock|g" "$tmp/out.json" >"$here/fixtures/$name.json"
}

capture shipped
capture shipped-test compose.test.yml
for o in "$here"/overrides/*.yml; do
	cp "$o" "$tmp/compose/override.yml"
	capture "$(basename "$o" .yml)" override.yml
done
echo "$prog: $(ls "$here/fixtures" | wc -l) fixtures in $here/fixtures"
