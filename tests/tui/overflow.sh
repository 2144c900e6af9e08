# A pane that holds more than it shows says how many more, and where: at
# 100x30 and at 80x24, Actors (11) showing fewer rows says "↓ N more" on
# its bottom border, and "↑ N more" on its top one once scrolled; the
# same for the objects, the log (in records) and the detail.
. "$SRCDIR/tests/lib.sh"

# The top (1) or bottom ($) border of the box titled $1 has the mark $2.
border_has() {
	n=0
	until pane "$1" | sed -n "$2p" | grep -q -- "$3"; do
		n=$((n + 1))
		if [ $n -gt 50 ]; then
			pane "$1" | sed 's/^/  | /'
			fail "the $1 pane's border does not say '$3'"
		fi
		sleep 0.1
	done
}

# The rows of box $1 that show something.
rows_shown() {
	pane "$1" | sed '1d;$d' | grep -c '^│[^ ]'
}

for size in "100 30" "80 24"; do
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	for a in A B C D E F G H I J K; do
		tui_command "spawn $a"
	done
	see "Actors (11)"
	shown=$(rows_shown "Actors (11)")
	[ "$shown" -lt 11 ] || fail "all 11 actors fit: no overflow to see"
	border_has "Actors (11)" '$' "↓ $((11 - shown)) more"
	pane "Actors (11)" | sed -n 1p | grep -q "more" && fail "a mark above the first actor"
	# The last actor selected: the rows above are the ones not shown.
	tm send-keys -t lab End
	border_has "Actors (11)" 1 "↑ $((11 - shown)) more"
	pane "Actors (11)" | sed -n '$p' | grep -q "more" && fail "a mark below the last actor"

	for p in 1 2 3 4 5 6 7 8 9; do
		tui_command "A pipe p$p"
	done
	see "Objects (9)"
	shown=$(rows_shown "Objects (9)")
	[ "$shown" -lt 9 ] || fail "all 9 objects fit: no overflow to see"
	border_has "Objects (9)" '$' "↓ $((9 - shown)) more"

	# The log: older records above; scrolled to the oldest, newer below.
	border_has Log 1 "↑ [0-9][0-9]* more"
	tm send-keys -t lab BTab Home
	see "Log (scrolled back"
	border_has Log '$' "↓ [0-9][0-9]* more"
	pane Log | sed -n 1p | grep -q "more" && fail "a mark above the oldest record"
	pane Log | grep -q "spawned" || fail "the oldest record is not shown"

	# The detail of an actor is longer than its pane.
	tm send-keys -t lab BTab
	see "K: actor"
	border_has "K: actor" '$' "↓ [0-9][0-9]* more"
	tm send-keys -t lab End
	border_has "K: actor" 1 "↑ [0-9][0-9]* more"
	tui_quit
done
exit 0
