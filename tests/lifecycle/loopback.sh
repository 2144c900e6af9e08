# The lab's inet sockets stay on loopback. An unbound socket is bound to
# 127.0.0.1 or ::1, port 0, in the same call, before a listen, a connect
# or a send that would have the kernel bind it (to every interface, for
# listen and UDP's sends), and the call's line says so; an address that
# is not loopback is refused with one line and its column, and nothing
# reaches the kernel: the socket is still unbound afterwards (a bind
# succeeds, which it would not on a bound socket), so no SYN or datagram
# went out either (both bind first).
. "$SRCDIR/tests/lib.sh"
# IPv6 on loopback, where this machine has ::1.
v6=no
grep -q '^00000000000000000000000000000001 .* lo$' /proc/net/if_inet6 2> /dev/null && v6=yes
cat > "$T/lo.isc" <<'X'
spawn A
A socket t1 tcp
A listen t1
expect t1 state == LISTEN
expect t1 local has 127.0.0.1:
expect A last.bound has 127.0.0.1:
A socket c1 tcp
A connect c1 t1
expect c1 state == ESTABLISHED
expect c1 local has 127.0.0.1:
A accept t1 sv
expect sv local has 127.0.0.1:
A socket u1 udp
A socket u2 udp
A bind u2
A sendto u1 "ping" u2
expect u1 local has 127.0.0.1:
A sendto u1 "pong" u2
A recvfrom u2
expect A last.data == "ping"
A socket u3 udp
A send u3 "x"
expect u3 local has 127.0.0.1:
A socket u4 udp
A write u4 "x"
expect u4 local has 127.0.0.1:
A socket b1 tcp
A bind b1 0.0.0.0:0
A connect b1 192.0.2.1:9
A connect b1 10.0.0.1:80
A connect b1 0.0.0.0:80
A socket b9 udp
A sendto b9 "x" 192.0.2.1:9
A sendto b9 "x" 255.255.255.255:9
A sendto b9 "x" 224.0.0.1:9
A bind b1
A bind b9
X
[ $v6 = yes ] && cat >> "$T/lo.isc" <<'X'
A socket t6 tcp6
A listen t6
expect t6 local has [::1]:
A socket u6 udp6
A sendto u6 "x" "[::ffff:127.0.0.1]:9"
expect u6 local has [::ffff:127.0.0.1]:
A socket u7 udp6
A sendto u7 "x" "[::1]:9"
expect u7 local has [::1]:
A socket b6 tcp6
A bind b6 "[::]:0"
A connect b6 "[2001:db8::1]:80"
A connect b6 "[::ffff:10.0.0.1]:80"
A socket b7 udp6
A sendto b7 "x" "[ff02::1]:9"
A bind b6
A bind b7
X
cat >> "$T/lo.isc" <<'X'
echo READY
sleep 60
X
"$IPCSCOPE" --batch "$T/lo.isc" > "$T/out" 2> "$T/err" &
IPID=$!
wait_for_text "$T/out" READY || fail "not ready: $(cat "$T/err")"
apid=$(sed -n 's/^A: spawned, pid \([0-9]*\)$/\1/p' "$T/out")
[ -n "$apid" ] || fail "no pid for A"
# What the kernel says, apart from the lab: every inet socket of the
# actor's has a loopback address, and the listeners are there.
ss -Htuanp > "$T/ss"
grep "pid=$apid," "$T/ss" > "$T/mine"
awk '{ print $5 }' "$T/mine" | grep -v -E '^(127\.[0-9.]+|\[::1\]|\[::ffff:127\.[0-9.]+\]):[0-9]+$' &&
    { cat "$T/mine"; fail "a socket of A's has an address that is not loopback"; }
grep -q -E '^tcp +LISTEN .* 127\.0\.0\.1:[0-9]+ ' "$T/mine" || { cat "$T/mine"; fail "no TCP listener on 127.0.0.1"; }
udp=5	# u1 to u4, b9
if [ $v6 = yes ]; then
	grep -q -E '^tcp +LISTEN .* \[::1\]:[0-9]+ ' "$T/mine" || { cat "$T/mine"; fail "no TCP listener on ::1"; }
	udp=8	# and u6, u7, b7
