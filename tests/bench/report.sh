#!/bin/bash
# bench/REPORT.md and its plots from the logs of `make bench`.
#
#   tests/bench/report.sh LOGDIR OUTDIR
#
# LOGDIR holds <kernel>/hooks.log and <kernel>/throughput.log (guest
# console logs) and maybe <kernel>/scap.reason; OUTDIR gets REPORT.md and
# plot-<kernel>.png (gnuplot; the plot is left out, and the report says
# so, without gnuplot).  CGW_BENCH_DATE and CGW_BENCH_HOST_CPU override the
# date and the host CPU line (for the check on recorded logs); the report
# ends with tests/bench/history.md (earlier runs), or CGW_BENCH_HISTORY's
# file ("" for none).
set -eu
logs=${1:?usage: report.sh LOGDIR OUTDIR}
outdir=${2:?usage: report.sh LOGDIR OUTDIR}
mkdir -p "$outdir"
report=$outdir/REPORT.md
# the date of the run: its newest log
newest=$(find "$logs" -name '*.log' -printf '%T@ %p\n' 2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2-)
date=${CGW_BENCH_DATE:-$(date -u ${newest:+-r "$newest"} '+%Y-%m-%d %H:%M UTC')}
host_cpu=${CGW_BENCH_HOST_CPU:-$(grep -c '^processor' /proc/cpuinfo) x $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)}

# tap LOG: the suite's own output (the clean copy between the markers)
tap() {
	tr -d '\r' <"$1" | sed -n '/^CGW-TAP-BEGIN/,/^CGW-TAP-END/p'
}

# verdict LOG: "PASS" or "FAIL (n not ok)" for a suite's log
verdict() {
	local t n
	[ -f "$1" ] || { echo "no log"; return; }
	t=$(tap "$1")
	[ -n "$t" ] || { echo "FAIL (the VM did not finish)"; return; }
	n=$(grep -c '^not ok' <<<"$t" || true)
	if [ "$n" -eq 0 ] && grep -qE '^1\.\.[0-9]+$' <<<"$t"; then echo PASS; else echo "FAIL ($n not ok)"; fi
}

# The awk program that reads "# bench" lines: v[label, op]
# shellcheck disable=SC2016 # awk's $, not the shell's
read_bench='
	/^# bench / {
		lab = $3
		if (!(lab in seen)) { seen[lab] = 1; order[++nl] = lab }
		for (i = 4; i <= NF; i++) { split($i, kv, "="); v[lab, kv[1]] = kv[2] }
	}'
# pct A B: "+x.x%" of A over B
fmt_common='
	function pct(a, b) { return (a == "" || b == "" || b == 0) ? "n/a" : sprintf("%+.1f%%", 100 * (a - b) / b) }
	function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "n/a" : sprintf("%.3f", a / b) }
	function cell(a, b) { return a == "" ? "n/a" : sprintf("%d (%s)", a, pct(a, b)) }
	BEGIN { nop = split("open exec connect sendto names mmap", op, " ")
		name["open"] = "open+close"; name["exec"] = "fork+exec"
		name["connect"] = "TCP connect"; name["sendto"] = "UDP sendto"
		name["names"] = "name ops (8 calls)"; name["mmap"] = "mmap PROT_EXEC"
		desc["unloaded"] = "not loaded"; desc["off"] = "loaded, nothing tracked"
		desc["nohook"] = "loaded, no hook attached (benchmark build)"
		desc["untracked"] = "loaded, cgroup untracked (another one tracked)"
		desc["learn"] = "learn"; desc["monitor"] = "monitor"
		desc["protect-10"] = "protect, 10 entries"; desc["protect-20"] = "protect, 20 entries"
		desc["protect-1000"] = "protect, 1k entries"
		desc["protect-10000"] = "protect, 10k entries"; desc["protect-100000"] = "protect, 100k entries"
		desc["protect-20000"] = "protect, 20k entries (--quick)"
		desc["cg2-protect-10"] = "second cgroup, protect, 10 entries (first holds the big model)"
		desc["cg2-protect-20"] = "second cgroup, protect, 20 entries (first holds the big model)"
	}'

