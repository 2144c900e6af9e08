# The rules pass over a zombie (and the kernel's threads) once read,
# while /proc lists it with the same directory; a new process that takes
# its pid is read, and observed if a rule matches it. In a pid namespace
# of the test's own, where the next pid can be chosen (ns_last_pid): a
# zombie passed over for a while is reaped, and a process named
# "target" made at its pid is observed by "observe comm target" at once,
# not when the rules next read everything. (Its parent there is pid 2,
# which is nobody's kernel thread in a pid namespace.)
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
[ "$(id -u)" = 0 ] || skip "choosing the next pid (ns_last_pid) needs root"
unshare -pf --mount-proc true 2> /dev/null || skip "unshare -p --mount-proc does not work here"
cp /bin/sleep "$T/target"
mkfifo "$T/go"
cat > "$T/p.py" <<'P'
import os, sys
go, out, target = sys.argv[1:4]
z = os.fork()
if z == 0:
    os._exit(0)
with open(out + ".tmp", "w") as o:
    o.write("%d\n" % z)
os.rename(out + ".tmp", out)
f = os.open(go, os.O_RDWR)
os.read(f, 1)
os.waitpid(z, 0)
with open("/proc/sys/kernel/ns_last_pid", "w") as w:
    w.write(str(z - 1))
pid = os.fork()
if pid == 0:
    os.execv(target, [target, "1000"])
with open(out + ".new.tmp", "w") as o:
    o.write("%d\n" % pid)
os.rename(out + ".new.tmp", out + ".new")
os.read(f, 1)
P
cat > "$T/in.sh" <<'S'
T=$1
IPCSCOPE=$2
PY=$3
"$PY" "$T/p.py" "$T/go" "$T/z" "$T/target" &
n=0
until [ -s "$T/z" ]; do
	n=$((n + 1))
	[ $n -gt 100 ] && { echo "no zombie"; exit 1; }
	sleep 0.05
done
Z=$(cat "$T/z")
cat > "$T/s.isc" <<X
observe comm target
sleep 1s
echo reap
sleep 2s
expect target-$Z pid == $Z within 5s
X
XDG_RUNTIME_DIR=$T/run "$IPCSCOPE" -d 100ms --batch "$T/s.isc" > "$T/out" 2>&1 &
B=$!
n=0
until grep -q "^reap" "$T/out"; do
	n=$((n + 1))
	[ $n -gt 200 ] && { echo "the batch did not come to the reap"; exit 1; }
	sleep 0.05
done
[ "$(sed 's/.*) //' /proc/$Z/stat | cut -c1)" = Z ] || { echo "$Z is no zombie"; exit 1; }
printf x > "$T/go"
wait $B
st=$?
NEW=$(cat "$T/z.new" 2>/dev/null)
kill $NEW 2>/dev/null
printf x > "$T/go"
wait
[ "$NEW" = "$Z" ] || { echo "SKIP: the new process took pid $NEW, not $Z"; exit 0; }
exit $st
S
mkdir -m 700 "$T/run"
unshare -pf --mount-proc sh "$T/in.sh" "$T" "$IPCSCOPE" "$PY" > "$T/log" 2>&1 ||
    { cat "$T/log" "$T/out" 2>/dev/null; fail "the new process at the zombie's pid was not observed"; }
grep -q "^SKIP" "$T/log" && { cat "$T/log" "$T/out"; skip "$(grep ^SKIP "$T/log")"; }
grep -q ": ok$" "$T/out" || { cat "$T/log" "$T/out"; fail "no check held"; }
:
