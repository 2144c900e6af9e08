# The machine's System V objects are read once for a listing, however
# many parts use them (the observed objects made of them, their lines,
# health): --list, in an IPC namespace of its own with 20 queues holding
# a message each, 20 semaphore sets and 20 segments, all left by a
# process that ended, asks the kernel once for each queue and segment
# and twice for each set (its record, then its values), and still says
# what each holds and that the queues and segments are left with nobody.
. "$SRCDIR/tests/lib.sh"
command -v strace > /dev/null || skip "strace is not installed"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"
unshare --ipc true 2> /dev/null || skip "no IPC namespace of its own (needs root)"
strace -f -qq -o /dev/null true 2> /dev/null || skip "strace may not trace here"
N=20
cat > "$T/make.py" <<'P'
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
n = int(sys.argv[1])
msg = ctypes.create_string_buffer(b"\1\0\0\0\0\0\0\0hello", 13)
for i in range(n):
    q = libc.msgget(0, 0o1600)
    if q < 0 or libc.msgsnd(q, msg, 5, 0) != 0:
        sys.exit("msgget or msgsnd failed")
    if libc.semget(0, 2, 0o1600) < 0 or libc.shmget(0, 4096, 0o1600) < 0:
        sys.exit("semget or shmget failed")
P
# The objects go with the namespace when the last process in it ends.
# (LeakSanitizer cannot run under ptrace: the other tests look for leaks.)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" unshare --ipc sh -c '"$1" "$2/make.py" "$3" &&
    strace -f -qq -c -o "$2/counts" -e trace=msgctl,semctl,shmctl "$4" --list > "$2/list" 2>&1' \
    sh "$PY" "$T" "$N" "$IPCSCOPE" || { cat "$T/list"; fail "--list in a namespace of its own failed"; }
calls() {
	awk -v c="$1" '$NF == c { print $4 }' "$T/counts"
}
MSG=$(calls msgctl)
SEM=$(calls semctl)
SHM=$(calls shmctl)
# A few more for what the kernel says of them all (MSG_INFO...).
[ "${MSG:-0}" -le $((N + 6)) ] || { cat "$T/counts"; fail "$MSG msgctl calls for $N queues"; }
[ "${SEM:-0}" -le $((2 * N + 6)) ] || { cat "$T/counts"; fail "$SEM semctl calls for $N sets"; }
[ "${SHM:-0}" -le $((N + 6)) ] || { cat "$T/counts"; fail "$SHM shmctl calls for $N segments"; }
[ "$(grep -c '^msgq-[0-9]* *msgq *1 message, 5/16384 bytes$' "$T/list")" -eq $N ] ||
    { cat "$T/list"; fail "not every queue is listed with its message"; }
[ "$(grep -c '^sem-[0-9]* *sem *2 semaphores: 0 0$' "$T/list")" -eq $N ] ||
    { cat "$T/list"; fail "not every set is listed with its values"; }
[ "$(grep -c '^shm-[0-9]* *shm *4096 bytes, attached 0 times$' "$T/list")" -eq $N ] ||
    { cat "$T/list"; fail "not every segment is listed"; }
[ "$(grep -c '^  orphaned  System V message queue [0-9]* (key 0x00000000) is left with nobody: its last user [0-9]* dead; messages wait in it$' "$T/list")" -eq $N ] ||
    { cat "$T/list"; fail "health does not say every queue is left"; }
[ "$(grep -c '^  orphaned  System V shared memory segment [0-9]* (key 0x00000000) is left with nobody: no attachment, its creator [0-9]* dead$' "$T/list")" -eq $N ] ||
    { cat "$T/list"; fail "health does not say every segment is left"; }
exit 0
