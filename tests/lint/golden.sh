#!/bin/sh
# golden.sh: every scenario prints what it printed before.
# usage: tests/lint/golden.sh [--write] [-j N] BUILDDIR [NAME...]
#
# Runs each scenario (tests/scenarios/NAME.isc, or only the NAMEs given)
# with BUILDDIR/ipcscope --batch, as text and with --json, and compares
# what it printed, and its exit status, with tests/scenarios/golden/
# NAME.txt and NAME.json. Two runs of one binary differ in pids, ids,
# times, addresses, ports and autobound names, and records of things that
# happen at once come in either order: the output goes through golden.sed
# and is compared as sorted lines. A scenario whose output still differs
# from run to run (a real race: which of two calls wins, how many rounds
# a job makes) says so in a line of its own:
#     # golden: expects-only (why)
# and for it only the expect lines and the echo lines of the script are
# compared: the claims and their verdicts, which must not race.
#
# A scenario that differs is run again, twice at most, before it fails
# (the machine may be loaded), and on failure the unified diff of the
# sorted lines is printed. One skipped (status 77: it needs root) is left
# out. -j N runs N scenarios at a time (default: the number of CPUs, four
# at most: scenarios wait on real time, and a crowded machine makes races).
#
# --write makes the golden files: each scenario three times; when the
# three disagree, its files are not written and it is named, to be looked
# at (a new normalisation in golden.sed, or the expects-only line). Use it
# only when a change of output is intended, and look at git diff after.
# Exit 0 when all match, 1 when not, 2 on a usage error.
usage() {
	echo "usage: tests/lint/golden.sh [--write] [-j N] BUILDDIR [NAME...]" >&2
	exit 2
}
mode=check
jobs=
while [ $# -gt 0 ]; do
	case $1 in
	--write) mode=write; shift ;;
	-j) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd) || exit 2
shift
bin=$build/ipcscope
[ -x "$bin" ] || { echo "golden.sh: no $bin: build it first"; exit 2; }
scenarios=$src/tests/scenarios
golden=$scenarios/golden
sedfile=$here/golden.sed
if [ -z "$jobs" ]; then
	jobs=$(getconf _NPROCESSORS_ONLN 2> /dev/null || echo 1)
	[ "$jobs" -gt 4 ] 2> /dev/null && jobs=4
fi
case $jobs in
''|*[!0-9]*|0) usage ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipcscope-golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

if [ $# -gt 0 ]; then
	for n in "$@"; do
		[ -f "$scenarios/$n.isc" ] || { echo "golden.sh: no scenario $n"; exit 2; }
		echo "$n"
	done
else
	for f in "$scenarios"/*.isc; do
		basename "$f" .isc
	done
fi > "$tmp/names"

expects_only() {
	grep -q '^[[:space:]]*#[[:space:]]*golden:[[:space:]]*expects-only' "$scenarios/$1.isc"
}

# run NAME FORMAT OUT: run the scenario once; OUT gets its output made
# comparable, sorted, with its exit status; returns 77 if it was skipped.
run() {
	if [ "$2" = json ]; then
		"$bin" --batch "$scenarios/$1.isc" --json > "$3.raw" 2>&1
	else
		"$bin" --batch "$scenarios/$1.isc" > "$3.raw" 2>&1
	fi
	st=$?
	[ $st = 77 ] && return 77
	{
		if expects_only "$1"; then
			keep "$1" "$2" < "$3.raw"
		else
			sed -E -f "$sedfile" "$3.raw"
		fi
		echo "exit status $st"
	} | LC_ALL=C sort > "$3"
	rm -f "$3.raw"
	return 0
}

# keep NAME FORMAT: of the output, the expect lines and the script's echo
# lines only (text), or the expect and echo records' text (JSON).
keep() {
	if [ "$2" = json ]; then
		sed -n -E 's/^\{"type":"(echo|expect)",.*"text":"((\\.|[^"\\])*)".*/\1 \2/p'
	else
		sed -n -E 's/^[[:space:]]*echo[[:space:]]+//p' "$scenarios/$1.isc" |
		    sed -E -e 's/^"(.*)"$/\1/' -e "s/^'(.*)'\$/\\1/" -e 's/\\(["\\])/\1/g' > "$tmp/$1.echo"
		awk -v echoes="$tmp/$1.echo" '
		BEGIN { while ((getline l < echoes) > 0) echo[l] = 1 }
		/^expect / || ($0 in echo)'
	fi
}

