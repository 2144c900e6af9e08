# Every way out, in every mode, leaves nothing: {quit, end of input, each
# signal that ends a process by default, SIGKILL of the controller, a real
# crash (a fault, an abort)} x {--batch, --line, the full screen}, each
# with one of every lasting thing: a System V queue, an attached segment,
# a semaphore set, a POSIX queue, POSIX shared memory, a named semaphore,
# a FIFO, a socket file, an actor blocked in a call, a stopped actor and a
# thread. Within a second of the end no object, file, directory or
# process of the run is left, and the terminal (line mode and full
# screen) is in the modes it was in before, out of the alternate screen
# with the cursor shown. An orderly end says so and exits 128+SIG; SIGKILL
# and a crash are cleaned up by the guardian, which says so.
# EXITS_MODES (batch line tui) and EXITS_SIGNALS narrow the run by hand.
. "$SRCDIR/tests/lib.sh"
command -v tmux > /dev/null || fail "tmux is needed (tests/deps.sh installs it)"
command -v bash > /dev/null || fail "bash is needed for the shell in the terminal"

# Every signal whose default action ends a process, but KILL and STOP
# (and PIPE, which ipcscope ignores: a reader that goes away is a
# normal end of its output, tested in cli.sh).
SIGNALS=${EXITS_SIGNALS:-"HUP INT QUIT ILL TRAP ABRT BUS FPE USR1 SEGV USR2 ALRM TERM STKFLT XCPU
XFSZ VTALRM PROF IO PWR SYS $(i=34; while [ $i -le 64 ]; do printf '%d ' $i; i=$((i + 1)); done)"}
MODES=${EXITS_MODES:-"batch line tui"}

cat > "$T/lab.isc" <<S
spawn A
A msgget q1
A shmget g1 4k
A shmat g1
A semget e1 1
A mq_open m1 create
A shm_open n1 create
A sem_open y1 create value 1
A mkfifo f1
A socket s1 unix
A bind s1 $T/s.sock
A pipe p1
A thread t1
A.t1 read p1
wait A.t1 blocked
spawn B
B open f1 r
wait B blocked
spawn C
kill C STOP
wait C stopped
echo READY
S
cp "$T/lab.isc" "$T/batch.isc"
printf 'sleep 120\n' >> "$T/batch.isc"

# What is left of a run, polled for up to a second: its System V
# objects, POSIX queues, shared memory and semaphores, socket file (all
# from its manifest), its runtime directory and its processes.
cat > "$T/left.py" <<'P'
import ctypes, os, sys, time
manifest, rundir, pidfile = sys.argv[1:4]
libc = ctypes.CDLL(None, use_errno=True)
libc.mq_open.restype = ctypes.c_int
records = [l.split(" ", 1) for l in open(manifest).read().splitlines() if " " in l]
pids = [int(p) for p in open(pidfile).read().split()]
def sysv_ids(kind):
    try:
        lines = open("/proc/sysvipc/" + kind).read().splitlines()[1:]
    except OSError:
        return set()
    return {l.split()[1] for l in lines if l.split()}
def alive(pid):
    try:
        st = open("/proc/%d/stat" % pid).read()
    except OSError:
        return False
    return st[st.rindex(")") + 2] not in "ZX"
def left():
    what = []
    ids = {k: sysv_ids(k) for k in ("msg", "shm", "sem")}
    for kind, args in records:
        a = args.split()
        if kind in ("msgq", "shm", "sem"):
            if a[0] in ids[{"msgq": "msg", "shm": "shm", "sem": "sem"}[kind]]:
                what.append("%s %s" % (kind, a[0]))
        elif kind == "mqueue":
            fd = libc.mq_open(args.encode(), os.O_RDONLY)
            if fd >= 0:
                os.close(fd)
                what.append("mqueue " + args)
        elif kind == "pshm":
            if os.path.exists("/dev/shm" + args):
                what.append("pshm " + args)
        elif kind == "psem":
            if os.path.exists("/dev/shm/sem." + args[1:]):
                what.append("psem " + args)
        elif kind == "socket":
            path = args.split(" ", 2)[2]
            if os.path.exists(path):
                what.append("socket file " + path)
    if os.path.exists(rundir):
        what.append("runtime directory")
    what += ["process %d" % p for p in pids if alive(p)]
    return what
end = time.monotonic() + 1.0
while True:
    w = left()
    if not w:
        sys.exit(0)
    if time.monotonic() > end:
        print("1 s after the end, left: " + ", ".join(w))
        sys.exit(1)
    time.sleep(0.02)
P

sig_num() {
	case $1 in
	HUP) echo 1 ;; INT) echo 2 ;; QUIT) echo 3 ;; ILL) echo 4 ;; TRAP) echo 5 ;;
	ABRT) echo 6 ;; BUS) echo 7 ;; FPE) echo 8 ;; USR1) echo 10 ;; SEGV) echo 11 ;;
	USR2) echo 12 ;; ALRM) echo 14 ;; TERM) echo 15 ;; STKFLT) echo 16 ;; XCPU) echo 24 ;;
	XFSZ) echo 25 ;; VTALRM) echo 26 ;; PROF) echo 27 ;; IO) echo 29 ;; PWR) echo 30 ;;
	SYS) echo 31 ;; *) echo "$1" ;;
	esac
}

