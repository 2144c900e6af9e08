# Hosts on the screen: the actors pane shows which host each actor runs
# on (@h1), the objects pane lists hosts and links with their summaries
# (and the n menu offers both),
# and the topology names each actor with its host and draws the hosts
# each link joins.
. "$SRCDIR/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || unshare -U true 2>/dev/null || skip "no network namespaces here"
cat > "$T/hosts.isc" <<'S'
host h1 h2
link h1 h2
spawn S on h2
spawn C on h1
spawn M
S socket srv tcp
S bind srv 8080
S listen srv
C socket cli tcp
C connect cli h2:8080
S accept srv conn
S
tui_start 150 45 "$IPCSCOPE" -s "$T/hosts.isc"
see_re 'S +[0-9]+ +@h2 '
see_re 'C +[0-9]+ +@h1 '
pane Actors | grep -Eq 'M +[0-9]+ +@' && { pane Actors; fail "M, on the machine, shown on a host"; }
see_re 'h1 +host +.*1 actor, 1 link, 198\.18\.1\.1'
see_re 'l1 +link +.*h1 - h2: 198\.18\.1\.0/24, up'
# The n menu offers hosts and links: their commands go on the command
# line, with a free name and the two newest hosts.
tm send-keys -t lab n
see "a new object"
for i in $(seq 1 40); do tm send-keys -t lab Down; done
tm send-keys -t lab Enter
see ":link h1 h2"
tm send-keys -t lab Escape
unsee 'Enter run Tab complete'
tm send-keys -t lab n
see "a new object"
for i in $(seq 1 40); do tm send-keys -t lab Down; done
tm send-keys -t lab Up Enter
see ":host h3"
tm send-keys -t lab Enter
see_re 'h3 +host +0 actors, no link'
tui_command 'ifdown l1 h1'
see_re 'l1 +link +.*h1 - h2: 198\.18\.1\.0/24, down'
tui_command 'ifup l1'
tm send-keys -t lab T
see "Topology: who holds what"
n=0
until pane Topology | grep -q 'C@h1' && pane Topology | grep -q 'S@h2'; do
	n=$((n + 1)); [ $n -gt 50 ] && { pane Topology; fail "the topology does not name the actors' hosts"; }
	sleep 0.1
done
pane Topology | grep -q 'M@' && fail "M drawn on a host"
pane Topology | grep -Eq 'h1 l1 ◀═* connected ═*▶ h2 l1' || { pane Topology; fail "h1 and h2 not drawn linked"; }
tui_quit
exit 0
