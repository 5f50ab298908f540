#!/bin/sh
# Stress: both CPUs run exec, open, connect and sendto in 50 cgroups while
# policies are reloaded, modes flip, cgroups come and go (some below the
# busy ones), models are exported, cleared and imported; then the module
# is unloaded and loaded again under load.  Passes when:
#  - no kernel warning (the harness reads the console);
#  - no decision is lost: each workload (cgw-stress) counts what it did,
#    and the module's per-cgroup counters, which its hooks bump before
#    looking at the mode or the policy, must equal that exactly: exec = E,
#    open = O + E (every exec opens its binary), connect = C, sendmsg = S,
#    denials = the EPERMs the workload saw; and no hook call was missed or
#    left undecided.  A negative control shows the comparison fails when
#    operations are not counted (a cgroup the full table did not take);
#  - memory comes back: once the cgroups are gone and reaped, the live
#    objects of the slab caches the model entries went to are back to the
#    baseline taken after a warm-up round, within a tenth of the entries
#    learned at the peak (20000: 50 cgroups x 400 files).
# Figures are printed as "# stress ..." lines (tests/robustness/report.sh).
#
# CGW_STRESS_SECS (default 15, `make soak` more): how long the workload and
# the churn run; the whole suite takes about a minute more.
# CGW_STRESS_CGROUPS (default 50): workload cgroups.
# cgw-vm-env: CGW_STRESS_SECS CGW_STRESS_CGROUPS
# shellcheck disable=SC2154 # nbad, rounds, did_*, got_*: set by compare()
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

secs=${CGW_STRESS_SECS:-15}
ncg=${CGW_STRESS_CGROUPS:-50}
nfiles=400	# files each cgroup learns at the end: the memory peak
port=7777	# nothing listens: connects are refused, sends go nowhere
d=/tmp/stress
mkdir -p $d
i=0
while [ $i -lt $nfiles ]; do : >$d/f$i; i=$((i + 1)); done

# --- helpers ----------------------------------------------------------------

# Live slab objects of all caches but vmap_area: exact, unlike Slab: in
# meminfo, which counts pages the allocator keeps.  vmap_area is left out:
# vmalloc'ed kernel stacks of the exec-heavy workload are purged lazily,
# in batches of a thousand or more, whenever the kernel gets to it.
# (Printed; the pass criterion is on the entries' caches, below.)
slab() { awk 'NR > 2 && $1 != "vmap_area" { n += $2 } END { print n }' /proc/slabinfo; }
slab_kb() { sed -n 's/^Slab: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
stat_field() { cgwardenctl status --json | sed 's/.*"stats"://' | cgw_json_field "$1"; }
tracked() { stat_field cgroups; }
# hooks_sum FIELD: FIELD (calls, missed, alerts, denials) over all hooks
hooks_sum() {
	cgwardenctl status --json | sed 's/"stats".*//' | grep -o "\"$1\":[0-9]*" |
		awk -F: '{ n += $2 } END { print n + 0 }'
}
# wait_tracked N: until at most N cgroups are tracked (30 s at most)
wait_tracked() {
	_n=0
	while [ "$(tracked)" -gt "$1" ] && [ $_n -lt 30 ]; do
		sleep 1
		_n=$((_n + 1))
	done
}
settle() {
	sleep 3	# the reaper runs every 2 s; models go after a grace period
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
}
stopped() { [ -e $d/stop ]; }

# workload NAME SECS: cgw-stress in cgroup NAME, in the background; its
# report goes to $d/out.NAME
workload() {
	cgw_mkcg "$1" >/dev/null
	cgw-stress "$CGW_CGROOT/$1" "$2" $d/f $nfiles $port >$d/out."$1" 2>&1 &
	wl_pids="$wl_pids $!"
	# niced, so the control plane below gets its turns on two vCPUs
	renice -n 10 -p $! >/dev/null
}

# compare NAME...: what each workload did against what cgwarden counted
# for its cgroup; prints a line per cgroup that differs, sets nbad, and
# the totals did_* and got_*
compare() {
	cgwardenctl list --json | sed 's/},{"id"/}\n{"id"/g' >$d/list.rec
	for _c in "$@"; do
		echo "/$_c $(cat $d/out."$_c")"
	done >$d/did
	awk '
	function num(s, k) {
		if (match(s, "\"" k "\":[0-9]+"))
			return substr(s, RSTART + length(k) + 3, RLENGTH - length(k) - 3) + 0
		return -1
	}
	FNR == NR {
		if (match($0, /"path":"[^"]*"/)) {
			p = substr($0, RSTART + 8, RLENGTH - 9)
			got[p] = num($0, "exec") " " num($0, "open") " " \
				num($0, "connect") " " num($0, "sendmsg") " " num($0, "denials")
		}
		next
	}
	{
		delete v
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			v[kv[1]] = kv[2]
		}
		if (!("exec" in v)) {
			print $1 ": no report from cgw-stress: " $0
			bad++
			next
		}
		want = v["exec"] " " v["open"] + v["exec"] " " v["connect"] " " \
			v["sendto"] " " v["eperm"]
		have = ($1 in got) ? got[$1] : "not tracked"
		if (have != want) {
			print $1 ": did (exec open connect sendmsg eperm) " want ", cgwarden counted " have
			bad++
		}
		n = split(have, h, " ")
		for (i = 1; i <= 5; i++)
			gsum[i] += (n == 5 && h[i] > 0) ? h[i] : 0
		dsum[1] += v["exec"]; dsum[2] += v["open"]; dsum[3] += v["connect"]
		dsum[4] += v["sendto"]; dsum[5] += v["eperm"]
		esum += v["exec_eperm"] + v["other_err"]; ksum += v["killed"]
		rounds += v["rounds"]
	}
	END {
		printf "nbad=%d did_exec=%d did_open=%d did_connect=%d did_sendto=%d did_eperm=%d did_err=%d did_killed=%d rounds=%d got_exec=%d got_open=%d got_connect=%d got_sendmsg=%d got_denials=%d\n", \
			bad, dsum[1], dsum[2], dsum[3], dsum[4], dsum[5], esum, ksum, rounds, \
			gsum[1], gsum[2], gsum[3], gsum[4], gsum[5] >"/tmp/stress/sums"
	}' $d/list.rec $d/did
	# shellcheck disable=SC1091 # written just above
	. $d/sums
}

