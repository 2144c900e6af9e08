# --json: every line of output is one JSON object with a type; errors too.
. "$SRCDIR/tests/lib.sh"
command -v python3 > /dev/null || fail "python3 is needed to check JSON"
cat "$SRCDIR/tests/scenarios/06-eof-epipe.isc" > "$T/s.isc"
echo 'show p1' >> "$T/s.isc"
echo 'show A' >> "$T/s.isc"
echo 'show' >> "$T/s.isc"
echo 'help pipe' >> "$T/s.isc"
echo 'nosuchverb' >> "$T/s.isc"
"$IPCSCOPE" --json --batch "$T/s.isc" > "$T/out" 2> "$T/err"
[ $? -eq 1 ] || fail "expected exit status 1 from the bad line"
[ -s "$T/err" ] && fail "stderr in --json mode: $(cat "$T/err")"
python3 - "$T/out" <<'P' || exit 1
import json, sys
types = {}
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    o = json.loads(line)
    assert isinstance(o, dict), n
    for k in ("type", "time", "text"):
        assert k in o, (n, k, line)
    types[o["type"]] = types.get(o["type"], 0) + 1
    if o["type"] == "call" and o.get("result") == "returned":
        assert isinstance(o["ret"], int) and "errno" in o and "elapsed" in o, line
    if o["type"] == "show" and o.get("who") == "p1":
        assert o["kind"] == "pipe" and "used" in o["queued"] and "capacity" in o["queued"], line
    if o["type"] == "error":
        assert o["error"] is True and o["line"] > 0 and "message" in o, line
for t in ("spawn", "call", "blocked", "expect", "exit", "show", "help", "error", "echo"):
    assert types.get(t), "no %s record: %s" % (t, types)
P
exit 0
