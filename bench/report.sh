#!/bin/bash
# report.sh RESULTS...: the table of the performance targets from the results
# files of bench/loopback-run.sh (one per upstream condition) and
# bench/sidecar-bench.sh: each target, its measured value and "met" or
# "not met", a column pair per upstream condition. The sidecar's rows do
# not depend on the upstream: measured once, shown in the first column
# pair. A target whose measurement is missing says "not measured".
#
# Exit codes: 0 printed, 100 wrong usage, 111 a file is unreadable.
set -u
prog=report
[ $# -ge 1 ] || { echo "usage: $prog RESULTS..." >&2; exit 100; }
declare -A R # R[CONDITION|KEY]=VALUE; CONDITION "sidecar" for the sidecar's file
conditions=()
for file in "$@"; do
	[ -r "$file" ] || { echo "$prog: fatal: unable to read $file" >&2; exit 111; }
	c=$(awk '$1 == "condition" { print $2; exit }' "$file")
	[ -n "$c" ] || { echo "$prog: fatal: unable to use $file: no condition line" >&2; exit 111; }
	[ "$c" = sidecar ] || conditions+=("$c")
	while read -r key value; do R["$c|$key"]=$value; done <"$file"
done
[ ${#conditions[@]} -gt 0 ] || conditions=(buffered)

v() { echo "${R["$1|$2"]:-}"; }              # v COND KEY: the value
fld() { v "$1" "$2" | awk -v i="$3" '{ print $i }'; } # fld COND KEY N: its Nth field
calc() { awk "BEGIN { $1 }"; }             # calc AWK-STATEMENTS: prints what they print
met() { if [ "$(calc "print ($1) ? 1 : 0")" = 1 ]; then echo met; else echo "not met"; fi; }

# cell COND ROW: "VALUE | VERDICT" for one target in one condition.
cell() {
	local c=$1 row=$2 g n d g50 g99 n50 n99 a b x y s
	case $row in
	stream-nginx | stream-direct)
		g=$(v "$c" stream.gitproxy)
		if [ "$row" = stream-nginx ]; then n=$(v "$c" stream.nginx) x=1.10 y=nginx; else n=$(v "$c" stream.direct) x=0.95 y=direct; fi
		[ -n "$g" ] && [ -n "$n" ] || { echo "— | not measured"; return; }
		echo "$(calc "printf \"%.2f\", $n / $g") ($y $n s, gitproxy $g s) | $(met "$n / $g >= $x")" ;;
	cpu-nginx | cpu-max)
		g=$(v "$c" cpugb.gitproxy) n=$(v "$c" cpugb.nginx)
		[ -n "$g" ] || { echo "— | not measured"; return; }
		if [ "$row" = cpu-nginx ]; then echo "gitproxy $g, nginx $n s/GB | $(met "$g < $n")"
		else echo "$g s/GB | $(met "$g <= 1.0")"; fi ;;
	errors)
		g=$(fld "$c" many.gitproxy 1)
		[ -n "$g" ] || { echo "— | not measured"; return; }
		echo "$g of $(fld "$c" sizes 4) failed | $(met "$g == 0")" ;;
	own50 | own99)
		read -r a b s <<<"$(v "$c" own.loaded)"
		[ -n "${a:-}" ] || { echo "— | not measured"; return; }
		if [ "$row" = own50 ]; then echo "$a ms ($s requests) | $(met "$a <= 5")"
		else echo "$b ms ($s requests) | $(met "$b <= 50")"; fi ;;
	own-split)
		local na nb ns ka kb ks
		read -r na nb ns <<<"$(v "$c" own.loaded.new)"
		read -r ka kb ks <<<"$(v "$c" own.loaded.kept)"
		[ -n "${ns:-}" ] && [ -n "${ks:-}" ] || { echo "— | not measured"; return; }
		echo "new connection p50 ${na:-—} / p99 ${nb:-—} ms ($ns requests), kept p50 ${ka:-—} / p99 ${kb:-—} ms ($ks) | —" ;;
	client50 | client99)
		read -r g50 g99 <<<"$(v "$c" loaded.gitproxy)"
		read -r n50 n99 <<<"$(v "$c" loaded.nginx)"
		[ -n "${g50:-}" ] && [ -n "${n50:-}" ] || { echo "— | not measured"; return; }
		if [ "$row" = client50 ]; then echo "gitproxy $g50, nginx $n50 ms | $(met "$g50 <= $n50")"
		else echo "gitproxy $g99, nginx $n99 ms | $(met "$g99 <= $n99")"; fi ;;
	reuse)
		# opened per 100 requests: one client, then among the concurrent clones
		local seq many nseq nmany
		[ -n "$(v "$c" up.seq.gitproxy)" ] || { echo "— | not measured"; return; }
		seq=$(v "$c" up.seq.gitproxy | awk '{ printf "%.1f", $1 ? 100 * $2 / $1 : 0 }')
		many=$(v "$c" up.many.gitproxy | awk '{ printf "%.1f", $1 ? 100 * $2 / $1 : 0 }')
		nseq=$(v "$c" up.seq.nginx | awk '{ printf "%.1f", $1 ? 100 * $2 / $1 : 0 }')
		nmany=$(v "$c" up.many.nginx | awk '{ printf "%.1f", $1 ? 100 * $2 / $1 : 0 }')
		# one client: one connection for the whole sequence, or 2 per 100 requests
		read -r a b _ <<<"$(v "$c" up.seq.gitproxy)"
		echo "gitproxy $seq one client ($b of $a), $many concurrent; nginx $nseq, $nmany | $(met "($b <= 1 || $seq <= 2) && $many <= $nmany")" ;;
	resumed)
		local gr gn nr nn
		read -r _ gn gr <<<"$(v "$c" up.all.gitproxy)"
		read -r _ nn nr <<<"$(v "$c" up.all.nginx)"
		[ -n "${gn:-}" ] || { echo "— | not measured"; return; }
		[ -n "${nn:-}" ] || { echo "gitproxy $gr of $gn new connections, nginx not measured | not measured"; return; }
		echo "gitproxy $(calc "printf \"%.0f\", $gn ? 100 * $gr / $gn : 0") % ($gr of $gn new connections);" \
			"nginx $(calc "printf \"%.0f\", $nn ? 100 * $nr / $nn : 0") % ($nr of $nn) | $(met "($gn ? $gr / $gn : 1) >= ($nn ? $nr / $nn : 1)")" ;;
	peak)
		g=$(v "$c" peak_big.gitproxy)
		[ -n "$g" ] || { echo "— | not measured"; return; }
		echo "$(calc "printf \"%.1f\", $g / 1024") MiB ($(fld "$c" sizes 1) MiB clone and stream, $(fld "$c" sizes 2) MiB push) | $(met "$g <= 16384")" ;;
	idle)
		local fb fa fo kb ka ko
		read -r fb fa fo _ <<<"$(v "$c" idle.fresh.gitproxy)"
		read -r kb ka ko _ <<<"$(v "$c" idle.kept.gitproxy)"
		[ -n "${fb:-}" ] && [ -n "${kb:-}" ] || { echo "— | not measured"; return; }
		a=$(calc "printf \"%.1f\", ($fa - $fb) / $fo") b=$(calc "printf \"%.1f\", ($ka - $kb) / $ko")
		echo "$a KiB fresh, $b KiB kept alive ($fo and $ko connections) | $(met "$a <= 64 && $b <= 64")" ;;
	slow)
		local b99 w99 started cut up_done
		read -r _ b99 _ w99 <<<"$(v "$c" slow.gitproxy)"
		read -r started _ cut up_done _ <<<"$(v "$c" slowinfo.gitproxy)"
		[ -n "${b99:-}" ] || { echo "— | not measured"; return; }
		d=$(calc "printf \"%+.1f\", $w99 - $b99")
		s=$(fld "$c" sizes 6)
		if [ "$started" != "$s" ] || [ "$cut" != 0 ] || [ "$up_done" != "$s" ]; then
			echo "$d ms, but of $s slow clients $started started, $cut were cut, the upstream answered $up_done | not measured"
		else
			echo "$d ms (p99 $b99 → $w99 ms, $s slow clients) | $(met "$w99 - $b99 <= 10")"
		fi ;;
	pss)
		g=$(v sidecar pss_kib)
		[ -n "$g" ] || { echo "— | not measured"; return; }
		echo "$(calc "printf \"%.1f\", $g / 1024") MiB (USS $(calc "printf \"%.1f\", $(v sidecar uss_kib) / 1024") MiB; $(fld sidecar others 1) other containers of the image running) | $(met "$g <= 12288")" ;;
	start)
		g=$(fld sidecar start 1)
		[ -n "$g" ] || { echo "— | not measured"; return; }
		echo "$g s (median of $(v sidecar start | awk '{ print NF - 1 }'); running after $(v sidecar start_running | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }') s, healthcheck every $(v sidecar healthcheck)) | $(met "$g <= 2")" ;;
	syscalls)
		read -r g _ <<<"$(v "$c" strace.gitproxy)"
		read -r n _ <<<"$(v "$c" strace.nginx)"
		[ -n "${g:-}" ] || { echo "— | —"; return; }
		s=$(fld "$c" sizes 1)
		echo "gitproxy $(calc "printf \"%.0f\", $g / $s"), nginx $(calc "printf \"%.0f\", $n / $s") | —" ;;
	handshakes)
		local gq gn gr nq nn nr
		read -r gq gn gr <<<"$(v "$c" up.all.gitproxy)"
		read -r nq nn nr <<<"$(v "$c" up.all.nginx)"
		[ -n "${gq:-}" ] || { echo "— | —"; return; }
		echo "gitproxy $(calc "printf \"%.1f\", 100 * $gn / $gq") ($((gn - gr)) full, $gr resumed, $gq requests); nginx $(calc "printf \"%.1f\", 100 * $nn / $nq") ($((nn - nr)) full, $nr resumed, $nq requests) | —" ;;
	esac
}

