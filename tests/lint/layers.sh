#!/bin/sh
# layers.sh: each layer includes only what lies below it.
# usage: tests/lint/layers.sh [SRCDIR]
#
# The rules, by the folder of the including file and of the header it
# includes (#include "X.h", resolved as in lib.sh):
#   src/base/     only src/base/
#   src/kernel/   only src/kernel/ and src/base/
#   src/actor/    only src/actor/, src/kernel/, src/base/ and what a verb
#                 is (src/lab/verb.h): the actor side knows no lab
#   src/lab/      nothing of src/lang/, mechanisms/ or ui/
#   src/lang/     nothing of mechanisms/ or ui/
#   mechanisms/   nothing of ui/
# There must be no include that breaks a rule: the check fails on any,
# and prints each with its line and the rule it breaks.
# Exit 0 when every include keeps to its layer, 1 when one does not, 2 on
# a usage error or when no include is found.
case ${1:-} in
-*) echo "usage: tests/lint/layers.sh [SRCDIR]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
LINT_SRC=$(cd "${1:-$here/../..}" && pwd) || exit 2
. "$here/lib.sh"
lint_tmp
cd "$LINT_SRC" || exit 2

# why FILE TARGET: the rule FILE including TARGET breaks, or nothing.
why() {
	case $1 in
	src/base/*)
		case $2 in
		src/base/*) ;;
		*) echo "src/base includes only src/base" ;;
		esac ;;
	src/kernel/*)
		case $2 in
		src/kernel/*|src/base/*) ;;
		*) echo "src/kernel includes only src/kernel and src/base" ;;
		esac ;;
	src/actor/*)
		case $2 in
		src/actor/*|src/kernel/*|src/base/*|src/lab/verb.h) ;;
		*) echo "src/actor includes only src/actor, src/kernel, src/base and src/lab/verb.h" ;;
		esac ;;
	src/lab/*)
		case $2 in
		src/lang/*|mechanisms/*|ui/*) echo "src/lab includes nothing of src/lang, mechanisms or ui" ;;
		esac ;;
	src/lang/*)
		case $2 in
		mechanisms/*|ui/*) echo "src/lang includes nothing of mechanisms or ui" ;;
		esac ;;
	mechanisms/*)
		case $2 in
		ui/*) echo "mechanisms include nothing of ui" ;;
		esac ;;
	esac
}

lint_includes > "$LINT_TMP/includes"
[ -s "$LINT_TMP/includes" ] || { echo "layers.sh: no include between the project's files found in $LINT_SRC"; exit 2; }
while read -r file line target inc; do
	rule=$(why "$file" "$target")
	[ -n "$rule" ] || continue
	echo "$file:$line: includes $target ($rule)"
done < "$LINT_TMP/includes" > "$LINT_TMP/why"

if [ -s "$LINT_TMP/why" ]; then
	echo "includes against the layers:"
	sed 's/^/  /' "$LINT_TMP/why"
	exit 1
fi
echo "every include keeps to its layer ($(wc -l < "$LINT_TMP/includes") includes read)"
exit 0