# cgwarden_table TEXT: the cgwarden rows against "not loaded"
cgwarden_table() {
	awk "$fmt_common $read_bench"'
	END {
		printf "| configuration |"; for (j = 1; j <= nop; j++) printf " %s |", name[op[j]]; print ""
		printf "|---|"; for (j = 1; j <= nop; j++) printf "---:|"; print ""
		for (r = 1; r <= nl; r++) {
			l = order[r]
			if (l !~ /^(unloaded|nohook|off|untracked|learn|monitor|protect-|cg2-)/) continue
			printf "| %s |", (l in desc) ? desc[l] : l
			for (j = 1; j <= nop; j++) printf " %s |", cell(v[l, op[j]], v["unloaded", op[j]])
			print ""
		}
	}' <<<"$1"
}

# targets TEXT: each target, measured, met or missed
targets() {
	awk "$fmt_common $read_bench"'
	function row(what, a, b, limit,   p) {
		if (a == "" || b == "" || b == 0) { printf "| %s | n/a | not measured |\n", what; return }
		p = 100 * (a - b) / b
		printf "| %s | %+.2f%% | %s |\n", what, p, (p <= limit ? "met" : "**missed**")
	}
	function irow(what, a, b, limit,   d) {
		if (a == "" || b == "") { printf "| %s | n/a | not measured |\n", what; return }
		d = a - b
		printf "| %s | %+d | %s |\n", what, d, (d <= limit ? "met" : "**missed**")
	}
	# rrow: overhead of A over protect P, both over the baseline B
	function rrow(what, a, p, b, limit,   oa, op) {
		if (a == "" || p == "" || b == "") { printf "| %s | n/a | not measured |\n", what; return }
		oa = a - b; op = p - b
		if (op <= 0) {
			printf "| %s | +%d vs +%d instr. | %s |\n", what, oa, op,
				(oa <= 0 ? "met (no overhead)" : "n/a: protect within noise")
			return
		}
		printf "| %s | %.2fx (+%d vs +%d instr.) | %s |\n", what, oa / op, oa, op, (oa / op <= limit ? "met" : "**missed**")
	}
	END {
		big = ""; small = ""
		for (r = 1; r <= nl; r++) if (order[r] ~ /^protect-[0-9]+$/) {
			big = order[r]
			if (small == "") small = order[r]
		}
		sn = substr(small, 9)
		print "| target | measured | |"
		print "|---|---:|---|"
		row("protect, 10k entries: open+close <= 2.0% over not loaded", v["protect-10000", "open"], v["unloaded", "open"], 2.0)
		row("protect, 10k entries: UDP sendto <= 0.8% over not loaded", v["protect-10000", "sendto"], v["unloaded", "sendto"], 0.8)
		row("protect, 10k entries: TCP connect <= 0.3% over not loaded", v["protect-10000", "connect"], v["unloaded", "connect"], 0.3)
		row("protect, 10k entries: fork+exec <= 0.5% over not loaded", v["protect-10000", "exec"], v["unloaded", "exec"], 0.5)
		# open+close and UDP sendto make one hooked call each
		# (security_file_open, security_socket_sendmsg)
		irow("untracked cgroup: instructions per hooked call (open) <= 60", v["untracked", "open"], v["unloaded", "open"], 60)
		irow("untracked cgroup: instructions per hooked call (sendto) <= 60", v["untracked", "sendto"], v["unloaded", "sendto"], 60)
		irow("nothing tracked: instructions per hooked call (open) <= 60", v["off", "open"], v["unloaded", "open"], 60)
		irow("nothing tracked: instructions per hooked call (sendto) <= 60", v["off", "sendto"], v["unloaded", "sendto"], 60)
		for (j = 1; j <= nop; j++)
			rrow(sprintf("%s: learn overhead within 1.2x of protect (10k entries)", name[op[j]]),
			     v["learn", op[j]], v["protect-10000", op[j]], v["unloaded", op[j]], 1.2)
		for (j = 1; j <= nop; j++)
			row(sprintf("%s: %s entries within 10%% of %s entries", name[op[j]], substr(big, 9), sn),
			    v[big, op[j]], v[small, op[j]], 10)
		for (j = 1; j <= nop; j++)
			row(sprintf("%s: second cgroup within 1%% of the first at %s entries (no cross-cgroup cost)", name[op[j]], sn),
			    v["cg2-" small, op[j]], v[small, op[j]], 1)
	}' <<<"$1"
}

