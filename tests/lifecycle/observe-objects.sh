# What observed processes hold is the lab's objects, marked observed, with
# the descriptions the lab's own objects of each kind have: a pipe between
# two processes is one object with both ends, a socketpair one with an end
# in each, an eventfd its counter and its one open file description in
# both, an epoll set what it watches, a pseudoterminal its master and
# slave in two processes, a file with a lock its ruler and its two opens
# (one without a lock is no object), a POSIX queue its count, POSIX shared
# memory and a named semaphore as their mappings show them; the machine's
# System V objects too, a queue with its last sender, a segment nobody
# attaches whose creator is gone. The objects go when their processes
# end; reset and quit leave what is observed as it was (the queue and the
# segment outlive the run: the test removes them).
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
cat > "$T/held.py" <<'P'
import ctypes, fcntl, mmap, os, select, socket, sys, time
libc = ctypes.CDLL(None, use_errno=True)
class Msg(ctypes.Structure):
    _fields_ = [("mtype", ctypes.c_long), ("mtext", ctypes.c_char * 16)]
out = sys.argv[1]
r, w = os.pipe()
a, b = socket.socketpair()
efd = os.eventfd(5)
ep = select.epoll()
ep.register(r, select.EPOLLIN)
ep.register(efd, select.EPOLLIN)
pm, ps = os.openpty()
pn = os.ttyname(ps).rsplit("/", 1)[1]
rd, wr = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r); os.close(rd); a.close(); os.close(pm)
    os.write(w, b"hi")
    b.send(b"xyz")
    q = libc.msgget(0, 0o1000 | 0o600)
    libc.msgsnd(q, ctypes.byref(Msg(1, b"hello")), 5, 0)
    os.write(wr, b"%d\n" % q)
    time.sleep(1000)
    os._exit(0)
os.close(w); b.close(); os.close(wr); os.close(ps)
lf = open(out + ".locked", "w+")
lf.write("x" * 100); lf.flush()
fcntl.lockf(lf, fcntl.LOCK_EX, 10, 0)
lf2 = open(out + ".locked")
nf = open(out + ".unlocked", "w")
rt = ctypes.CDLL("librt.so.1", use_errno=True)
rt.mq_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_void_p]
mq = rt.mq_open(sys.argv[2].encode(), os.O_CREAT | os.O_RDWR, 0o600, None)
rt.mq_send(mq, b"hello", 5, 0)
sfd = os.open("/dev/shm/" + sys.argv[3], os.O_CREAT | os.O_RDWR, 0o600)
os.ftruncate(sfd, 4096)
sm = mmap.mmap(sfd, 4096)
os.close(sfd)
sm[:5] = b"hello"
libc.sem_open.restype = ctypes.c_void_p
libc.sem_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_uint]
libc.sem_open(("/" + sys.argv[4]).encode(), os.O_CREAT, 0o600, 3)
q = int(os.read(rd, 32))
info = dict(l.split(":", 1) for l in open("/proc/self/fdinfo/%d" % efd) if ":" in l)
with open(out + ".tmp", "w") as f:
    f.write("%d %d %d %d %s %d %d %s %d %d %d %d %d\n" % (os.getpid(), pid, os.fstat(r).st_ino,
        os.fstat(a.fileno()).st_ino, info["eventfd-id"].strip(), ep.fileno(), q, pn,
        os.fstat(lf.fileno()).st_ino, os.fstat(nf.fileno()).st_ino, os.fstat(mq).st_ino,
        os.stat("/dev/shm/" + sys.argv[3]).st_ino, os.stat("/dev/shm/sem." + sys.argv[4]).st_ino))
os.rename(out + ".tmp", out)
time.sleep(1000)
P
# A segment whose creator ended and that nobody attaches.
O=$("$PY" -c 'import ctypes; print(ctypes.CDLL(None).shmget(0, 8192, 0o1000 | 0o600))')
[ "$O" -ge 0 ] 2>/dev/null || fail "no segment: $O"
MQ=/obsq-$$
SHM=obshm-$$
SEM=obsem-$$
"$PY" "$T/held.py" "$T/ids" "$MQ" "$SHM" "$SEM" > /dev/null 2>&1 &
HP=$!
Q=
trap 'kill $HP $CP 2>/dev/null; ipcrm -m $O 2>/dev/null; [ -n "$Q" ] && ipcrm -q $Q 2>/dev/null
rm -f "/dev/shm/$SHM" "/dev/shm/sem.$SEM"
"$PY" -c "import ctypes, sys; ctypes.CDLL(\"librt.so.1\").mq_unlink(sys.argv[1].encode())" "$MQ"' EXIT
n=0
until [ -s "$T/ids" ]; do
	n=$((n + 1))
	[ $n -gt 200 ] && fail "the holder did not start"
	sleep 0.05