# --- the churn, each loop until $d/stop; counts in $d/n.<loop> ---------------

# Two policies taking turns.  Both let the workload execute itself (so no
# exec is refused, and exec and open counts stay exact whatever the mode),
# refuse some of its files and sends, and set modes on load and for new
# cgroups.
cat >$d/p1.yaml <<'EOF'
rules:
  - name: stress
    cgroups:
      - /st*
    deny:
      files:
        - path: /tmp/stress/f1?
          access: r
      net:
        - cidr: 127.0.0.1
          ports: 7777
          proto: udp
    allow:
      files:
        - path: /cgw/cgw-stress
      exec:
        - path: /cgw/cgw-stress
  - name: churn
    cgroups:
      - /churn*
      - /churn*/**
    new_mode: learn
EOF
cat >$d/p2.yaml <<'EOF'
rules:
  - name: stress
    cgroups:
      - /st*
    deny:
      files:
        - path: /tmp/stress/f2*
    allow:
      files:
        - path: /cgw/cgw-stress
        - path: /tmp/stress/f3*
          access: r
      exec:
        - path: /cgw/cgw-stress
      net:
        - cidr: 127.0.0.0/8
          proto: tcp
  - name: stress-modes
    cgroups:
      - /st1*
    mode: protect
  - name: churn
    cgroups:
      - /churn*
    mode: monitor
    new_mode: monitor
EOF

# count LOOP OK ERR: record a loop's figures
count() { echo "$2 $3" >$d/n."$1"; }

policies() {
	_k=0 _e=0
	while ! stopped; do
		cgwardenctl policy load $d/p$((_k % 2 + 1)).yaml >/dev/null 2>>$d/err.policy ||
			_e=$((_e + 1))
		_k=$((_k + 1))
	done
	count policy $_k $_e
}

modes() {
	_k=0 _e=0
	while ! stopped; do
		case $((_k % 4)) in
		0) _m=protect ;; 1) _m=learn ;; 2) _m=off ;; *) _m=monitor ;;
		esac
		cgwardenctl mode /st$((_k * 7 % ncg)) $_m >/dev/null 2>>$d/err.mode ||
			_e=$((_e + 1))
		_k=$((_k + 1))
	done
	count mode $_k $_e
}

# cgroups that come and go: a tree with a process in each level (learn or
# monitor: the policies never refuse them), and a child of a busy workload
# cgroup, which takes its mode and shares its model, so there cgw-probe
# may be refused (any outcome but a failed rmdir will do)
churn() {
	_k=0 _e=0
	while ! stopped; do
		_s=st$((_k % ncg))/sub$_k
		_o=$({ cgw_in_cg churn$_k cgw-probe open /etc/hostname r &&
			cgw_in_cg churn$_k/a/b cgw-probe connect tcp 127.0.0.1 $port; } 2>&1 |
			tr '\n' ' ')
		[ "$_o" = "ok ECONNREFUSED " ] || { _e=$((_e + 1)); echo "$_o" >>$d/err.churn; }
		cgw_in_cg $_s cgw-probe open $d/f$((_k % nfiles)) r >/dev/null 2>&1
		cgw_rmcg churn$_k 2>>$d/err.churn || _e=$((_e + 1))
		cgw_rmcg $_s 2>>$d/err.churn || _e=$((_e + 1))
		_k=$((_k + 1))
	done
	count churn $_k $_e
}

models() {
	_k=0 _e=0
	while ! stopped; do
		_c=/st$((_k * 3 % ncg))
		{ cgwardenctl model export $_c -o $d/model.yaml &&
			cgwardenctl model clear $_c &&
			cgwardenctl model import /st$(((_k * 3 + 1) % ncg)) $d/model.yaml &&
			cgwardenctl list --json && cgwardenctl stats; } \
			>/dev/null 2>>$d/err.model || _e=$((_e + 1))
		_k=$((_k + 1))
	done
	count model $_k $_e
}

# --- warm-up and baseline ---------------------------------------------------

start=$(date +%s)
tap_check "insmod, default mode off" cgw_load default_mode=off
# Exact counts of entries: no directory or port may stand for its names.
tap_check "generalisation off" cgwardenctl config --dir-names 0 --net-addrs 0
names=""
i=0
while [ $i -lt "$ncg" ]; do names="$names st$i"; i=$((i + 1)); done

# The same shape once with cgwarden off, so the kernel's own lazily freed
# objects (cgroups, tasks) are there before the baseline is taken.
for c in $names; do workload "$c" 1; done
wait
for c in $names; do cgw_rmcg "$c"; done
wait_tracked 1
settle
slab0=$(slab)
slabkb0=$(slab_kb)
awk 'NR > 2 { print $1, $2 }' /proc/slabinfo >$d/slab.base

# --- the stress -------------------------------------------------------------

for c in $names; do cgw_mkcg "$c" >/dev/null; done
tap_check "policy loads" cgwardenctl policy load $d/p1.yaml
modes_ok=1
for c in $names; do cgwardenctl mode "/$c" learn || modes_ok=0; done
tap_eq "$ncg workload cgroups learn" "$modes_ok" 1
rm -f $d/stop $d/out.* $d/err.*
t0=$(date +%s)
wl_pids=""
for c in $names; do workload "$c" "$secs"; done
policies &
modes &
churn &
models &
# shellcheck disable=SC2086 # pids
wait $wl_pids
touch $d/stop
wait
t1=$(date +%s)
tap_note "stress duration=$((t1 - t0))s workload_secs=$secs cgroups=$ncg"

read -r n_policy e_policy <$d/n.policy || n_policy=0 e_policy=1
read -r n_mode e_mode <$d/n.mode || n_mode=0 e_mode=1
read -r n_churn e_churn <$d/n.churn || n_churn=0 e_churn=1
read -r n_model e_model <$d/n.model || n_model=0 e_model=1
tap_note "stress control policy_loads=$n_policy mode_flips=$n_mode cgroups_churned=$((n_churn * 4)) model_rounds=$n_model errors=$((e_policy + e_mode + e_churn + e_model))"
# loop_ok LOOP RUNS ERRORS
loop_ok() {
	if [ "$2" -gt 0 ] && [ "$3" -eq 0 ]; then
		tap_ok "the $1 loop ran $2 times without an error"
	else
		tap_fail "the $1 loop ran $2 times without an error" "$3 errors" \
			"$(sort $d/err."$1" 2>/dev/null | uniq -c | head -n 5)"
	fi
}
loop_ok policy "$n_policy" "$e_policy"
loop_ok mode "$n_mode" "$e_mode"
loop_ok churn "$n_churn" "$e_churn"
loop_ok model "$n_model" "$e_model"

# shellcheck disable=SC2086 # names
compare $names
tap_note "stress ops exec=$did_exec open=$did_open connect=$did_connect sendto=$did_sendto rounds=$rounds total=$((did_exec + did_open + did_connect + did_sendto))"
tap_note "stress counted exec=$got_exec open=$got_open connect=$got_connect sendmsg=$got_sendmsg denials=$got_denials eperm_seen=$did_eperm killed=$did_killed"
tap_note "stress decisions calls=$(hooks_sum calls) alerts=$(hooks_sum alerts) denials=$(hooks_sum denials) missed=$(hooks_sum missed) undecided=$(stat_field undecided) nomem=$(stat_field nomem)"
[ "$rounds" -ge "$ncg" ] && tap_ok "every workload ran ($rounds rounds)" ||
	tap_fail "every workload ran" "$rounds rounds"
tap_eq "the workload saw no error but refusals" "$did_err" 0
tap_eq "each cgroup's counters equal what its workload did ($ncg cgroups)" \
	"$nbad" 0
tap_eq "no hook call missed (re-entry)" "$(hooks_sum missed)" 0
tap_eq "no call left undecided" "$(stat_field undecided)" 0
tap_eq "no allocation failed" "$(stat_field nomem)" 0
tap_eq "no cgroup refused for a full table" "$(stat_field cgroups_full)" 0

# Negative control: a cgroup the full table does not take is not counted,
# and the same comparison says so.  Churned cgroups are reaped first, so
# the table stays full.
settle
tap_check "table full: max_cgroups = tracked" \
	cgwardenctl config --max-cgroups "$(tracked)"
workload stx 1
wait
compare stx
[ "$nbad" -eq 1 ] && tap_ok "the comparison catches uncounted operations" ||
	tap_fail "the comparison catches uncounted operations" "nbad=$nbad" "$(cat $d/did)"
tap_check "max_cgroups restored" cgwardenctl config --max-cgroups 4096
cgw_rmcg stx

# --- memory -----------------------------------------------------------------
t2=$(date +%s)

# No policy, so every file is learned (a policy's allow is not learned).
tap_check "policy clear" cgwardenctl policy clear
for c in $names; do
	cgwardenctl mode "/$c" learn >/dev/null
	cgw_in_cg "$c" cgw-probe files $d/f $nfiles r >/dev/null
done
peak_ent=$(stat_field entries)
slab_peak=$(slab)
awk 'NR > 2 { print $1, $2 }' /proc/slabinfo >$d/slab.peak
# The stress cgroups' ids: a removed cgroup is listed without a path
# until it is reaped.
ids() { cgwardenctl list --json | tr '{' '\n' | grep -o '"id": *[0-9]*'; }
cgwardenctl list --json | tr '{' '\n' | grep '"path": *"/st[0-9]*"' |
	grep -o '"id": *[0-9]*' | sed 's/.*: *//' >$d/ids.st
