# The limits health points out in processes the lab did not make, each
# near its end (90% or more): a process's descriptors against its
# RLIMIT_NOFILE, a System V queue's bytes against its msg_qbytes, a
# user's pipes against fs.pipe-user-pages-soft, and the machine's
# queues, sets and segments against kernel.msgmni, kernel.sem's semmni
# and kernel.shmmni (in an IPC namespace of the test's own, whose
# limits are its own). --list says each.
. "$SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
cat > "$T/l.py" <<'P'
import ctypes, os, resource, signal, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
mode, out = sys.argv[1], sys.argv[2]
def ready(text):
    open(out + ".tmp", "w").write(text)
    os.rename(out + ".tmp", out)
keep = []
if mode == "nofile":
    # 37 descriptors open of 40.
    resource.setrlimit(resource.RLIMIT_NOFILE, (40, 40))
    while len(os.listdir("/proc/self/fd")) < 38:
        keep.append(os.open("/dev/null", os.O_RDONLY))
    ready("%d" % (len(os.listdir("/proc/self/fd")) - 1))
elif mode == "qbytes":
    # A queue that takes 200 bytes, 190 of them queued.
    q = libc.msgget(0, 0o1600)
    ds = ctypes.create_string_buffer(120)
    libc.msgctl(q, 2, ds)                      # IPC_STAT
    ctypes.c_ulong.from_buffer(ds, 88).value = 200   # msg_qbytes
    if libc.msgctl(q, 1, ds) != 0:             # IPC_SET
        sys.exit("IPC_SET: %d" % ctypes.get_errno())
    m = ctypes.create_string_buffer(8 + 95)
    ctypes.c_long.from_buffer(m, 0).value = 1
    for i in range(2):
        if libc.msgsnd(q, m, 95, 0o4000) != 0:  # IPC_NOWAIT
            sys.exit("msgsnd: %d" % ctypes.get_errno())
    ready("%d" % q)
elif mode == "pipes":
    # 90% of the soft limit's pages in pipes, at 16 pages each.
    soft = int(open("/proc/sys/fs/pipe-user-pages-soft").read())
    n = (soft * 9 + 16 * 10 - 1) // (16 * 10) + 1
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    for i in range(n):
        keep.append(os.pipe())
    ready("%d %d" % (n, soft))
elif mode == "ipc":
    # 9 of each kind where 10 may be (this IPC namespace's limits).
    open("/proc/sys/kernel/msgmni", "w").write("10")
    sem = open("/proc/sys/kernel/sem").read().split()
    open("/proc/sys/kernel/sem", "w").write(" ".join(sem[:3] + ["10"]))
    open("/proc/sys/kernel/shmmni", "w").write("10")
    for i in range(9):
        if libc.msgget(0, 0o1600) < 0 or libc.semget(0, 1, 0o1600) < 0 or \
           libc.shmget(0, 4096, 0o1600) < 0:
            sys.exit("get: %d" % ctypes.get_errno())
    ready("9")
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
signal.sigwait({signal.SIGTERM})
P
Q=
PIDS=
trap 'kill $PIDS 2>/dev/null; [ -n "$Q" ] && ipcrm -q "$Q" 2>/dev/null' EXIT
# Start a mode; its pid in $P once it is ready.
start() {
	"$PY" "$T/l.py" "$1" "$T/$1.ready" < /dev/null > /dev/null 2> "$T/$1.err" &
	P=$!
	PIDS="$PIDS $P"
	n=0
	until [ -s "$T/$1.ready" ]; do
		alive $P || fail "$1 ended"
		n=$((n + 1))
		[ $n -gt 200 ] && fail "$1 is not ready"
		sleep 0.05
	done
}
start nofile
NP=$P
NFD=$(cat "$T/nofile.ready")
start qbytes
QP=$P
Q=$(cat "$T/qbytes.ready")
start pipes
PP=$P
SOFT=$(cut -d' ' -f2 "$T/pipes.ready")
# Every pipe it holds, whatever it was started with.
NPIPES=$(ls -l /proc/$PP/fd | sed -n 's/.*pipe:\[\([0-9]*\)\]$/\1/p' | sort -u | wc -l)
N=$(observed_name $NP)
"$IPCSCOPE" --list -p $NP,$QP,$PP > "$T/list" 2>&1 || { cat "$T/list"; fail "--list failed"; }
for want in \
    "^  limit     $N has $NFD descriptors open of the 40 its RLIMIT_NOFILE allows$" \
    "^  limit     System V message queue $Q (key 0x00000000) holds 190 bytes of the 200 it takes: senders will block$" \
    "^  limit     user 0 holds $NPIPES pipes and FIFOs, about $((NPIPES * 16)) pages of the $SOFT fs.pipe-user-pages-soft allows; new ones get one page$"; do
	grep -q -- "$want" "$T/list" || { cat "$T/list"; fail "--list does not say: $want"; }
done
kill $NP $QP $PP
ipcrm -q "$Q"
Q=

# The machine's counts, in an IPC namespace of the test's own: the
# queues, sets and segments go with it.
[ "$(id -u)" = 0 ] || skip "limits of an IPC namespace of its own need root"
unshare -i sh -c '
	"$1" "$2" ipc "$3/ipc.ready" &
	p=$!
	n=0
	until [ -s "$3/ipc.ready" ] || [ $n -gt 200 ]; do n=$((n + 1)); sleep 0.05; done
	"$4" --list -p $p > "$3/ipc.list" 2>&1
	kill $p
	wait $p
' sh "$PY" "$T/l.py" "$T" "$IPCSCOPE" || fail "unshare -i failed"
for want in \
    "^  limit     the machine has 9 System V message queues of the 10 kernel.msgmni allows$" \
    "^  limit     the machine has 9 System V semaphore sets of the 10 kernel.sem (semmni) allows$" \
    "^  limit     the machine has 9 System V shared memory segments of the 10 kernel.shmmni allows$"; do
	grep -q -- "$want" "$T/ipc.list" || { cat "$T/ipc.list"; fail "--list does not say: $want"; }
done
