# What the kernel changes on its own is an event in the log, not only a
# field of a description: a TCP connection's states as the peer closes
# (CLOSE_WAIT, FIN_WAIT2, TIME_WAIT, closed) and an mq_notify whose
# notification runs a thread.
. "$SRCDIR/tests/lib.sh"
cat > "$T/tcp.isc" <<'S'
spawn A
spawn B
B socket l tcp
B bind l
B listen l
A socket c tcp
A connect c l
B accept l sv
A shutdown c wr
expect c state == FIN_WAIT2 within 2s
echo MARK1
B close sv
expect c state == TIME_WAIT within 2s
echo MARK2
S
"$IPCSCOPE" --batch "$T/tcp.isc" > "$T/out" 2> "$T/err" || { cat "$T/out" "$T/err"; fail "the TCP script failed"; }
# The listener and the connection's first state are the calls' own.
grep -q "^l: TCP" "$T/out" && { cat "$T/out"; fail "listen's own LISTEN was logged as an event"; }
grep -q "^c: TCP CLOSE -> ESTABLISHED" "$T/out" && { cat "$T/out"; fail "connect's own ESTABLISHED was logged as an event"; }
# Each change comes before the line that looked at it.
before() {
	sed -n "1,/^$2\$/p" "$T/out" | grep -q "$1" || { cat "$T/out"; fail "no event '$1' before $2"; }
}
before '^sv: TCP ESTABLISHED -> CLOSE_WAIT: the peer closed its side' MARK1
before '^c: TCP .* -> FIN_WAIT2: its FIN was acknowledged' MARK1
before '^c: TCP FIN_WAIT2 -> TIME_WAIT: both sides closed' MARK2
before '^sv: TCP CLOSE_WAIT -> closed' MARK2
# The same in JSON: type state, from and to.
"$IPCSCOPE" --json --batch "$T/tcp.isc" > "$T/json" 2> "$T/err" || fail "the TCP script failed in JSON"
grep -q '"type":"state","time":[0-9.]*,"who":"sv","text":"TCP ESTABLISHED -> CLOSE_WAIT[^"]*","from":"ESTABLISHED","to":"CLOSE_WAIT"' "$T/json" ||
    { grep '"state"' "$T/json"; fail "no state record in JSON"; }

# An actor killed: the kernel closes what it held, and the peer sees it.
cat > "$T/kill.isc" <<'S'
spawn A
spawn B
B socket l tcp
B bind l
B listen l
A socket c tcp
A connect c l
B accept l sv
kill A KILL
wait A exited
expect sv state == CLOSE_WAIT within 2s
echo MARK
S
"$IPCSCOPE" --batch "$T/kill.isc" > "$T/out" 2> "$T/err" || { cat "$T/out" "$T/err"; fail "the kill script failed"; }
before '^sv: TCP ESTABLISHED -> CLOSE_WAIT' MARK

# mq_notify with a thread: the notification is an event of the actor's.
cat > "$T/mq.isc" <<'S'
spawn A
spawn B
A mq_open q1 create
B mq_open q1
A mq_notify q1 thread
expect q1 notify.how == thread
B mq_send q1 "ring" 1
expect q1 notify.pid == none within 1s
# The kernel clears the registration at the send; the report comes from
# the thread the C library starts after, which nothing here waits on.
sleep 2s
echo MARK
S
"$IPCSCOPE" --batch "$T/mq.isc" > "$T/out" 2> "$T/err" || { cat "$T/out" "$T/err"; fail "the mq_notify script failed"; }
before '^A: SIGEV_THREAD notification for 3<q1>: its function runs in a new thread (tid [0-9]*)' MARK
[ "$(grep -c 'SIGEV_THREAD notification' "$T/out")" -eq 1 ] || { cat "$T/out"; fail "not one notification"; }
exit 0
