# repeat in the full screen: the runs are one step of a script held a
# step at a time, and the histograms of what they tallied open in a view
# of their own, which Escape closes.
. "$SRCDIR/tests/lib.sh"
cat > "$T/run.isc" <<'S'
A write p1 "x"
tally p1 queued
S
cat > "$T/lesson.isc" <<'S'
spawn A
A pipe p1
repeat 12 run.isc
echo after the repeat
S
cd "$T" || fail "cd"
tui_start 100 34 "$IPCSCOPE"
tui_command 'pace step'
tui_command "source lesson.isc"
see 'next: spawn A'
tm send-keys -t lab Space
see 'next: A pipe p1'
tm send-keys -t lab Space
see 'next: repeat 12 run.isc'
tm send-keys -t lab Space
# One key: all twelve runs, then the histograms, in their own view.
see "histograms"
see "repeat 12 run.isc: 12 runs"
see "p1 queued, 12 values:"
see_re '│ +1\.\.2 +#{30} 2 +│'
see_re '│ +11\.\.12 +#{30} 2 +│'
unsee '13..14'
tm send-keys -t lab Escape
unsee "p1 queued, 12 values:"
see 'next: echo after the repeat'
tm send-keys -t lab Space
see 'after the repeat'
tui_quit
exit 0
