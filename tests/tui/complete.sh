# Tab on the command line completes every word from the command table,
# not only the first: the actor after kill, its signal with or without
# SIG in either case, a verb's choices and flags, objects and their
# ends, an actor's calls, expect's fields, files for a path. The matches of an
# ambiguous word show above the command line. At 100x30 and at 80x24.
. "$SRCDIR/tests/lib.sh"
mkdir "$T/complete-me.d"

# Close the command line: the keys of the panes come back.
leave() {
	tm send-keys -t lab Escape
	see 'Tab pane'
}

# Type $1 on a fresh command line, then Tab; the screen must show $2.
# The line is left open.
tab() {
	tm send-keys -t lab ':'
	see 'Enter run Tab complete'
	tm send-keys -t lab -l "$1"
	tm send-keys -t lab Tab
	see "$2"
}

for size in "100 30" "80 24"; do
	tui_start $size "$IPCSCOPE"
	see "Actors (0)"
	tui_command 'spawn consumer'
	tui_command 'consumer pipe p1'
	tui_command 'consumer socket s1 unix'
	tui_command 'consumer thread t1'
	see 'pthread_create(consumer.t1)'

	# The actor after kill, then its signal.
	tab 'kill con' ':kill consumer'
	tm send-keys -t lab -l 'CO'
	tm send-keys -t lab Tab
	see ':kill consumer CONT'
	tm send-keys -t lab Enter
	see '<consumer>, SIGCONT) = 0'
	tab 'kill consumer SIGCO' ':kill consumer SIGCONT'
	leave
	# Two matches: Tab adds what they share, the next lists them.
	tab 'kill consumer sigus' ':kill consumer sigusr'
	tm send-keys -t lab Tab
	see '2:  sigusr1  sigusr2'
	leave
	# A thread, for tkill.
	tab 'tkill consumer.' ':tkill consumer.t1'
	leave
	# A choice, a flag.
	tab 'consumer fcntl p1 getp' ':consumer fcntl p1 getpipe'
	leave
	tab 'consumer write p1 "hi" nonb' ':consumer write p1 "hi" nonblock'
	leave
	tab 'wait consumer bl' ':wait consumer blocked'
	leave
	# An object, then its ends.
	tab 'consumer read p' ':consumer read p1'
	tm send-keys -t lab Tab
	see '3:  p1  p1.r  p1.w'
	leave
	# The calls an actor can make, and their arguments the same way.
	tab 'consumer ' ':consumer'
	see_re '^[0-9]+:  accept  alarm  bind  block  close'
	tm send-keys -t lab -l 'wri'
	tm send-keys -t lab Tab
	see ':consumer write'
	leave
	# expect's fields, from what the name describes.
	tab 'expect consumer la' ':expect consumer last.'
	tm send-keys -t lab -l 'ca'
	tm send-keys -t lab Tab
	see ':expect consumer last.call'
	leave
	# Only what the argument takes: threads and actors for tkill, not
	# objects; what the actor can close (no System V queue, no p1,
	# whose two ends it holds); a System V queue for msgsnd; the CPUs.
	tui_command 'consumer open f1 rw create'
	tui_command 'consumer msgget q1'
	see 'msgget(IPC_PRIVATE'
	tab 'tkill ' ':tkill consumer'
	tm send-keys -t lab Tab
	see '2:  consumer  consumer.t1'
	leave
	tab 'consumer close ' '4:  f1  p1.r  p1.w  s1'
	leave
	tab 'consumer msgsnd ' '3:  nonblock  nowait  q1'
	leave
	tab 'consumer cpu a' ':consumer cpu all'
	leave
	# A path: readline's own file name completion.
	tab "consumer bind s1 $T/complete-m" 'complete-me.d/'
	leave
	tm send-keys -t lab q
	see "quit and kill it? (y/n)"
	tm send-keys -t lab y
	tui_wait_gone
done
exit 0
