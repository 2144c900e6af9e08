# The signal menu (k) chooses by what is typed, as a picker does: a
# number, a name with or without SIG in any case, a part of a name;
# Backspace takes back, and what was typed is shown. Letters type there
# (q is SIGQUIT's, k SIGKILL's): they neither move nor close the menu.
. "$SRCDIR/tests/lib.sh"
menu() {
	tm send-keys -t lab k
	see "which signal?"
}
# At 100x30 and at 80x24.
for size in "100 30" "80 24"; do
	tui_start $size "$IPCSCOPE"
	see "Actors (0)"
	for a in A B C D E; do
		tui_command "spawn $a"
	done
	see_re '^│E +[0-9]+ idle'
	# The selection starts on A, the first row.
	# A: 19 is SIGSTOP; then sigcont in lower case; then usr2, no SIG.
	menu
	tm send-keys -t lab -l 19
	see "typed: 19"
	tm send-keys -t lab Enter
	unsee "which signal?"
	see_re '^│A +[0-9]+ stopped'
	see_re 'kill\([0-9]+<A>, SIGSTOP\) = 0'
	menu
	tm send-keys -t lab -l sigcont
	see "typed: sigcont"
	tm send-keys -t lab Enter
	see_re 'kill\([0-9]+<A>, SIGCONT\) = 0'
	see_re '^│A +[0-9]+ idle'
	menu
	tm send-keys -t lab -l usr2
	tm send-keys -t lab Enter
	see_re 'kill\([0-9]+<A>, SIGUSR2\) = 0'
	# B: what fits nothing is said so; Backspace edits it back to STOP.
	tm send-keys -t lab Down
	menu
	tm send-keys -t lab -l STOPX
	see "typed: STOPX  (nothing fits: Backspace)"
	# Enter sends nothing then: not STOP, chosen before the X.
	tm send-keys -t lab Enter
	sleep 0.3
	see "which signal?"
	screen | grep -q '<B>, SIGSTOP' && fail "Enter sent what was chosen before the typing fit nothing"
	tm send-keys -t lab BSpace
	see "typed: STOP"
	unsee "nothing fits"
	tm send-keys -t lab Enter
	see_re '^│B +[0-9]+ stopped'
	# C: q types, it does not close; Ctrl-U clears; "Kill" is SIGKILL.
	tm send-keys -t lab Down
	menu
	tm send-keys -t lab q
	see "typed: q"
	see "which signal?"
	tm send-keys -t lab C-u
	unsee "typed: q"
	tm send-keys -t lab -l Kill
	tm send-keys -t lab Enter
	see_re 'kill\([0-9]+<C>, SIGKILL\) = 0'
	# D: a number typed digit by digit: 1 (SIGHUP), then 10 (SIGUSR1).
	tm send-keys -t lab Down
	menu
	tm send-keys -t lab -l 1
	tm send-keys -t lab -l 0
	see "typed: 10"
	tm send-keys -t lab Enter
	see_re 'kill\([0-9]+<D>, SIGUSR1\) = 0'
	# E: a part of a name (ALR: SIGALRM); Esc closes without sending.
	tm send-keys -t lab Down
	menu
	tm send-keys -t lab -l alr
	tm send-keys -t lab Escape
	unsee "which signal?"
	sleep 0.3
	screen | grep -q '<E>, SIGALRM' && fail "Esc sent the signal"
	see_re '^│E +[0-9]+ idle'
	menu
	tm send-keys -t lab -l alr
	tm send-keys -t lab Enter
	see_re 'kill\([0-9]+<E>, SIGALRM\) = 0'
	# Only B is left alive once E's death is seen: the question
	# counts what the lab knows when q is pressed.
	see "E        killed by SIGALRM"
	tm send-keys -t lab q
	see "quit and kill it? (y/n)"
	tm send-keys -t lab y
	tui_wait_gone
done
exit 0
