# No signal reaches more than the user named. killpg 1 (glibc's
# killpg(1) is kill(-1): every process the sender may signal), pid 0 and
# killpg 0 (kill(0): the sender's own group), ipcscope's own controller
# and guardian, and the process groups that hold them are refused, from
# the lab and from actors, each with one line; no actor joins the
# controller's group; and the bystander, the controller and every actor
# live on. The script runs
# inside a new pid namespace, as root and as an unprivileged user, so
# that if the guard ever breaks, the signals reach only that namespace's
# processes, never this machine's.
. "$SRCDIR/tests/lib.sh"

if [ "$(id -u)" -eq 0 ]; then
	NS="unshare --pid --fork --mount-proc"
else
	NS="unshare --user --map-root-user --pid --fork --mount-proc"
fi
$NS true 2> /dev/null || skip "no new pid namespace here ($NS fails): the test never runs outside one"

# What runs inside the namespace, as pid 1. $1 is a directory it may write.
cat > "$T/inner.sh" <<'INNER'
D=$1
# Never outside a fresh pid namespace: there a broken guard would signal
# the whole machine.
[ $$ -eq 1 ] || { echo "  FAIL: not pid 1 of a new pid namespace"; exit 1; }
sleep 300 &
BY=$!
mkfifo "$D/in" || exit 1
# A session and process group of its own, which the lines below can name
# by its pid (setsid does not fork: the shell's child leads no group).
setsid "$IPCSCOPE" --batch - < "$D/in" > "$D/out" 2> "$D/err" &
CPID=$!
echo $CPID > "$D/cpid"
exec 3> "$D/in"
n=0
until [ "$(cat /proc/$CPID/comm 2> /dev/null)" = ipcscope ]; do
	n=$((n + 1))
	[ $n -gt 50 ] && { echo "  FAIL: the controller did not start"; exit 1; }
	sleep 0.1
done
[ "$(cut -d' ' -f5 /proc/$CPID/stat)" = "$CPID" ] ||
    { echo "  FAIL: the controller does not lead its process group"; exit 1; }
