# --cast FILE around the full screen, in a real terminal: a lesson told
# a step at a time is recorded with a marker at each chapter it reached,
# in order, and its captions in the output; quitting gives the shell its
# terminal back in the modes it had and the run's status; Ctrl-Z stops
# the lab and the relay together, and fg brings the screen back; a
# controller killed by SIGKILL inside the recording still leaves the
# terminal sane (its guardian gives the pseudoterminal back, the relay
# the terminal) and the recording whole, the guardian's report in it.
. "$SRCDIR/tests/lib.sh"
command -v bash > /dev/null || fail "bash is needed for job control"
tui_start 120 40 bash --norc --noprofile
tm send-keys -t lab "PS1='$ '; ulimit -c 0" Enter
shell=$(tm list-panes -t lab -F '#{pane_pid}')
# Run ipcscope ARGS ($2) in the shell; when it ends, the shell writes its
# status and the terminal's modes, then says BACK-$1.
run() {
	tm send-keys -t lab -l "stty -g > $T/before; $IPCSCOPE $2; echo \$? > $T/status; stty -g > $T/after; echo BA\"\"CK-$1"
	tm send-keys -t lab Enter
}
back() {
	see "BACK-$1" 10
	[ "$(cat "$T/status")" = "$2" ] || fail "$1: exit status $(cat "$T/status"), want $2"
	cmp -s "$T/before" "$T/after" || fail "$1: the terminal modes changed: $(cat "$T/before") -> $(cat "$T/after")"
	[ "$(tm display -p -t lab '#{alternate_on}')" = 0 ] || fail "$1: the full screen was not left"
	tm send-keys -t lab clear Enter
	unsee "BACK-$1"
}
# The recording $1 is whole: its header, then events in time order; its
# markers are printed, one a line.
markers() {
	python3 - "$1" <<'P' || fail "$1 is not a whole recording"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "cut short"
head = json.loads(lines[0])
assert head["version"] == 2 and head["width"] == 120 and head["height"] == 40, head
last = 0
for l in lines[1:-1]:
    t, code, text = json.loads(l)
    assert t >= last and code in ("o", "m", "r"), l
    last = t
    if code == "m":
        print(text)
P
}
# The output events of recording $1, joined.
output_of() {
	python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")[1:-1]
sys.stdout.write("".join(e[2] for e in map(json.loads, lines) if e[1] == "o"))' "$1"
}

# (A stopped command lets the rest of a shell list run: this one runs
# alone, and its status is fg's.)
tm send-keys -t lab -l "stty -g > $T/before; clear"
tm send-keys -t lab Enter
tm send-keys -t lab -l "$IPCSCOPE --cast $T/lesson.cast --lesson pipes"
tm send-keys -t lab Enter
see 'next: chapter "A pipe is one-way"'
tm send-keys -t lab Space
see "chapter 1: A pipe is one-way"
# ] to the question, Space for its answer, ] past the rest of chapter 1,
# Space into chapter 2.
tm send-keys -t lab ']'
see "Question: A writes to the read end of p1"
tm send-keys -t lab Space
see "Answer: A: write("
tm send-keys -t lab ']'
see 'next: chapter "Two processes share a pipe through fork"'
tm send-keys -t lab Space
see "chapter 2: Two processes share a pipe through fork"
# Ctrl-Z: the shell has the terminal, in its own modes; fg, the screen.
tm send-keys -t lab C-z
see "Stopped"
tm send-keys -t lab -l "stty -g > $T/during; fg"
tm send-keys -t lab Enter
see "chapter 2: Two processes share a pipe through fork"
cmp -s "$T/before" "$T/during" || fail "suspend: the shell got the terminal in changed modes"
tm send-keys -t lab q
see_re 'actors? (is|are) alive: quit and kill (it|them)\? \(y/n\)'
tm send-keys -t lab y
# Keys typed before the relay ends go to the lab, as a terminal's would
# go to the program that reads them.
n=0
while pgrep -P "$shell" -x ipcscope > /dev/null; do
	n=$((n + 1))
	[ $n -gt 50 ] && fail "the relay did not end"
	sleep 0.1
done
tm send-keys -t lab -l "echo \$? > $T/status; stty -g > $T/after; echo BA\"\"CK-lesson"
tm send-keys -t lab Enter
back lesson 0
[ "$(markers "$T/lesson.cast")" = "chapter 1: A pipe is one-way
chapter 2: Two processes share a pipe through fork" ] || { markers "$T/lesson.cast"; fail "the markers"; }
output_of "$T/lesson.cast" | grep -q "Each end works one way only" || fail "the captions are not in the recording"
wait_no_actors 50 || fail "processes outlived the lesson: $(marked_pids)"

# SIGKILL of the controller, the relay's child.
cat > "$T/lab.isc" <<'S'
chapter "Killed"
spawn A
A pipe p1
echo READY
S
run kill "--cast $T/kill.cast -s $T/lab.isc"
see READY 10
relay=$(pgrep -P "$shell" -x ipcscope)
[ -n "$relay" ] || fail "no relay"
ctl=$(pgrep -P "$relay" -x ipcscope)
[ -n "$ctl" ] || fail "no controller under the relay $relay"
kill -KILL "$ctl"
back kill 137
[ "$(markers "$T/kill.cast")" = "chapter 1: Killed" ] || fail "the marker"
output_of "$T/kill.cast" | grep -q "ipcscope: killed by SIGKILL; the guardian ended 1 actor" ||
    fail "the guardian's report is not in the recording"
wait_no_actors 50 || fail "processes outlived the run: $(marked_pids)"
exit 0
