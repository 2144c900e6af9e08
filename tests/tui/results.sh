# What is cut is never the result: at 100x30 (a projector) and at 80x24,
# a call's line too wide for the log loses the middle of its call, never
# its result, its errno or its time; one too wide even so has that row
# first, and the rest of its result (errno's text, the hint) on rows
# under it, indented; w shows every line whole. The detail
# pane wraps a long value rather than cut it (the race's final counter).
. "$SRCDIR/tests/lib.sh"

# The text of the pane titled $1 (its wrapped rows joined) matches the
# extended regex $2, within 5 s.
pane_has() {
	n=0
	until pane "$1" text | grep -Eq -- "$2"; do
		n=$((n + 1))
		if [ $n -gt 50 ]; then
			screen | sed 's/^/  | /'
			fail "${3:-the $1 pane does not show it whole}: $2"
		fi
		sleep 0.1
	done
}

for size in "100 30" "80 24"; do
	cols=${size% *}
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'spawn A'
	tui_command 'spawn B'
	tui_command 'A pipe p1'
	# The demo's write: "= 2048" and its time stay, whatever the width.
	tui_command 'A write p1 2k'
	pane_has Log 'write\(4<p1\.w>, .*\) = 2048 <[0-9.]+[mu]?s>'
	if [ "$cols" = 80 ]; then
		pane_has Log 'write\(4<p1\.w>, "abcdefgh[a-z]*…[a-z]*"\.\.\., 2048\) = 2048' \
		    "at 80 columns the write's middle is elided"
		# w: every line whole (the log has the focus: Shift-Tab).
		tm send-keys -t lab BTab w
		see "Log (whole lines"
		pane_has Log 'write\(4<p1\.w>, "abcdefghijklmnopqrstuvwxyzabcdef"\.\.\., 2048\) = 2048 <'
		pane Log | grep -Eq '^│ {20}[^ ]' || { pane Log; fail "a wrapped row is not indented"; }
		tm send-keys -t lab w Tab
		unsee "Log (whole lines"
	fi

	# A deadlock refused: errno, its text, the hint and the time, all.
	tui_command 'A open f1 rw create'
	tui_command 'B open f1 rw'
	tui_command 'A fcntl f1 setlk write 0-9'
	tui_command 'B fcntl f1 setlk write 10-19'
	tui_command 'A fcntl f1 setlkw write 10-19 &'
	see_re 'A +[0-9]+ blocked fcntl'
	tui_command 'B fcntl f1 setlkw write 0-9'
	pane_has Log '\) = -1 EDEADLK <[0-9.]+[mu]?s> \(Resource deadlock avoided\): waiting would deadlock: .*\(the kernel checks POSIX locks only\)'
	# The rows after a line's first are indented under its text.
	pane Log | grep -Eq '^│ {20}[^ ]' || { pane Log; fail "a wrapped row is not indented"; }
	tui_command 'kill A KILL'
	tui_command 'reap A'

	# The race: both final counters, in the log and in the detail.
	tui_command 'spawn X'
	tui_command 'X mmap m1 anon 4k'
	tui_command 'X fork Y'
	tui_command 'together X incr m1 0 100000; Y incr m1 0 100000'
	pane_has Log '\)\+\+ = [0-9]+ (<[0-9.]+[mu]?s> )?\(the counter as this actor last left it\) <([0-9.]+[mu]?s, )?(began [0-9.]+[mu]?s after the release)?>'
	# X's detail: its last call, at the end (the detail has the focus).
	tui_command 'show X'
	see "X: actor"
	tm send-keys -t lab BTab BTab End
	pane_has "X: actor" 'text [^|]*\)\+\+ = [0-9]+ \(the counter as this actor last left it\) <[0-9.]+[mu]?s(, began [0-9.]+[mu]?s after the release)?>'
	tui_quit
done
exit 0
