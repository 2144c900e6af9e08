# A TCP socket that shut down its side with data still unsent (FIN_WAIT1:
# the peer's window is closed) counts in its send queue the bytes not yet
# acknowledged, and not its FIN: what it sent is all in its send queue or
# in the peer's receive queue, not one byte more.
. "$SRCDIR/tests/lib.sh"
cat > "$T/run.isc" <<'X2'
spawn A
spawn B
B socket l tcp
B listen l
A socket c tcp
A connect c l
B accept l sv
B setsockopt sv rcvbuf 4096
A send c 1M nonblock
A send c 1M nonblock
A shutdown c wr
expect c state == FIN_WAIT1
sleep 500ms
expect c state == FIN_WAIT1
show c
show sv
X2
"$IPCSCOPE" --batch "$T/run.isc" > "$T/out" 2> "$T/err" || fail "the script failed: $(cat "$T/err")"
sent=$(sed -n 's/^A: send(3<c>, .*) = \([0-9]*\) <.*/\1/p' "$T/out" | awk '{ s += $1 } END { print s }')
unacked=$(sed -n '/^c:$/,/^sv:$/s/^  send_queue: //p' "$T/out")
unread=$(sed -n '/^sv:$/,$s/^  recv_queue: //p' "$T/out")
[ -n "$sent" ] && [ -n "$unacked" ] && [ -n "$unread" ] || { cat "$T/out"; fail "no figures"; }
[ "$unacked" -gt 0 ] || fail "nothing left to send: the test proves nothing"
[ $((unacked + unread)) -eq "$sent" ] ||
    fail "sent $sent, but $unacked unacknowledged and $unread to read make $((unacked + unread))"
grep -q "summary: tcp FIN_WAIT1 .* $unacked bytes unacknowledged" "$T/out" || fail "the summary: $(grep 'summary: tcp FIN' "$T/out")"
exit 0
