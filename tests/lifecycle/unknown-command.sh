# A first word that is neither a command nor an actor is an unknown
# command, with the nearest command where there is one; it is not
# blamed on an actor of that name. An actor's unknown call is, with the
# nearest call; help on a topic that is not one, with the nearest. The
# same in a script, in the line mode and in the TUI.
. "$SRCDIR/tests/lib.sh"
command -v tmux > /dev/null || fail "tmux is needed (tests/deps.sh installs it)"
cat > "$T/bad.isc" <<'EOF'
spawn A
frobnicate now
attach 123
include FILE
spwan B
kil A TERM
A frobnicate
A wrte p1 "x"
waitpid A
help wrte
EOF
"$IPCSCOPE" --batch "$T/bad.isc" > "$T/out" 2> "$T/err"
[ $? -eq 1 ] || fail "exit status $?, want 1"
e() {
	grep -qxF "ipcscope: $T/bad.isc:$1" "$T/err" || { cat "$T/err"; fail "no error: $1"; }
}
e "2:1: unknown command 'frobnicate'; help lists the commands"
e "3:1: unknown command 'attach'; help lists the commands"
e "4:1: unknown command 'include'; help lists the commands"
e "5:1: unknown command 'spwan' (did you mean spawn?); help lists the commands"
e "6:1: unknown command 'kil' (did you mean kill?); help lists the commands"
e "7:3: unknown call 'frobnicate' for actor A; help lists the calls an actor can make"
e "8:3: unknown call 'wrte' for actor A (did you mean write?); help lists the calls an actor can make"
e "9:1: 'waitpid' is a call an actor makes: write it after the actor's name (A waitpid ...)"
e "10:6: no command or mechanism called wrte (did you mean write?); help lists them"
! grep -q "for actor \(frobnicate\|attach\|include\)" "$T/err" || fail "a command was blamed on an actor"

# The line mode.
export XDG_STATE_HOME="$T/state"
tui_start 100 30 "$IPCSCOPE" --line
see "ipcscope>"
tm send-keys -t lab 'spawn A' Enter
see "A: spawned, pid"
tm send-keys -t lab 'frobnicate now' Enter
see "ipcscope: column 1: unknown command 'frobnicate'; help lists the commands"
tm send-keys -t lab 'shwo p1' Enter
see "unknown command 'shwo' (did you mean show?)"
tm send-keys -t lab 'A frob' Enter
see "ipcscope: column 3: unknown call 'frob' for actor A"
screen | grep -q "for actor \(frobnicate\|shwo\)" && fail "line mode: a command was blamed on an actor"
tm send-keys -t lab quit Enter
tui_wait_gone

# The TUI: the message line.
tui_start 100 30 "$IPCSCOPE"
see "Actors (0)"
tui_command 'spawn A'
see_re '^│A +[0-9]+ idle'
tui_command 'attach 123'
see "column 1: unknown command 'attach'; help lists the commands"
tui_command 'A atach'
see "column 3: unknown call 'atach' for actor A"
tm send-keys -t lab q
see "quit and kill it? (y/n)"
tm send-keys -t lab y
tui_wait_gone
exit 0