# peers TEXT REASON_SCAP: the peers against their own baselines, and
# cgwarden (protect, 10k entries) against each peer
peers() {
	awk -v scap="$2" "$fmt_common $read_bench"'
	/^# peer / { st[$3] = substr($0, index($0, $4)) }
	END {
		np = split("apparmor sysdig tomoyo auditd", p, " ")
		pn["apparmor"] = "AppArmor, enforce"; pn["sysdig"] = "sysdig + Falco scap driver"
		pn["tomoyo"] = "TOMOYO, learned domain enforcing"; pn["auditd"] = "auditd, syscall rules"
		print "Each peer against the baseline measured just before it in the same boot (`<peer>-base`):"
		print ""
		printf "| peer |"; for (j = 1; j <= nop; j++) printf " %s |", name[op[j]]; print " status |"
		printf "|---|"; for (j = 1; j <= nop; j++) printf "---:|"; print "---|"
		for (i = 1; i <= np; i++) {
			k = p[i]; s = (k in st) ? st[k] : "not measured: the suite did not reach it"
			if (k == "sysdig" && scap != "" && s ~ /^not measured/) s = "not measured: " scap
			printf "| %s |", pn[k]
			for (j = 1; j <= nop; j++)
				printf " %s |", (v[k, op[j]] == "") ? "n/a" : cell(v[k, op[j]], v[k "-base", op[j]])
			gsub(/\|/, "/", s)
			printf " %s |\n", s
		}
		printf "| cgwarden, protect, 10k entries |"
		for (j = 1; j <= nop; j++) printf " %s |", cell(v["protect-10000", op[j]], v["unloaded", op[j]])
		print " measured |"
		print ""
		print "cgwarden (protect, 10k entries) over each peer, as the ratio of their overheads"
		print "(cgwarden overhead / peer overhead, instructions over each one'"'"'s own baseline;"
		print "below 1 is cheaper than the peer; n/a where the peer was not measured or costs nothing):"
		print ""
		printf "| peer |"; for (j = 1; j <= nop; j++) printf " %s |", name[op[j]]; print ""
		printf "|---|"; for (j = 1; j <= nop; j++) printf "---:|"; print ""
		for (i = 1; i <= np; i++) {
			k = p[i]
			printf "| vs %s |", pn[k]
			for (j = 1; j <= nop; j++) {
				o = op[j]; c = v["protect-10000", o] - v["unloaded", o]
				q = (v[k, o] == "") ? "" : v[k, o] - v[k "-base", o]
				if (q == "" || v["protect-10000", o] == "") printf " n/a |"
				else if (q <= 0) printf " n/a (peer %+d) |", q
				else printf " %.2f (%+d vs %+d instr.) |", c / q, c, q
			}
			print ""
		}
	}' <<<"$1"
}

# drift TEXT: every baseline of the boot, to show none was disturbed
drift() {
	awk "$fmt_common $read_bench"'
	END {
		printf "| baseline |"; for (j = 1; j <= nop; j++) printf " %s |", name[op[j]]; print ""
		printf "|---|"; for (j = 1; j <= nop; j++) printf "---:|"; print ""
		for (r = 1; r <= nl; r++) {
			l = order[r]
			if (l != "unloaded" && l !~ /-base$/) continue
			printf "| %s |", l
			for (j = 1; j <= nop; j++) printf " %s |", cell(v[l, op[j]], v["unloaded", op[j]])
			print ""
		}
	}' <<<"$1"
}

