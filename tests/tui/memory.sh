# Shared memory and file locks on the screen: a segment's bytes in hex
# with the addresses each actor has it at, and a file's lock ruler with a
# waiter on it.
. "$SRCDIR/tests/lib.sh"
tui_start 180 50 "$IPCSCOPE"
see "Actors (0)"
tui_command 'spawn A'
tui_command 'spawn B'
tui_command 'A shmget m1 4k'
tui_command 'A shmat m1'
tui_command 'B shmat m1'
see_re "m1 +shm +4096 bytes, attached 2 times"
tui_command 'show m1'
see "m1: shm"
see "changed since the last tick in colour"
tui_command 'A poke m1 0 "hello"'
see "68 65 6c 6c 6f"
see "hello"
see_re "actor=B address=0x[0-9a-f]+ length=4096 access=rw sharing=shared"
# Locks: a holder, and a waiter drawn on the ruler.
tui_command 'A open f1 rw create'
tui_command 'B open f1 rw'
tui_command 'A fcntl f1 setlk write 0-9'
tui_command 'B fcntl f1 setlkw write 5-14'
see "blocked in fcntl"
see_re "f1 +file +0 bytes, 1 lock, 1 waiting"
tui_command 'show f1'
see "f1: file"
see_re "A W +\|#+\.+\| posix"
see_re "B W\? +\|\.+\?+\.*\| posix, waiting"
see "blocked_by=A"
tui_command 'A fcntl f1 setlk unlock'
see_re "f1 +file +0 bytes, 1 lock$|f1 +file +0 bytes, 1 lock "
tui_quit
exit 0
