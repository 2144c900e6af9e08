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
	note="the bridge of sw snoops and heard no report for 239.3.3.4 from s3: it sends the group only to s2, so s3 gets no copy until it answers the querier's next query"
	if grep 'sendto(3<ps>, "filtered"' "$out" | grep -qF "$note"; then
		grep -q '^Q3: recvfrom(3<g3>, \.\.\., 65536, MSG_DONTWAIT, .*EAGAIN' "$out" ||
		    { cat "$out"; fail "$who: s3 was said to get no copy, and got one"; }
	else
		echo "$who: s3 answered the query before the send: no bite to see this time"
		grep -q '^Q3: recvfrom(3<g3>, "filtered", 65536, MSG_DONTWAIT' "$out" ||
		    { cat "$out"; fail "$who: s3 got no copy, and the send did not say why"; }
	fi
	grep -q ":46:11: port takes the host whose port it is: ifdown sw HOST port" "$T/err.$who" ||
	    { cat "$T/err.$who"; fail "$who: port without a host"; }
	grep -q ":49:14: l2 is a veth pair: only a segment (three hosts or more) has a bridge with ports" "$T/err.$who" ||
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
