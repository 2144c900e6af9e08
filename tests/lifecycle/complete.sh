# Tab completion in the line mode (--line), in a real terminal (tmux):
# every word from the command table, as on the full screen's command
# line (tests/tui/complete.sh): the actor after kill, its signal with or
# without SIG in either case, choices, flags, objects and their ends,
# the calls an actor can make, the parts of together, files for a path.
. "$SRCDIR/tests/lib.sh"
command -v tmux > /dev/null || fail "tmux is needed (tests/deps.sh installs it)"
# A fresh line: type $1, then Tab; the prompt's line must show $2.
tab() {
	tm send-keys -t lab C-u
	tm send-keys -t lab -l "$1"
	tm send-keys -t lab Tab
	see "ipcscope> $2"
}
mkdir "$T/complete-me.d"
tui_start 160 40 "$IPCSCOPE --line"
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
tab 'consumer read p1.' 'consumer read p1.'
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
tui_wait_gone

# Tab offers only what the command takes there: the kind of object, an
# actor, a thread or a process, an end only where an end is taken, the
# verb's choices and flags for that object. Each list is what Tab Tab
# shows, spaces squeezed.
offers() {
	tm send-keys -t lab C-u
	tm send-keys -t lab -l "$1"
	tm send-keys -t lab Tab Tab
	n=0
	until screen | tr -s ' ' | grep -qxF -- "$2"; do
		n=$((n + 1))
		[ $n -gt 30 ] && { screen; tm kill-server 2>/dev/null; fail "Tab after '$1' did not offer: $2"; }
		sleep 0.1
	done
	tm send-keys -t lab C-u Enter
}
# Tab offers nothing: the line stays as typed, and nothing is listed.
offers_nothing() {
	tm send-keys -t lab C-l C-u
	tm send-keys -t lab -l "$1"
	# The cleared screen with the line as typed, before Tab.
	n=0
	until [ "$(screen | grep -v '^$')" = "ipcscope> ${1% }" ]; do
		n=$((n + 1))
		[ $n -gt 50 ] && { screen; tm kill-server 2>/dev/null; fail "'$1' was not typed on a cleared screen"; }
		sleep 0.1
	done
	tm send-keys -t lab Tab Tab
	sleep 0.3
	screen | grep -v '^$' | tail -n 1 | grep -qxF "ipcscope> ${1% }" ||
	    { screen; tm kill-server 2>/dev/null; fail "Tab after '$1' changed the line"; }
	[ "$(screen | grep -vc '^$')" -eq 1 ] ||
	    { screen; tm kill-server 2>/dev/null; fail "Tab after '$1' offered something"; }
	tm send-keys -t lab C-u
}
tui_start 160 40 "$IPCSCOPE --line"
see "ipcscope>"
for l in 'spawn A' 'spawn B' 'A pipe p1' 'A thread t1' 'A open f1 rw create' \
    'A msgget q1' 'A socket s1 unix' 'A mq_open mq1 create' 'A shmget m1 4k' \
    'A shm_open sh1 create' 'A ftruncate sh1 4k' 'A mmap sh1' 'A socketpair ap' \
    'A fork C' 'spawn Z' 'kill Z KILL' 'wait Z exited'; do
	tm send-keys -t lab -l "$l"
	tm send-keys -t lab Enter
done
see 'killed by SIGKILL'
offers 'tkill ' 'A A.t1 B C'
offers 'A pthread_kill ' 'A A.t1'
offers 'signals ' 'A A.t1 B C Z'
tab 'reap ' 'reap Z'
offers_nothing 'forget '
offers_nothing 'show p1.'
cpus="$(i=0; while [ $i -lt "$(getconf _NPROCESSORS_CONF)" ]; do printf '%d ' $i; i=$((i + 1)); done)all"
[ "$(getconf _NPROCESSORS_CONF)" -le 16 ] && offers 'A cpu ' "$cpus"
tab 'A cpu a' 'A cpu all'
offers 'A fcntl f1 setlk ' 'read unlock write'
offers 'A msgsnd ' 'nonblock nowait q1'
offers 'A shmat ' 'm1 readonly'
tab 'A munmap ' 'A munmap sh1'
offers 'A sendfd ' 'ap ap.a ap.b cred nowait s1'
offers 'A mq_send ' 'mq1 timeout'
tab 'A mq_send mq1 "x" ' 'A mq_send mq1 "x" timeout'
offers 'A mmap ' 'anon offset readonly sh1'
offers_nothing 'A bind s1 '
offers 'A waitpid ' 'C nohang'
offers 'A close ' 'ap.a ap.b f1 mq1 p1.r p1.w s1 sh1'
# The refusal that made nonblock no offer names the real actor and queue.
tm send-keys -t lab C-u
tm send-keys -t lab -l 'A mq_send mq1 "x" nonblock'
tm send-keys -t lab Enter
see 'make the descriptor nonblocking (A mq_setattr mq1 nonblock)'
tm send-keys -t lab C-u quit Enter
tui_wait_gone
exit 0
