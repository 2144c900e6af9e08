# What it cannot see, it says. An ordinary user (uid 65534) observing a
# pipeline of its own sees all of it: the reader's wait, the writer at
# the other end, the chain between them. Observing root's pipeline, each
# process says its call and descriptors need ptrace access (--list,
# show, --json, and its row in the TUI's Actors pane), never "none" or a
# blank. A process in another network namespace has sockets that
# sock_diag here does not list: each says so. Observed from a user
# namespace of its own (unshare -Ur, uid 0 mapped to 0), root's process
# has a descriptor directory that lists but links that do not read (as
# a container's init does to its processes): its descriptors are said
# to need ptrace access, not "none".
. "$SRCDIR/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root to run processes as uid 65534"
nobody_dir
PIDS=
trap 'kill $PIDS 2>/dev/null; [ "$TUI_SERVER" -gt 0 ] && tm kill-server 2>/dev/null; rm -rf "$NOBODY"' EXIT
# root's pipeline, and uid 65534's
sh -c 'sleep 1000 | cat > /dev/null' &
RSH=$!
as_nobody sh -c 'echo $$ > "$1"; sleep 1000 | cat > /dev/null' sh "$NOBODY/u.pid" &
PIDS="$RSH $!"
n=0
until [ -s "$NOBODY/u.pid" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "uid 65534's pipeline did not start"
	sleep 0.05
done
USH=$(cat "$NOBODY/u.pid")
PIDS="$PIDS $USH"
n=0
until [ "$(cat /proc/$RSH/task/$RSH/children 2>/dev/null | wc -w)" = 2 ] &&
    [ "$(cat /proc/$USH/task/$USH/children 2>/dev/null | wc -w)" = 2 ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "the pipelines did not start"
	sleep 0.05
done
set -- $(cat /proc/$RSH/task/$RSH/children)
RS=$1 RC=$2
set -- $(cat /proc/$USH/task/$USH/children)
US=$1 UC=$2
PIDS="$PIDS $RS $RC $US $UC"
in_call $RC 0
in_call $UC 0
USN=$(observed_name $US)
UCN=$(observed_name $UC)
RCN=$(observed_name $RC)

# Its own pipeline: everything, the chain from the reader to the writer.
printf 'observe %s %s %s\nshow %s\nshow %s\n' $US $UC $RC "$UCN" "$RCN" > "$NOBODY/s.isc"
chmod 644 "$NOBODY/s.isc"
as_nobody "$IPCSCOPE" --batch "$NOBODY/s.isc" > "$T/out" 2>&1 || { cat "$T/out"; fail "show: status $?"; }
awk -v me="$UCN:" '$0 == me { on = 1; next } /^[^ ]/ { on = 0 } on' "$T/out" > "$T/own"
grep -q "^  waits_for:" "$T/own" && grep -q "process=$USN state=blocked" "$T/own" ||
    { cat "$T/out"; fail "its own reader does not wait for its own writer"; }
grep -qE "^      writers: $USN\$" "$T/own" && grep -q "^      queued: 0$" "$T/own" ||
    { cat "$T/out"; fail "its own pipe's other end or queue is not shown"; }
grep -q "hidden" "$T/own" && { cat "$T/out"; fail "something of its own is hidden"; }
# root's: why, never none.
awk -v me="$RCN:" '$0 == me { on = 1; next } /^[^ ]/ { on = 0 } on' "$T/out" > "$T/root"
grep -q "^  hidden: needs ptrace access$" "$T/root" &&
    grep -q "^  fds_hidden: needs ptrace access$" "$T/root" ||
    { cat "$T/out"; fail "root's reader does not say what is hidden"; }
grep -q "^  fds: none" "$T/root" && { cat "$T/out"; fail "root's descriptors are said to be none"; }

as_nobody "$IPCSCOPE" -p $RC,$UC --list > "$T/out" 2>&1 || { cat "$T/out"; fail "--list: status $?"; }
grep -qE "^$RCN +pid $RC blocked [0-9]+s \(its call: needs ptrace access\); fds: needs ptrace access$" \
    "$T/out" || { cat "$T/out"; fail "--list: root's reader does not say what is hidden"; }
grep -qE "^$UCN +pid $UC blocked [0-9]+s in read on 0<pipe[^>]*>" "$T/out" ||
    { cat "$T/out"; fail "--list: its own reader"; }
nobody_leftovers "as uid 65534"

# The Actors pane: root's reader's row says why.
tui_start 200 40 "env XDG_RUNTIME_DIR=$NOBODY/run setpriv --reuid=65534 --regid=65534 --clear-groups $IPCSCOPE -p $RC,$UC"
trap 'kill $PIDS 2>/dev/null; tm kill-server 2>/dev/null; rm -rf "$NOBODY"' EXIT
see "$UCN"
see "$RCN"
pane Actors text | grep -q "$RCN $RC observed, blocked (its call: needs ptrace access) fds: needs ptrace" ||
    { screen | sed 's/^/  | /'; fail "the Actors pane row of root's reader does not say what is hidden"; }
# Observed processes are not the lab's: q quits without asking to kill them.
tm send-keys -t lab q
tui_wait_gone
alive $RC && alive $UC || fail "quitting the TUI ended an observed process"

# Another network namespace: its sockets are said to be elsewhere.
PY=$(command -v python3) || skip "python3 is not installed"
unshare -n "$PY" -c '
import os, socket, sys
a, b = socket.socketpair()
open(sys.argv[1] + ".tmp", "w").write("%d\n" % os.getpid())
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
a.recv(10)' "$T/ns.pid" &
PIDS="$PIDS $!"
n=0
until [ -s "$T/ns.pid" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "no process in another network namespace"
	sleep 0.05
done
NP=$(cat "$T/ns.pid")
in_call $NP 45
"$IPCSCOPE" -p $NP --list --json > "$T/out" 2>&1 || { cat "$T/out"; fail "netns --list: status $?"; }
[ "$(grep -o '"hidden":"another network namespace"' "$T/out" | wc -l)" = 2 ] ||
    { cat "$T/out"; fail "the sockets of another network namespace are not said to be"; }
if unshare -Ur true 2> /dev/null; then
	sleep 1000 < /dev/null > /dev/null 2>&1 &
	UP=$!
	PIDS="$PIDS $UP"
	in_comm $UP sleep
	unshare -Ur "$IPCSCOPE" -p $UP --list > "$T/out" 2>&1 || { cat "$T/out"; fail "userns --list: status $?"; }
	grep -q "^sleep-$UP .*; fds: needs ptrace access" "$T/out" ||
	    { cat "$T/out"; fail "from a user namespace, the hidden descriptors are not said to be"; }
fi
