# Every row cut says so: a blocked actor's row whose descriptors do not
# all fit ends in "…"; so does the signal menu's SIGSTOP at 80 columns.
# The counts say what they count: "Actors (2 + 1 thread)", and the
# status bar's "1 object", "2 actors", "1 thread" in the singular or the
# plural. At 100x30 and 80x24.
. "$SRCDIR/tests/lib.sh"

for size in "100 30" "80 24"; do
	cols=${size% *}
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'spawn A'
	see "Actors (1)"
	# The counts are on the key bar where the keys leave room: in the
	# signal menu.
	tm send-keys -t lab k
	see "which signal?"
	see "1 actor 0 objects 0 jobs"
	tm send-keys -t lab Escape
	unsee "which signal?"
	tui_command 'spawn B'
	tui_command 'A pipe p1'
	tui_command 'A thread t1'
	see "Actors (2 + 1 thread)"
	tui_command 'A write p1 100k &'
	see_re 'A +[0-9]+ blocked write'
	# A's row: its descriptors whole, or as many as fit and "…".
	row=$(pane "Actors" | grep -E '^│A +[0-9]+ blocked write')
	echo "$row" | grep -Eq '(3:p1\.r 4:p1\.w|…) *│$' ||
	    { pane Actors; fail "A's row drops its descriptors with no sign ($size)"; }
	# The signal menu: SIGSTOP's text whole, or cut with "…".
	tm send-keys -t lab Home k
	see "which signal?"
	see "2 actors 1 thread 1 object 0 jobs"
	tm send-keys -t lab -l STOP
	see_re '19 SIGSTOP +stop'
	screen | grep -E '19 SIGSTOP +stop' | grep -Eq 'ignored\)|…' ||
	    { screen; fail "SIGSTOP's row is cut with no sign ($size)"; }
	[ "$cols" = 80 ] && { screen | grep -q 'ignore…' || { screen; fail "at 80 columns SIGSTOP's row is not cut"; }; }
	tm send-keys -t lab Escape
	unsee "which signal?"
	tui_quit
done
exit 0
