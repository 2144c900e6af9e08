# lib.sh: what the checks in tests/lint share. Sourced, not run.
#
# A check finds the items that break a rule of the tree (one a line: an
# include edge on a cycle, an include against the layers, a call up) and
# fails on any, printing them. names.sh alone has a list, names.except:
# the places where src/ or ui/ uses a mechanism's word for its own or in
# help text, each with its reason.

# lint_tmp: a private directory for the check, removed on exit.
lint_tmp() {
	LINT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ipcscope-lint.XXXXXX") || exit 2
	trap 'rm -rf "$LINT_TMP"' EXIT
	trap 'exit 2' HUP INT TERM
}

# lint_list FILE: the entries of a list (names.words, names.except...),
# sorted: comments (from #) and blank lines dropped, spaces squeezed.
lint_list() {
	[ -f "$1" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' -e 's/ $//' \
	    -e '/^$/d' "$1" | LC_ALL=C sort -u
}

# lint_rel PATH: PATH relative to the source tree, for messages.
lint_rel() {
	case $1 in
	"$LINT_SRC"/*) echo "${1#"$LINT_SRC"/}" ;;
	*) echo "$1" ;;
	esac
}

# lint_sources: the project's C files (src/, mechanisms/, ui/ and their
# subfolders), relative to the source tree, sorted. Run in the tree.
lint_sources() {
	for d in src mechanisms ui; do
		[ -d "$d" ] && find "$d" -type f \( -name '*.c' -o -name '*.h' \)
	done | LC_ALL=C sort
}

# lint_includes: every #include "X" of the project's files resolved to the
# project file it names, as lines "FILE LINE TARGET X" (TARGET a path in
# the tree); run in the tree. X is looked for as the compiler would: beside
# the including file first, then as a path ending in /X anywhere in the
# three trees (the -I folders). An X found nowhere (config.h, made by
# configure) is not the project's and is left out; an X found in two
# places is said on stderr and both are kept.
lint_includes() {
	lint_sources > "$LINT_TMP/files"
	# grep -n prints FILE:LINE:TEXT (/dev/null makes it name the file
	# even when given one); file names have no colon.
	xargs grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' /dev/null < "$LINT_TMP/files" |
	awk -v files="$LINT_TMP/files" '
	BEGIN {
		while ((getline f < files) > 0) {
			have[f] = 1
			n = split(f, p, "/")
			# every tail of the path: a/b/c.h -> c.h, b/c.h, a/b/c.h
			t = p[n]
			tails[t] = tails[t] " " f
			for (i = n - 1; i >= 1; i--) {
				t = p[i] "/" t
				tails[t] = tails[t] " " f
			}
		}
	}
	{
		file = $0; sub(/:.*/, "", file)
		rest = substr($0, length(file) + 2)
		line = rest; sub(/:.*/, "", line)
		inc = rest; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
		dir = file; sub(/\/[^\/]*$/, "", dir)
		if ((dir "/" inc) in have) { print file, line, dir "/" inc, inc; next }
		m = split(tails[inc], c, " ")
		if (m > 1)
			printf "%s:%s: \"%s\" names %d files:%s\n", file, line, inc, m, tails[inc] > "/dev/stderr"
		for (k = 1; k <= m; k++)
			print file, line, c[k], inc
	}'
}


# lint_cycles: the edges on a cycle of a graph. Reads lines "A B WHY..."
# (an edge A -> B, and what makes it: an include line, a symbol) and
# writes, in $LINT_TMP:
#   cycle.edges   "A -> B" for each edge on a cycle (B reaches A again),
#   cycle.why     "A -> B<TAB>WHY" for each of those edges and each WHY,
#   cycle.groups  "A -> B<TAB>the members of its cycle" (its strongly
#                 connected component, the nodes all reaching each other).
# Every edge between two members of a component lies on a cycle, so the
# component's edges are exactly those whose head reaches their tail.
lint_cycles() {
	awk -v dir="$LINT_TMP" '
	{
		a = $1; b = $2
		why = $0; sub(/^[^ ]+ [^ ]+ ?/, "", why)
		if (a == b) next
		if (!((a, b) in edge)) {
			edge[a, b] = 1; out[a] = out[a] " " b
			node[a] = 1; node[b] = 1
			ne++; ea[ne] = a; eb[ne] = b
		}
		if (why != "") { nw[a, b]++; whys[a, b, nw[a, b]] = why }
	}
	END {
		# reach[s, v]: v is reached from s by one edge or more.
		for (s in node) {
			split("", seen); qh = 1; qt = 0
			m = split(out[s], w, " ")
			for (k = 1; k <= m; k++) if (!(w[k] in seen)) { seen[w[k]] = 1; q[++qt] = w[k] }
			while (qh <= qt) {
				v = q[qh++]; reach[s, v] = 1
				m = split(out[v], w, " ")
				for (k = 1; k <= m; k++) if (!(w[k] in seen)) { seen[w[k]] = 1; q[++qt] = w[k] }
			}
		}
		for (i = 1; i <= ne; i++) {
			a = ea[i]; b = eb[i]
			if (!((b, a) in reach)) continue
			print a " -> " b > (dir "/cycle.edges")
			for (k = 1; k <= nw[a, b]; k++)
				print a " -> " b "\t" whys[a, b, k] > (dir "/cycle.why")
			if (!(a in group)) {
				members = ""
				for (v in node)
					if (v == a || (((a, v) in reach) && ((v, a) in reach)))
						members = members " " v
				group[a] = members
			}
			print a " -> " b "\t" group[a] > (dir "/cycle.groups")
		}
	}'
	for f in edges why groups; do
		touch "$LINT_TMP/cycle.$f"
		LC_ALL=C sort -u -o "$LINT_TMP/cycle.$f" "$LINT_TMP/cycle.$f"
	done
}

# lint_cycle_report FILE: the edges "A -> B" listed in FILE, by cycle:
# each cycle's members once, then its edges from FILE and what makes each.
lint_cycle_report() {
	awk -F '\t' -v groups="$LINT_TMP/cycle.groups" -v why="$LINT_TMP/cycle.why" -v unit="${2:-modules}" '
	BEGIN {
		while ((getline l < groups) > 0) {
			split(l, f, "\t")
			n = split(f[2], m, " ")
			# members sorted (insertion sort: cycles are small)
			for (i = 2; i <= n; i++) {
				v = m[i]
				for (j = i - 1; j >= 1 && m[j] > v; j--) m[j + 1] = m[j]
				m[j + 1] = v
			}
			g = ""
			for (i = 1; i <= n; i++) g = g " " m[i]
			group[f[1]] = g; size[f[1]] = n
		}
		while ((getline l < why) > 0) {
			split(l, f, "\t")
			whys[f[1]] = whys[f[1]] "    " f[2] "\n"
		}
	}
	{
		g = group[$0]
		if (!(g in seen)) { seen[g] = 1; order[++ng] = g; gsize[g] = size[$0] }
		edges[g] = edges[g] "  " $0 "\n" whys[$0]
	}
	END {
		for (i = 1; i <= ng; i++) {
			g = order[i]
			printf "cycle of %d %s:%s\n%s", gsize[g], unit, g, edges[g]
		}
	}' "$1"
}