# shellcheck disable=SC2086 # names
tap_eq "the stress cgroups are listed" "$(wc -l <$d/ids.st)" "$(set -- $names; echo $#)"
for c in $names; do cgw_rmcg "$c"; done
# The root's shell may have got state meanwhile (a policy that sets modes
# gives it some at its first call): the stress cgroups are what must go.
ours() { ids | sed 's/.*: *//' | grep -cFxf $d/ids.st; }
_n=0
while [ "$(ours)" -gt 0 ] && [ $_n -lt 30 ]; do
	sleep 1
	_n=$((_n + 1))
done
tap_eq "removed cgroups are reaped" "$(ours)" 0
# What is left is the entries and candidates of cgroups still tracked (the
# root's shell may have learned, or met a policy's protect), none of a
# removed one.  A model goes a grace period after its cgroup.
left() {
	cgwardenctl list --json |
		grep -o '"\(entries\|candidates\)": *[0-9]*' |
		awk -F: '{ n += $2 } END { print n + 0 }'
}
_n=0
while [ "$(stat_field entries)" -ne "$(left)" ] && [ $_n -lt 10 ]; do
	sleep 1
	_n=$((_n + 1))
done
left_ent=$(left)
tap_eq "their entries are freed" "$(stat_field entries)" "$left_ent"
settle
slab1=$(slab)
slabkb1=$(slab_kb)
awk 'NR > 2 { print $1, $2 }' /proc/slabinfo >$d/slab.end
# The caches the entries went to: those that grew by more than 2% of the
# entries at the peak.  What the rest of the kernel leaves behind in other
# caches (files, creds, fsnotify marks of the exec-heavy workload: up to
# ~2000 objects on 6.12) is not counted against cgwarden.
awk -v thr=$((peak_ent / 50)) '
	FILENAME == ARGV[1] { b[$1] = $2; next }
	FILENAME == ARGV[2] { p[$1] = $2; next }
	{ e[$1] = $2 }
	END {
		for (c in p)
			if (c != "vmap_area" && p[c] - b[c] >= thr) {
				grew += p[c] - b[c]
				left += e[c] - b[c]
				caches = caches (caches == "" ? "" : ",") c
			}
		printf "grew=%d left=%d caches=%s\n", grew, left, caches
	}' $d/slab.base $d/slab.peak $d/slab.end >$d/slab.sums
