# A refused command has no effect: together checks every call before it
# sends any, so a part that is refused (no such actor, one thread twice,
# two calls making one name, a send that may not go) starts none; every
# runs its first round before the job exists, so a command refused then
# leaves no job. Each is one line, and the lab goes on intact.
. "$SRCDIR/tests/lib.sh"
cat > "$T/bad.isc" <<'X'
spawn A
A pipe p1
A fork B
together A write p1 "x" ; B write p1 "y" ; Z read p1
together A write p1 "x" ; A write p1 "y"
together A pipe q1 ; B pipe q1
together A write p1 "x" ; show p1
B signal TERM catch
together A kill B TERM ; B killpg pid:1 0
A mmap m1 anon 64k
A fork P
A fork Q
A sem_init e1 m1 0 value 8
A sem_init f1 m1 32
together P produce m1 4k 8 100 empty e1 full f1 ; Q produce m1 4k 8 100 from 101 empty e1 full f1 ; Z consume m1 4k 8 200 empty e1 full f1
every 100ms A write nosuch "x"
every 100ms Z write p1 "x"
sleep 100ms
expect p1 queued == 0
expect B signals.taken == 0
expect P state == idle
expect Q state == idle
expect e1 value == 8
expect f1 value == 0
A pipe q1
every 10s A sigpending
cancel all
X
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
st=$?
[ "$st" -eq 1 ] || fail "exit status $st, want 1; stderr: $(tail -5 "$T/err")"
[ "$(grep -c ': ok$' "$T/out")" -eq 6 ] || { cat "$T/out" "$T/err"; fail "a check failed"; }
want_err "4:44: Z read p1: no actor called Z (spawn Z makes one); none of the calls was made"
want_err "5:27: A write p1 \"y\": A has two calls here; a thread makes one call at a time"
want_err "6:22: B pipe q1: two calls here would make q1; none of the calls was made"
want_err "7:26: show is a lab command; together starts actors' calls"
want_err "9:35: B killpg pid:1 0: killpg 1 would be kill(-1): every process you may signal; ipcscope never sends to it; none of the calls was made"
want_err "15:101: Z consume m1 4k 8 200 empty e1 f\.\.\.: no actor called Z"
want_err "16:13: no object called nosuch"
want_err "17:13: no actor called Z"
n=$(grep -c "^ipcscope: $T/bad.isc:[0-9][0-9]*:" "$T/err")
[ "$n" -eq 8 ] || { cat "$T/err"; fail "expected 8 errors, got $n"; }
# Nothing of a refused line ran: no write, no pipe, no kill, no produce.
grep -q 'write(\|pipe(\[3<q1\|kill(\|produce\|A: job' "$T/out" && grep 'write(\|kill(\|produce' "$T/out" &&
    fail "a part of a refused line ran"
want_out "A: pipe(\[[0-9]*<q1.r>, [0-9]*<q1.w>\]) = 0"
want_out "^job1: every 10s, A sigpending"
exit 0
