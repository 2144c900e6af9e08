# A lesson in the full screen, told a step at a time: the caption box
# (the chapter on its border, the narration bold, the line that runs
# next, the keys); Space runs a step; ] runs to the next chapter but
# stops at a question; a question waits for Space and then shows the
# kernel's answer; R makes the lab anew and runs the lesson again up to
# the chapter's start; pace play lets the steps go on a timer; Escape
# stops the script; say alone takes the caption away; source typed in
# the lab runs a file, and Escape stops its wait and the rest.
. "$SRCDIR/tests/lib.sh"
tui_start 120 40 "$IPCSCOPE" --lesson pipes
# What the caption box holds, its rows joined ($2: its title's start),
# once it holds $1 (up to 5 s).
caption_is() {
	n=0
	while [ "$(pane "$2" text)" != "$1" ]; do
		n=$((n + 1))
		[ $n -gt 50 ] && { screen; echo "box: $(pane "$2" text)"; fail "the caption is not '$1'"; }
		sleep 0.1
	done
}
# The same, matched by the extended regex $1.
caption_re() {
	n=0
	while ! pane "$2" text | grep -Eq -- "$1"; do
		n=$((n + 1))
		[ $n -gt 50 ] && { screen; echo "box: $(pane "$2" text)"; fail "the caption does not match '$1'"; }
		sleep 0.1
	done
}
caption_is 'next: chapter "A pipe is one-way"' narration
see "Space step  ] chapter  p play  R again  Esc stop"
see "0 actors"
tm send-keys -t lab Space
caption_is "pipe() gives a process two descriptors: a read end and a write end. Watch A's descriptors in the actors pane. next: spawn A" "chapter 1: A pipe is one-way"
# The caption is the box at the bottom, under the log.
last_box_row=$(screen | grep -n '└' | tail -1 | cut -d: -f1)
cap_row=$(screen | grep -n 'next: spawn A' | tail -1 | cut -d: -f1)
[ "$cap_row" -eq $((last_box_row - 1)) ] || { screen; fail "the caption is not the bottom box"; }
pane Log text | grep -q "pipe() gives a process two descriptors" || fail "narration in the log"
unsee "1 actor "
tm send-keys -t lab Space
see "1 actor "
caption_is "pipe() gives a process two descriptors: a read end and a write end. Watch A's descriptors in the actors pane. next: A pipe p1" "chapter 1:"
# ] runs on, but a question holds whatever the pace.
tm send-keys -t lab ']'
caption_is 'Question: A writes to the read end of p1. What does write return? next: A write p1.r "x"' "chapter 1:"
unsee "write(3<p1.r>"
tm send-keys -t lab Space
caption_re '^Question: A writes to the read end of p1\. What does write return\? Answer: A: write\(3<p1\.r>, "x", 1\) = -1 EBADF \(Bad file descriptor\): the descriptor is open for reading only <[0-9.]+us> next: say "Each end works one way only: -1, with errno EBADF\."$' "chapter 1:"
tm send-keys -t lab ']'
caption_is 'Each end works one way only: -1, with errno EBADF. next: chapter "Two processes share a pipe through fork"' "chapter 1:"
tm send-keys -t lab Space
see "chapter 2: Two processes share a pipe through fork"
see "next: A fork B"
# R: the lab anew, the lesson again up to chapter 2's start, held there.
a_pid() {
	screen | sed -n 's/^│A  *\([0-9][0-9]*\) .*/\1/p' | head -1
}
before=$(a_pid)
[ -n "$before" ] || { screen; fail "no pid for A"; }
tm send-keys -t lab R
see "the lab anew, and the script again up to chapter 2: Space goes on"
caption_is 'Each end works one way only: -1, with errno EBADF. next: chapter "Two processes share a pipe through fork"' "chapter 1:"
see "1 actor "
after=$(a_pid)
[ -n "$after" ] && [ "$after" != "$before" ] || { screen; fail "R did not make A anew ($before, then $after)"; }
# pace play: the steps go by themselves, up to the next question.
tui_command 'pace play 300ms'
see "Question: p1 is empty, and B reads it. What happens to B?" 15
see "next: B read p1"
sleep 1
see "next: B read p1"
# Escape stops the script: no line is shown as next.
tm send-keys -t lab Escape
see "the script stopped (R runs its chapter again)"
unsee "next: B read p1"
tui_command 'say "A new caption for the back row"'
caption_is "A new caption for the back row" "chapter 3:"
tui_command 'say'
caption_is "" "chapter 3:"
# source, typed: its lines run in turn; Escape stops its wait and the rest.
cat > "$T/s.isc" <<'S'
chapter "Sourced"
say "from a file"
sleep 30s
say "never shown"
S
tui_command 'pace run'
tui_command "source $T/s.isc"
see "chapter 4: Sourced"
caption_is 'from a file running, then: say "never shown"' "chapter 4:"
tm send-keys -t lab Escape
see "the rest of the script is not run"
sleep 0.5
unsee "never shown"
tui_quit
exit 0
