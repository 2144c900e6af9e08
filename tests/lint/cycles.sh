#!/bin/sh
# cycles.sh: no include cycle among the project's files.
# usage: tests/lint/cycles.sh [--list | --write] [SRCDIR]
#
# A module is a .c and the .h of the same stem in the same folder
# (src/lab/lab.c and src/lab/lab.h are src/lab/lab); a header alone is a
# module of its own (ui/tui_int.h). A -> B when a file of A includes B's
# header (#include "X.h", resolved as in lib.sh). An edge is on a cycle
# when B reaches A again. Every such edge must be in tests/lint/cycles.allow,
# and every line there must still be such an edge: the list only shrinks.
#   --list   print every cycle edge, its cycle and its include lines
#   --write  print the allow-list for the tree as it is (to replace
#            cycles.allow with, when a change removes an edge)
# Exit 0 when the tree matches the list, 1 when not, 2 on a usage error.
mode=check
case ${1:-} in
--list|--write) mode=${1#--}; shift ;;
-*) echo "usage: tests/lint/cycles.sh [--list | --write] [SRCDIR]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
LINT_SRC=$(cd "${1:-$here/../..}" && pwd) || exit 2
. "$here/lib.sh"
lint_tmp
allow=$LINT_SRC/tests/lint/cycles.allow
cd "$LINT_SRC" || exit 2

# "A B FILE:LINE: #include "X"" for each include between two modules.
lint_includes | awk '{
	a = $1; sub(/\.[ch]$/, "", a)
	b = $3; sub(/\.[ch]$/, "", b)
	if (a != b) printf "%s %s %s:%s: #include \"%s\"\n", a, b, $1, $2, $4
}' | lint_cycles

case $mode in
write)
	cat <<'EOF'
# cycles.allow: the include edges on a cycle that the tree still has
# (tests/lint/cycles.sh), as "MODULE -> MODULE". The list only shrinks:
# the check fails on a cycle edge not listed here, and on a line here
# that is no longer on a cycle. After a change that breaks a cycle:
#   tests/lint/cycles.sh --write > tests/lint/cycles.allow
EOF
	cat "$LINT_TMP/cycle.edges"
	exit 0
	;;
list)
	lint_cycle_report "$LINT_TMP/cycle.edges"
	exit 0
	;;
esac

if lint_ratchet "$LINT_TMP/cycle.edges" "$allow"; then
	n=$(wc -l < "$LINT_TMP/cycle.edges")
	echo "no include cycle beyond the $n edges in tests/lint/cycles.allow"
	exit 0
fi
if [ -s "$LINT_TMP/new" ]; then
	echo "include edges on a cycle (a module includes a header whose module includes it again):"
	lint_cycle_report "$LINT_TMP/new" | sed 's/^/  /'
fi
exit 1
