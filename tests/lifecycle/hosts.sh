# Hosts as network namespaces (hosts.isc: TCP across a link with both
# sides' states, a link taken down while connected, a UDP broadcast on a
# segment of three hosts, a multicast group of three on one host's
# loopback and across hosts, a member leaving), as root and as user
# 65534, whose hosts live in a user namespace the lab makes. Then a
# SIGKILLed controller: its hosts' namespaces go with it, and nothing of
# them is left in any process or in /run/netns.
. "$SRCDIR/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root (to run as user 65534 too)"
ip netns list > "$T/netns.before" 2>/dev/null

run_script() {	# $1: who (a label); the rest: the command prefix
	who=$1
	shift
	"$@" "$IPCSCOPE" --batch "$SRCDIR/tests/lifecycle/hosts.isc" > "$T/out.$who" \
	    2> "$T/err.$who"
	st=$?
	if [ $st -ne 0 ] || ! grep -q '^DONE$' "$T/out.$who"; then
		grep -B3 -A3 'FAIL\|failed\|error' "$T/out.$who" | head -40
		cat "$T/err.$who"
		fail "$who: hosts.isc ended with status $st"
	fi
	grep -q 'expect.*FAIL' "$T/out.$who" && fail "$who: an expect failed"
	return 0
}

run_script root
# What the lab said of its hosts, and the refusal of delay without netem.
grep -q 'host h1: a network namespace (net:\[[0-9]*\]), loopback up, no route out' "$T/out.root" ||
    fail "no line for host h1: $(head -3 "$T/out.root")"
grep -q 'link l1: h1 198.18.1.1 <-> h2 198.18.1.2' "$T/out.root" || fail "no line for link l1"

cat > "$T/netem.isc" <<'X'
host h1 h2
link h1 h2
tc l1 delay 50ms
X
"$IPCSCOPE" --batch "$T/netem.isc" > "$T/netem.out" 2> "$T/netem.err"
if ! grep -q 'netem' "$T/netem.out" "$T/netem.err"; then
	cat "$T/netem.out" "$T/netem.err"
	fail "tc delay said nothing of netem"
fi

# One datagram to a group, taken by each member: an arrow to each.
cat > "$T/group.isc" <<X
host h5 h6 h7
link h5 h6 h7
spawn P on h5
spawn Q6 on h6
spawn Q7 on h7
Q6 socket m6 udp
Q6 bind m6 6000
Q6 setsockopt m6 ip_add_membership 239.2.2.2
Q7 socket m7 udp
Q7 bind m7 6000
Q7 setsockopt m7 ip_add_membership 239.2.2.2
P socket ps udp
P sendto ps "one" 239.2.2.2:6000
Q6 recvfrom m6
Q7 recvfrom m7
wait Q6 done
wait Q7 done
export mermaid $T/group.mmd
X
"$IPCSCOPE" --batch "$T/group.isc" > "$T/group.out" 2>&1 || fail "group.isc: $(cat "$T/group.out")"
grep -q 'a0->>a1: sendto > recvfrom m6 "one"' "$T/group.mmd" &&
    grep -q 'a0->>a2: sendto > recvfrom m7 "one"' "$T/group.mmd" ||
    { cat "$T/group.mmd"; fail "the datagram sent to the group is not drawn to each member"; }

# A socket named as the target from another host: reached at its host's
# address when bound to every interface; refused, saying why, when bound
# to a loopback (each namespace has its own) or at an abstract name.
cat > "$T/cross.isc" <<'X'
host h1 h2
link h1 h2
spawn A on h1
spawn B on h2
spawn M
B socket u2 udp
B bind u2 127.0.0.1:9000
A socket u1 udp
A sendto u1 "hello" u2
B socket t2 tcp
B bind t2 9100
B listen t2
A socket t1 tcp
A connect t1 t2
expect t1 remote == 198.18.1.2:9100
M socket mu udp
M bind mu
A sendto u1 "x" mu
B socket ab unix
B bind ab @abs
A socket au unix
A connect au ab
B socket r udp
B bind r 9200
A socket ch unix
A bind ch
A listen ch
M socket mc unix
M connect mc ch
A accept ch sv
A sendfd sv u1
M recvmsg mc
M sendto u1 "from the machine" 198.18.1.2:9200
B recvfrom r
expect B last.data == "from the machine"
X
"$IPCSCOPE" --batch "$T/cross.isc" > "$T/cross.out" 2> "$T/cross.err"
grep -q 'expect t1 remote == 198.18.1.2:9100: ok' "$T/cross.out" ||
    fail "a listener bound to every interface of h2, named from h1: $(cat "$T/cross.out")"
