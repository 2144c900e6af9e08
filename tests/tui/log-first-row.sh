# The log is short (4 rows at 80x24, 6 at 100x30): an entry too long for
# it keeps its first row (the time, the caller, the call with its middle
# elided, the result, errno and time taken), and what is cut is the end
# of the rest of its result (errno's text, the hint), ending in "…".
# The log's top row is always an entry's first row, and "↑ N more"
# counts the entries above it.
. "$SRCDIR/tests/lib.sh"

# The rows inside the log, as drawn.
log_rows() {
	pane Log | sed '1d;$d' | sed 's/^│//; s/│$//'
}

# The log's top row is an entry's first: a time, then who.
top_is_first() {
	log_rows | head -1 | grep -Eq '^ +[0-9]+\.[0-9]{3} [A-Za-z]' ||
	    { pane Log; fail "the log's top row is not an entry's first row ($1)"; }
}

for size in "100 30" "80 24"; do
	tui_start $size env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'spawn A'
	tui_command 'spawn B'
	tui_command 'A open f1 rw create'
	tui_command 'B open f1 rw'
	tui_command 'A fcntl f1 setlk write 0-9'
	tui_command 'B fcntl f1 setlk write 10-19'
	tui_command 'together A fcntl f1 setlkw write 10-19; B fcntl f1 setlkw write 0-9'
	see "EDEADLK"
	# The failed call is logged as its reply comes; the other's
	# "blocked in" once the lab has seen it asleep.
	see_re 'F_SETLKW.*\) blocked in'
	# Who failed, the errno and the time, on one row; who waits, on one.
	log_rows | grep -Eq '^ +[0-9.]+ [AB] +fcntl\(3<f1>, F_SETLKW.*\) = -1 EDEADLK <[0-9.]+[mu]?s> *(…)? *$' ||
	    { pane Log; fail "no row with who failed, EDEADLK and the time ($size)"; }
	log_rows | grep -Eq '^ +[0-9.]+ [AB] +fcntl\(3<f1>, F_SETLKW.*\) blocked in' ||
	    { pane Log; fail "no row with who is blocked ($size)"; }
	top_is_first "$size"
	# Under the failed call's row: errno's text and the hint, indented;
	# cut, if it is, with a sign.
	log_rows | grep -Eq '^ {20}\(Resource deadlock avoided\): waiting' ||
	    log_rows | grep -Eq 'EDEADLK <[0-9.]+[mu]?s> …' ||
	    { pane Log; fail "the hint is neither under its call nor said to be cut ($size)"; }
	if ! log_rows | grep -q 'POSIX locks only)'; then
		log_rows | grep -q '…$\|… *$' || { pane Log; fail "the hint is cut with no … ($size)"; }
	fi
	# The marker counts the entries above the top row: 2 spawns, 2
	# opens, 2 setlk, and the first of the together's two when only
	# the newest one fits.
	above=$(pane Log | head -1 | sed -n 's/.*↑ \([0-9]*\) more.*/\1/p')
	shown=$(log_rows | grep -Ec '^ +[0-9]+\.[0-9]{3} ')
	[ "$((above + shown))" -eq 8 ] || { pane Log; fail "↑ $above more and $shown shown: not the 8 entries ($size)"; }

	# The race: each counter's first row, with its result and time.
	tui_command 'kill A KILL'
	tui_command 'kill B KILL'
	tui_command 'spawn X'
	tui_command 'X mmap m1 anon 4k'
	tui_command 'X fork Y'
	tui_command 'together X incr m1 0 100000; Y incr m1 0 100000'
	see_re '\)\+\+ = [0-9]+'
	n=0
	until [ "$(log_rows | grep -Ec '^ +[0-9.]+ [XY] +for \(.*\)\+\+ = [0-9]+ <[0-9.]+[mu]?s>')" = 2 ]; do
		n=$((n + 1))
		[ $n -gt 50 ] && { pane Log; fail "the race's two results are not both on screen ($size)"; }
		sleep 0.1
	done
	top_is_first "$size, the race"
	tui_quit
done
exit 0
