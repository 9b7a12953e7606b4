#!/bin/sh
# gen-configs-check.sh [GEN_CONFIGS]: time `gen-configs --check` (and a full
# generation) on a directory of 10,000 rules in 10 fragments: exact names,
# wildcards, git hosts and repositories. Prints the best and median of 7
# runs in milliseconds; asserts nothing (the target is well under 100 ms).
# Exit codes: 0 measured, 1 gen-configs refused the input, 111 failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../gen-configs/gen-configs}
[ -x "$bin" ] || { echo "gen-configs-check: fatal: no executable $bin (make -C gen-configs)" >&2; exit 111; }
tmp=$(mktemp -d) || exit 111
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/allowlist.d" "$tmp/out"
awk -v dir="$tmp/allowlist.d" 'BEGIN {
	for (f = 0; f < 10; f++) {
		file = sprintf("%s/%02d-bench.conf", dir, f * 10)
		printf "# benchmark fragment %d\ngit-host git%d.bench.test id=git-%d\n", f, f, f > file
		for (i = 0; i < 999; i++) {
			n = f * 1000 + i
			if (i % 10 == 0)
				printf "https *.w%d.site%d.test id=w-%d\n", n, n % 97, n > file
			else if (i % 10 == 1)
				printf "repo git%d.bench.test/owner%d/repo%d id=r-%d\n", f, n % 50, n, n > file
			else
				printf "https host%d.site%d.test\n", n, n % 97 > file
		}
		close(file)
	}
}'
rules=$(grep -hvc '^#' "$tmp"/allowlist.d/*.conf | awk '{ s += $1 } END { print s }')
"$bin" --check "$tmp/allowlist.d" || exit 1

ms() { # ms CMD...: wall time of one run in milliseconds
	start=$(date +%s%N)
	"$@" >/dev/null 2>&1 || exit 1
	end=$(date +%s%N)
	echo $(((end - start) / 1000000))
}
report() { # report WHAT CMD...
	what=$1
	shift
	times=$(for i in 1 2 3 4 5 6 7; do ms "$@"; done | sort -n)
	best=$(echo "$times" | head -n 1)
	median=$(echo "$times" | sed -n 4p)
	echo "gen-configs bench: $what, $rules rules: best $best ms, median $median ms (7 runs)"
}
report "--check" "$bin" --check "$tmp/allowlist.d"
report "generate" "$bin" "$tmp/allowlist.d" "$tmp/out"
