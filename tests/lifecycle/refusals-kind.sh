# A refusal names the kind of thing the argument is: open's NAME is a
# name in the lab (a file, FIFO or pty it made, or a new file's name),
# never an actor, and no path is opened; a thread that is not there is
# said to be missing, with what makes it, not taken for a command.
. "$SRCDIR/tests/lib.sh"
cat > "$T/bad.isc" <<'EOF2'
spawn A
A open /etc/hostname r
A open 1x rw create
A open "f1" rw create
A.t1
X.t1
A.t9 write p1 "x"
X.t1 write p1 "x"
A thread t1
A.t1 pipe p1
A.t1
spawn B
B msgsnd q1 1 "x"
B open A r
tkill A.t9 USR1
tkill X.t1 USR1
B semop set1 0:-1
B msgget q1
B msgsnd q1 1 "x"
EOF2
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
[ $? -eq 1 ] || { cat "$T/out" "$T/err"; fail "exit status, want 1"; }
what="(NAME: a file, a FIFO, or a pseudoterminal (its slave); with create, a new file's name)"
e() {
	grep -qxF "ipcscope: $T/bad.isc:$1" "$T/err" || { cat "$T/err"; fail "no error: $1"; }
}
e "2:8: NAME takes a name, and '/etc/hostname' is a path: the lab opens no path, only what it made, by its name $what"
e "3:8: NAME takes a name, and '1x' is not one: a name starts with a letter, then letters, digits, _ and - $what"
e "4:8: NAME takes a name, not a quoted string $what"
e "5:1: no thread called A.t1 (A thread t1 makes it)"
e "6:1: no actor called X (spawn X makes one), so no thread X.t1"
e "7:1: no thread called A.t9 (A thread t9 makes it)"
e "8:1: no actor called X (spawn X makes one), so no thread X.t1"
e "11:1: A.t1 is an actor: write a call after its name: A.t1 write p1 \"hi\""
e "13:10: no message queue called q1 (B msgget q1 makes one)"
e "14:8: A is an actor, not a file: NAME is a file, FIFO or pty the lab made"
e "15:7: no thread called A.t9 (A thread t9 makes it)"
e "16:7: no actor called X (spawn X makes one), so no thread X.t1"
e "17:9: no semaphore set called set1 (B semget set1 1 makes one)"
grep -q "^B: msgsnd(.*<q1>, {1, \"x\"}, 1, 0) = 0" "$T/out" || { cat "$T/out"; fail "B msgget q1, as suggested, did not make q1"; }
grep -q "actor or object\|to give actor\|(A msgget\|(A semget" "$T/err" && { cat "$T/err"; fail "a refusal names the wrong kind of thing"; }
grep -q "^A.t1: pipe(" "$T/out" || { cat "$T/out"; fail "A thread t1, as suggested, did not make A.t1"; }
exit 0
