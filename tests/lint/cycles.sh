#!/bin/sh
# cycles.sh: no include cycle among the project's files.
# usage: tests/lint/cycles.sh [--list] [SRCDIR]
#
# A module is a .c and the .h of the same stem in the same folder
# (src/lab/lab.c and src/lab/lab.h are src/lab/lab); a header alone is a
# module of its own (src/lab/verb.h). A -> B when a file of A includes B's
# header (#include "X.h", resolved as in lib.sh). An edge is on a cycle
# when B reaches A again; there must be none. The check fails on any, and
# prints each cycle, its modules and the include lines that close it.
#   --list   print the cycles as the check does, without failing
# Exit 0 when there is no cycle, 1 when there is one, 2 on a usage error
# or when no include is found.
mode=check
case ${1:-} in
--list) mode=list; shift ;;
-*) echo "usage: tests/lint/cycles.sh [--list] [SRCDIR]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
LINT_SRC=$(cd "${1:-$here/../..}" && pwd) || exit 2
. "$here/lib.sh"
lint_tmp
cd "$LINT_SRC" || exit 2

# "A B FILE:LINE: #include "X"" for each include between two modules.
lint_includes | awk '{
	a = $1; sub(/\.[ch]$/, "", a)
	b = $3; sub(/\.[ch]$/, "", b)
	if (a != b) printf "%s %s %s:%s: #include \"%s\"\n", a, b, $1, $2, $4
}' > "$LINT_TMP/includes"
[ -s "$LINT_TMP/includes" ] || { echo "cycles.sh: no include between the project's files found in $LINT_SRC"; exit 2; }
lint_cycles < "$LINT_TMP/includes"

if [ $mode = list ]; then
	lint_cycle_report "$LINT_TMP/cycle.edges"
	exit 0
fi
if [ -s "$LINT_TMP/cycle.edges" ]; then
	echo "include edges on a cycle (a module includes a header whose module includes it again):"
	lint_cycle_report "$LINT_TMP/cycle.edges" | sed 's/^/  /'
	exit 1
fi
n=$(cut -d' ' -f1,2 "$LINT_TMP/includes" | LC_ALL=C sort -u | wc -l)
echo "no include cycle ($n include edges between modules)"
exit 0
