# The sequence chart (S): in the detail pane's place, a lane per actor
# under its name, an arrow from the call that put bytes to the call that
# took them (the oldest put first), a fork from parent to child, a
# signal from its sender, a gap and a note while a call is blocked, an
# end marked; S again gives the detail back.
. "$SRCDIR/tests/lib.sh"
cat > "$T/seq.isc" <<'S'
spawn A
A pipe p1
A fork B
B close p1.w
B read p1 &
wait B blocked
S
tui_start 120 40 "$IPCSCOPE" -s "$T/seq.isc"
see_re 'B +[0-9]+ +! ?blocked|B +[0-9]+ +blocked'
tm send-keys -t lab S
see "Sequence: time flows down"
box() {
	pane "Sequence"
}
# Wait up to 5 s for a row of the chart that has $1 (and $2, if given);
# otherwise fail with $3.
box_shows() {
	n=0
	until box | grep -F -- "$1" | grep -qF -- "${2:-$1}"; do
		n=$((n + 1)); [ $n -gt 50 ] && { screen; fail "$3"; }; sleep 0.1
	done
}
# The names over the lanes, the fork arrow, B's blocked note.
box_shows "blocked in read p1" "" "no blocked note"
box | grep -Eq '│ +A +B +│' || { box; fail "the lanes' names"; }
box | grep -q 'fork()' || { box; fail "the fork arrow"; }
box | grep -q '─fork()─*▶' || box | grep -q 'fork()─*▶' || { box; fail "the fork arrow's head"; }
tui_command 'A write p1 "hi"'
box_shows 'write>read p1 "hi"' "" "no write>read arrow"
box | grep 'write>read p1' | grep -q '▶' || { box; fail "the arrow points at the reader"; }
# A signal from B to A: a dashed arrow pointing back to A.
tui_command 'A signal USR1 catch siginfo'
tui_command 'B kill A USR1'
box_shows SIGUSR1 "" "no signal arrow"
box | grep 'SIGUSR1' | grep -q '◀~' || { box; fail "the signal's arrow, dashed, to A"; }
tui_command 'kill B KILL'
box_shows '✕' 'killed by SIGKILL' "no end mark"
# The rows come in the order of the events.
box | python3 -c '
import sys
rows = sys.stdin.read().split("\n")
order = ["fork()", "blocked in read p1", "write>read p1", "SIGUSR1", "killed by SIGKILL"]
at = [next((i for i, r in enumerate(rows) if w in r), -1) for w in order]
assert all(a >= 0 for a in at) and at == sorted(at), at
' || { box; fail "the rows out of order"; }
# Back through the chart: more rows than fit, the pane focused, PageUp
# shows older rows and says how many are below, and what comes then goes
# below them; End follows again.
for i in $(seq 1 40); do
	echo "A write p1 \"m$i\""
	echo "A read p1"
done > "$T/more.isc"
tui_command "source $T/more.isc"
box_shows 'write>read p1 "m40"' "" "the last arrow"
box | grep -q '↑ [0-9]* more' || { box; fail "older rows above"; }
box | grep -q '↓ [0-9]* more' && { box; fail "nothing below while it follows"; }
tm send-keys -t lab Tab	# from the actors to the chart, in the detail's place
tm send-keys -t lab PageUp
box_shows '↓ 10 more' "" "PageUp goes back ten rows"
box | grep -q 'write>read p1 "m40"' && { box; fail "the newest row is below now"; }
# What comes while scrolled back goes below: the rows looked at stay.
top=$(box | sed -n 3p)
tui_command 'A write p1 "m41"'
tui_command 'A read p1'
box_shows '↓ 11 more' "" "a new row below, not a shift"
[ "$(box | sed -n 3p)" = "$top" ] || { box; fail "the rows looked at moved"; }
tm send-keys -t lab End
n=0
while box | grep -q '↓ [0-9]* more'; do
	n=$((n + 1)); [ $n -gt 50 ] && { box; fail "End follows the newest again"; }; sleep 0.1
done
box | grep -q 'write>read p1 "m40"' || { box; fail "the newest again"; }
tm send-keys -t lab S
unsee "Sequence: time flows down"
see "the detail again"
tui_quit
exit 0
