# A stopped actor killed from outside the lab (kill(1) from a shell), or
# by the lab, is reported killed, never "continued" first: SIGKILL wakes
# a stopped process only to end it. A real SIGCONT from outside is still
# reported, for the lab's children (waitid) and for actors forked by
# actors (/proc). A stop the lab's kill made is logged before the next
# command. A call to a stopped actor is refused, whoever stopped it, even
# before a tick has seen the stop.
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<'S'
spawn A
A fork B
spawn C
C fork D
spawn E
E fork F
kill A STOP
kill B STOP
kill C STOP
kill D STOP
kill E STOP
kill F STOP
wait A stopped
wait B stopped
wait C stopped
wait D stopped
wait E stopped
wait F stopped
echo READY
wait A exited timeout 10s
wait B exited timeout 10s
kill C KILL
kill D KILL
wait C exited
wait D exited
wait E idle timeout 10s
wait F idle timeout 10s
sleep 300ms
echo DONE
S
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2> "$T/err" &
IPID=$!
wait_for_text "$T/out" READY || fail "the script did not get ready: $(cat "$T/err")"
pid_of() {
	sed -n "s/^$1: spawned, pid \([0-9]*\).*/\1/p; s/^$2: fork() = \([0-9]*\)<$1>.*/\1/p" "$T/out"
}
A=$(pid_of A x); B=$(pid_of B A); C=$(pid_of C x); D=$(pid_of D C); E=$(pid_of E x); F=$(pid_of F E)
[ -n "$A" ] && [ -n "$B" ] && [ -n "$C" ] && [ -n "$D" ] && [ -n "$E" ] && [ -n "$F" ] ||
    { cat "$T/out"; fail "no pids in the output"; }
# Each stop is logged as the send that made it settles: before what
# follows it in the script, not a tick later.
for a in A B C D E F; do
	sed -n '1,/^READY$/p' "$T/out" | grep -q "^$a: stopped" ||
	    { cat "$T/out"; fail "$a's stop was not logged before the next command"; }
done
kill -KILL "$A" "$B"
kill -CONT "$E" "$F"
wait $IPID
st=$?
[ "$st" -eq 0 ] || { cat "$T/out" "$T/err"; fail "the script failed ($st)"; }
grep -q DONE "$T/out" || { cat "$T/out"; fail "the script did not end"; }
for a in A B C D; do
	grep -q "^$a: killed by SIGKILL" "$T/out" || { cat "$T/out"; fail "$a: not reported killed by SIGKILL"; }
done
for a in A B C D; do
	grep -q "^$a: continued" "$T/out" && { cat "$T/out"; fail "$a was killed while stopped and reported continued"; }
done
for a in E F; do
	grep -q "^$a: continued" "$T/out" || { cat "$T/out"; fail "$a was continued from outside and not reported"; }
done

# Stopped from outside: B is no child of the lab's, so no SIGCHLD says
# so, and with -d 10s no tick looks before the call; the lab must read
# B's state when the call comes. Stopped by the lab: refused too.
mkfifo "$T/in"
"$IPCSCOPE" -d 10s --batch - < "$T/in" > "$T/out" 2> "$T/err" &
IPID=$!
exec 3> "$T/in"
printf 'spawn A\nA fork B\nB pipe q\necho READY\n' >&3
wait_for_text "$T/out" READY || { exec 3>&-; fail "the script did not get ready: $(cat "$T/err")"; }
B=$(pid_of B A)
[ -n "$B" ] || { exec 3>&-; cat "$T/out"; fail "no pid for B"; }
kill -STOP "$B"
n=0
until [ "$(sed 's/.*) //' "/proc/$B/stat" | cut -c1)" = T ]; do
	n=$((n + 1)); [ $n -gt 50 ] && { exec 3>&-; fail "B did not stop"; }
	sleep 0.1
done
printf 'B write q "x"\nkill B CONT\nwait B idle\nkill B STOP\nB write q "y"\nkill B CONT\necho DONE\n' >&3
exec 3>&-
wait $IPID
grep -q DONE "$T/out" || { cat "$T/out" "$T/err"; fail "the second script did not end"; }
n=$(grep -c "B is stopped; continue it first: kill B CONT" "$T/err")
[ "$n" -eq 2 ] || { cat "$T/out" "$T/err"; fail "$n of the 2 calls to stopped B were refused"; }
grep -q '^B: write(' "$T/out" && { cat "$T/out"; fail "a call of stopped B was made"; }
exit 0
