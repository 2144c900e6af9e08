# Bad input to the signal lab: unknown names, numbers out of range, a
# thread that has ended, signal 0 (a probe, explained), processes outside
# the lab only by pid:N; each one line, and nothing left behind. Sends
# that would reach more than the process named (kill(-1), kill(0), the
# controller's group) are refused too: here only with signal 0, which
# sends nothing even if the guard broke; killpg-guard.sh sends real ones
# inside a pid namespace.
. "$SRCDIR/tests/lib.sh"
sleep 30 &
OUTSIDE=$!
# The group this shell and the controller it starts are in.
PGID=$(ps -o pgid= -p $$ | tr -d ' ')
cat > "$T/bad.isc" <<X
spawn A
kill A SIGFOO
kill A 65
A block USR1 FOO
A block 0
A signal 0 catch
A signal USR1 default restart
A signal USR1 catch loudly
kill nobody TERM
kill pid:x TERM
kill pid:4194304 TERM
A thread t1
A.t1 pthread_exit
tkill A.t1 USR1
A pthread_kill A.t1 USR1
spawn B
A pthread_kill B USR1
kill A.t1 TERM
kill A 0
A kill B 0
A fault nothing
A sigtimedwait USR1
A sigtimedwait USR1 timeout 10ms
wait A done
A setrlimit sigpending lots
A setrlimit stack 1
A signal KILL catch
kill pid:$OUTSIDE TERM
killpg pid:1 0
A killpg pid:1 0
kill pid:0 0
A kill pid:-1 0
sigqueue pid:-7 0 1
killpg pid:$PGID 0
A killpg pid:$PGID 0
kill A $ESC_WORD
A block USR1 $BIG_WORD
kill pid:$BIG_WORD TERM
A setrlimit nofile $ESC_WORD
killpg pid:-7 0
expect A state == idle
X
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
st=$?
kill $OUTSIDE 2>/dev/null
wait $OUTSIDE 2>/dev/null
[ "$st" -eq 1 ] || fail "exit status $st, want 1; stderr: $(tail -5 "$T/err")"
grep -q 'expect A state == idle: ok' "$T/out" || fail "the lab did not go on: $(tail -5 "$T/out")"
want_err "2:8: 'SIGFOO' is not a signal: try TERM, SIGKILL, 9, RTMIN+1 (1 to 64)"
want_err "3:8: '65' is not a signal"
want_err "4:14: 'FOO' is not a signal"
want_err "5:9: 0 is not a signal that can be in a set"
want_err "6:10: signal 0 is not a signal: it has no disposition"
want_err "7:23: restart is a flag of a handler: it goes with catch"
want_err "8:21: unexpected 'loudly'"
want_err "9:6: no actor called nobody"
want_err "10:6: TARGET: 'pid:x' is not a process id"
want_err "14:7: thread A.t1 has ended (pthread_exit)"
want_err "15:16: thread A.t1 has ended"
want_err "17:16: pthread_kill reaches only threads of the caller's own process; B is another process"
want_err "18:6: kill signals a process; A.t1 is a thread of A: tkill A.t1 SIG"
want_err "21:9: KIND must be one of segv|fpe|bus|ill|abort, not 'nothing'"
want_err "22: missing timeout"
want_err "25:24: 'lots' is not a limit"
want_err "26:13: RESOURCE must be one of"
want_err "29:8: killpg 1 would be kill(-1): every process you may signal; ipcscope never sends to it"
want_err "30:10: killpg 1 would be kill(-1)"
want_err "31:6: TARGET: pid:0 would be kill(0): the sender's own process group; ipcscope never sends to it"
want_err "32:8: TARGET: pid:-1 would be kill(-1): every process you may signal"
want_err "33:10: TARGET: pid:-7 would name process group 7 to kill(2); killpg pid:7 sends to a group"
want_err "40:8: TARGET: pid:-7 would name process group 7 to kill(2); the group is pid:7 here"
want_err "34:8: process group $PGID holds ipcscope's own controller (and the job it runs in); ipcscope never signals it"
want_err "35:10: process group $PGID holds ipcscope's own controller"
grep -qF "bad.isc:36:8: '\x1b]2;PWNED\x07\x1b[2J\x9b\xff' is not a signal" "$T/err" ||
    fail "a signal with escapes not escaped"
want_err "37:14: 'x\{32\}\.\.\.' is not a signal"
want_err "38:6: TARGET: 'pid:x\{28\}\.\.\.' is not a process id"
grep -qF "bad.isc:39:20: '\x1b]2;PWNED\x07\x1b[2J\x9b\xff' is not a limit" "$T/err" ||
    fail "a limit with escapes not escaped"
no_raw_bytes "$T/out" "$T/err"
want_out "kill([0-9]*<A>, 0) = 0 (signal 0 sends nothing: the process exists and may be signalled)"
want_out "A: kill([0-9]*<B>, 0) = 0 (signal 0 sends nothing"
want_out "sigtimedwait(\[SIGUSR1\], &info, {10.0ms}) = -1 EAGAIN (Resource temporarily unavailable): none of the signals came within the timeout"
want_out "sigaction(SIGKILL, {handler, 0}, &old) = -1 EINVAL (Invalid argument): SIGKILL and SIGSTOP cannot be caught or ignored: the kernel refuses"
want_out "lab: kill($OUTSIDE, SIGTERM) = 0"
want_out "lab: kill(4194304, SIGTERM) = -1 ESRCH (No such process): no such process"
exit 0