# Its guardian, which no send may reach either.
GPID=""
n=0
while [ -z "$GPID" ]; do
	for p in /proc/[0-9]*; do
		[ "$(cat $p/comm 2> /dev/null)" = ipcscope-guard ] && GPID=${p#/proc/}
	done
	n=$((n + 1))
	[ $n -gt 50 ] && { echo "  FAIL: no guardian"; exit 1; }
	[ -z "$GPID" ] && sleep 0.1
done
echo $GPID > "$D/gpid"
cat >&3 <<X
spawn A
spawn B
A signal TERM catch
B signal TERM catch
A fork C
killpg pid:1 KILL
A killpg pid:1 KILL
kill pid:0 KILL
A kill pid:0 KILL
A killpg pid:0 KILL
A kill pid:-1 KILL
A sigqueue pid:-1 KILL 1
kill pid:$CPID TERM
A kill pid:$CPID TERM
sigqueue pid:$CPID TERM 7
A sigqueue pid:$CPID TERM 7
killpg pid:$CPID TERM
A killpg pid:$CPID TERM
C setpgid $CPID
A setpgid $CPID
killpg A TERM
every 1s killpg pid:1 KILL
together B killpg pid:1 KILL; A kill pid:$CPID TERM
kill pid:$GPID TERM
A killpg pid:$GPID TERM
A kill pid:1 0
expect A last.ret == 0
expect A signals.taken == 1 within 2s
expect C signals.taken == 1 within 2s
expect B signals.taken == 0
expect A state == idle
expect B state == idle
expect C state == idle
echo the controller is alive
X
exec 3>&-
wait $CPID
st=$?
alive=no
kill -0 $BY 2> /dev/null && alive=yes
kill $BY 2> /dev/null
echo "status $st bystander $alive"
INNER

# Each refusal: one line at its line of the script.
want_refused() {
	grep -q "^ipcscope: stdin:$1" "$D/err" || { cat "$D/err"; fail "no refusal like '$1'"; }
}

check() {
	what=$1
	tail -1 "$D/result" | grep -q "^status 1 bystander yes$" ||
	    { cat "$D/result" "$D/out" "$D/err"; fail "$what: $(tail -1 "$D/result")"; }
	grep -q "^the controller is alive$" "$D/out" || { cat "$D/out"; fail "$what: the script did not go on"; }
	[ "$(grep -c ': ok$' "$D/out")" -eq 7 ] || { cat "$D/out"; fail "$what: a check failed"; }
	grep -q FAILED "$D/out" && { cat "$D/out"; fail "$what: a check failed"; }
	want_refused "6:8: killpg 1 would be kill(-1): every process you may signal; ipcscope never sends to it"
	want_refused "7:10: killpg 1 would be kill(-1): every process you may signal; ipcscope never sends to it"
	want_refused "8:6: TARGET: pid:0 would be kill(0): the sender's own process group; ipcscope never sends to it"
	want_refused "9:8: TARGET: pid:0 would be kill(0)"
	want_refused "10:10: TARGET: pid:0 would be kill(0)"
	want_refused "11:8: TARGET: pid:-1 would be kill(-1): every process you may signal; ipcscope never sends to it"
	want_refused "12:12: TARGET: pid:-1 would be kill(-1)"
	want_refused "13:6: pid $CPID is ipcscope's own controller; ipcscope never signals it"
	want_refused "14:8: pid $CPID is ipcscope's own controller"
	want_refused "15:10: pid $CPID is ipcscope's own controller"
	want_refused "16:12: pid $CPID is ipcscope's own controller"
	want_refused "17:8: process group $CPID holds ipcscope's own controller (and the job it runs in); ipcscope never signals it"
	want_refused "18:10: process group $CPID holds ipcscope's own controller"
	want_refused "19:11: process group $CPID holds ipcscope's own controller (and the job it runs in); no actor joins it"
	want_refused "20:11: process group $CPID holds ipcscope's own controller"
	want_refused "22:10: killpg 1 would be kill(-1)"
	want_refused "23:19: B killpg pid:1 KILL: killpg 1 would be kill(-1): every process you may signal; ipcscope never sends to it; none of the calls was made"
	want_refused "24:6: pid $GPID is ipcscope's own guardian; ipcscope never signals it"
	want_refused "25:10: process group $GPID holds ipcscope's own guardian"
	[ "$(grep -c "^ipcscope: stdin:[0-9]" "$D/err")" -eq 19 ] || { cat "$D/err"; fail "$what: expected 19 refusals"; }
	awk 'length > 300 { exit 1 }' "$D/err" || fail "$what: an error line is longer than 300 characters"
}

# As the user running the suite (root: the machine's root inside the pid
# namespace).
D=$T
$NS sh "$T/inner.sh" "$D" > "$D/result" 2>&1
CPID=$(cat "$D/cpid")
GPID=$(cat "$D/gpid")
check "as $(id -un)"

# As an unprivileged user inside the namespace: killpg 1 would be its
# kill(-1), which reaches every process of that user.
[ "$(id -u)" -eq 0 ] || exit 0
nobody_dir
cp "$T/inner.sh" "$NOBODY/inner.sh"
$NS setpriv --reuid=65534 --regid=65534 --clear-groups \
    env XDG_RUNTIME_DIR="$NOBODY/run" ASAN_OPTIONS="$NOBODY_ASAN" UBSAN_OPTIONS="$NOBODY_UBSAN" \
    sh "$NOBODY/inner.sh" "$NOBODY" > "$T/result2" 2>&1
D=$NOBODY
mv "$T/result2" "$D/result"
CPID=$(cat "$D/cpid")
GPID=$(cat "$D/gpid")
check "as uid 65534"
nobody_leftovers "as uid 65534"
exit 0
