# z gives the focused pane the whole screen and back, like tmux's zoom:
# the detail, the log, the actors; at 100x30 and at 80x24. The key bar
# shows it, and the in-program help and the manual document it.
. "$SRCDIR/tests/lib.sh"

# Box $1 spans the screen's $2 columns from the top left corner.
whole_screen() {
	n=0
	until screen | head -1 | grep -q "^┌ $1" &&
	    [ "$(pane "$1" | head -1 | wc -m)" -eq $(($2 + 1)) ]; do
		n=$((n + 1))
		if [ $n -gt 50 ]; then
			screen | sed 's/^/  | /'
			fail "the $1 pane does not have the whole screen"
		fi
		sleep 0.1
	done
}

grep -q '^\.It z$' "$SRCDIR/man/ipcscope.1" || fail "the manual does not document z"

for size in "100 30" "80 24"; do
	cols=${size% *}
	rows=${size#* }
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	see "z zoom"
	see "q quit"
	tui_command 'spawn A'
	tui_command 'A pipe p1'
	tui_command 'A write p1 "hello"'
	# The detail (Tab from the actors): A, full screen.
	tm send-keys -t lab Tab z
	whole_screen "A: actor" "$cols"
	unsee "Actors (1)"
	unsee "┌ Log"
	see "z back"
	# As tall as the screen but the key bar and the message line.
	[ "$(pane "A: actor" | wc -l)" -eq $((rows - 2)) ] || fail "the zoomed detail is not as tall as the screen"
	tm send-keys -t lab z
	see "Actors (1)"
	see "┌ Log"
	see "z zoom"
	# The log: more of it, from the first record.
	tm send-keys -t lab BTab BTab z
	whole_screen "Log" "$cols"
	see "spawned, pid"
	see 'write(4<p1.w>, "hello", 5) = 5'
	unsee "A: actor"
	# Tab keeps the zoom and moves it: the actors.
	tm send-keys -t lab Tab
	whole_screen "Actors (1)" "$cols"
	unsee "┌ Log"
	tm send-keys -t lab z
	see "┌ Log"
	see "Objects (1)"
	# The help says what z does.
	tm send-keys -t lab '?'
	see "┌ Help"
	# On a small screen it may be a page or two down.
	for _ in 1 2 3; do
		screen | grep -q "zoom: the focused pane" && break
		tm send-keys -t lab NPage
		sleep 0.2
	done
	see "zoom: the focused pane gets the whole screen"
	tm send-keys -t lab q
	unsee "zoom: the focused pane"
	tm send-keys -t lab q
	see "quit and kill it? (y/n)"
	tm send-keys -t lab y
	tui_wait_gone
done
exit 0
