# When an actor has not mapped memory, what ipcscope suggests works in
# that situation: each suggested command, run next, is accepted, and then
# the refused command runs. Anonymous shared memory is shared only with
# the children its maker forks after the mmap: B mmap a1 is not suggested
# (it cannot work).
. "$SRCDIR/tests/lib.sh"
cat > "$T/bad.isc" <<'EOF2'
spawn A
spawn B
A mmap a1 anon 4k
B peek a1 0 2
A fork B2
B2 peek a1 0 2
B mmap a1
A shm_open m2 create
A ftruncate m2 4k
B peek m2 0 1
B shm_open m2
B peek m2 0 1
B mmap m2
B peek m2 0 1
A open f1 rw create
A ftruncate f1 4k
B poke f1 0 "x"
B open f1 rw
B mmap f1
B poke f1 0 "x"
A shmget s1 4k
B peek s1 0 1
B shmat s1
B peek s1 0 1
A sem_open n1 create
B peek n1 0 1
B sem_open n1
B peek n1 0 1
A munmap a1
A peek a1 0 1
A shmget s2 4k
A shmctl s2 rmid
B peek s2 0 1
EOF2
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
[ $? -eq 1 ] || { cat "$T/out" "$T/err"; fail "exit status, want 1"; }
want_err "4:11: B has not mapped a1: anonymous shared memory is shared only with the children A forks after the mmap (A fork B2 makes one that has it)"
want_out "^B2: memcpy(buf, 0x[0-9a-f]*<a1>, 2) = "
want_err "7:8: a1 is anonymous memory, with no name or descriptor to map it by: only the children A forks after its mmap have it"
want_err "10:11: B has not mapped m2 (B shm_open m2, then B mmap m2, map it)"
want_out "^B: shm_open(.*m2.*) = [0-9]*<m2>"
want_err "12:11: B has not mapped m2 (B mmap m2 maps it)"
want_out "^B: memcpy(buf, 0x[0-9a-f]*<m2>, 1) = "
want_err "17:11: B has not mapped f1 (B open f1 rw, then B mmap f1, map it)"
want_out "^B: memcpy(0x[0-9a-f]*<f1>, \"x\", 1)"
want_err "22:11: B has not mapped s1 (B shmat s1 maps it)"
want_out "^B: memcpy(buf, 0x[0-9a-f]*<s1>, 1) = "
want_err "26:11: B has not opened n1 (B sem_open n1 maps it)"
want_out "^B: memcpy(buf, 0x[0-9a-f]*<n1>, 1) = "
want_err "30:11: A has unmapped a1: anonymous memory, once unmapped, cannot be mapped again"
want_err "33:11: B has not mapped s2, and nobody can: the segment is gone"
# Nothing else was refused: every suggestion was accepted.
[ "$(grep -c '^ipcscope: .*bad.isc:[0-9]*:' "$T/err")" -eq 9 ] || { cat "$T/err"; fail "a suggested command was refused"; }
grep -q " = -1 " "$T/out" && { cat "$T/out"; fail "a suggested call failed"; }
exit 0