# shellcheck disable=SC1091 # written just above
. $d/slab.sums
tol=$((peak_ent / 10))
tap_note "stress slab before=$slab0 peak=$slab_peak after=$slab1 left_all=$((slab1 - slab0)) entry_caches=$caches grew=$grew left=$left tolerance=$tol slab_kb_before=$slabkb0 slab_kb_after=$slabkb1 entries_peak=$peak_ent"
awk 'NR == FNR { b[$1] = $2; next } $2 != b[$1] { print $1, $2 - b[$1] }' \
	$d/slab.base $d/slab.end | sort -k2 -n -r | head -n 6 | tap_diag
[ "$peak_ent" -ge $((ncg * nfiles)) ] &&
	tap_ok "each cgroup learned its $nfiles files ($peak_ent entries)" ||
	tap_fail "each cgroup learned its $nfiles files" "entries peaked at $peak_ent"
# One slab object per entry: the caches measured are the entries' own.
[ "$grew" -ge $((peak_ent * 9 / 10)) ] &&
	tap_ok "the entries' caches grew by an object per entry ($grew in $caches)" ||
	tap_fail "the entries' caches grew by an object per entry" \
		"$grew objects in '$caches' for $peak_ent entries"
[ "$left" -lt "$tol" ] &&
	tap_ok "their objects are back to the baseline ($left left, tolerance $tol)" ||
	tap_fail "their objects are back to the baseline" \
		"$left left in $caches, tolerance $tol; all caches: $slab0 -> $slab1"

# --- unload and reload under load -------------------------------------------
t3=$(date +%s)

rm -f $d/out.*
for c in ul1 ul2 ul3; do workload $c 8; done
sleep 2
tap_check "rmmod under load" cgw_unload
tap_check "insmod under load" cgw_load default_mode=learn
sleep 1
tap_check "rmmod under load again" cgw_unload
tap_check "insmod again" cgw_load default_mode=learn
wait
bad=0
for c in ul1 ul2 ul3; do
	grep -q 'other_err=0$' $d/out.$c || bad=1
done
tap_eq "the workload ran through the reloads without an error" "$bad" 0
tap_note "stress unload-reload: $(cat $d/out.ul1 2>/dev/null)"
workload ul4 3
wait
compare ul4
tap_eq "after the reload, counters equal the workload again" "$nbad" 0
for c in ul1 ul2 ul3 ul4; do cgw_rmcg $c; done
tap_check "rmmod" cgw_unload
tap_note "stress phases: warm-up $((t0 - start))s, stress $((t1 - t0))s, checks $((t2 - t1))s, memory $((t3 - t2))s, reload $(($(date +%s) - t3))s"
tap_done
