# Observed processes in the full screen: -p puts a process the lab did
# not make in the actors pane, marked observed, with what it is blocked
# in, and its observing in the log; the FIFO it writes to is in the
# objects pane, marked observed too; observe comm adds another as it
# starts; unobserve takes it away and leaves it running.
. "$SRCDIR/tests/lib.sh"
NAME=tuiobs-$$
cp /bin/sleep "$T/$NAME"
mkfifo "$T/f"
cat "$T/f" > /dev/null &
CP=$!
"$T/$NAME" 1000 > "$T/f" 2> /dev/null &
SP=$!
LATE=
trap 'kill $SP $CP 2>/dev/null' EXIT
FI=$(stat -c %i "$T/f")
n=0
until [ "$(cat /proc/$SP/comm 2>/dev/null)" = "$NAME" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the sleep did not start"
	sleep 0.05
done
tui_start 140 40 "$IPCSCOPE" -p $SP
trap 'tm kill-server 2>/dev/null; kill $SP $CP $LATE 2>/dev/null' EXIT
see "Actors (1)"
see_re "0 actors 1 observed [0-9]+ objects?"
see_re "$NAME-$SP +$SP observed, blocked clock_nanosleep"
see "observing $NAME-$SP: pid $SP ($NAME)"
see_re "fifo-$FI +fifo +observed, 0/64K .*$NAME-$SP"
tui_command "observe comm $NAME"
( sleep 0.5; exec "$T/$NAME" 1001 ) > /dev/null 2>&1 &
LATE=$!
see "Actors (2)"
see_re "$NAME-$LATE +$LATE observed, blocked"
tui_command "unobserve $NAME-$SP"
see "Actors (1)"
see "no longer observed: $NAME-$SP"
see "$NAME-$SP matches comm $NAME, which leaves it alone while it runs"
unsee "fifo-$FI"
# The rule does not take it back on the ticks after.
sleep 1.5
see "Actors (1)"
# Observed processes are not the lab's: q does not ask to kill them.
tm send-keys -t lab q
tui_wait_gone
alive $SP || fail "the observed process did not outlive the lab"
alive $LATE || fail "the process observed by a rule did not outlive the lab"
