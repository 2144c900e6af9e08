# Bad input to queues and sockets: each is one line that says what was
# wrong, either the lab's refusal (with the column) or the real call's
# errno with a hint; the lab goes on intact.
. "$SRCDIR/tests/lib.sh"
cat > "$T/bad.isc" <<X
spawn A
A pipe p1
A msgget q1
A msgsnd q1 0 "x"
A msgsnd p1 1 "x"
A msgrcv nosuch
A mq_open m1 create maxmsg 2 msgsize 8
A mq_send m1 "longer than eight" 1
A socket s1 unix
A send s1 "x"
A socket s2 unix
A bind s2
A socket s3 unix
A bind s3 s2.sock
A socket t1 tcp
A bind t1 127.0.0.1:99999
A bind t1 "[::1]:80"
A connect t1 s2
A socket u1 udp
A sendto u1 70000 127.0.0.1:9
A bind s1 $T/$(printf '%0120d' 0)
A recv p1 peek
A socket s4 sctp
A send s1.b "x"
A listen u1
A accept s1 x1
A setsockopt s1 peercred
A socketpair sp
A close sp
A bind t1 0.0.0.0:0
A connect t1 192.0.2.1:9
A connect t1 10.0.0.1:80
A sendto u1 "x" 192.0.2.1:9
A sendto u1 "x" 255.255.255.255:9
A socket t6 tcp6
A bind t6 "[::]:0"
A connect t6 "[2001:db8::1]:80"
A connect t6 "[::ffff:192.0.2.1]:80"
A bind t1 $ESC_WORD:80
A connect t1 $BIG_WORD
A mq_send m1 "\e]2;PWNED\a" 1
A msgsnd q1 $BIG_WORD "x"
A write p1 "still fine"
expect p1 contents == "still fine"
X
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
st=$?
[ "$st" -eq 1 ] || fail "exit status $st, want 1; stderr: $(tail -5 "$T/err")"
grep -q 'expect p1 contents == "still fine": ok' "$T/out" || fail "the lab did not go on: $(tail -5 "$T/out")"
# Refused by the lab, with line and column.
want_err "5:10: p1 is a pipe, not a System V message queue"
want_err "6:10: no message queue called nosuch"
want_err "16:11: the port in '127.0.0.1:99999' is not a number from 0 to 65535"
want_err "17:11: \[::1\] is an IPv6 address, and this is an IPv4 socket"
want_err "18:14: s2 is a unix socket and t1 a tcp one"
want_err "21:11: a UNIX socket's path is at most 107 bytes"
want_err "22:11: recv on a pipe is read, which takes no peek"
want_err "23:13: TYPE must be one of unix|"
want_err "24:8: s1 has no end 'b': it is a single socket"
want_err "27:17: peercred can only be read: getsockopt"
want_err "29:9: A holds 2 descriptors of sp: say which, close sp.a or close sp.b"
grep -qF "bad.isc:39:11: '\x1b]2;PWNED\x07\x1b[2J\x9b\xff:...' is not an IPv4 address" "$T/err" ||
    fail "an address with escapes not escaped"
want_err "40:14: 'x\{32\}\.\.\.' is not an IPv4 address"
want_err "42:13: TYPE must be a whole number, not 'x\{32\}\.\.\.'"
# Inet addresses that are not loopback: refused before any call.
rule="on the machine's own network the lab's sockets stay on loopback, 127.0.0.0/8 and ::1; inside a host (host h1, spawn A on h1) every address is the lab's (see NETWORKING in ipcscope(1))"
want_err "30:11: 0.0.0.0 is the wildcard address (every interface), not a loopback address: $rule"
want_err "31:14: 192.0.2.1 is not a loopback address: $rule"
want_err "32:14: 10.0.0.1 is not a loopback address: $rule"
want_err "33:17: 192.0.2.1 is not a loopback address: $rule"
want_err "34:17: 255.255.255.255 is not a loopback address: $rule"
want_err "36:11: \[::\] is the wildcard address (every interface), not a loopback address: $rule"
want_err "37:14: \[2001:db8::1\] is not a loopback address: $rule"
want_err "38:14: \[::ffff:192.0.2.1\] is not a loopback address: $rule"
grep -E '(bind|connect|sendto)\(.*(0\.0\.0\.0|192\.0\.2\.1|10\.0\.0\.1|255\.255|\[::\]|2001:db8)' "$T/out" &&
    fail "a refused address reached a call"
n=$(grep -c "^ipcscope: $T/bad.isc:[0-9]" "$T/err")
[ "$n" -eq 22 ] || { cat "$T/err"; fail "expected 22 refusals, got $n"; }
# Made, and failed in the kernel: the errno and a hint, on one line.
want_out 'msgsnd(.*= -1 EINVAL (Invalid argument): a message type must be 1 or more'
want_out 'mq_send(.*= -1 EMSGSIZE (Message too long): the message is longer than the queue.s msgsize'
want_out 'send(.*<s1>.*= -1 ENOTCONN .*: the socket is not connected'
want_out 'bind(.*<s3>.*= -1 EADDRINUSE .*: another socket has this address'
want_out 'sendto(.*70000.*= -1 EMSGSIZE .*: a datagram this large does not fit'
want_out 'listen(.*<u1>.*= -1 EOPNOTSUPP .*: only stream and seqpacket sockets listen'
want_out 'accept(.*<s1>.*= -1 EINVAL .*: the socket is not listening'
grep -qF 'mq_send(5<m1>, "\x1b]2;PWNED\x07", 10, 1) = -1 EMSGSIZE' "$T/out" || { cat "$T/out"; fail "mq_send data not escaped"; }
no_raw_bytes "$T/out" "$T/err"
awk 'length > 400 { exit 1 }' "$T/err" || fail "an error line is longer than 400 characters"
exit 0
