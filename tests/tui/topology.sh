# The topology (T): in the detail pane's place, each object between the
# actors that put into it (left, arrows into it) and those that take
# from it (right, arrows out to them), its fill under its name; a
# blocked actor marked "!" and the tie it sleeps through in its call's
# name, until it wakes; sockets connected to each other; a segment
# mapped by two; a lock held by one and waited for by another; T again
# gives the detail back; observed processes drawn as actors are, marked ~.
. "$SRCDIR/tests/lib.sh"
cat > "$T/topo.isc" <<'S'
spawn A
A pipe p1
A fork B
A close p1.r
B close p1.w
B read p1 &
wait B blocked
S
tui_start 150 45 "$IPCSCOPE" -s "$T/topo.isc"
see_re 'B +[0-9]+ +! ?blocked|B +[0-9]+ +blocked'
tm send-keys -t lab T
see "Topology: who holds what"
box() {
	pane "Topology"
}
# Wait up to 5 s for a row of the diagram that matches the extended
# regex $1; otherwise fail with $2.
box_shows() {
	n=0
	until box | grep -Eq -- "$1"; do
		n=$((n + 1)); [ $n -gt 50 ] && { box; fail "$2"; }; sleep 0.1
	done
}
# p1's row: A left of the box with an arrow into it, B right of it with
# an arrow out to it, marked blocked, the arrow in its call's name.
box_shows ' A ─+ w fd 4 ─+▶ ┃ p1 pipe +┃ ─+ read r fd 3 ─+▶ !B' "p1 between A and B"
tui_command 'A write p1 "hi"'
box_shows ' A ─+ w fd 4 ─+▶ ┃ p1 pipe +┃ ─+ r fd 3 ─+▶ B ' "B still marked blocked"
box | grep -q '!B' && { box; fail "B marked blocked after it read"; }
# The fill under the object's name, as the objects pane shows it.
box | grep -A1 '┃ p1 pipe' | grep -Eq '┃ 0/64K +┃' || { box; fail "p1's fill"; }
tui_command 'A write p1 "abc"'
box_shows '┃ 3/64K +┃' "p1's fill after a write"
# A socket pair between two actors, then a connected pair of UNIX sockets.
tui_command 'A socketpair sp'
tui_command 'A fork C'
tui_command 'A close sp.b'
tui_command 'C close sp.a'
box_shows 'sp\.a ◀═* connected ═*▶ sp\.b' "the pair's sides not drawn connected"
tui_command 'spawn D'
tui_command 'D socket srv unix'
tui_command 'D bind srv'
tui_command 'D listen srv'
tui_command 'C socket c1 unix'
tui_command 'C connect c1 srv'
tui_command 'D accept srv s1'
box_shows '(c1 ◀═* connected ═*▶ s1|s1 ◀═* connected ═*▶ c1)' "c1 and s1 not drawn connected"
# A segment mapped by two.
tui_command 'D shmget m1 4k'
tui_command 'D shmat m1'
tui_command 'C shmat m1'
box_shows '┃ m1 shm +┃' "no row for m1"
# The row is there from shmget on; the two maps come as the calls end.
n=0
until [ "$(box | grep '┃ m1 shm' | grep -o 'maps rw' | wc -l)" = 2 ]; do
	n=$((n + 1)); [ $n -gt 50 ] && { box; fail "m1 not mapped by two"; }; sleep 0.1
done
# A lock held by one, waited for by another: the waiter blocked, its
# arrow pointing into the box.
tui_command 'A open f1 rw create'
tui_command 'D open f1 rw'
tui_command 'A fcntl f1 setlk write 0-9'
tui_command 'D fcntl f1 setlkw write 0-9 &'
box_shows '┃ ◀─+ waits write 0-9 ─+ !D' "D waiting for f1"
box | grep -A3 '┃ f1 file' | grep -Eq ' A ─+ holds write 0-9 ─+ ┃ +┃' || { box; fail "A's lock on f1"; }
box | grep -A3 '┃ f1 file' | grep -Eq '┃ ◀─+ [^─]*write 0-9 ─+ !D' || { box; fail "D waiting for f1"; }
# T again: the detail back.
tm send-keys -t lab T
unsee "Topology: who holds what"
see "the detail again"
tui_quit

# Observed processes too: a program writing into a FIFO that another
# reads, neither the lab's, drawn on either side of it, marked ~.
NAME=topo-$$
cp /bin/sleep "$T/$NAME"
mkfifo "$T/f"
cat "$T/f" > /dev/null 2>&1 < /dev/null &
CP=$!
"$T/$NAME" 1000 > "$T/f" 2> /dev/null < /dev/null &
SP=$!
trap 'tm kill-server 2>/dev/null; kill $SP $CP 2>/dev/null' EXIT
n=0
until [ "$(cat /proc/$SP/comm 2>/dev/null)" = "$NAME" ]; do
	n=$((n + 1)); [ $n -gt 100 ] && fail "the writer did not start"; sleep 0.05
done
FI=$(stat -c %i "$T/f")
tui_start 150 45 "$IPCSCOPE" -p $SP,$CP
trap 'tm kill-server 2>/dev/null; kill $SP $CP 2>/dev/null' EXIT
see "Actors (2)"
tm send-keys -t lab T
see "Topology: who holds what"
box_shows "~topo-[^ ]* ─* w fd 1 ─*▶ ┃ fifo-$FI fifo" "the observed writer on the left"
box | grep "┃ fifo-$FI fifo" | grep -Eq "r fd [0-9]+ ─*▶ !?~cat-$CP" || { box; fail "the observed reader on the right"; }
tm send-keys -t lab q
tui_wait_gone
kill $SP $CP 2>/dev/null
exit 0