# A host's socket handed to an actor on the machine keeps its host's network.
grep -q 'expect B last.data == "from the machine": ok' "$T/cross.out" ||
    fail "h1's socket, sent from the machine: $(cat "$T/cross.out")"
for want in "9:21: u2 is bound to 127.0.0.1:9000 on h2's loopback, which A cannot reach from h1" \
    "18:17: mu is bound to 127.0.0.1:[0-9]* on the machine's loopback, which A cannot reach" \
    "22:14: ab's abstract name is in h2's network namespace"; do
	grep -q "$want" "$T/cross.err" || fail "not refused: $want: $(cat "$T/cross.err")"
done

# Names: a link whose name is too long for an interface, the next one,
# a host named as the segment's own interfaces; a removed host goes in
# one forget with the reaped actor that ran in it.
cat > "$T/names.isc" <<'X'
host h1 h2 h3
link h1 h2 as averyveryverylongname
expect averyveryverylongname interface == l1
link h1 h3
expect l2 interface == l2
host br0 lo2 p1
link h1 br0 lo2 p1
expect l3 state == up
spawn A on h3
kill A KILL
wait A exited
reap A
remove l2
remove h3
forget
echo DONE
X
"$IPCSCOPE" --batch "$T/names.isc" > "$T/names.out" 2>&1 && grep -q '^DONE$' "$T/names.out" ||
    { cat "$T/names.out"; fail "names.isc"; }
grep -q '^forgot .*A.*h3\|^forgot .*h3.*A' "$T/names.out" || fail "A and h3 not forgotten in one pass"
printf 'host h1 h2 h1\nshow\n' > "$T/twice.isc"
"$IPCSCOPE" --batch "$T/twice.isc" > "$T/twice.out" 2> "$T/twice.err"
grep -q '1:12: h1 is named twice' "$T/twice.err" || fail "host h1 h2 h1: $(cat "$T/twice.err")"
grep -q 'host h2' "$T/twice.out" && fail "host h1 h2 h1 made a host before it was refused"

# Refusals: no host, a host named twice, a pair has no bridge.
cat > "$T/bad.isc" <<'X'
spawn A on nowhere
X
"$IPCSCOPE" --batch "$T/bad.isc" > /dev/null 2> "$T/bad.err"
grep -q 'no host called nowhere' "$T/bad.err" || fail "spawn on nowhere: $(cat "$T/bad.err")"
printf 'host h1\nlink h1 h1\n' > "$T/bad2.isc"
"$IPCSCOPE" --batch "$T/bad2.isc" > /dev/null 2> "$T/bad2.err"
grep -q 'h1 is named twice' "$T/bad2.err" || fail "link h1 h1: $(cat "$T/bad2.err")"
printf 'host h1 h2\nlink h1 h2\nsnooping l1 on\n' > "$T/bad3.isc"
"$IPCSCOPE" --batch "$T/bad3.isc" > /dev/null 2> "$T/bad3.err"
grep -q 'l1 is a veth pair' "$T/bad3.err" || fail "snooping on a pair: $(cat "$T/bad3.err")"

# As an ordinary user: the same script, in a user namespace of the lab's.
nobody_dir
if as_nobody unshare -U true 2>/dev/null; then
	run_script nobody as_nobody
	grep -q 'inside the lab.s user namespace' "$T/out.nobody" ||
	    fail "user 65534's hosts were not said to be in a user namespace"
	nobody_leftovers "user 65534"
