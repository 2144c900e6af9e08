# Tab completion in the line mode (--line), in a real terminal (tmux):
# every word from the command table, as on the full screen's command
# line (tests/tui/complete.sh): the actor after kill, its signal with or
# without SIG in either case, choices, flags, objects and their ends,
# the calls an actor can make, the parts of together, files for a path.
. "$SRCDIR/tests/lib.sh"
command -v tmux > /dev/null || fail "tmux is needed (tests/deps.sh installs it)"
tm() { tmux -S "$T/tmux" "$@"; }
screen() { tm capture-pane -p -t lab; }
# Wait until the screen shows $1 (up to 5 s).
see() {
	n=0
	until screen | grep -qF -- "$1"; do
		n=$((n + 1))
		[ $n -gt 50 ] && { screen; tm kill-server 2>/dev/null; fail "the screen never showed: $1"; }
		sleep 0.1
	done
}
# A fresh line: type $1, then Tab; the prompt's line must show $2.
tab() {
	tm send-keys -t lab C-u
	tm send-keys -t lab -l "$1"
	tm send-keys -t lab Tab
	see "ipcscope> $2"
}
trap 'tm kill-server 2>/dev/null' EXIT
mkdir "$T/complete-me.d"
tm new-session -d -s lab -x 160 -y 40 "$IPCSCOPE --line"
see "ipcscope>"
tm send-keys -t lab 'spawn consumer' Enter 'spawn producer' Enter
tm send-keys -t lab 'consumer pipe p1' Enter 'consumer socketpair sp' Enter
see 'socketpair(AF_UNIX, SOCK_STREAM'

tab 'kill con' 'kill consumer'
tm send-keys -t lab -l 'CO'
tm send-keys -t lab Tab
see 'ipcscope> kill consumer CONT'
tm send-keys -t lab Enter
see '<consumer>, SIGCONT) = 0'
tab 'kill consumer SIGCO' 'kill consumer SIGCONT'
tab 'kill consumer sigco' 'kill consumer sigcont'
tab 'killpg pro' 'killpg producer'
# A choice, a flag, a keyword and its value.
tab 'consumer fcntl p1 getp' 'consumer fcntl p1 getpipe'
tab 'consumer write p1 "hi" nonb' 'consumer write p1 "hi" nonblock'
tab 'wait producer blocked ti' 'wait producer blocked timeout'
# Objects and their ends; the matches are listed.
tab 'consumer close sp.' 'consumer close sp.'
tm send-keys -t lab Tab
see 'sp.a  sp.b'
tab 'show p1.' 'show p1.'
tm send-keys -t lab Tab
see 'p1.r  p1.w'
# The calls an actor can make, listed at once (after readline's question
# for so many), and their arguments.
tab 'producer ' 'producer'
see 'Display all'
tm send-keys -t lab y
see 'pthread_mutex_trylock'
tab 'producer fcnt' 'producer fcntl'
tab 'help mq_no' 'help mq_notify'
tab 'consumer poll p1.r s' 'consumer poll p1.r sp'
# expect's fields, from what the name describes: a group goes on after
# its dot.
tm send-keys -t lab C-u 'consumer write p1 "hi"' Enter
see 'write(4<p1.w>, "hi", 2) = 2'
tab 'expect consumer la' 'expect consumer last.'
tm send-keys -t lab Tab
see 'last.errno'
tm send-keys -t lab -l 'er'
tm send-keys -t lab Tab
see 'ipcscope> expect consumer last.errno'
tab 'expect p1 que' 'expect p1 queued'
# Each part of together is a command of its own.
tab 'together consumer write p1 "a;b" ; pro' 'together consumer write p1 "a;b" ; producer'
tab 'every 1s kill producer STO' 'every 1s kill producer STOP'
# A path.
tab "consumer bind sp.a $T/complete-m" "consumer bind sp.a $T/complete-me.d/"
tm send-keys -t lab C-u quit Enter
n=0
while tm has-session -t lab 2>/dev/null; do
	n=$((n + 1))
	[ $n -gt 50 ] && fail "quit did not end ipcscope"
	sleep 0.1
done
exit 0
