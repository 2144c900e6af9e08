# --demo says, on its message line, which keys stop the consumer: the
# hint is whole at 100 and at 80 columns, and its keys, pressed as they
# are written from the state the demo starts in, stop the consumer.
. "$SRCDIR/tests/lib.sh"

# The keys of the hint, "...: K1, K2, type WORD, Enter. ...", as tmux
# send-keys arguments, one a line ("-l WORD" for a word typed).
hint_keys() {
	sed -n 's/^.*consumer: \(.*\)\. p1 fills.*$/\1/p' | tr ',' '\n' | while read -r k; do
		case $k in
		Shift-Tab) echo BTab ;;
		Enter) echo Enter ;;
		"type "*) echo "-l ${k#type }" ;;
		?) echo "$k" ;;
		*) echo "?$k" ;;
		esac
	done
}

for size in "100 30" "80 24"; do
	set -- $size
	tui_start "$1" "$2" "$IPCSCOPE" --demo
	see "└ consumer"
	hint=$(screen | tail -1)
	case $hint in
	"Demo: "*"? help") ;;
	*) screen; fail "at $1 columns the hint is cut or missing: '$hint'" ;;
	esac
	keys=$(echo "$hint" | hint_keys)
	[ -n "$keys" ] || fail "no keys in the hint: $hint"
	echo "$keys" | grep -q '^?' && fail "a key of the hint that means nothing: $(echo "$keys" | grep '^?')"
	# Pressed as written, one after another.
	echo "$keys" | while read -r k; do
		case $k in
		"-l "*) tm send-keys -t lab -l "${k#-l }" ;;
		*) tm send-keys -t lab "$k" ;;
		esac
		sleep 0.2
	done
	see_re '└ consumer +[0-9]+ stopped'
	see_re 'kill\([0-9]+<consumer>, SIGSTOP\) = 0'
	pid=$(screen | sed -n 's/^.*└ consumer *\([0-9][0-9]*\) stopped.*$/\1/p' | head -1)
	[ "$(awk '{print $3}' "/proc/$pid/stat")" = T ] || fail "consumer (pid $pid) is not stopped in the kernel"
	tui_quit
done
exit 0
