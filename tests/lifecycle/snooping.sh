# IGMP snooping on a segment (snooping.isc), as root and as user 65534:
# with no querier Linux's bridge learns who joined and still floods;
# with the bridge as querier, once it has been on its response time, a
# group goes only to the ports heard. A member whose port was down when
# it joined (ifdown LINK HOST port) gets nothing, and the send says which
# member and why, until it answers the query its port's return makes.
# That answer comes at a random time within 10 s: if it came before the
# send, the send must say nothing and the member must get the datagram.
. "$SRCDIR/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root (to run as user 65534 too)"

# check_send OUT DATA GROUP SOCKET WHERE HEARD: the send of DATA to
# GROUP either says s3 gets no copy (WHERE the bridge sends it) and s3's
# SOCKET got none, or s3 had answered the query already (the bridge had
# heard it: HEARD just after the sends) and got the datagram.
check_send() {
	note="the bridge of sw snoops and heard no report for $3 from s3: it sends the group $5, so s3 gets no copy until it reports again"
	if grep "sendto(3<ps>, \"$2\"" "$1" | grep -qF "$note"; then
		grep -q "^Q3: recvfrom([0-9]*<$4>, \.\.\., 65536, MSG_DONTWAIT, .*EAGAIN" "$1" ||
		    { cat "$1"; fail "$who: s3 was said to get no copy of $2, and got one"; }
	else
		echo "$who: s3 answered the query before the send of $2: no bite to see"
		echo "$heard" | grep -qF "$6" ||
		    { cat "$1"; fail "$who: the send of $2 said nothing, and the bridge had not heard s3"; }
		grep -q "^Q3: recvfrom([0-9]*<$4>, \"$2\", 65536, MSG_DONTWAIT" "$1" ||
		    { cat "$1"; fail "$who: s3 got no copy of $2, and the send did not say why"; }
	fi
}

run_script() {	# $1: who (a label); the rest: the command prefix
	who=$1
	shift
	out=$T/out.$who
	"$@" "$IPCSCOPE" --batch "$SRCDIR/tests/lifecycle/snooping.isc" > "$out" 2> "$T/err.$who"
	st=$?
	# The last two commands are refused on purpose.
	[ $st -eq 1 ] && grep -q '^DONE$' "$out" ||
	    { cat "$out" "$T/err.$who"; fail "$who: snooping.isc ended with status $st"; }
	grep -q 'expect.*FAIL' "$out" && { cat "$out"; fail "$who: an expect failed"; }
	grep -q 'sw: link sw: IGMP snooping on: the bridge notes the reports it hears, but with no querier on the segment it still sends every group to every port' "$out" ||
	    { cat "$out"; fail "$who: snooping on without a querier is not said to flood"; }
	grep -q 'sw: link sw: the bridge.s port to s3 down: s3 keeps its address and routes, sees no carrier' "$out" ||
	    { cat "$out"; fail "$who: the port's going down is not said"; }
	grep 'sendto(3<ps>, "flooded"' "$out" | grep -q 'the bridge of' &&
	    { cat "$out"; fail "$who: a flooded send was said to miss a member"; }
	grep 'sendto(3<ps>, "healed"' "$out" | grep -q 'the bridge of' &&
	    { cat "$out"; fail "$who: a send after s3 answered was said to miss it"; }
	# What the bridge had heard just after the two sends.
	heard=$(awk '
	    /sendto\(3<ps>, "nobody"/ { on = 1; next }
	    on && /^  *- group=/ { print }
	    on && /^Q2: / { exit }' "$out")
	check_send "$out" filtered 239.3.3.4 g3 "only to s2" "group=239.3.3.4 from=\"s2, s3\""
	check_send "$out" nobody 239.3.3.5 g3b "to no port" "group=239.3.3.5 from=s3"
	grep -q ":[0-9]*:11: port takes the host whose port it is: ifdown sw HOST port" "$T/err.$who" ||
	    { cat "$T/err.$who"; fail "$who: port without a host"; }
	grep -q ":[0-9]*:14: l2 is a veth pair: only a segment (three hosts or more) has a bridge with ports" "$T/err.$who" ||
	    { cat "$T/err.$who"; fail "$who: port on a pair"; }
	return 0
}

run_script root
nobody_dir
if as_nobody unshare -U true 2>/dev/null; then
	run_script nobody as_nobody
	nobody_leftovers "user 65534"
fi
exit 0