done
read -r P CP PI AI EID EPFD Q PN LI NI MI SHI SEI < "$T/ids"
PTY=$PN
PN=$(observed_name $P)
CN=$(observed_name $CP)
# The socketpair is named after its lower inode; its other end is the
# child's.
SI=$(readlink /proc/$CP/fd/* 2>/dev/null | sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p' | head -1)
[ -n "$SI" ] || fail "no socket in the child"
if [ "$SI" -lt "$AI" ]; then SP=$SI; PEND=b; else SP=$AI; PEND=a; fi
cat > "$T/s.isc" <<X
observe $P $CP
echo a pipe between two processes is one object, both ends
expect pipe-$PI kind == pipe
expect pipe-$PI observed == yes
expect pipe-$PI readers has $PN
expect pipe-$PI writers has $CN
expect pipe-$PI summary has "2/65536 bytes queued"
expect $PN fds has pipe-$PI.r
echo a socketpair is one object, an end in each process
expect socket-$SP kind == socket
expect socket-$SP observed == yes
expect socket-$SP $PEND.holders has $PN
expect socket-$SP holders has $CN
expect socket-$SP summary has "3 bytes to read"
echo an eventfd, its counter, one open file description in two processes
expect eventfd-$EID counter == 5
expect eventfd-$EID holders has $CN
expect eventfd-$EID holders.0.open_file == 1
expect eventfd-$EID holders.1.open_file == 1
echo an epoll set, what it watches
expect epoll-$P-$EPFD watching == 2
expect epoll-$P-$EPFD summary has pipe-$PI.r
expect epoll-$P-$EPFD summary has eventfd-$EID
echo a pseudoterminal, its master and its slave in two processes
expect pty-$PTY kind == pty
expect pty-$PTY master has $PN
expect pty-$PTY slave has $CN
echo a file with a lock, its ruler, opened twice: two open file descriptions
expect file-$LI kind == file
expect file-$LI locks == 1
expect file-$LI holders has $PN
expect file-$LI holders == 2
expect file-$LI holders.1.open_file == 2
echo a POSIX queue, read through a duplicate of the descriptor
expect mqueue-$MI kind == mqueue
expect mqueue-$MI count == 1
expect mqueue-$MI holders has $PN
echo POSIX shared memory and a named semaphore, from the mappings
expect pshm-$SHI kind == pshm
expect pshm-$SHI mappings has $PN
expect pshm-$SHI name == /$SHM
expect psem-$SEI kind == psem
expect psem-$SEI summary has "value 3"
echo a System V queue made by an observed process, with its last sender
expect msgq-$Q observed == yes
expect msgq-$Q last_sender == $CN
expect msgq-$Q count == 1
echo a segment nobody attaches, whose creator is gone
expect shm-$O observed == yes
expect shm-$O nattch == 0
expect shm-$O mappings == 0
echo all
show
echo reset leaves what is observed as it is
reset
show
echo observed again after reset
observe $P $CP
expect msgq-$Q observed == yes
expect pipe-$PI writers has $CN
X
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2> "$T/err"
st=$?
[ $st -eq 0 ] || { cat "$T/out" "$T/err"; fail "status $st"; }
grep -q "^expect" "$T/err" && { cat "$T/out" "$T/err"; fail "an expect failed"; }
[ "$(grep -c ': ok$' "$T/out")" -eq 42 ] || { cat "$T/out"; fail "not every expect ran"; }
grep -q "^the lab is empty" "$T/out" || { cat "$T/out"; fail "reset left something listed"; }
sed -n '/^all$/,/^reset leaves/p' "$T/out" > "$T/all"
grep -q "^file-$LI " "$T/all" || { cat "$T/out"; fail "show does not list the locked file"; }
grep -q "^file-$NI " "$T/all" && { cat "$T/out"; fail "a file nobody locks is an object"; }
alive $P && alive $CP || fail "reset or the end of the run ended an observed process"
ipcs -q -i "$Q" > /dev/null 2>&1 || fail "the queue was removed by the lab"
ipcs -m -i "$O" > /dev/null 2>&1 || fail "the segment was removed by the lab"

# The objects go when the processes end; the queue and the segment stay
# until removed.
cat > "$T/e.isc" <<X
observe $P $CP
expect pipe-$PI kind == pipe
kill pid:$CP KILL
kill pid:$P KILL
wait $PN exited timeout 5s
wait $CN exited timeout 5s
sleep 300ms
echo after
show
X
"$IPCSCOPE" --batch "$T/e.isc" > "$T/out" 2> "$T/err"
st=$?
[ $st -eq 0 ] || { cat "$T/out" "$T/err"; fail "end: status $st"; }
sed -n '/^after$/,$p' "$T/out" > "$T/after"
for o in pipe-$PI socket-$SP eventfd-$EID epoll-$P-$EPFD pty-$PTY file-$LI mqueue-$MI \
    pshm-$SHI psem-$SEI; do
	grep -q "^$o " "$T/after" && { cat "$T/out"; fail "$o outlived its processes"; }
done
grep -q "^msgq-$Q " "$T/after" || { cat "$T/out"; fail "the queue went with its maker"; }
grep -q "^shm-$O " "$T/after" || { cat "$T/out"; fail "the segment is not listed"; }
ipcs -q -i "$Q" > /dev/null 2>&1 || fail "the queue was removed by the lab"
ipcs -m -i "$O" > /dev/null 2>&1 || fail "the segment was removed by the lab"
exit 0