# memory TEXT: bytes per model entry and per tracked cgroup, from the
# "# mem" lines (before/after: Slab, VmallocUsed, MemTotal - MemFree in kB)
memory() {
	awk '
	function d(w, i,   a, b) { split(m[w, "before_kb"], b, ","); split(m[w, "after_kb"], a, ","); return a[i] - b[i] }
	/^# mem / {
		for (i = 4; i <= NF; i++) { split($i, kv, "="); m[$3, kv[1]] = kv[2] }
		have[$3] = 1
	}
	/^# slab / { sl[++ns] = substr($0, 8) }
	END {
		print "| what | N | Slab delta | VmallocUsed delta | bytes each (Slab + vmalloc) | target |"
		print "|---|---:|---:|---:|---:|---|"
		if ("entries" in have) {
			n = m["entries", "n"]; pb = m["entries", "path_bytes"]
			e = (d("entries", 1) + d("entries", 2)) * 1024 / n
			printf "| model entry (file, %d-byte path) | %d | %d kB | %d kB | %.1f | <= 128 + path = %d: %s |\n",
				pb, n, d("entries", 1), d("entries", 2), e,
				128 + pb, (e <= 128 + pb) ? "met" : sprintf("**missed** (%.1f + path)", e - pb)
		} else print "| model entry | | | | | not measured |"
		if ("cgroups" in have) {
			n = m["cgroups", "n"]
			printf "| tracked cgroup (own empty model) | %d | %d kB | %d kB | %.0f | |\n",
				n, d("cgroups", 1), d("cgroups", 2),
				n ? (d("cgroups", 1) + d("cgroups", 2)) * 1024 / n : 0
		} else print "| tracked cgroup | | | | | not measured |"
		if (ns) {
			print ""
			print "Slab caches that grew by 16 kB or more (active objects x object size, /proc/slabinfo):"
			print ""
			for (i = 1; i <= ns; i++) print "- " sl[i]
		}
	}' <<<"$1"
}

# throughput TEXT
throughput() {
	awk '
	/^# tput / {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); t[kv[1]] = kv[2] }
		printf "| %s | %d | %d | %.2f s | %d | %d | %s | %s |\n", t["op"], t["procs"], t["ops"],
			t["ns"] / 1e9, t["per_s"], t["decisions"],
			(t["decisions"] == t["ops"]) ? "yes" : "**no**", (t["per_s"] >= 1000000) ? "met" : "missed (TCG)"
		n++
	}
	BEGIN {
		print "| operation | processes | operations | wall time | decisions/s | decisions counted | counted = performed | >= 1M/s |"
		print "|---|---:|---:|---:|---:|---:|---|---|"
	}
	END { if (!n) print "| not measured (no throughput results) | | | | | | | |" }' <<<"$1"
}

