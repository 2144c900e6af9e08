# replay: a run of the full screen recorded (--record, a script with -s
# and a line typed after it) and played back in it (--replay): held at
# the start with the first line shown as next; the topology drawn from
# the replayed snapshots; Space steps a line and
# what came of it (the actors pane shows B blocked once the step that
# blocked it has played, the log its record); ] goes to the next
# chapter; the sequence chart draws the replayed write>read arrow; p
# plays the rest at its pace to the end; a call is refused, read-only.
. "$SRCDIR/tests/lib.sh"
cat > "$T/run.isc" <<'S'
chapter Pipes
spawn A
A pipe p1
A fork B
B close p1.w
B read p1 &
wait B blocked
say B waits for bytes
chapter Bytes
S
tui_start 120 40 "$IPCSCOPE" --record "$T/run.rec" -s "$T/run.isc"
see_re 'B +[0-9]+ +! ?blocked|B +[0-9]+ +blocked'
tui_command 'A write p1 "hi"'
see 'read(3<p1.r>, "hi", 65536) = 2'
tui_quit
grep -q '"command":"A write p1 \\"hi\\""}' "$T/run.rec" || { cat "$T/run.rec"; fail "the typed line, recorded without a source"; }
tail -1 "$T/run.rec" | grep -q '"end":true' || fail "the recording's end"

tui_start 120 40 "$IPCSCOPE" --replay "$T/run.rec"
see "next: chapter Pipes"
see "replay of run.rec: 0.0 s of"
screen | grep -q "held, read-only" || { screen; fail "held at the start"; }
pane Actors text | grep -q "A " && { screen; fail "no actor before the first step"; }
tm send-keys -t lab Space
see "next: spawn A"
pane "chapter 1: Pipes" > /dev/null
screen | grep -q "chapter 1: Pipes" || { screen; fail "the chapter on the caption"; }
# Up to the line after "wait B blocked": B blocked, as the run saw it.
for next in "A pipe p1" "A fork B" "B close p1.w" "B read p1 &" "wait B blocked" "say B waits for bytes"; do
	tm send-keys -t lab Space
	see "next: $next"
done
screen | grep -v "next:" | grep -q "B waits for bytes" && { screen; fail "narration before its step"; }
pane Log text | grep -q 'read(3<p1.r>, ..., 65536) blocked in' || { screen; fail "the blocked record in the log"; }
see_re 'B +[0-9]+ +! ?blocked|B +[0-9]+ +blocked'
# The topology from the replayed snapshot: A puts into p1, B blocked
# reading it.
tm send-keys -t lab T
see "Topology: who holds what"
n=0
until pane Topology | grep 'p1 pipe' | grep -q '─▶ *A'; do
	n=$((n + 1)); [ $n -gt 50 ] && { screen; fail "the replayed topology"; }; sleep 0.1
done
pane Topology | grep -q 'A ─* w fd 4 ─*▶ ┃ p1 pipe' || { screen; fail "A's write end into p1"; }
pane Topology | grep -q 'read r fd 3 ─*▶ !B' || { screen; fail "B blocked reading p1"; }
# ] to the next chapter: the narration said on the way, held at Bytes.
tm send-keys -t lab ']'
see "chapter 2: Bytes"
see 'next: A write p1 "hi"'
see "B waits for bytes"
# The chart after the write: the arrow from A's write to B's read.
tm send-keys -t lab S
see "Sequence: time flows down"
tm send-keys -t lab Space
n=0
until pane Sequence | grep -q 'write>read p1 "hi"'; do
	n=$((n + 1)); [ $n -gt 50 ] && { screen; fail "the replayed arrow"; }; sleep 0.1
done
pane Sequence | grep 'write>read p1' | grep -q '▶' || { screen; fail "the arrow points at B"; }
see_re 'B +[0-9]+ +(idle|running)'
# p plays the rest at its pace, to the end.
tm send-keys -t lab p
see ", ended, read-only" 10
# Nothing in a replay can be called.
tui_command 'A close p1.w'
see "read-only: nothing in it can be called"
tm send-keys -t lab q
tui_wait_gone
exit 0