else
	echo "  (user namespaces are off here: the unprivileged run is not made)"
fi

# Where user namespaces may not be made, an ordinary user's host is
# refused, saying why: user 65534 in a user namespace of its own whose
# limit of user namespaces is 0.
printf 'host h1\n' > "$NOBODY/h.isc"
chown 65534 "$NOBODY/h.isc"
XDG_RUNTIME_DIR=$NOBODY/run python3 - "$IPCSCOPE" --batch "$NOBODY/h.isc" \
    > "$T/nouserns.out" 2>&1 <<'P'
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(w)
    if libc.unshare(0x10000000) != 0:       # CLONE_NEWUSER
        sys.exit("unshare: errno %d" % ctypes.get_errno())
    os.read(r, 1)
    with open("/proc/sys/user/max_user_namespaces", "w") as f:
        f.write("0")
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
    os.execv(sys.argv[1], sys.argv[1:])
os.close(r)
for _ in range(100):                         # until the child has its namespace
    if os.readlink("/proc/%d/ns/user" % pid) != os.readlink("/proc/self/ns/user"):
        break
    time.sleep(0.01)
for f in ("uid_map", "gid_map"):
    with open("/proc/%d/%s" % (pid, f), "w") as fh:
        fh.write("0 0 4294967295")
os.write(w, b"x")
_, st = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(st))
P
grep -q 'refused: unshare(CLONE_NEWUSER): ENOSPC (no more user namespaces may be made' \
    "$T/nouserns.out" || fail "no user namespaces: $(cat "$T/nouserns.out")"

# SIGKILL of the controller: its namespaces go once their holders are gone.
cat > "$T/k.isc" <<'X'
host h1 h2
link h1 h2
spawn A on h1
spawn B on h2
B socket s tcp
B bind s 7000
B listen s
A socket c tcp
A connect c h2:7000
echo READY
sleep 60
X
# $1: guarded (the guardian ends the actors) or unguarded (the guardian is
# killed too: the actors end as their channel closes).
kill_check() {
	rm -f "$T/k.out" "$T/k.out.pid"
	start_reaped "$T/k.isc" "$T/k.out"
	wait_for_text "$T/k.out" READY || fail "k.isc not ready: $(cat "$T/k.out.err")"
	inos=$(grep -o 'net:\[[0-9]*\]' "$T/k.out" | sort -u | tr -d 'net:[]')
	[ "$(echo "$inos" | wc -w)" -eq 2 ] || fail "$1: expected two namespaces, got: $inos"
	if [ "$1" = guarded ]; then
		kill -KILL "$IPID"
		wait_no_actors 50 || fail "$1: actors outlived the controller: $(marked_pids)"
	else
		kill_unguarded "$IPID"
	fi
	wait "$RPID" 2>/dev/null
	# No process is in them, and no descriptor of any process holds them.
	n=0
	while :; do
		held=""
		for ino in $inos; do
			for l in /proc/[0-9]*/ns/net /proc/[0-9]*/fd/*; do
				[ "$(readlink "$l" 2>/dev/null)" = "net:[$ino]" ] && held="$held $l"
			done
		done
		[ -z "$held" ] && break
		n=$((n + 1))
		[ $n -gt 30 ] && fail "$1: the hosts' namespaces are still held:$held"
		sleep 0.1
	done
	# The next start sweeps what the dead run left (its directory).
	"$IPCSCOPE" --batch /dev/null > /dev/null 2>&1
	[ -e "$XDG_RUNTIME_DIR/ipcscope" ] && [ -n "$(ls "$XDG_RUNTIME_DIR/ipcscope")" ] &&
	    fail "$1: the run's directory was left: $(ls "$XDG_RUNTIME_DIR/ipcscope")"
	return 0
}
kill_check guarded
kill_check unguarded
ip netns list > "$T/netns.after" 2>/dev/null
cmp -s "$T/netns.before" "$T/netns.after" || fail "ip netns list changed: $(cat "$T/netns.after")"
exit 0
