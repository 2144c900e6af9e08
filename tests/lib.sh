# lib.sh: helpers for the shell tests. tests/run sets IPCSCOPE (the
# binary), SRCDIR, and T (a private temporary directory per test) and
# exports XDG_RUNTIME_DIR and IPCSCOPE_TEST_RUN (a marker every actor
# inherits in its environment, so leftovers can be found by it alone).

fail() {
	echo "  FAIL: $*"
	exit 1
}

# This test cannot run here: say why (tests/run prints it) and end with
# status 77, which tests/run counts as skipped.
skip() {
	echo "$*"
	exit 77
}

# A directory the unprivileged user 65534 may write, removed on exit:
# NOBODY/run is its XDG_RUNTIME_DIR, NOBODY/san takes its sanitizer
# reports (the suite's own directory is not its to write).
nobody_dir() {
	NOBODY=$(mktemp -d /tmp/ipcscope-nobody.XXXXXX) || fail "mktemp"
	trap 'rm -rf "$NOBODY"' EXIT
	mkdir "$NOBODY/run" "$NOBODY/san"
	chown -R 65534:65534 "$NOBODY"
	chmod 700 "$NOBODY" "$NOBODY/run"
	NOBODY_ASAN=$(echo "${ASAN_OPTIONS:-}" | sed "s|log_path=[^:]*|log_path=$NOBODY/san/asan|")
	NOBODY_UBSAN=$(echo "${UBSAN_OPTIONS:-}" | sed "s|log_path=[^:]*|log_path=$NOBODY/san/ubsan|")
}

# Run a command as user 65534 (root only), in the nobody_dir's environment.
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups env XDG_RUNTIME_DIR="$NOBODY/run" \
	    ASAN_OPTIONS="$NOBODY_ASAN" UBSAN_OPTIONS="$NOBODY_UBSAN" "$@"
}

