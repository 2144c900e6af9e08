# Small truths in hints: signal 0 to a thread says the thread exists (not
# the process); an eventfd's EAGAIN says the counter is 0, its EINVAL
# that it takes exactly 8 bytes; a pty's slave opened before unlockpt
# fails with EIO, and the hint says why; then unlockpt lets it open.
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<'EOF2'
spawn A
spawn B
A thread t1
A pthread_kill A.t1 0
tkill A.t1 0
kill A 0
killpg A 0
A eventfd e1
A eventfd_read e1 nonblock
A write e1 "abc"
A read e1 4
A eventfd e2 0 nonblock
A read e2
A eventfd_write e2 0xfffffffffffffffe
A eventfd_write e2 1
A eventfd_write e1 0xffffffffffffffff
A posix_openpt pt1
B open pt1 rw
A unlockpt pt1
B open pt1 rw
EOF2
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2> "$T/err" || { cat "$T/out" "$T/err"; fail "the script failed"; }
l() {
	grep -qF -- "$1" "$T/out" || { cat "$T/out"; fail "no line: $1"; }
}
l "A: pthread_kill(<A.t1>, 0) = 0 (signal 0 sends nothing: the thread exists and may be signalled)"
l ", 0) = 0 (signal 0 sends nothing: the thread exists and may be signalled)"
l "lab: kill("
l ", 0) = 0 (signal 0 sends nothing: the process exists and may be signalled)"
l "lab: killpg("
l ", 0) = 0 (signal 0 sends nothing: the group has a process that may be signalled)"
grep "pthread_kill\|tgkill" "$T/out" | grep -q "the process exists" && fail "a thread's signal 0 speaks of the process"
l "RWF_NOWAIT) = -1 EAGAIN (Resource temporarily unavailable): the counter is 0: nothing to take, and the call does not wait (without nonblock it waits for a write)"
l "A: write(3<e1>, \"abc\", 3) = -1 EINVAL (Invalid argument): an eventfd takes exactly 8 bytes, a 64-bit number to add (eventfd_write writes one)"
l "A: read(3<e1>, ..., 4) = -1 EINVAL (Invalid argument): an eventfd gives exactly 8 bytes, its counter: read at least 8 (eventfd_read does)"
l "A: read(4<e2>, ..., 65536) = -1 EAGAIN (Resource temporarily unavailable): the counter is 0: nothing to take, and the call does not wait"
l "[1], 8) = -1 EAGAIN (Resource temporarily unavailable): the counter would pass 0xfffffffffffffffe, and the descriptor is nonblocking: a read makes room"
l "[18446744073709551615], 8) = -1 EINVAL (Invalid argument): 0xffffffffffffffff is the one number an eventfd refuses"
l "O_RDWR) = -1 EIO (Input/output error): the slave is locked until the master's holder calls unlockpt"
grep -q "^B: open(\"/dev/pts/[0-9]*\", O_RDWR) = [0-9]*<pt1.s>" "$T/out" || { cat "$T/out"; fail "the slave did not open after unlockpt"; }
exit 0
