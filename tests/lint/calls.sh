#!/bin/sh
# calls.sh: no cycle of calls between the project's object files, and no
# call up the layers.
# usage: tests/lint/calls.sh [--list] [BUILDDIR]
#
# The include check (cycles.sh) cannot see through a header that several
# .c files share (ui/view.h): this one reads the built objects. For
# each object of src/, mechanisms/ and ui/ in BUILDDIR (default: the
# source tree), nm says which global symbols it defines and which it
# uses; A -> B when A's object uses a symbol that B's object defines (a
# symbol defined by two objects, weak or made by the compiler, counts for
# neither). Files are named by their source path without .c
# (src/lab/lab). There must be no edge on a cycle (B reaches A again),
# and no file may use what a file of a higher layer defines (the order is
# below). The check fails on any, and prints each cycle with the symbols
# of its edges, and each call up with its symbol.
#   --list   print the cycles and calls up as the check does, without
#            failing
# Exit 0 when there is neither, 1 when there is one, 2 when there is
# nothing to read (no objects: build first) or on a usage error.
mode=check
case ${1:-} in
--list) mode=list; shift ;;
-*) echo "usage: tests/lint/calls.sh [--list] [BUILDDIR]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
LINT_SRC=$(cd "$here/../.." && pwd)
BUILD=$(cd "${1:-$LINT_SRC}" && pwd) || exit 2
. "$here/lib.sh"
lint_tmp
command -v nm > /dev/null || { echo "calls.sh: nm is needed (binutils)"; exit 2; }

# The objects and the source each was built from: automake names an
# object of a target with its own flags TARGET-NAME.o.
cd "$BUILD" || exit 2
for d in src mechanisms ui; do
	[ -d "$d" ] && find "$d" -type f -name '*.o'
done | LC_ALL=C sort | while read -r o; do
	stem=${o%.o}
	dir=${stem%/*}
	base=${stem##*/}
	case $base in
	*-*) [ ! -f "$LINT_SRC/$stem.c" ] && [ -f "$LINT_SRC/$dir/${base#*-}.c" ] &&
	    stem=$dir/${base#*-} ;;
	esac
	# nm -P: "NAME TYPE [VALUE SIZE]"; -g: global symbols only.
	nm -P -g "$o" | awk -v f="$stem" '$2 ~ /^[UvwTDBRGSVWCui]$/ { print f, $2, $1 }'
done > "$LINT_TMP/symbols"
[ -s "$LINT_TMP/symbols" ] || {
	echo "calls.sh: no objects under $BUILD/src, mechanisms or ui: build first"
	exit 2
}

# "A B SYMBOL" for each symbol A uses that B alone defines.
awk '
$2 ~ /^[Uvw]$/ { n++; uf[n] = $1; us[n] = $3; next }
{ if (!(($1, $3) in own)) { own[$1, $3] = 1; ndef[$3]++; def[$3] = $1 } }
END {
	for (i = 1; i <= n; i++) {
		s = us[i]
		if (ndef[s] == 1 && def[s] != uf[i]) print uf[i], def[s], s
	}
}' "$LINT_TMP/symbols" | LC_ALL=C sort > "$LINT_TMP/uses"

# Calls go down the layers: src/base, src/kernel, src/actor, src/lab,
# src/lang, mechanisms, ui, then the program (src/main). "A uses SYMBOL of
# B" for each use of what a higher layer defines.
awk '
function layer(f) {
	if (f ~ /^src\/base\//) return 0
	if (f ~ /^src\/kernel\//) return 1
	if (f ~ /^src\/actor\//) return 2
	if (f ~ /^src\/lab\//) return 3
	if (f ~ /^src\/lang\//) return 4
	if (f ~ /^mechanisms\//) return 5
	if (f ~ /^ui\//) return 6
	return 7
}
layer($1) < layer($2) { print $1 " uses " $3 " of " $2 }' "$LINT_TMP/uses" > "$LINT_TMP/up"

# One line per edge: "A B sym1 sym2 ... (+N)", six symbols at most.
awk '
{ k = $1 " " $2; if (!(k in n)) order[++m] = k; n[k]++; if (n[k] <= 6) s[k] = s[k] " " $3 }
END {
	for (i = 1; i <= m; i++) {
		k = order[i]
		more = n[k] > 6 ? " (+" (n[k] - 6) ")" : ""
		print k " uses" s[k] more
	}
}' "$LINT_TMP/uses" | lint_cycles

if [ $mode = list ]; then
	lint_cycle_report "$LINT_TMP/cycle.edges" files
	sed 's/^/calls up the layers: /' "$LINT_TMP/up"
	exit 0
fi
if [ -s "$LINT_TMP/up" ]; then
	echo "calls up the layers (src/base, src/kernel, src/actor, src/lab, src/lang, mechanisms, ui, main):"
	sed 's/^/  /' "$LINT_TMP/up"
fi
if [ -s "$LINT_TMP/cycle.edges" ]; then
	echo "calls on a cycle (a file uses what another defines, which uses it again):"
	lint_cycle_report "$LINT_TMP/cycle.edges" files | sed 's/^/  /'
fi
if [ -s "$LINT_TMP/up" ] || [ -s "$LINT_TMP/cycle.edges" ]; then
	exit 1
fi
n=$(cut -d' ' -f1 "$LINT_TMP/symbols" | LC_ALL=C sort -u | wc -l)
echo "no call up the layers, and no cycle of calls between the $n object files"
exit 0