fi
n=$(grep -c '^udp ' "$T/mine")
[ "$n" -eq $udp ] || { cat "$T/mine"; fail "A has $n UDP sockets bound, want $udp"; }
kill -TERM $IPID
wait $IPID
grep -q FAILED "$T/out" && { cat "$T/out"; fail "an expect failed"; }
# The binds the lab made, in the calls' lines.
want_out '^A: bind(\([0-9]*\)<t1>, {AF_INET, 127.0.0.1:0}, 16) = 0 (bound to 127.0.0.1:[0-9]*); listen(\1<t1>, 5) = 0 '
want_out '^A: bind(\([0-9]*\)<c1>, {AF_INET, 127.0.0.1:0}, 16) = 0 (bound to 127.0.0.1:[0-9]*); connect(\1<c1>, {AF_INET, 127.0.0.1:[0-9]*}, 16) = 0 '
want_out '^A: bind(\([0-9]*\)<u1>, {AF_INET, 127.0.0.1:0}, 16) = 0 (bound to 127.0.0.1:[0-9]*); sendto(\1<u1>, "ping", 4, 0, '
want_out '^A: bind(\([0-9]*\)<u3>, {AF_INET, 127.0.0.1:0}, 16) = 0 (bound to 127.0.0.1:[0-9]*); send(\1<u3>, "x", 1, 0) = -1 EDESTADDRREQ'
want_out '^A: bind(\([0-9]*\)<u4>, {AF_INET, 127.0.0.1:0}, 16) = 0 (bound to 127.0.0.1:[0-9]*); write(\1<u4>, "x", 1) = -1 EDESTADDRREQ'
# A bound socket is not bound again, and accept's socket has its
# listener's address.
want_out '^A: sendto([0-9]*<u1>, "pong", 4, 0, '
want_out '^A: accept([0-9]*<t1>, '
if [ $v6 = yes ]; then
	want_out '^A: bind(\([0-9]*\)<t6>, {AF_INET6, \[::1\]:0}, 28) = 0 (bound to \[::1\]:[0-9]*); listen(\1<t6>, 5) = 0 '
	want_out '^A: bind(\([0-9]*\)<u6>, {AF_INET6, \[::ffff:127.0.0.1\]:0}, 28) = 0 (bound to \[::ffff:127.0.0.1\]:[0-9]*); sendto(\1<u6>, '
fi
# Refused: one line each, naming the rule, at the address's column.
refused() {
	grep -q "^ipcscope: $T/lo.isc:$1: $2.*the lab's sockets stay on loopback" "$T/err" ||
	    { cat "$T/err"; fail "no refusal like '$1: $2'"; }
}
line() { grep -n -F -x -- "$1" "$T/lo.isc" | cut -d: -f1; }
refused "$(line 'A bind b1 0.0.0.0:0'):11" "0.0.0.0 is the wildcard address"
refused "$(line 'A connect b1 192.0.2.1:9'):14" "192.0.2.1 is not a loopback address"
refused "$(line 'A connect b1 10.0.0.1:80'):14" "10.0.0.1 is not a loopback address"
refused "$(line 'A connect b1 0.0.0.0:80'):14" "0.0.0.0 is the wildcard address"
refused "$(line 'A sendto b9 "x" 192.0.2.1:9'):17" "192.0.2.1 is not a loopback address"
refused "$(line 'A sendto b9 "x" 255.255.255.255:9'):17" "255.255.255.255 is not a loopback address"
refused "$(line 'A sendto b9 "x" 224.0.0.1:9'):17" "224.0.0.1 is not a loopback address"
want=7
if [ $v6 = yes ]; then
	refused "$(line 'A bind b6 "[::]:0"'):11" "\[::\] is the wildcard address"
	refused "$(line 'A connect b6 "[2001:db8::1]:80"'):14" "\[2001:db8::1\] is not a loopback address"
	refused "$(line 'A connect b6 "[::ffff:10.0.0.1]:80"'):14" "\[::ffff:10.0.0.1\] is not a loopback address"
	refused "$(line 'A sendto b7 "x" "[ff02::1]:9"'):17" "\[ff02::1\] is not a loopback address"
	want=11
fi
n=$(grep -c "^ipcscope: $T/lo.isc:[0-9]" "$T/err")
[ "$n" -eq $want ] || { cat "$T/err"; fail "expected $want refusals, got $n"; }
awk 'length > 400 { exit 1 }' "$T/err" || fail "an error line is longer than 400 characters"
# Nothing of a refused call was made: no line, and each socket binds now.
grep -E '(bind|connect|sendto)\(.*(0\.0\.0\.0|192\.0\.2\.1|10\.0\.0\.1|255\.255|224\.0|\[::\]|2001:db8|ff02)' "$T/out" &&
    fail "a refused call was made"
socks="b1 b9"
[ $v6 = yes ] && socks="b1 b9 b6 b7"
for s in $socks; do
	grep -q "^A: bind([0-9]*<$s>, {AF_INET6*, [^}]*:0}, [0-9]*) = 0 (bound to " "$T/out" ||
	    { cat "$T/out"; fail "$s was bound by a refused call: a bind fails now"; }
done
# When the bind to loopback fails, the call is not made: in a network
# namespace of its own, lo is down and has no ::1.
if [ -e /proc/net/if_inet6 ] && unshare -rn true 2> /dev/null; then
	cat > "$T/down.isc" <<'X'
spawn A
A socket t6 tcp6
A listen t6
expect A last.errno == EADDRNOTAVAIL
expect t6 state == CLOSE
A socket u6 udp6
A send u6 "x"
expect A last.errno == EADDRNOTAVAIL
X
	unshare -rn "$IPCSCOPE" --batch "$T/down.isc" > "$T/out" 2> "$T/err" ||
	    { cat "$T/out" "$T/err"; fail "a call whose bind failed went on"; }
	want_out '^A: listen(3<t6>, 5) not made: bind(3<t6>, {AF_INET6, \[::1\]:0}, 28) = -1 EADDRNOTAVAIL (.*): no interface has this loopback address'
	want_out '^A: send(4<u6>, "x", 1, 0) not made: bind(4<u6>, {AF_INET6, \[::1\]:0}, 28) = -1 EADDRNOTAVAIL'
else
	echo "  (no IPv6, or no unshare -rn: the failed bind is not tried)"
fi
[ $v6 = yes ] || echo "  (no ::1 on lo: IPv4 only)"
exit 0
