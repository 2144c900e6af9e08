# A TCP socket closed with bytes unread resets the connection, and the
# log says so: on the closing socket (closed with N bytes unread, so the
# kernel sent a RST), then on its peer (reset by that peer; if it is
# still held, what its next call gets). The reset is not left unexplained
# as a bare "CLOSE_WAIT -> CLOSE".
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<'S'
spawn A
spawn B
B socket l tcp
B listen l
A socket c3 tcp
A connect c3 l
B accept l s3
A send c3 "hello"
A close c3
B close s3
expect c3 state == closed within 2s
echo MARK1
A socket c4 tcp
A connect c4 l
B accept l s4
A send c4 "hi"
B close s4
expect c4 state == CLOSE within 2s
echo MARK2
A recv c4
expect A last.errno == ECONNRESET
A socket c5 tcp
A connect c5 l
B accept l s5
A send c5 "no"
B recv s5
B close s5
expect c5 state == CLOSE_WAIT within 2s
echo MARK3
S
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2> "$T/err" || { cat "$T/out" "$T/err"; fail "the script failed"; }
# The number of the first line matching $1, or 0.
line() {
	n=$(grep -n -m1 -e "$1" "$T/out" | cut -d: -f1)
	echo "${n:-0}"
}
# $1 is a line, and it comes after $2 (0: no line needed before).
after() {
	[ "$1" -gt 0 ] || { cat "$T/out"; fail "no line '$3'"; }
	[ "$1" -gt "$2" ] || { cat "$T/out"; fail "'$3' is out of order"; }
}
# The peer had closed already: the close, the closing socket's reset,
# then the peer's.
c=$(line '^B: close(4<s3>) = 0')
a=$(line '^s3: TCP CLOSE_WAIT -> [A-Za-z]*: closed with 5 bytes unread, so the kernel reset the connection (it sent a RST, not a FIN)$')
b=$(line '^c3: TCP FIN_WAIT[12] -> closed: reset: the peer s3 was closed with 5 bytes unread, so the kernel sent a reset (RST)$')
after "$a" "$c" "s3's reset"
after "$b" "$a" "c3's reset"
# The peer still holds its socket: what its next call gets.
a=$(line '^s4: TCP ESTABLISHED -> [A-Za-z]*: closed with 2 bytes unread')
b=$(line '^c4: TCP ESTABLISHED -> CLOSE: reset: the peer s4 was closed with 2 bytes unread, so the kernel sent a reset (RST); the next call here gets ECONNRESET, then reads return 0$')
after "$a" 0 "s4's reset"
after "$b" "$a" "c4's reset"
# Everything read before the close: an orderly FIN, no reset.
grep -q '^[cs]5: .*reset' "$T/out" && { cat "$T/out"; fail "a close with nothing unread was called a reset"; }
after "$(line '^c5: TCP ESTABLISHED -> CLOSE_WAIT: the peer closed its side')" 0 "c5's orderly close"
# JSON says it too.
"$IPCSCOPE" --json --batch "$T/s.isc" > "$T/json" 2> "$T/err" || fail "the script failed in JSON"
grep -q '"who":"c4","text":"TCP ESTABLISHED -> CLOSE: reset: [^"]*","from":"ESTABLISHED","to":"CLOSE","reset":"yes"' "$T/json" ||
    { grep '"state"' "$T/json"; fail "no reset in the JSON state record"; }
exit 0
