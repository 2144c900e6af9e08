# The documented way to show lost updates shows them: help incr, help
# together and the man page give it (a CPU each, then a hundred million adds
# each, released together), and on two CPUs it loses updates in at least
# 9 runs of 10. Each call's line says when it began after the release, so
# a run that lost nothing can be read: the loops did not overlap.
. "$SRCDIR/tests/lib.sh"
[ "$(nproc)" -ge 2 ] || skip "a race between two CPUs needs two CPUs; this machine has $(nproc)"
way='A cpu 0, B cpu 1, then together A incr m1 0 100000000; B incr m1 0 100000000'
printf 'help incr\nhelp together\n' | "$IPCSCOPE" --batch /dev/stdin > "$T/help" 2>&1 ||
    fail "help: $(cat "$T/help")"
tr -s ' \n' '  ' < "$T/help" > "$T/help1"
grep -qF "$way" "$T/help1" || fail "help incr does not give the way: $(cat "$T/help")"
grep -qF "Pinning matters" "$T/help1" || fail "help incr does not say why pinning matters"
grep -qF "give each actor its own CPU first (A cpu 0, B cpu 1)" "$T/help1" ||
    fail "help together does not say to pin"
man_text=$(MANWIDTH=200 man -l "$SRCDIR/man/ipcscope.1" 2> /dev/null | tr -s ' \n' '  ')
case $man_text in
*"together A incr m1 0 100000000; B incr m1 0 100000000"*"Pinning matters"*) ;;
*) fail "the man page does not give the way" ;;
esac
cat > "$T/race.isc" <<'X'
spawn A
A mmap m1 anon 4k
A fork B
A cpu 0
B cpu 1
together A incr m1 0 100000000; B incr m1 0 100000000
wait A done timeout 30s
wait B done timeout 30s
expect A last.late < 1s
expect B last.late < 1s
A peek m1 0 u64
X
lost=0
i=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	"$IPCSCOPE" --batch "$T/race.isc" > "$T/out" 2>&1 || fail "run $i: $(cat "$T/out")"
	grep -q 'began [0-9.]*[mun]*s after the release>' "$T/out" ||
	    fail "run $i: no line says when the call began: $(cat "$T/out")"
	n=$(sed -n 's/^A: \*(uint64_t \*)0x[0-9a-f]*<m1> = \([0-9]*\) .*/\1/p' "$T/out")
	[ -n "$n" ] || fail "run $i: no counter: $(cat "$T/out")"
	[ "$n" -le 200000000 ] || fail "run $i: the counter is $n, more than was added"
	if [ "$n" -lt 200000000 ]; then lost=$((lost + 1)); fi
done
echo "  updates lost in $lost of 10 runs"
[ $lost -ge 9 ] || fail "updates lost in only $lost of 10 runs"
