# help NAME reaches every mechanism, also one whose name is a verb too
# (pipe, signal, eventfd, socket, mmap): the mechanism's text, with its
# calls, and then the verb's usage. The help's own example of help
# MECHANISM shows a mechanism.
. "$SRCDIR/tests/lib.sh"
echo help | "$IPCSCOPE" --batch - > "$T/list" 2>&1 || fail "help failed"
grep -q "help MECHANISM (help pipe) a mechanism" "$T/list" || fail "no help MECHANISM example"
# The mechanisms are the list's headings: "  NAME: title".
sed -n 's/^  \([a-z_]*\): \(.*\)$/\1 \2/p' "$T/list" > "$T/mechs"
[ "$(wc -l < "$T/mechs")" -ge 10 ] || { cat "$T/list"; fail "too few mechanisms in help"; }
both=0
while read -r name title; do
	printf 'help %s\n' "$name" | "$IPCSCOPE" --batch - > "$T/out" 2>&1 ||
	    { cat "$T/out"; fail "help $name failed"; }
	[ "$(head -1 "$T/out")" = "$name: $title" ] ||
	    { cat "$T/out"; fail "help $name does not show the mechanism '$name: $title'"; }
	# A verb of the same name: its usage follows.
	if grep -q "^    $name\( \|$\)" "$T/list"; then
		grep -q "^usage: ACTOR $name\( \|$\)" "$T/out" ||
		    { cat "$T/out"; fail "help $name does not show the $name verb too"; }
		both=$((both + 1))
	fi
done < "$T/mechs"
[ "$both" -ge 5 ] || fail "only $both names are both a verb and a mechanism"
for name in pipe signal eventfd socket mmap; do
	grep -q "^$name " "$T/mechs" || fail "$name is not listed as a mechanism"
done
# send and recv say each mechanism's call, from the mechanisms: those
# of one call together, and calls on objects of one name together.
printf 'help send\nhelp recv\n' | "$IPCSCOPE" --batch - 2>&1 | tr '\n' ' ' | tr -s ' ' > "$T/io"
for said in "write for pipes, FIFOs, files and pseudoterminals, msgsnd and mq_send for message queues, an 8-byte write for an eventfd, send for sockets." \
    "read for pipes, FIFOs, files, pseudoterminals and signalfds, msgrcv and mq_receive for message queues, an 8-byte read for an eventfd, recv for sockets."; do
	grep -qF "$said" "$T/io" || { cat "$T/io"; fail "help send/recv does not say: $said"; }
done
# A verb alone still shows its usage, a lab command and an actor's call both.
printf 'help kill\n' | "$IPCSCOPE" --batch - > "$T/out" 2>&1
grep -q "^usage: kill TARGET SIGNAL" "$T/out" && grep -q "^usage: ACTOR kill TARGET SIGNAL" "$T/out" ||
    { cat "$T/out"; fail "help kill"; }
exit 0
