#!/bin/sh
# golden.sh [--update] GEN_CONFIGS: golden tests, TAP lines on stdout.
#
# tests/golden/NAME/        allowlist.d/ (or a file "dir" naming another
#                           directory, relative to gen-configs/), optional
#                           "args" (options, one line), expected/ (every
#                           output file, byte for byte), optional
#                           expected.stderr (warnings; absent: none)
# tests/golden-errors/NAME/ allowlist.d/, optional "args", expected.stderr,
#                           expected.exit; nothing may be written
# Runs from gen-configs/ so the paths in messages are stable.
# --update rewrites the expectations from what the binary does now.
set -u
update=0
if [ "${1:-}" = --update ]; then update=1; shift; fi
[ $# -eq 1 ] || { echo "usage: golden.sh [--update] GEN_CONFIGS" >&2; exit 100; }
bin=$1
cd "$(dirname "$0")/.." || exit 111
tmp=$(mktemp -d) || exit 111
trap 'rm -rf "$tmp"' EXIT
status=0

say() { # say OK WHAT
	if [ "$1" -eq 0 ]; then echo "ok - $2"; else echo "not ok - $2"; status=1; fi
}

input_of() { # input_of CASE: the directory to read
	if [ -f "$1/dir" ]; then cat "$1/dir"; else printf '%s\n' "$1/allowlist.d"; fi
}

for case in tests/golden/*; do
	[ -d "$case" ] || continue
	name=${case##*/}
	args=$(cat "$case/args" 2>/dev/null)
	in=$(input_of "$case")
	mkdir "$tmp/$name" "$tmp/$name.again"
	set -f
	# shellcheck disable=SC2086
	"$bin" $args "$in" "$tmp/$name" 2>"$tmp/$name.stderr"
	rc=$?
	# shellcheck disable=SC2086
	"$bin" $args "$in" "$tmp/$name.again" 2>/dev/null
	set +f
	if [ "$update" -eq 1 ]; then
		rm -rf "$case/expected" "$case/expected.stderr"
		cp -R "$tmp/$name" "$case/expected"
		[ -s "$tmp/$name.stderr" ] && cp "$tmp/$name.stderr" "$case/expected.stderr"
		echo "updated $case (exit $rc)"
		continue
	fi
	say "$rc" "golden $name: exit 0"
	diff -r "$case/expected" "$tmp/$name" >"$tmp/diff" 2>&1
	r=$?
	[ "$r" -ne 0 ] && sed 's/^/# /' "$tmp/diff" | head -n 40
	say "$r" "golden $name: output files match byte for byte"
	want=/dev/null
	[ -f "$case/expected.stderr" ] && want=$case/expected.stderr
	diff "$want" "$tmp/$name.stderr" >"$tmp/diff" 2>&1
	r=$?
	[ "$r" -ne 0 ] && sed 's/^/# /' "$tmp/diff"
	say "$r" "golden $name: warnings as expected"
	diff -r "$tmp/$name" "$tmp/$name.again" >/dev/null 2>&1
	say $? "golden $name: a second run gives the same bytes"
	(cd "$tmp/$name" && sha256sum --check --quiet --strict MANIFEST.sha256 >/dev/null 2>&1)
	say $? "golden $name: sha256sum --check --strict accepts MANIFEST.sha256"
done

for case in tests/golden-errors/*; do
	[ -d "$case" ] || continue
	name=${case##*/}
	args=$(cat "$case/args" 2>/dev/null)
	mkdir "$tmp/err-$name"
	set -f
	# shellcheck disable=SC2086
	"$bin" $args "$case/allowlist.d" "$tmp/err-$name" 2>"$tmp/err-$name.stderr"
	rc=$?
	set +f
	if [ "$update" -eq 1 ]; then
		cp "$tmp/err-$name.stderr" "$case/expected.stderr"
		echo "$rc" >"$case/expected.exit"
		echo "updated $case (exit $rc)"
		continue
	fi
	want_rc=$(cat "$case/expected.exit")
	[ "$rc" = "$want_rc" ]
	say $? "golden error $name: exit $want_rc (got $rc)"
	diff "$case/expected.stderr" "$tmp/err-$name.stderr" >"$tmp/diff" 2>&1
	r=$?
	[ "$r" -ne 0 ] && sed 's/^/# /' "$tmp/diff"
	say "$r" "golden error $name: messages as expected"
	[ -z "$(ls -A "$tmp/err-$name")" ]
	say $? "golden error $name: nothing written"
done
exit "$status"
