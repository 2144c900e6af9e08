# signals prints every signal with its default action; signals A prints
# A's grid, per thread, and names each signal in it with its default.
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<'X'
signals
spawn A
A thread t1
A signal TSTP catch
A block TTIN
A.t1 block TTIN USR2
kill A TTIN
tkill A.t1 USR2
signals A
X
"$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2> "$T/err" || fail "the script failed: $(cat "$T/err")"
want_out "^ 20  SIGTSTP       stop       Stopped from the terminal"
want_out "^ 21  SIGTTIN       stop       Background read from the terminal"
want_out "^ 17  SIGCHLD       ignore"
want_out "^ 28  SIGWINCH      ignore"
want_out "^ 23  SIGURG        ignore"
want_out "^ 11  SIGSEGV       core"
want_out "^ 18  SIGCONT       continue"
want_out "^ 34  SIGRTMIN      terminate"
want_out "^pending process  ........ ........ ....P... "
want_out "^pending A.t1     ........ ...P.... "
want_out "^blocked A        ........ ........ ....B... "
want_out "^blocked A.t1     ........ ...B.... ....B... "
want_out "^caught           ........ ........ ...C.... ........ C......."
want_out "^  SIGUSR2       terminate pending to A.t1; blocked by A.t1"
want_out "^  SIGTSTP       stop      caught"
want_out "^  SIGTTIN       stop      pending to the process; blocked by A; blocked by A.t1"
exit 0
