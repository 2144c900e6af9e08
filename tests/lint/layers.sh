#!/bin/sh
# layers.sh: each layer includes only what lies below it.
# usage: tests/lint/layers.sh [--write] [SRCDIR]
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
# An include that breaks a rule must be in tests/lint/layers.allow, as
# "FILE -> HEADER", and every line there must still be such an include:
# the list only shrinks. --write prints the allow-list for the tree as it
# is. Exit 0 when the tree matches the list, 1 when not, 2 on a usage error.
mode=check
case ${1:-} in
--write) mode=write; shift ;;
-*) echo "usage: tests/lint/layers.sh [--write] [SRCDIR]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
LINT_SRC=$(cd "${1:-$here/../..}" && pwd) || exit 2
. "$here/lib.sh"
lint_tmp
allow=$LINT_SRC/tests/lint/layers.allow
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

lint_includes | while read -r file line target inc; do
	rule=$(why "$file" "$target")
	[ -n "$rule" ] || continue
	echo "$file -> $target" >> "$LINT_TMP/found"
	echo "$file:$line: includes $target ($rule)" >> "$LINT_TMP/why"
done
touch "$LINT_TMP/found" "$LINT_TMP/why"

if [ $mode = write ]; then
	cat <<'EOF'
# layers.allow: includes that break a layer rule of tests/lint/layers.sh
# and that the tree still has, as "FILE -> HEADER". The list only shrinks:
# the check fails on such an include not listed here, and on a line here
# the tree no longer has. After a change that removes one:
#   tests/lint/layers.sh --write > tests/lint/layers.allow
EOF
	LC_ALL=C sort -u "$LINT_TMP/found"
	exit 0
fi

if lint_ratchet "$LINT_TMP/found" "$allow"; then
	echo "every include keeps to its layer, beyond the $(lint_allowed "$allow" | wc -l) in tests/lint/layers.allow"
	exit 0
fi
if [ -s "$LINT_TMP/new" ]; then
	echo "includes against the layers:"
	while read -r file arrow target; do
		grep -F "$file:" "$LINT_TMP/why" | grep -F "includes $target " | sed 's/^/  /'
	done < "$LINT_TMP/new"
fi
exit 1
