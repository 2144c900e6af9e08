# Tab goes from each list to the detail of what is selected in it:
# actors, the actor's detail, objects, the object's detail, log; and
# Shift-Tab from the detail back to the list it shows. So Tab z from the
# actors gives the selected actor's detail (its signal grid) the screen.
. "$SRCDIR/tests/lib.sh"

# Zoom the focused pane: it must be the one titled $1; then unzoom.
focused_is() {
	tm send-keys -t lab z
	n=0
	until screen | head -1 | grep -q "^┌ $1"; do
		n=$((n + 1))
		if [ $n -gt 50 ]; then
			screen | sed 's/^/  | /'
			fail "$2: the focus is not on $1"
		fi
		sleep 0.1
	done
	tm send-keys -t lab z
	see "z zoom"
}

for size in "100 30" "80 24"; do
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'spawn A'
	tui_command 'A pipe p1'
	tui_command 'spawn B'
	tui_command 'A fork C'
	tm send-keys -t lab Home
	focused_is "Actors" "at the start"
	tm send-keys -t lab Tab
	focused_is "A: actor" "Tab from the actors"
	# Zoomed, the actor's signal grid.
	tm send-keys -t lab z End
	see "process ........"
	tm send-keys -t lab z
	see "z zoom"
	tm send-keys -t lab Tab
	focused_is "Objects" "Tab from the actor's detail"
	tm send-keys -t lab Tab
	focused_is "p1: pipe" "Tab from the objects"
	tm send-keys -t lab Tab
	focused_is "Log" "Tab from the object's detail"
	tm send-keys -t lab Tab
	focused_is "Actors" "Tab from the log"
	# Back: Shift-Tab.
	tm send-keys -t lab BTab
	focused_is "Log" "Shift-Tab from the actors"
	tm send-keys -t lab BTab
	focused_is "A: actor" "Shift-Tab from the log"
	tm send-keys -t lab BTab
	focused_is "Actors" "Shift-Tab from the actor's detail"
	tm send-keys -t lab Tab Tab Tab BTab
	focused_is "Objects" "Shift-Tab from the object's detail"
	tm send-keys -t lab BTab
	focused_is "Actors" "Shift-Tab from the objects"
	# The help says it.
	tm send-keys -t lab '?'
	see "the detail of its selection"
	tm send-keys -t lab q
	unsee "┌ Help"
	tui_quit
done
exit 0