# What user 65534's runs left: a runtime directory, sanitizer reports.
nobody_leftovers() {
	[ -e "$NOBODY/run/ipcscope" ] && fail "$1: the runtime directory was left"
	[ -n "$(ls "$NOBODY/san")" ] && { cat "$NOBODY"/san/*; fail "$1: sanitizer reports"; }
	return 0
}

# Processes of this test run still alive: ipcscope processes (actors are
# ipcscope processes too) that carry the marker in their environment.
marked_pids() {
	for d in /proc/[0-9]*; do
		{
			read -r comm < "$d/comm" || continue
			[ "$comm" = ipcscope ] || [ "$comm" = ipcscope-guard ] || continue
			tr '\0' '\n' < "$d/environ" | grep -qx "IPCSCOPE_TEST_RUN=$IPCSCOPE_TEST_RUN" &&
			    echo "${d#/proc/}"
		} 2>/dev/null
	done
}

# Whether process $1 is alive: it exists and is no zombie (an orphan
# waits for this machine's init to reap it).
alive() {
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# The guardian of this test's one live run.
guardian_of() {
	for p in $(marked_pids); do
		[ "$(cat /proc/$p/comm 2>/dev/null)" = ipcscope-guard ] && echo "$p"
	done
}

# Kill the run whose controller is $1 so that nothing cleans up after it:
# its guardian stopped first, then both killed. Its actors end (their
# channel closes); what it made stays for the next start to sweep.
kill_unguarded() {
	g=$(guardian_of)
	[ -n "$g" ] || fail "no guardian to stop"
	kill -STOP $g
	kill -KILL "$1"
	kill -KILL $g
	n=0
	while [ -n "$(marked_pids)" ]; do
		n=$((n + 1))
		[ $n -gt 50 ] && fail "processes outlived the run by 5 s: $(marked_pids)"
		sleep 0.1
	done
}

# Wait up to $1 tenths of a second for no marked process to remain.
wait_no_actors() {
	n=0
	while [ -n "$(marked_pids)" ]; do
		n=$((n + 1))
		[ "$n" -gt "$1" ] && return 1
		sleep 0.1
	done
	return 0
}

# The pids of actors spawned or forked, from --json output in file $1.
json_pids() {
	grep -o '"pid":[0-9]*' "$1" | cut -d: -f2
	grep -o '"text":"fork() = [0-9]*' "$1" | grep -o '[0-9]*$'
}

# Start ipcscope --batch on script $1 in the background, output in $2;
# sets IPID.
start_batch() {
	"$IPCSCOPE" --json --batch "$1" > "$2" 2> "$2.err" &
	IPID=$!
}

# Wait until file $1 contains $2 (up to 10 s).
wait_for_text() {
	n=0
	until grep -q -- "$2" "$1" 2>/dev/null; do
		n=$((n + 1))
		[ "$n" -gt 100 ] && return 1
		sleep 0.1
	done
	return 0
}

# Start ipcscope --json --batch on script $1 (output in $2) under a
# subreaper that plays init: when ipcscope is killed, its orphaned actors
# are re-parented to it and reaped, and it exits once none is left. Sets
# IPID (ipcscope) and RPID (the reaper).
start_reaped() {
	python3 - "$2.pid" "$IPCSCOPE" --json --batch "$1" > "$2" 2> "$2.err" <<'P' &
import ctypes, os, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)     # PR_SET_CHILD_SUBREAPER
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % pid)
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
P
	RPID=$!
	n=0
	until [ -s "$2.pid" ]; do
		n=$((n + 1))
		[ $n -gt 50 ] && fail "the reaper did not start ipcscope"
		sleep 0.1
	done
	IPID=$(cat "$2.pid")
}

# The TUI in a real terminal: a private tmux server per test.
# tui_start COLS ROWS COMMAND... starts COMMAND in a shell in a tmux
# window of that size; tm runs tmux commands on it; see waits for text.
TUI_SERVER=0
tm() {
	tmux -S "$T/tmux-$TUI_SERVER" "$@"
}

# Each start gets a server of its own: one whose last session ended may
# still be going away.
tui_start() {
	cols=$1
	rows=$2
	shift 2
	[ "$TUI_SERVER" -gt 0 ] && tm kill-server 2>/dev/null
	TUI_SERVER=$((TUI_SERVER + 1))
	tm new-session -d -s lab -x "$cols" -y "$rows" "$@" || fail "tmux would not start"
	trap 'tm kill-server 2>/dev/null' EXIT
}

screen() {
	tm capture-pane -p -t lab
}

# Poll the screen until grep -$1 for the pattern $3 finds it ($2 yes) or
# does not ($2 no), for up to $4 s; otherwise show the screen and fail
# with $5.
screen_until() {
	n=0
	while :; do
		if screen | grep -q"$1" -- "$3"; then got=yes; else got=no; fi
		[ "$got" = "$2" ] && return 0
		n=$((n + 1))
		if [ $n -gt $(($4 * 10)) ]; then
			screen | sed 's/^/  | /'
			fail "$5: $3"
		fi
		sleep 0.1
	done
}

# Wait until the screen shows the fixed string $1 (up to ${2:-5} s).
see() {
	screen_until F yes "$1" "${2:-5}" "the screen never showed"
}

# The same, for text that must go away.
unsee() {
	screen_until F no "$1" 5 "the screen still shows"
}

# The box on the screen whose title starts with $1 ("Log", "A: actor"),
# borders and all, as it is drawn; nothing if there is none. With $2
# "text": only what is inside, its rows joined and its blanks squeezed,
# so that a line wrapped onto several rows reads as one.
pane() {
	screen | PYTHONIOENCODING=utf-8 python3 -c '
import re, sys
title, rows = sys.argv[1], sys.stdin.buffer.read().decode("utf-8").split("\n")
box = []
for y, row in enumerate(rows):
    x = row.find("\u250c " + title)
    if x < 0:
        continue
    end = row.find("\u2510", x)
    for r in rows[y:]:
        box.append(r[x:end + 1])
        if r[x:x + 1] == "\u2514":
            break
    break
if sys.argv[2] == "text":
    print(re.sub(" +", " ", " ".join(r[1:-1] for r in box[1:-1])).strip())
else:
    print("\n".join(box))' "$1" "${2:-box}" 2>/dev/null
}

# Type a command on the TUI's command line.
tui_command() {
	tm send-keys -t lab ':'
	see 'Enter run Tab complete' 5	# the command line's key hints: it is open
	tm send-keys -t lab -l "$1"
	tm send-keys -t lab Enter
	unsee 'Enter run Tab complete'
}

# Wait until a line of the screen matches the extended regex $1.
see_re() {
	screen_until E yes "$1" 5 "no line of the screen matched"
}

# Whether a POSIX message queue has the name $1 (without /dev/mqueue).
mq_exists() {
	python3 -c '
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.mq_open.restype = ctypes.c_int
fd = libc.mq_open(sys.argv[1].encode(), os.O_RDONLY)
if fd >= 0:
	os.close(fd)
sys.exit(0 if fd >= 0 else 1)' "$1"
}

# Wait for the TUI to end (after q, and y if it asked).
tui_wait_gone() {
	n=0
	while tm has-session -t lab 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt 50 ] && fail "the TUI did not quit"
		sleep 0.1
	done
}

# Quit the TUI with q, confirming the kill of live actors.
tui_quit() {
	tm send-keys -t lab q
	see_re 'actors? (is|are) alive: quit and kill (it|them)\? \(y/n\)'
	tm send-keys -t lab y
	tui_wait_gone
}

# Bad-input tests run $T/bad.isc with stdout in $T/out and stderr in
# $T/err. A refusal by the lab, with line and column:
want_err() {
	grep -q "^ipcscope: $T/bad.isc:$1" "$T/err" || { cat "$T/err"; fail "no error like '$1'"; }
}

# A call made and failed in the kernel: its log line.
want_out() {
	grep -q "$1" "$T/out" || { cat "$T/out"; fail "no log line like '$1'"; }
}

# Hostile words for the bad-input tests: escape sequences written raw
# (an OSC title, a CSI clear screen, BEL, a C1 control, invalid UTF-8)
# and a word of 100 KB.
ESC_WORD=$(printf '\033]2;PWNED\007\033[2J\233\377')
BIG_WORD=$(head -c 102400 /dev/zero | tr '\0' x)

# Files $@ as a terminal would get them: valid UTF-8 with no control
# byte but newlines, no DEL, no C1 control; and no error quotes more than
# 32 characters of BIG_WORD.
no_raw_bytes() {
	python3 - "$@" <<'P' || fail "a byte would reach the terminal raw, or a word was quoted whole"
import re, sys
bad = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        sys.exit("  %s: invalid UTF-8 at %d: %r" % (path, e.start, data[max(0, e.start - 30):e.start + 10]))
    m = bad.search(text)
    if m:
        sys.exit("  %s: %r at %d: %r" % (path, m.group(), m.start(), text[max(0, m.start() - 40):m.start() + 20]))
    if path.endswith("err") and "x" * 33 in text:
        sys.exit("  %s: a word is quoted whole" % path)
P
}

# Processes the lab did not make, for the observe tests.
# child_of PID: its (first) child's pid, once it has one.
child_of() {
	n=0
	until c=$(cat /proc/$1/task/$1/children 2>/dev/null) && [ -n "$c" ]; do
		n=$((n + 1))
		[ $n -gt 100 ] && fail "no child of $1"
		sleep 0.05
	done
	echo ${c% }
}

# in_call PID NR: wait until process PID's main thread is in system call
# NR (this machine's numbers: x86-64).
in_call() {
	n=0
	until [ "$(cut -d' ' -f1 /proc/$1/task/$1/syscall 2>/dev/null)" = "$2" ]; do
		n=$((n + 1))
		[ $n -gt 200 ] && fail "pid $1 is not in call $2"
		sleep 0.05
	done
}

# in_comm PID NAME: wait until process PID's command is NAME (it has
# exec'd).
in_comm() {
	n=0
	until [ "$(cat /proc/$1/comm 2>/dev/null)" = "$2" ]; do
		n=$((n + 1))
		[ $n -gt 100 ] && fail "pid $1 did not become $2"
		sleep 0.05
	done
}

# observed_name PID: the name observe gives it: its command as a name
# may be written, then its pid.
observed_name() {
	printf '%s-%s' "$(tr -c 'A-Za-z0-9_\n-' '_' < /proc/$1/comm)" $1
}
