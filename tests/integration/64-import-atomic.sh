#!/bin/sh
# A model import is all or nothing: one that would pass max_entries, one
# whose allocations fail half-way (a fault injection build) and one with a
# malformed entry (62-bad-messages, 63-nl-memory) leave the model exactly
# as it was; the same imports succeed whole once nothing stands in their
# way (the control).  Under slub_debug, as undoing frees entries.
# cgw-vm-make: CGW_FAULT_INJECT=1
# cgw-vm-cmdline: slub_debug=FZPU
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

# seed FILE N PREFIX: a model file of N file entries /tmp/PREFIX-1..N
seed() {
	{
		printf 'rules:\n  - cgroups: [/imp]\n    allow:\n      files:\n'
		i=1
		while [ "$i" -le "$2" ]; do
			printf '        - path: /tmp/%s-%d\n          access: r\n' "$3" "$i"
			i=$((i + 1))
		done
	} >"$1"
}
entries() { cgw_cg_field /imp entries; }
rate() { echo "$1" >/sys/module/cgwarden/parameters/fault_rate; }
st() { cgwardenctl status --json | cgw_json_field "$1"; }

tap_check "insmod (fault injection build)" cgw_load
cgw_mkcg imp >/dev/null
cgwardenctl mode /imp learn
cgw_in_cg imp cgw-probe open /etc/hostname r >/dev/null
k=$(entries)
tap_check "the cgroup has a model" test "$k" -ge 1

# More entries than max_entries lets in: the CLI once sent them 256 at a
# time, and the first requests stayed.
seed /tmp/s300.yaml 300 cap
cgwardenctl config --max-entries $((k + 280))
tap_check_fails "300 entries with room for 280: refused" \
	cgwardenctl model import /imp /tmp/s300.yaml
tap_eq "the model is as it was" "$(entries)" "$k"
tap_check "control: with room for all, the same file imports" \
	sh -c "cgwardenctl config --max-entries $((k + 300)) && cgwardenctl model import /imp /tmp/s300.yaml"
tap_eq "and all 300 are in the model" "$(entries)" $((k + 300))
k=$(entries)
cgwardenctl config --max-entries 65536

# Allocations that fail half-way: each import either fails and changes
# nothing, or succeeds whole.
before=$(st faults_injected)
fails=0
bad=
for t in 1 2 3 4 5; do
	seed /tmp/f$t.yaml 100 fault$t
	rate 200000
	if cgwardenctl model import /imp /tmp/f$t.yaml >/tmp/imp.out 2>&1; then
		want=$((k + 100))
	else
		fails=$((fails + 1))
		want=$k
	fi
	rate 0
	got=$(entries)
	[ "$got" = "$want" ] || bad="$bad try $t: $got entries, want $want;"
	k=$got
done
tap_diag </tmp/imp.out
tap_check "allocations failed on purpose" test "$(st faults_injected)" -gt "$before"
tap_check "imports failed half-way ($fails of 5)" test "$fails" -ge 1
tap_eq "each left the model whole: as it was, or with all 100" "$bad" ""
seed /tmp/f0.yaml 100 fault0
tap_check "control: with no fault, the import succeeds" \
	cgwardenctl model import /imp /tmp/f0.yaml
tap_eq "and adds the 100" "$(entries)" $((k + 100))
tap_check "the module still answers" cgwardenctl status
cgw_rmcg imp
tap_check "rmmod" cgw_unload
tap_eq "no slub report" "$(dmesg | grep -cE 'BUG [^ ]+ \(|Redzone|Poison overwritten|Freepointer corrupt')" 0
tap_done