# one NAME: check (or with --write, make) the golden files of a scenario;
# prints what it found, and "FAIL NAME" or "WROTE NAME" or "SKIP NAME".
one() {
	n=$1
	d=$tmp/$n
	mkdir "$d"
	if [ $mode = write ]; then
		for f in txt json; do
			for r in 1 2 3; do
				if ! run "$n" $f "$d/$f.$r"; then
					echo "SKIP $n: skipped here, its golden files are kept as they are"
					return
				fi
			done
			if ! cmp -s "$d/$f.1" "$d/$f.2" || ! cmp -s "$d/$f.1" "$d/$f.3"; then
				echo "UNSTABLE $n: three runs of $n ($f) disagree (- first run, + another):"
				for r in 2 3; do
					diff "$d/$f.1" "$d/$f.$r" | grep '^<' | head -10 | sed 's/^< /  -/'
					diff "$d/$f.1" "$d/$f.$r" | grep '^>' | head -10 | sed 's/^> /  +/'
				done
				return
			fi
		done
		grep -q '^exit status 0$' "$d/txt.1" || {
			echo "UNSTABLE $n: it fails (its output is not a golden file):"
			grep -v '^exit status' "$d/txt.1" | grep -i 'fail' | head -5 | sed 's/^/  /'
			return
		}
		cp "$d/txt.1" "$golden/$n.txt"
		cp "$d/json.1" "$golden/$n.json"
		echo "WROTE $n"
		return
	fi
	for f in txt json; do
		if [ ! -f "$golden/$n.$f" ]; then
			echo "FAIL $n: no golden file tests/scenarios/golden/$n.$f (golden.sh --write BUILDDIR $n)"
			return
		fi
		tries=0
		while :; do
			tries=$((tries + 1))
			run "$n" $f "$d/$f" || { echo "SKIP $n: skipped"; return; }
			cmp -s "$golden/$n.$f" "$d/$f" && break
			[ $tries -lt 3 ] && continue
			echo "FAIL $n: its output ($f) is not the golden one (sorted lines; - golden, + now):"
			diff -u "$golden/$n.$f" "$d/$f" | sed -n '3,$p' | sed 's/^/  /'
			return
		done
		[ $tries -gt 1 ] && echo "note: $n ($f) matched at run $tries"
	done
	echo "OK $n"
}

# N streams in parallel, each running its share of the scenarios in turn.
i=0
while [ $i -lt "$jobs" ]; do
	awk -v j="$jobs" -v i="$i" 'NR % j == i' "$tmp/names" > "$tmp/stream.$i"
	# Each stream has a runtime directory of its own: a lab starting
	# sweeps the directories of runs that did not end, and must not take
	# one of a lab starting beside it for such.
	mkdir -m 700 "$tmp/run.$i"
	(XDG_RUNTIME_DIR=$tmp/run.$i; export XDG_RUNTIME_DIR
	    while read -r n; do one "$n"; done < "$tmp/stream.$i" > "$tmp/out.$i" 2>&1) &
	i=$((i + 1))
done
wait
cat "$tmp"/out.* > "$tmp/out"

total=$(wc -l < "$tmp/names")
bad=$(grep -c -E '^(FAIL|UNSTABLE) ' "$tmp/out")
grep -v -E '^(OK|WROTE) ' "$tmp/out"
if [ $mode = write ]; then
	echo "$(grep -c '^WROTE ' "$tmp/out") of $total scenarios written to tests/scenarios/golden"
else
	echo "$(grep -c '^OK ' "$tmp/out") of $total scenarios print what they printed before"
fi
[ "$bad" -eq 0 ]
