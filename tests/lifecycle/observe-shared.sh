# Two descriptors of one open file description (inherited across fork,
# or dup'd) are said to be shared: they share an offset, O_NONBLOCK and
# flock and OFD locks. Two opens of one file are not, though the file is
# the same (kcmp tells them apart).
. "$SRCDIR/tests/lib.sh"
NAME=shobs-$$
cp /bin/sleep "$T/$NAME"
( "$T/$NAME" 1000 & exec "$T/$NAME" 1001 ) > "$T/shared" 2>&1 &
H=$!
"$T/$NAME" 1002 3>> "$T/two" > /dev/null 2>&1 &
A=$!
"$T/$NAME" 1003 3>> "$T/two" > /dev/null 2>&1 &
B=$!
PIDS="$H $A $B"
trap 'kill $PIDS 2>/dev/null' EXIT
n=0
until C=$(cat /proc/$H/task/$H/children 2>/dev/null) && [ -n "$C" ] &&
    [ "$(cat /proc/$H/comm)" = "$NAME" ] && [ "$(cat /proc/${C% }/comm)" = "$NAME" ] &&
    [ "$(cat /proc/$A/comm)" = "$NAME" ] && [ "$(cat /proc/$B/comm)" = "$NAME" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the sleeps did not start"
	sleep 0.05
done
C=${C% }
PIDS="$PIDS $C"
printf 'observe %s %s %s %s\nshow %s-%s\nshow %s-%s\n' $H $C $A $B "$NAME" $H "$NAME" $A > "$T/s.isc"
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "status $?"; }
# The parent's fd 1: its own fd 2 (2>&1) and the child's 1 and 2.
grep -qx "      shared_with: $NAME-$H fd 2, $NAME-$C fd 1, $NAME-$C fd 2" "$T/out" ||
    { cat "$T/out"; fail "the inherited descriptors are not said to be shared"; }
# Two opens of one file: the same file, not shared.
awk -v a="$NAME-$A:" -v b="$NAME-$B" '
$0 == a { in_a = 1 }
in_a && /^      fd: 3$/ { fd3 = 1 }
in_a && fd3 && /shared_with/ && index($0, b) { bad = 1 }
END { exit bad }' "$T/out" || { cat "$T/out"; fail "two opens of one file are said to be shared"; }
grep -q "file=$T/two" "$T/out" || { cat "$T/out"; fail "the second file is not shown"; }
