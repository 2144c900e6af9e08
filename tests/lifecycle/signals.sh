# SIGINT, SIGTERM and SIGHUP to ipcscope end the lab cleanly: exit status
# 128+N, every actor gone, the runtime directory removed.
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<'X'
spawn A
A pipe p1
A fork B
B read p1
wait B blocked
A mkfifo f1
spawn C
C open f1 r
wait C blocked
kill A STOP
wait A stopped
echo READY
sleep 60
X
for sig in INT TERM HUP; do
	start_batch "$T/s.isc" "$T/out.$sig"
	wait_for_text "$T/out.$sig" READY || fail "$sig: the script did not get ready: $(cat "$T/out.$sig.err")"
	pids=$(json_pids "$T/out.$sig")
	kill -$sig $IPID
	wait $IPID
	st=$?
	case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
	[ "$st" -eq "$want" ] || fail "$sig: exit status $st, want $want"
	grep -q "cleaned up" "$T/out.$sig.err" || fail "$sig: no message on stderr"
	for p in $pids; do
		[ -e /proc/$p ] && fail "$sig: actor $p is still there"
	done
	[ -e "$XDG_RUNTIME_DIR/ipcscope" ] && fail "$sig: runtime directory left"
done
exit 0
