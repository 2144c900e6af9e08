# The kernel layer's network namespaces made by a caller without
# privilege (user 65534): in a user namespace of its own, the unit test
# of namespaces passes whole, as it does for root in the unit tests.
. "$SRCDIR/tests/lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root to become user 65534 (the unit test ran as this user)"
BUILD=$(dirname "$IPCSCOPE")
nobody_dir
# A copy user 65534 may run wherever the build is.
cp "$BUILD/tests/unit/kernel/test_netns" "$NOBODY/test_netns" || fail "copy"
chmod 755 "$NOBODY/test_netns"
out=$(as_nobody "$NOBODY/test_netns" 2>&1)
st=$?
[ "$st" = 77 ] && skip "$(echo "$out" | tail -1)"
echo "$out" | grep -q '^  unprivileged: in a user namespace of uid 65534$' ||
    fail "not run unprivileged: $out"
[ "$st" = 0 ] || fail "status $st: $out"
echo "$out" | grep -q '^FAIL' && fail "$out"
[ "$(echo "$out" | grep -c '^ok ')" -ge 6 ] || fail "too few tests: $out"
nobody_leftovers test_netns
true
