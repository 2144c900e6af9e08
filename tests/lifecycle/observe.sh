# observe: processes the lab did not make, shown as actors are, marked
# observed, named after their command and pid: a reader blocked on a
# FIFO, a writer sleeping, a cat blocked opening a FIFO nobody writes
# (any process that opens it for writing may end that);
# what each is blocked in; calls refused; a rule (comm NAME) that takes
# a process started later; a zombie until its parent reaps it;
# unobserve; -p at start; bad input. Observing changes nothing: every
# observed process outlives the lab, whether it quits or is SIGKILLed
# (the guardian must not kill what it was never told of).
. "$SRCDIR/tests/lib.sh"
NAME=ipcobs-$$
cp /bin/sleep "$T/$NAME"
mkfifo "$T/p" "$T/nobody" "$T/gate"
PIDS=
trap 'kill $PIDS 2>/dev/null' EXIT
"$T/$NAME" 1000 > "$T/p" 2>/dev/null &
SP=$!
cat < "$T/p" > /dev/null 2>&1 &
CATP=$!
cat "$T/nobody" > /dev/null 2>&1 &
OPENP=$!
# Started once the rule is there (a line on the gate).
( read -r _ < "$T/gate"; exec "$T/$NAME" 1001 ) > /dev/null 2>&1 &
LATE=$!
# A child whose parent never reaps it (the parent execs a sleep).
sh -c "\"$T/$NAME\" 1002 & exec \"$T/$NAME\" 1003" > /dev/null 2>&1 &
HOLDER=$!
PIDS="$SP $CATP $OPENP $LATE $HOLDER"
n=0
until ZP=$(cat /proc/$HOLDER/task/$HOLDER/children 2>/dev/null) && [ -n "$ZP" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && fail "no child of the holder"
	sleep 0.05
done
ZP=${ZP% }
PIDS="$PIDS $ZP"

# Until each is where it is going: the sleep exec'd, both cats asleep.
blocked_in() {
	n=0
	until [ "$(cat /proc/$1/comm 2>/dev/null)" = "$2" ] &&
	    [ "$(sed 's/.*) //' /proc/$1/stat | cut -c1)" = S ]; do
		n=$((n + 1))
		[ $n -gt 100 ] && fail "pid $1 is not asleep as $2"
		sleep 0.05
	done
}
blocked_in $SP "$NAME"
blocked_in $CATP cat
blocked_in $OPENP cat
blocked_in $ZP "$NAME"

# The FIFO cat reads is an object of the lab's, observed, named after
# its inode.
FI=$(stat -c %i "$T/p")
cat > "$T/bad.isc" <<X
observe $CATP $SP $OPENP $ZP
echo observed, named, marked
expect cat-$CATP kind == observed
expect cat-$CATP observed == yes
expect cat-$CATP state == blocked
expect cat-$CATP call == read
expect cat-$OPENP call == openat
expect cat-$OPENP on == "$T/nobody"
expect cat-$OPENP chain == "any process that opens $T/nobody for writing may end it"
expect cat-$CATP on == "0<fifo-$FI.r>"
expect $NAME-$SP call == clock_nanosleep
show
echo calls are refused
cat-$CATP read 0 1
echo a rule takes a process that starts later
observe comm $NAME
sleep 3s
echo a zombie until its parent reaps it
kill pid:$ZP KILL
wait $NAME-$ZP zombie timeout 3s
expect $NAME-$ZP state == zombie
echo unobserve
unobserve cat-$CATP
unobserve $NAME-$SP
sleep 2s
echo the rule left it alone
observe $SP
show
unobserve all
show
echo bad input
observe 2
observe 0
observe abc
observe user nosuchuser-$$
observe comm aaaaaaaaaaaaaaaaaaaa
unobserve nobody
observe
X
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err" &
IPID=$!
wait_for_text "$T/out" "^observe comm $NAME: " || { kill $IPID; cat "$T/out" "$T/err"; fail "the rule was not made"; }
echo go > "$T/gate"
wait $IPID
st=$?
[ "$st" -eq 1 ] || { cat "$T/out" "$T/err"; fail "status $st, want 1 (refused commands)"; }
grep -q "^expect" "$T/err" && { cat "$T/err"; fail "an expect failed"; }
for line in "cat-$CATP: observing cat-$CATP: pid $CATP (cat)" \
    "$NAME-$SP: observing $NAME-$SP: pid $SP ($NAME)" \
    "expect cat-$CATP kind == observed: ok" \
    "expect cat-$CATP observed == yes: ok" \
    "expect cat-$CATP state == blocked: ok" \
    "expect cat-$CATP call == read: ok" \
    "expect cat-$OPENP call == openat: ok" \
    "expect cat-$OPENP on == \"$T/nobody\": ok" \
    "expect cat-$CATP on == \"0<fifo-$FI.r>\": ok" \
    "expect $NAME-$SP call == clock_nanosleep: ok" \
    "$NAME-$LATE: observing $NAME-$LATE: pid $LATE ($NAME), which matches comm $NAME" \
    "observe comm $NAME: 1 process now, and each that starts" \
    "$NAME-$HOLDER: observing $NAME-$HOLDER: pid $HOLDER ($NAME), which matches comm $NAME" \
    "expect $NAME-$ZP state == zombie: ok" \
    "no longer observed: cat-$CATP" \
    "no longer observed: $NAME-$SP" \
    "$NAME-$SP matches comm $NAME, which leaves it alone while it runs (observe $SP takes it back)" \
    "unobserve all: 5 processes, and every rule" \
    "the lab is empty: spawn A starts an actor"; do
	grep -qxF -- "$line" "$T/out" || { cat "$T/out"; fail "no line: $line"; }
done
sed -n '/^no longer observed: '"$NAME-$SP"'$/,/^the rule left it alone$/p' "$T/out" |
    grep -q "observing $NAME-$SP" && { cat "$T/out"; fail "the rule took back what unobserve took away"; }
[ "$(grep -cxF "$NAME-$SP: observing $NAME-$SP: pid $SP ($NAME)" "$T/out")" -eq 2 ] ||
    { cat "$T/out"; fail "observe PID did not take back what unobserve took away"; }
grep -qE "^cat-$CATP +observed +pid $CATP blocked [0-9]+s in read on 0<fifo-$FI.r>$" "$T/out" ||
    { cat "$T/out"; fail "show does not list cat-$CATP as observed"; }
grep -q "$NAME-$ZP: killed by SIGKILL; a zombie until its parent (pid $HOLDER) reaps it" "$T/out" ||
    { cat "$T/out"; fail "the zombie is not said"; }
want_err "14:1: cat-$CATP is observed, not the lab's: it makes only its own calls"
want_err "32:9: pid 2 is a kernel thread (kthreadd)"
want_err "33:9: '0' is not a process id"
want_err "34:9: 'abc' is not a process id: observe PID, all, user NAME or comm NAME"
want_err "35:9: no user called nosuchuser-$$"
want_err "36:9: a command name is at most 15 characters"
want_err "37:11: no observed process called nobody"
want_err "38: missing WHAT"
for p in $SP $CATP $OPENP $LATE $HOLDER; do
	alive $p || fail "observed pid $p did not outlive the lab"
done

# -p at the start, and bad -p.
printf 'expect cat-%s state == blocked\n' $CATP > "$T/p.isc"
"$IPCSCOPE" -p "$CATP,$OPENP" --batch "$T/p.isc" > "$T/out" 2>&1 ||
    { cat "$T/out"; fail "-p: status $?"; }
grep -qxF "expect cat-$CATP state == blocked: ok" "$T/out" || { cat "$T/out"; fail "-p: not observed"; }
"$IPCSCOPE" -p 12x --batch "$T/p.isc" > "$T/out" 2>&1
[ $? -eq 2 ] || fail "-p 12x: status, want 2"
grep -q -- "-p takes process ids separated by commas (-p 4242,4250), not '12x'" "$T/out" ||
    { cat "$T/out"; fail "-p 12x: message"; }
"$IPCSCOPE" -p 4194304 --batch "$T/p.isc" > "$T/out" 2>&1
[ $? -eq 1 ] || fail "-p 4194304: status, want 1"
grep -q -- "-p 4194304: no process 4194304" "$T/out" || { cat "$T/out"; fail "-p 4194304: message"; }

# --list: once, a line for each process (and thread), or a JSON object,
# then the health section (the last object).
"$IPCSCOPE" -p "$CATP,$OPENP" --list > "$T/out" 2>&1 || { cat "$T/out"; fail "--list: status $?"; }
[ "$(grep -c "^cat-" "$T/out")" -eq 2 ] || { cat "$T/out"; fail "--list: want 2 processes"; }
grep -qE "^cat-$CATP +pid $CATP blocked [0-9]+s in read on 0<fifo-$FI.r>; nobody the lab sees holds the other end$" "$T/out" ||
    { cat "$T/out"; fail "--list: the reader's line"; }
grep -qE "^cat-$OPENP +pid $OPENP blocked [0-9]+s in openat on $T/nobody; any process that opens $T/nobody for writing may end it$" "$T/out" ||
    { cat "$T/out"; fail "--list: the opener's line"; }
"$IPCSCOPE" -p "$CATP" --list --json > "$T/out" 2>&1 || { cat "$T/out"; fail "--list --json: status $?"; }
python3 - "$T/out" "cat-$CATP" <<'P' || { cat "$T/out"; fail "--list --json"; }
import json, sys
lines = open(sys.argv[1]).read().splitlines()
o = json.loads(lines[0])
# Then the objects: the FIFO it reads, observed.
assert any(json.loads(l).get("kind") == "fifo" and json.loads(l).get("observed") is True
    for l in lines[1:]), lines
assert "health" in json.loads(lines[-1]), lines
assert o["name"] == sys.argv[2] and o["kind"] == "observed" and o["observed"] is True, o
assert o["state"] == "blocked" and o["call"] == "read" and o["on"].startswith("0<"), o
P
"$IPCSCOPE" --list --batch - < /dev/null > "$T/out" 2>&1
[ $? -eq 2 ] || fail "--list --batch: status, want 2"
grep -q "^ipcscope: --list prints once and ends; it does not go with --batch$" "$T/out" ||
    { cat "$T/out"; fail "--list --batch: message"; }

# What another user cannot see is said: root's reader, observed by an
# ordinary user, has its state and since when, and says why its call and
# descriptors are not shown.
if [ "$(id -u)" -eq 0 ]; then
	nobody_dir
	trap 'rm -rf "$NOBODY"; kill $PIDS 2>/dev/null' EXIT
	as_nobody "$IPCSCOPE" -p "$CATP" --list > "$T/out" 2>&1 ||
	    { cat "$T/out"; fail "as uid 65534: --list: status $?"; }
	grep -qE "^cat-$CATP +pid $CATP blocked [0-9]+s \(its call: needs ptrace access\); fds: needs ptrace access$" "$T/out" ||
	    { cat "$T/out"; fail "as uid 65534: the hidden call is not said"; }
	as_nobody "$IPCSCOPE" -p "$CATP" --list --json > "$T/out" 2>&1 ||
	    { cat "$T/out"; fail "as uid 65534: --list --json: status $?"; }
	python3 - "$T/out" <<'P' || { cat "$T/out"; fail "as uid 65534: --list --json"; }
import json, sys
o = json.loads(open(sys.argv[1]).read().splitlines()[0])
assert o["state"] == "blocked" and "blocked_for" in o, o
assert o["hidden"] == "needs ptrace access" and o["fds_hidden"] == "needs ptrace access", o
assert "fds" not in o, o
P
	nobody_leftovers "as uid 65534"
fi

# SIGKILLed while observing: the guardian cleans up the lab's own and
# leaves the observed alone.
printf 'observe %s\nspawn A\necho ready\nsleep 60s\n' $CATP > "$T/k.isc"
start_reaped "$T/k.isc" "$T/k.out"
wait_for_text "$T/k.out" ready || { cat "$T/k.out" "$T/k.out.err"; fail "the run did not start"; }
kill -KILL $IPID
wait_no_actors 100 || fail "the lab's processes outlived it: $(marked_pids)"
wait $RPID 2>/dev/null
alive $CATP || fail "the guardian killed an observed process"
alive $OPENP || fail "an observed process died"
exit 0