# plot KERNEL TEXT PNG: instructions/op against model size, one panel per op
plot() {
	local k=$1 text=$2 png=$3 data
	command -v gnuplot >/dev/null || return 1
	data=$(mktemp)
	awk "$read_bench"'
	END {
		for (r = 1; r <= nl; r++) if (order[r] ~ /^protect-[0-9]+$/) {
			l = order[r]
			print substr(l, 9), v[l, "open"], v[l, "exec"], v[l, "connect"], v[l, "sendto"],
				v["unloaded", "open"], v["unloaded", "exec"], v["unloaded", "connect"], v["unloaded", "sendto"]
		}
	}' <<<"$text" >"$data"
	[ -s "$data" ] || { rm -f "$data"; return 1; }
	gnuplot <<EOF
set terminal pngcairo size 1100,800 font ",10" noenhanced
set output "$png"
set multiplot layout 2,2 title "cgwarden protect, kernel $k: instructions per operation vs model entries (icount, 1 vCPU)"
set logscale x
set xlabel "model entries"
set ylabel "instructions / op"
set key bottom right
set grid
set xrange [5:200000]
set yrange [0:*]
set title "open+close"
plot "$data" using 1:2 with linespoints title "protect", "" using 1:6 with lines dashtype 2 title "not loaded"
set title "fork+exec (static)"
plot "$data" using 1:3 with linespoints title "protect", "" using 1:7 with lines dashtype 2 title "not loaded"
set title "TCP connect, loopback"
plot "$data" using 1:4 with linespoints title "protect", "" using 1:8 with lines dashtype 2 title "not loaded"
set title "UDP sendto"
plot "$data" using 1:5 with linespoints title "protect", "" using 1:9 with lines dashtype 2 title "not loaded"
unset multiplot
EOF
	local rc=$?
	rm -f "$data"
	return $rc
}

