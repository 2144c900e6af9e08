# Bad input to semaphores and mutexes: each is one line that says what
# was wrong, either the lab's refusal (with the column) or the real call's
# errno with a hint; nothing is left behind.
. "$SRCDIR/tests/lib.sh"
cat > "$T/bad.isc" <<X
spawn A
A semget s1 2
A semctl s1 setval 0 40000
A semctl s1 setval 0 -1
A semop s1 5:-1
A semop s1 0:x
A semctl s1 setall 1
A semctl s1 getval
A semop s1 0:-1 nowait
A semctl s1 setall 1 70000
A mmap m1 anon 4k
A sem_init sem1 m1 4
A sem_init sem1 m1 4096
A sem_init sem1 m1 0 value 1
A mutex_init mx1 m1 16
A sem_open n1
A sem_wait s1
A fork B
B sem_post n9
A mutex_init mx1 m1 64 errorcheck
A mutex_unlock mx1
A mutex_consistent mx1
A incr m1 128 10 atomic with mx1
A produce m1 0 8 10 empty sem1 full sem1
A incr m1 128 10 with m1
A semop s1 0:+32767
A semop s1 0:+1
A semop s1 $ESC_WORD
A semop s1 0:$BIG_WORD
A semctl s1 setall 1 $BIG_WORD
A semget s2 1 $ESC_WORD
expect A state == idle
X
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
st=$?
[ "$st" -eq 1 ] || fail "exit status $st, want 1; stderr: $(tail -5 "$T/err")"
grep -q 'expect A state == idle: ok' "$T/out" || fail "the lab did not go on: $(tail -5 "$T/out")"
want_err "5:12: semaphore 5 is not in the set: it has 2 (0 to 1)"
want_err "6:12: '0:x' is not an operation: SEM:OP"
want_err "7:20: setall takes one value per semaphore: s1 has 2"
want_err "8:13: getval takes a semaphore number: semctl s1 getval 0"
want_err "10:20: '70000': a semaphore's value is 0 to SEMVMX (32767)"
want_err "12:20: offset 4 is not a multiple of 8"
want_err "13:20: bytes 4096 to 4127 are past the end of m1 (4096 bytes)"
want_err "15:21: bytes 0 to 31 of m1 hold sem1 (a psem) already"
want_err "16:12: no semaphore n1 yet: add create"
want_err "17:12: s1 is a sem, not a POSIX semaphore"
want_err "19:12: no POSIX semaphore called n9"
want_err "23:30: atomic or with a lock, not both"
want_err "24:14: bytes 0 to 31 of m1 hold sem1"
want_err "25:23: m1 is a mmap: a semaphore (System V or POSIX) or a mutex will do"
grep -qF "bad.isc:28:12: '\x1b]2;PWNED\x07\x1b[2J\x9b\xff' is not an operation" "$T/err" ||
    fail "an operation with escapes not escaped"
want_err "29:12: '0:x\{30\}\.\.\.' is not an operation"
want_err "30:20: 'x\{32\}\.\.\.' is not a number"
grep -qF "bad.isc:31:15: KEY is private or a number from 1 to 0x7fffffff, not '\x1b]2;PWNED\x07\x1b[2J\x9b\xff'" "$T/err" ||
    fail "a key with escapes not escaped"
n=$(grep -c "^ipcscope: $T/bad.isc:[0-9]" "$T/err")
[ "$n" -eq 18 ] || { cat "$T/err"; fail "expected 18 refusals, got $n"; }
no_raw_bytes "$T/out" "$T/err"
want_out 'semctl(.*<s1>, 0, SETVAL, 40000) = -1 ERANGE .*: a semaphore.s value is 0 to SEMVMX (32767)'
want_out 'semctl(.*<s1>, 0, SETVAL, -1) = -1 ERANGE'
want_out 'semop(.*<s1>, {{0, -1, IPC_NOWAIT}}, 1) = -1 EAGAIN .*: nowait: the operations would have to wait'
want_out 'pthread_mutex_unlock(.*<mx1>) = EPERM .*: this thread does not own the mutex'
want_out 'pthread_mutex_consistent(.*<mx1>) = EINVAL .*: the mutex is not robust'
want_out 'semop(.*<s1>, {{0, +1, 0}}, 1) = -1 ERANGE .*past SEMVMX'
awk 'length > 400 { exit 1 }' "$T/err" || fail "an error line is longer than 400 characters"
exit 0
