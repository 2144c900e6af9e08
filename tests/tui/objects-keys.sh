# r reaps an actor: pressed in the objects pane it says so, and where to
# go, rather than doing nothing in silence; k there moves up, as j moves
# down, and sends no signal. At 100x30 and 80x24.
. "$SRCDIR/tests/lib.sh"
for size in "100 30" "80 24"; do
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'spawn A'
	tui_command 'A pipe p1'
	see "Objects (1)"
	# The objects pane: Tab goes from the actors to the actor's
	# detail, then to the objects.
	tm send-keys -t lab Tab
	tm send-keys -t lab Tab
	tm send-keys -t lab r
	see "r reaps an actor: Tab to the actors pane and select one"
	pane "Objects" | head -1 | grep -q "Objects" || { screen; fail "no objects pane"; }
	tui_command 'A close p1.w'
	unsee "r reaps an actor"
	tm send-keys -t lab k
	sleep 0.3
	unsee "SIGTERM"
	tm send-keys -t lab q
	see "quit and kill it? (y/n)"
	tm send-keys -t lab y
	tui_wait_gone
done
exit 0
