# The detail pane says what SigQ is: the signals queued for the actor's
# real user, all its processes counted together (the kernel's count is
# per user), then the actor's own limit; at 100x30 and at 80x24 (where
# the line may be cut at the right, but not before the user).
. "$SRCDIR/tests/lib.sh"
for size in "100 30" "80 24"; do
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'spawn A'
	tui_command 'A signal RTMIN catch'
	tui_command 'A block RTMIN'
	tui_command 'sigqueue A RTMIN 1'
	see "A: actor"
	# The detail pane, two panes back from the actors, scrolled down to
	# the signals.
	tm send-keys -t lab BTab BTab
	n=0
	until screen | grep -qE "sigq    [0-9]+ queued for all of uid 0[; ]"; do
		n=$((n + 1))
		[ $n -gt 10 ] && { screen | sed 's/^/  | /'; fail "$size: no sigq line for the user"; }
		before=$(screen)
		tm send-keys -t lab PageDown
		# The next page only once this one is drawn.
		m=0
		while [ "$(screen)" = "$before" ] && [ $m -lt 20 ]; do
			m=$((m + 1)); sleep 0.1
		done
	done
	[ "$size" = "100 30" ] && see_re "sigq    [0-9]+ queued for all of uid 0; limit [0-9]+ "
	screen | grep -q "queued for uid" && fail "$size: the old label"
	tm send-keys -t lab q
	see "quit and kill it? (y/n)"
	tm send-keys -t lab y
	tui_wait_gone
done
exit 0