concurrent=$(fld "${conditions[0]}" sizes 4) idle_n=$(fld "${conditions[0]}" sizes 5) slow_n=$(fld "${conditions[0]}" sizes 6)
echo
echo "the performance targets$(for c in "${conditions[@]}"; do printf '; %s upstream: pack %s MiB, push %s MiB, median of %s, %s' \
	"$c" "$(fld "$c" sizes 1)" "$(fld "$c" sizes 2)" "$(fld "$c" sizes 3)" "$(fld "$c" libcurl 1)"; done)"
[ -n "$(v sidecar image)" ] && echo "sidecar: $(v sidecar image)"
echo
header="| target" sep="|---"
for c in "${conditions[@]}"; do header="$header | $c upstream | "; sep="$sep|---|---"; done
echo "$header |"
echo "$sep|"
while IFS='|' read -r row what; do
	line="| $what"
	for c in "${conditions[@]}"; do
		case $row in
		pss | start)
			if [ "$c" = "${conditions[0]}" ]; then line="$line | $(cell "$c" "$row")"; else line="$line | (no upstream) | "; fi ;;
		*) line="$line | $(cell "$c" "$row")" ;;
		esac
	done
	echo "$line |"
done <<EOF
stream-nginx|pack stream: nginx time / gitproxy time ≥ 1.10
stream-direct|pack stream: direct time / gitproxy time ≥ 0.95
cpu-nginx|proxy CPU per GB (stream + clone): gitproxy below nginx
cpu-max|proxy CPU per GB (stream + clone): gitproxy ≤ 1.0 s
errors|$concurrent concurrent clones through gitproxy: no errors
own50|gitproxy's own time on info/refs among $concurrent clones: p50 ≤ 5 ms
own99|gitproxy's own time on info/refs among $concurrent clones: p99 ≤ 50 ms
client50|clients' info/refs among $concurrent clones: p50 no worse than through nginx
client99|clients' info/refs among $concurrent clones: p99 no worse than through nginx
reuse|upstream connections opened per 100 requests: one client a single connection (or ≤ 2), among the clones no more than nginx
resumed|TLS sessions resumed on new upstream connections (whole run): a share no lower than nginx's
peak|gitproxy peak RSS over the stream, clone and push runs ≤ 16 MiB
idle|gitproxy RSS per idle client connection ($idle_n open) ≤ 64 KiB
slow|$slow_n slow clients (1 B/s): another client's info/refs p99 rises ≤ 10 ms
pss|whole sidecar idle PSS ≤ 12 MiB (airlock-sidecar image, docker)
start|sidecar healthy ≤ 2 s after docker start
own-split|(no target) gitproxy's own time on info/refs among the clones, by upstream connection
syscalls|(no target) gitproxy's system calls per MiB over one stream, strace -c
handshakes|(no target) upstream TLS handshakes per 100 requests, whole run
EOF
