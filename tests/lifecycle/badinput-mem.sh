# Bad input to shared memory and file locks: each is one line that says
# what was wrong, either the lab's refusal (with the column) or the real
# call's errno with a hint; nothing is left behind.
. "$SRCDIR/tests/lib.sh"
cat > "$T/bad.isc" <<X
spawn A
A shmget m1 0
A shmget m1 4k
A poke m1 0 "x"
A shmat m1
A poke m1 4090 "too long"
A peek m1 5000 u8
A poke m1 0 ""
A poke m1 0 300 u8
A incr m1 3 10 atomic
A shmctl m1 rmid
A shmdt m1
A shmat m1
A shmctl m1 stat
A open f1 rw create
A mmap f1
A ftruncate f1 100
A mmap f1 readonly
A poke f1 0 "x"
A mmap f1 offset 100
A fcntl f1 setlk write 9-3
A fcntl f1 getlk unlock
A fcntl f1 setlk
A mmap x1 anon
A mmap x1 anon private 4k
A peek p9 0
A shm_open s9
A fcntl f1 getfl write
A poke f1 0 "x"
A poke f1 0 $BIG_WORD
A fcntl f1 setlk write $ESC_WORD
A fcntl f1 setpipe $BIG_WORD
A shm_open $ESC_WORD
expect A state == idle
X
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
st=$?
[ "$st" -eq 1 ] || fail "exit status $st, want 1; stderr: $(tail -5 "$T/err")"
grep -q 'expect A state == idle: ok' "$T/out" || fail "the lab did not go on: $(tail -5 "$T/out")"
want_err "4:11: A has not mapped m1 (A shmat m1 maps it)"
want_err "6:11: bytes 4090 to 4097 are past the end of m1 (4096 bytes)"
want_err "7:11: bytes 5000 to 5000 are past the end of m1"
want_err "8:13: nothing to store: the string is empty"
want_err "9:13: 300 does not fit in a uint8_t"
want_err "10:11: an atomic add needs an 8-byte aligned counter"
want_err "16:8: f1 is 0 bytes: nothing to map (ftruncate gives it a size)"
want_err "19:11: A has f1 mapped read-only: a store would be killed by SIGSEGV"
want_err "20:18: offset 100 is not a multiple of the page size"
want_err "21:24: '9-3' is not a byte range"
want_err "22:18: getlk asks whether a read or write lock could be placed"
want_err "23:3: setlk needs a lock TYPE"
want_err "24:3: an anonymous mapping needs a LENGTH"
want_err "25:16: private anonymous memory is the process's own"
want_err "26:8: no object called p9"
want_err "27:12: no shared memory object s9 yet: add create"
want_err "28:18: getfl takes no further arguments"
want_err "29:11: A has f1 mapped read-only"
want_err "30:13: VALUE is a quoted string (\"hello\") or a number (42), not 'x\{32\}\.\.\.'"
grep -qF "bad.isc:31:24: '\x1b]2;PWNED\x07\x1b[2J\x9b\xff' is not a byte range" "$T/err" ||
    fail "a range with escapes not escaped"
want_err "32:20: 'x\{32\}\.\.\.' is not a size F_SETPIPE_SZ takes"
grep -qF "bad.isc:33:12: NAME takes a name, and '\x1b]2;PWNED\x07\x1b[2J\x9b\xff' is not one" "$T/err" ||
    fail "a name with escapes not escaped"
n=$(grep -c "^ipcscope: $T/bad.isc:[0-9]" "$T/err")
[ "$n" -eq 22 ] || { cat "$T/err"; fail "expected 22 refusals, got $n"; }
no_raw_bytes "$T/out" "$T/err"
want_out 'shmget(IPC_PRIVATE, 0, .*= -1 EINVAL (Invalid argument): a segment.s size is at least 1 byte'
want_out 'shmat(.*<m1>.*= -1 EINVAL .*: the segment is gone'
want_out 'shmctl(.*<m1>, IPC_STAT.*= -1 EINVAL .*: the segment is gone'
awk 'length > 400 { exit 1 }' "$T/err" || fail "an error line is longer than 400 characters"
exit 0
