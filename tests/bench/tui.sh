#!/bin/sh
# tui.sh: figures for the full-screen interface, from the real program in
# a real terminal (tmux), as medians:
#  - the time to build and draw one frame, with 10 actors, and with 100
#    actors and 500 objects (ipcscope's own measure of each frame);
#  - the CPU an idle TUI with 10 actors uses at the default refresh over
#    20 s, as a share of one core, three times; and htop's at -d 2 (0.2 s)
#    over the same 20 s, if htop is installed;
#  - the time from a key press (as ipcscope reads it) to the updated
#    screen (written to the terminal).
# usage: tests/bench/tui.sh BUILDDIR
B=$(cd "${1:-.}" && pwd)
T=$(mktemp -d)
trap 'tmux -S "$T/tmux" kill-server 2>/dev/null; rm -rf "$T"' EXIT
export XDG_RUNTIME_DIR=$T/run XDG_STATE_HOME=$T/state
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
tm() { tmux -S "$T/tmux" "$@"; }
hz=$(getconf CLK_TCK)

ticks() {	# utime + stime of a process
	awk '{print $14 + $15}' "/proc/$1/stat"
}
wait_screen() {	# session, text
	n=0
	until tm capture-pane -p -t "$1" | grep -qF -- "$2"; do
		n=$((n + 1))
		[ $n -gt 600 ] && { echo "bench: $1 never showed $2"; exit 1; }
		sleep 0.1
	done
}
median() {
	sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}
field() {	# stats file, line kind, field name ("count" for the count)
	awk -v k="$2" -v f="$3" '$1 == k { if (f == "count") print $2;
	    for (i = 3; i < NF; i += 2) if ($i == f) print $(i + 1) }' "$1"
}

i=0
while [ $i -lt 10 ]; do
	printf 'spawn A%d\nA%d pipe q%d\nA%d write q%d 1k\n' $i $i $i $i $i
	i=$((i + 1))
done > "$T/ten.isc"
i=0
while [ $i -lt 100 ]; do
	printf 'spawn X%d\n' $i
	for j in 0 1 2 3 4; do
		printf 'X%d pipe q%d_%d\nX%d write q%d_%d 100\n' $i $i $j $i $i $j
	done
	i=$((i + 1))
done > "$T/big.isc"

# 10 actors, idle: CPU over 20 s (three times), then keys.
tm new-session -d -s ten -x 160 -y 50 "env IPCSCOPE_TUI_STATS=$T/ten.stats $B/ipcscope --source $T/ten.isc"
wait_screen ten "Actors (10)"
pid=$(tm list-panes -t ten -F '#{pane_pid}')
hpid=""
if command -v htop > /dev/null; then
	tm new-session -d -s htop -x 160 -y 50 "htop -d 2"
	sleep 1
	hpid=$(tm list-panes -t htop -F '#{pane_pid}')
fi
sleep 2
for run in 1 2 3; do
	a=$(ticks "$pid")
	[ -n "$hpid" ] && ha=$(ticks "$hpid")
	sleep 20
	b=$(ticks "$pid")
	echo "$a $b" | awk -v hz="$hz" '{printf "%.2f\n", ($2 - $1) * 100 / hz / 20}' >> "$T/cpu"
	[ -n "$hpid" ] && echo "$ha $(ticks "$hpid")" |
	    awk -v hz="$hz" '{printf "%.2f\n", ($2 - $1) * 100 / hz / 20}' >> "$T/hcpu"
done
for k in $(seq 30); do
	tm send-keys -t ten Down
	sleep 0.1
	tm send-keys -t ten Up
	sleep 0.1
done
tm send-keys -t ten q
sleep 0.3
tm send-keys -t ten y
sleep 1
[ -n "$hpid" ] && tm kill-session -t htop

# 100 actors and 500 objects: frames while it refreshes, and keys.
tm new-session -d -s big -x 160 -y 50 "env IPCSCOPE_TUI_STATS=$T/big.stats $B/ipcscope --source $T/big.isc"
wait_screen big "Objects (500)"
sleep 5
for k in $(seq 20); do
	tm send-keys -t big Down
	sleep 0.1
done
tm send-keys -t big q
sleep 0.3
tm send-keys -t big y
sleep 2

echo "frame build and draw, 10 actors (median of $(field "$T/ten.stats" frames count)): $(field "$T/ten.stats" frames median_ns | awk '{printf "%.2f ms", $1 / 1e6}')"
echo "frame build and draw, 100 actors and 500 objects (median of $(field "$T/big.stats" frames count)): $(field "$T/big.stats" frames median_ns | awk '{printf "%.2f ms", $1 / 1e6}')"
echo "idle CPU, 10 actors, default 100ms refresh, 20 s (median of 3): $(median < "$T/cpu")% of one core (runs: $(tr '\n' ' ' < "$T/cpu"))"
[ -s "$T/hcpu" ] && echo "idle CPU, htop -d 2, the same 20 s (median of 3): $(median < "$T/hcpu")% of one core (runs: $(tr '\n' ' ' < "$T/hcpu"))"
echo "key press to updated screen, 10 actors (median of $(field "$T/ten.stats" keys count)): $(field "$T/ten.stats" keys median_ns | awk '{printf "%.2f ms", $1 / 1e6}')"
echo "key press to updated screen, 100 actors and 500 objects (median of $(field "$T/big.stats" keys count)): $(field "$T/big.stats" keys median_ns | awk '{printf "%.2f ms", $1 / 1e6}')"
