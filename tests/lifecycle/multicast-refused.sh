# Multicast on the machine's own network: nothing may leave the machine,
# so a join (IGMP or MLD reports out of real interfaces) is refused
# before any call, as is a multicast interface that is not loopback;
# groups that are no groups, options given what they do not take. Each
# is one line with its column, and the lab goes on.
. "$SRCDIR/tests/lib.sh"
cat > "$T/bad.isc" <<EOF
spawn A
A socket u1 udp
A socket u6 udp6
A socket t1 tcp
A setsockopt u1 ip_add_membership 239.1.1.1
A setsockopt u1 ip_add_membership 239.1.1.1 lo
A setsockopt u6 ipv6_join_group ff05::1 lo
A setsockopt u1 ip_add_membership 10.0.0.1
A setsockopt u1 ip_add_membership ff05::1
A setsockopt u6 ipv6_join_group fe80::1
A setsockopt u6 ipv6_join_group 239.1.1.1
A setsockopt u1 ip_add_membership nonsense
A setsockopt u6 ip_add_membership 239.1.1.1
A setsockopt t1 ip_drop_membership 239.1.1.1
A setsockopt u1 ip_multicast_if 10.1.1.1
A setsockopt u1 ip_multicast_if nosuch0
A setsockopt u6 ipv6_multicast_if ::1
A setsockopt u1 ip_multicast_ttl 256
A setsockopt u6 ipv6_multicast_hops -2
A setsockopt u1 broadcast on lo
A getsockopt u1 ip_add_membership
A setsockopt u1 ip_drop_membership
A setsockopt u1 ip_drop_membership 239.1.1.1 "a/b"
A setsockopt u1 broadcast
expect A last.ret == 0
EOF
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
st=$?
[ "$st" -eq 1 ] || fail "exit status $st, want 1; stderr: $(tail -5 "$T/err")"
grep -q 'expect A last.ret == 0: ok' "$T/out" || fail "the lab did not go on: $(tail -5 "$T/out")"
hosts="multicast stays inside the lab's hosts: make one with host h1 and spawn A on h1"
want_err "5:17: A is on the machine's own network, where a join sends IGMP reports out of its interfaces: $hosts"
want_err "6:17: A is on the machine's own network, where a join sends IGMP reports"
want_err "7:17: A is on the machine's own network, where a join sends MLD reports out of its interfaces: $hosts"
want_err "8:35: 10.0.0.1 is not a multicast address: IPv4's groups are 224.0.0.0/4"
want_err "9:35: ff05::1 is an IPv6 address, and ip_add_membership joins IPv4 groups"
want_err "10:33: fe80::1 is not a multicast address: IPv6's groups are ff00::/8"
want_err "11:33: 239.1.1.1 is an IPv4 address, and ipv6_join_group joins IPv6 groups"
want_err "12:35: 'nonsense' is not an IPv4 address: a group is written as 239.1.1.1"
want_err "13:14: u6 is a udp6 socket and ip_add_membership is IPv4's: use ipv6_join_group"
want_err "14:14: t1 is a tcp socket, and a group is joined by a datagram socket"
want_err "15:33: 10.1.1.1 is not a loopback address, and on the machine's own network multicast leaves through loopback only: $hosts"
want_err "16:33: no interface is called nosuch0"
want_err "17:35: ipv6_multicast_if names an interface by its name (lo), not by an IPv6 address"
want_err "18:34: ip_multicast_ttl is a number from 0 to 255"
want_err "19:37: ipv6_multicast_hops is a number from -1 to 255"
want_err "20:30: broadcast takes one VALUE: an interface follows a group only"
want_err "21:17: ip_add_membership cannot be read back: the kernel has no getsockopt for it; show u1 lists the groups"
want_err "22:.*ip_drop_membership needs a GROUP"
want_err "23:46: 'a/b' is not an interface's name"
n=$(grep -c "^ipcscope: $T/bad.isc:[0-9]" "$T/err")
[ "$n" -eq 19 ] || { cat "$T/err"; fail "expected 19 refusals, got $n"; }
# What was refused never reached the kernel.
grep -E 'MEMBERSHIP|JOIN_GROUP|IP_MULTICAST_IF|IPV6_MULTICAST_IF|MULTICAST_TTL|MULTICAST_HOPS' "$T/out" &&
    fail "a refused option reached a call"
exit 0
