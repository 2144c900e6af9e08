# signals prints every signal with its default action; signals A prints
# A's grid, per thread, and names each signal in it with its default.
# With --json both are data: the table's signals, and A's sets per
# thread as lists of names.
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

command -v python3 > /dev/null || fail "python3 is needed to check JSON"
"$IPCSCOPE" --json --batch "$T/s.isc" > "$T/json" 2> "$T/err" || fail "the script failed: $(cat "$T/err")"
python3 - "$T/json" <<'P' || fail "signals --json is not the data"
import json, sys
shows = [json.loads(l) for l in open(sys.argv[1]) if json.loads(l)["type"] == "show"]
table, grid = shows
assert len(table["signals"]) == 64, table.keys()
assert table["signals"][19] == {"number": 20, "name": "SIGTSTP", "default": "stop",
    "meaning": "Stopped from the terminal"}, table["signals"][19]
assert grid["who"] == "A" and grid["pid"] > 0, grid
assert grid["pending_process"] == ["SIGTTIN"], grid
assert "SIGTSTP" in grid["caught"] and grid["ignored"] == [], grid
threads = {t.get("name"): t for t in grid["threads"]}
assert threads["A"]["pending"] == [] and threads["A"]["blocked"] == ["SIGTTIN"], threads
assert threads["A.t1"]["pending"] == ["SIGUSR2"], threads
assert threads["A.t1"]["blocked"] == ["SIGUSR2", "SIGTTIN"], threads
assert all(t["tid"] > 0 for t in grid["threads"]), threads
assert set(grid["sigq"]) == {"uid", "user_queued", "limit"}, grid
assert "........ ...B.... ....B..." in grid["text"], grid["text"]
P
exit 0
