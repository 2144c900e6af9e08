#!/bin/sh
# calls.sh: no cycle of calls between the project's object files, and no
# call up the layers.
# usage: tests/lint/calls.sh [--list | --write] [BUILDDIR]
#
# The include check (cycles.sh) cannot see through a header that several
# .c files share (ui/tui_int.h): this one reads the built objects. For
# each object of src/, mechanisms/ and ui/ in BUILDDIR (default: the
# source tree), nm says which global symbols it defines and which it
# uses; A -> B when A's object uses a symbol that B's object defines (a
# symbol defined by two objects, weak or made by the compiler, counts for
# neither). Files are named by their source path without .c
# (src/lab/lab). Every edge on a cycle must be in tests/lint/calls.allow
# (in the source tree), and every line there must still be such an edge:
# the list only shrinks. And no file may use what a file of a higher
# layer defines (the order is below), which no allow-list takes.
#   --list   print every cycle edge, its cycle and the symbols it uses,
#            and every call up the layers
#   --write  print the allow-list for the build as it is
# Exit 0 when the build matches the list, 1 when not, 2 when there is
# nothing to read (no objects: build first) or on a usage error.
mode=check
case ${1:-} in
--list|--write) mode=${1#--}; shift ;;
-*) echo "usage: tests/lint/calls.sh [--list | --write] [BUILDDIR]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
LINT_SRC=$(cd "$here/../.." && pwd)
BUILD=$(cd "${1:-$LINT_SRC}" && pwd) || exit 2
. "$here/lib.sh"
lint_tmp
allow=$LINT_SRC/tests/lint/calls.allow
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
# B" for each use of what a higher layer defines: the tree has none, so
# there is no allow-list for them, and any fails the check.
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

case $mode in
write)
	cat <<'EOF'
# calls.allow: the edges on a cycle of calls between object files that
# the tree still has (tests/lint/calls.sh: A -> B when A uses a symbol B
# defines), by source path without .c. The list only shrinks: the check
# fails on a cycle edge not listed here, and on a line here that is no
# longer on a cycle. After a change that breaks a cycle, in a built tree:
#   tests/lint/calls.sh --write > tests/lint/calls.allow
EOF
	cat "$LINT_TMP/cycle.edges"
	exit 0
	;;
list)
	lint_cycle_report "$LINT_TMP/cycle.edges" files
	sed 's/^/calls up the layers: /' "$LINT_TMP/up"
	exit 0
	;;
esac

if [ -s "$LINT_TMP/up" ]; then
	echo "calls up the layers (src/base, src/kernel, src/actor, src/lab, src/lang, mechanisms, ui, main):"
	sed 's/^/  /' "$LINT_TMP/up"
	up=1
fi
if lint_ratchet "$LINT_TMP/cycle.edges" "$allow"; then
	n=$(wc -l < "$LINT_TMP/cycle.edges")
	[ -n "${up:-}" ] && exit 1
	echo "no call up the layers, and no cycle of calls beyond the $n edges in tests/lint/calls.allow"
	exit 0
fi
if [ -s "$LINT_TMP/new" ]; then
	echo "calls on a cycle (a file uses what another defines, which uses it again):"
	lint_cycle_report "$LINT_TMP/new" files | sed 's/^/  /'
fi
exit 1