{
	echo "# cgwarden benchmarks"
	echo
	echo "Measured by \`make bench\` (tests/bench/run.sh, report by tests/bench/report.sh), run of $date."
	echo
	echo "- Host CPU: $host_cpu"
	echo "- Guests: \`qemu-system-x86_64 -accel tcg -cpu max\`, a busybox initramfs, Debian's own kernels."
	echo
	echo "**Read only the ratios.** TCG distorts absolute times. The hook-cost figures were"
	echo "measured with \`-icount shift=0 -smp 1\`: the guest clock advances one nanosecond per"
	echo "executed instruction, so each figure is the instructions of the whole kernel (and"
	echo "user) path of one operation, median of 5 runs, repeatable within 0.1% — and blind to"
	echo "cache misses, branch mispredictions and lock contention. Only ratios between rows of"
	echo "the same boot count. Throughput is wall clock on 2 vCPUs under single-threaded TCG"
	echo "(the two vCPUs take turns on one host thread), so decisions/s says far less about"
	echo "real hardware than the instruction counts do."
	echo
	echo "Per kernel there are two boots: one under icount for every instruction count (cgwarden"
	echo "and all the peers, in the same boot), one on 2 vCPUs without icount for throughput."
	echo "Both boot with \`lsm=landlock,lockdown,yama,loadpin,safesetid,integrity,apparmor,tomoyo,bpf\`"
	echo "(Debian's order, TOMOYO added so that it can be measured in the same boot; it stays"
	echo "inactive until its loader runs, late in the boot). The peers run after cgwarden is"
	echo "unloaded, each after a fresh baseline, in an order where none leaves cost behind for"
	echo "the next: AppArmor, sysdig, TOMOYO (cannot be deactivated), auditd (audit stays on)."
	for dir in "$logs"/*/; do
		[ -d "$dir" ] || continue
		k=$(basename "$dir")
		h=$dir/hooks.log
		t=$dir/throughput.log
		ht="" tt=""
		[ ! -f "$h" ] || ht=$(tap "$h")
		[ ! -f "$t" ] || tt=$(tap "$t")
		kver=$(tr -d '\r' <"$h" 2>/dev/null | sed -n 's/^CGW-SUITE-BEGIN .*kernel=//p' | head -n 1)
		gcpu=$(sed -n 's/^# guest-cpu //p' <<<"$ht" | head -n 1)
		cfg=$(sed -n 's/^# bench-config //p' <<<"$ht" | head -n 1)
		scap=$(cat "$dir/scap.reason" 2>/dev/null || true)
		echo
		echo "## Kernel $k (${kver:-unknown})"
		echo
		echo "- Guest CPU: ${gcpu:-unknown}; LSMs: $(sed -n 's/^# guest-lsm //p' <<<"$ht" | head -n 1)"
		echo "- Operations per run (5 runs, median): ${cfg:-unknown}"
		echo "- Suites: hooks.sh $(verdict "$h"), throughput.sh $(verdict "$t")"
		echo
		echo "### cgwarden: instructions per operation (over not loaded)"
		echo
		echo "Name ops is one round of the operations that change what a name reaches, eight"
		echo "hooked calls: a create and its open, link, rename, chmod, truncate, two unlinks."
		echo "mmap PROT_EXEC is open, mmap of a page to run, munmap, close: two hooked calls."
		if grep -q "^# bench nohook " <<<"$ht"; then
			echo "\"No hook attached\" is a build of the module that attaches none: what it"
			echo "costs is not a hook's but that of the state its allocations at load leave the"
			echo "slab allocator in (seen on 6.1.0-57 with the function tracer: UDP sendto then"
			echo "takes the slow path of SLUB, ___slab_alloc and __slab_free, once each per call,"
			echo "for its packets' data). It is in every row below it; the targets are measured"
			echo "over \"not loaded\" all the same."
		fi
		echo
		cgwarden_table "$ht"
		echo
		if plot "$k" "$ht" "$outdir/plot-$k.png"; then
			echo "![instructions per operation vs model size, $k](plot-$k.png)"
		else
			echo "(no plot: gnuplot missing or no protect rows)"
		fi
		echo
		echo "### Targets"
		echo
		echo "A difference smaller than the spread of this boot's baselines (the table under"
		echo "the peers) is noise: for fork+exec that spread is as large as its 1% target."
		echo
		targets "$ht"
		echo
		echo "### Peers, same boot"
		echo
		peers "$ht" "$scap"
		echo
		echo "Baselines of the boot (each against the first):"
		echo
		drift "$ht"
		echo
		echo "### No atomic or lock on a shared line in a hook's common path"
		echo
		if [ -f "$dir/lockscan.md" ]; then
			echo "Checked on the module measured here (tests/bench/lockscan.sh: \`objdump -dr\` of"
			echo "cgwarden.ko, every lock-prefixed or locked instruction and every call to a lock"
			echo "function in the functions a call runs through to an allow). What it lists is"
			echo "for the reader to place: in cgw_decide_mode, the counters of an undecided call,"
			echo "a full model and a failed allocation; in cgw_note_written, a bit set only when"
			echo "it is clear (a file written for the first time); in cgw_entry_widen and"
			echo "cgw_model_sum, learning an access the model did not hold (read first). Per-CPU"
			echo "counters (calls, verdict-cache hits, hook counts) are \`this_cpu_inc\`: no lock"
			echo "prefix, no line another CPU writes. Not an atomic but a shared store: a model"
			echo "entry's hit count, on a lookup the verdict cache did not answer (exec, a miss)."
			echo
			cat "$dir/lockscan.md"
		else
			echo "(not checked: no lockscan.md in this run's logs)"
		fi
		echo
		echo "### Memory, from /proc/meminfo and /proc/slabinfo deltas"
		echo
		memory "$ht"
		echo
		echo "Slab includes large kmallocs (hash bucket tables); read once it holds still (RCU"
		echo "frees done). The entries are imported into a model that already holds 10k, so the"
		echo "delta includes the growth of its bucket table."
		echo
		echo "### Throughput, protect mode, learned model"
		echo
		echo "Wall clock, 2 vCPUs, no icount: \`-icount shift=0 -smp 2\` hangs at boot (checked"
		echo "again on 6.1: no output after \"Probing EDD\" in 200 s). Two processes in one"
		echo "protected cgroup, released together; the decisions are the cgroup's counter for"
		echo "the operation, less the fixed count of starting the processes (a run of 1)."
		echo
		throughput "$tt"
	done
	# Earlier runs, kept by hand: what a change to the hot path bought.
	history=${CGW_BENCH_HISTORY-$(dirname "$0")/history.md}
	if [ -n "$history" ] && [ -f "$history" ]; then
		echo
		cat "$history"
	fi
} >"$report"
