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
# A verb alone still shows its usage, a lab command and an actor's call both.
printf 'help kill\n' | "$IPCSCOPE" --batch - > "$T/out" 2>&1
grep -q "^usage: kill TARGET SIGNAL" "$T/out" && grep -q "^usage: ACTOR kill TARGET SIGNAL" "$T/out" ||
    { cat "$T/out"; fail "help kill"; }
exit 0
