# quit ends every actor (blocked, stopped, forked, threads) and removes
# every object and the runtime directory.
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<'X'
spawn A
A pipe p1
A fork B
A thread t1
B read p1
wait B blocked
A.t1 read p1
wait A.t1 blocked
spawn C
C mkfifo f1
spawn D
D open f1 r
wait D blocked
kill C STOP
wait C stopped
quit
echo "not reached"
X
"$IPCSCOPE" --json --batch "$T/s.isc" > "$T/out" 2> "$T/err" || fail "exit status $?: $(cat "$T/err")"
grep -q "not reached" "$T/out" && fail "commands after quit ran"
pids=$(json_pids "$T/out")
[ "$(echo "$pids" | wc -w)" -eq 4 ] || fail "expected 4 actor pids, got: $pids"
for p in $pids; do
	[ -e /proc/$p ] && fail "actor $p is still there after quit"
done
[ -e "$XDG_RUNTIME_DIR/ipcscope" ] && fail "runtime directory left: $(ls -R "$XDG_RUNTIME_DIR")"
exit 0