# After a run is ready: its manifest, directory and processes, kept for
# the check (the run removes them).
snapshot() {
	dir=$(ls -d "$XDG_RUNTIME_DIR"/ipcscope/*-* 2> /dev/null | head -1)
	[ -n "$dir" ] || fail "$cell: no run directory: $(ls -la "$XDG_RUNTIME_DIR" "$XDG_RUNTIME_DIR"/ipcscope 2>&1; cat "$T/out" "$T/err" 2>/dev/null | tail -5)"
	cp "$dir/objects" "$T/manifest"
	[ "$(grep -c . "$T/manifest")" -eq 7 ] || {
		[ $mode = batch ] && cat "$T/out" "$T/err" || screen
		fail "$cell: the manifest has $(grep -c . "$T/manifest") records: $(cat "$T/manifest")"
	}
	marked_pids > "$T/pids"
	[ "$(wc -l < "$T/pids")" -eq 5 ] || fail "$cell: $(wc -l < "$T/pids") processes, want 5 (controller, guardian, A, B, C)"
	CPID=""
	for p in $(cat "$T/pids"); do
		[ "$(cat /proc/$p/comm)" = ipcscope ] && [ "$(ps -o ppid= -p $p | tr -d ' ')" = "$1" ] && CPID=$p
	done
	[ -n "$CPID" ] || fail "$cell: no controller among $(cat "$T/pids")"
}

check_left() {
	python3 "$T/left.py" "$T/manifest" "$dir" "$T/pids" > "$T/left" || fail "$cell: $(cat "$T/left")"
}

# How a run must end: its status and what it says.
expect_end() {
	case $1 in
	quit|eof) status=0 msg="" ;;
	KILL) status=137 msg="ipcscope: killed by SIGKILL; the guardian ended 3 actors, removed 7 objects" ;;
	crash-segv) status=139 msg="ipcscope: killed by SIGSEGV; the guardian ended 3 actors, removed 7 objects" ;;
	crash-abort) status=134 msg="ipcscope: killed by SIGABRT; the guardian ended 3 actors, removed 7 objects" ;;
	*) n=$(sig_num "$1"); status=$((128 + n)); msg="ipcscope: ended by" ;;
	esac
}

cells() {
	echo quit eof $SIGNALS KILL crash-segv crash-abort
}

# --batch: the script, then a signal or its end.
batch_cell() {
	cell="batch/$1"
	mode=batch
	expect_end "$1"
	env=""
	case $1 in crash-*) env="IPCSCOPE_TEST_CRASH=${1#crash-}" ;; esac
	# The last run's READY must not be read before the new run's
	# shell truncates the file.
	rm -f "$T/out" "$T/err"
	case $1 in
	quit|eof)
		rm -f "$T/in"
		mkfifo "$T/in"
		"$IPCSCOPE" --batch - < "$T/in" > "$T/out" 2> "$T/err" &
		pid=$!
		exec 7> "$T/in"
		cat "$T/lab.isc" >&7 ;;
	*)
		env $env "$IPCSCOPE" --batch "$T/batch.isc" > "$T/out" 2> "$T/err" &
		pid=$! ;;
	esac
	wait_for_text "$T/out" READY || fail "$cell: not ready: $(cat "$T/err")"
	snapshot $$
	case $1 in
	quit) echo quit >&7; exec 7>&- ;;
	eof) exec 7>&- ;;
	crash-*) kill -USR2 $CPID ;;
	*) kill -$(sig_num $1) $CPID ;;
	esac
	check_left
	wait $pid
	st=$?
	[ $st -eq $status ] || fail "$cell: exit status $st, want $status: $(cat "$T/err")"
	[ -z "$msg" ] || grep -q "^$msg" "$T/err" || fail "$cell: it did not say '$msg': $(cat "$T/err")"
}

# The line mode and the full screen run in a shell in tmux, which saves
# the terminal's modes before and after.
term_start() {
	tui_start 100 30 bash --norc --noprofile
	tm send-keys -t lab "PS1='$ '; ulimit -c 0" Enter
	SHELL_PID=$(tm list-panes -t lab -F '#{pane_pid}')
	RUN=0
}

# Quit the interactive lab as a person would.
type_quit() {
	if [ $mode = line ]; then
		tm send-keys -t lab quit Enter
	else
		tm send-keys -t lab q
		see "quit and kill them? (y/n)"
		tm send-keys -t lab y
	fi
}

term_cell() {
	mode=$1
	cell="$mode/$2"
	expect_end "$2"
	RUN=$((RUN + 1))
	env=""
	case $2 in crash-*) env="IPCSCOPE_TEST_CRASH=${2#crash-}" ;; esac
	sed "s/^echo READY$/echo READY-$RUN/" "$T/lab.isc" > "$T/run.isc"
	args="-s $T/run.isc"
	[ $mode = line ] && args="--line $args"
	tm send-keys -t lab -l "clear; stty -g > $T/before; $env $IPCSCOPE $args; echo \$? > $T/status; stty -g > $T/after; echo BA\"\"CK-$RUN"
	tm send-keys -t lab Enter
	see "READY-$RUN" 10
	snapshot "$SHELL_PID"
	case $2 in
	quit) type_quit ;;
	eof)
		if [ $mode = line ]; then
			tm send-keys -t lab C-d
		else
			# A full screen has no end of input but a hangup; the
			# terminal is gone, so its modes are not compared.
			tm kill-server
			check_left
			term_start
			return
		fi ;;
	INT)
		# The line mode is a shell's kind: SIGINT (Ctrl-C) cancels the
		# line, it does not end the lab. The full screen reads Ctrl-C
		# as a key, and a SIGINT from outside ends it.
		if [ $mode = tui ]; then
			kill -INT $CPID
			check_left
			see "BACK-$RUN" 30
			[ "$(cat "$T/status")" = 130 ] || fail "$cell: exit status $(cat "$T/status"), want 130"
			cmp -s "$T/before" "$T/after" || fail "$cell: the terminal's modes changed"
			return
		fi
		kill -INT $CPID
		sleep 0.3
		alive $CPID || fail "$cell: SIGINT ended the interactive lab"
		type_quit
		status=0 msg="" ;;
	crash-*) kill -USR2 $CPID ;;
	*) kill -$(sig_num $2) $CPID ;;
	esac
	check_left
	# The shell's prompt comes back once the controller's end is over;
	# under the sanitizers and a loaded machine a crash's report takes
	# seconds to write.
	see "BACK-$RUN" 30
	[ "$(cat "$T/status")" = $status ] || fail "$cell: exit status $(cat "$T/status"), want $status"
	# A guardian's report may come after the prompt.
	n=0
	until [ -z "$msg" ] || screen | tr -d '\n' | grep -qF "$msg"; do
		n=$((n + 1)); [ $n -gt 50 ] && { screen; fail "$cell: it did not say '$msg'"; }
		sleep 0.1
	done
	cmp -s "$T/before" "$T/after" || fail "$cell: the terminal's modes changed: $(cat "$T/before") -> $(cat "$T/after")"
	[ "$(tm display -p -t lab '#{alternate_on}')" = 0 ] || fail "$cell: still in the alternate screen"
	[ "$(tm display -p -t lab '#{cursor_flag}')" = 1 ] || fail "$cell: the cursor is hidden"
}

n=0
for mode in $MODES; do
	[ $mode = batch ] || term_start
	for c in $(cells); do
		if [ $mode = batch ]; then
			batch_cell $c
		else
			term_cell $mode $c
		fi
		n=$((n + 1))
	done
	[ $mode = batch ] || tm kill-server
done
echo "$n ways out, nothing left after any"
exit 0
