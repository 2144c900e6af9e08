# Every fuzz target's corpus, replayed in this build (the targets run
# without libFuzzer): no input may crash a parser, leak memory or
# descriptors, or draw a sanitizer's report; each input of each corpus
# is run.
. "$SRCDIR/tests/lib.sh"
BUILD=$(dirname "$IPCSCOPE")
for c in "$SRCDIR"/tests/fuzz/corpus/*/; do
	name=$(basename "$c")
	prog=$BUILD/tests/fuzz/replay_$name
	[ -x "$prog" ] || fail "no replay program for the corpus $name (make build-tests)"
	files=$(ls "$c" | wc -l)
	[ "$files" -gt 0 ] || fail "the corpus $name is empty"
	out=$("$prog" "$c" 2>&1) || fail "replay_$name: $(echo "$out" | tail -5)"
	[ "$out" = "$files inputs" ] || fail "replay_$name ran '$out', not $files inputs"
done
true
