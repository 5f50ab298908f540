#!/bin/sh
# A million random, malformed and mutated requests to the cgwarden netlink
# family (cgw-nlfuzz, fixed seed): the module must answer every one without
# a kernel warning (the harness reads the console), and afterwards, once
# the policy and limits the fuzzer may have changed are put back, it must
# still answer, list, enforce what it learned, unload and load again.
#
# CGW_NLFUZZ_COUNT (default 1000000, 250000 under slub_debug, as this
# suite boots) and CGW_NLFUZZ_SEED (default 1), set
# on the host (run.sh passes them to the guest), change the run: `make
# soak` sends ten million.
# cgw-vm-env: CGW_NLFUZZ_COUNT CGW_NLFUZZ_SEED
# Under slub_debug: a write past an allocation fails the suite (run.sh
# reads slub's reports on the console).
# cgw-vm-cmdline: slub_debug=FZPU
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

# slub_debug's checks make every allocation several times slower: a
# quarter of the messages fits the suite's time.
if grep -q slub_debug /proc/cmdline; then
	count=${CGW_NLFUZZ_COUNT:-250000}
else
	count=${CGW_NLFUZZ_COUNT:-1000000}
fi
seed=${CGW_NLFUZZ_SEED:-1}
cg=nlfuzz	# cgw-nlfuzz only sets modes of cgroups under /nlfuzz

learn_workload() {
	cgwardenctl mode /$cg learn &&
		[ "$(cgw_in_cg $cg cgw-probe open /etc/hostname r)" = ok ] &&
		cgwardenctl mode /$cg protect
}

tap_check "insmod, default mode off" cgw_load default_mode=off
cgw_mkcg $cg >/dev/null
id=$(stat -c %i "$CGW_CGROOT/$cg")
tap_check "learn the workload, then protect it" learn_workload
tap_eq "before: a new read is refused" \
	"$(cgw_in_cg $cg cgw-probe open /etc/passwd r)" EPERM
tap_eq "before: the learned read is allowed" \
	"$(cgw_in_cg $cg cgw-probe open /etc/hostname r)" ok
model=$(cgwardenctl model show /$cg)

tap_note "cgw-nlfuzz $seed $count $id"
rc=0
cgw-nlfuzz "$seed" "$count" "$id" >/tmp/nlfuzz.out 2>&1 || rc=$?
tap_diag </tmp/nlfuzz.out
tap_eq "cgw-nlfuzz ran to the end" "$rc" 0
tap_check "it sent $count messages" grep -q "^nlfuzz seed=$seed sent=$count " /tmp/nlfuzz.out

# Put back what the fuzzer may have changed: policy, limits, the mode.
tap_check "policy clear" cgwardenctl policy clear
tap_check "config restored" cgwardenctl config --max-cgroups 4096 \
	--max-entries 65536 --max-entries-total 1048576 \
	--alert-window-ms 10000 --default-mode off
tap_check "mode /$cg protect" cgwardenctl mode /$cg protect

tap_check "the module still answers" cgwardenctl status
tap_check "list works" cgwardenctl list
tap_eq "config reads back" \
	"$(cgwardenctl config --json | cgw_json_field max_entries)" 65536
tap_eq "no policy" "$(cgwardenctl policy show)" "rules: []"
tap_eq "/$cg is protected" "$(cgw_cg_field /$cg mode)" protect

# MODEL_IMPORT and MODEL_CLEAR of the fuzzer may have changed the model:
# then learn it again, from nothing, so the checks below stay exact.
if [ "$(cgwardenctl model show /$cg 2>&1)" = "$model" ]; then
	tap_ok "the model is the one learned"
else
	tap_note "the fuzzer changed the model of /$cg; learning it again"
	tap_check "model clear" cgwardenctl model clear /$cg
	tap_check "learn the workload again" learn_workload
	tap_eq "the model is the one learned before" \
		"$(cgwardenctl model show /$cg)" "$model"
fi
tap_eq "a new read is still refused" \
	"$(cgw_in_cg $cg cgw-probe open /etc/passwd r)" EPERM
tap_eq "the learned read is still allowed" \
	"$(cgw_in_cg $cg cgw-probe open /etc/hostname r)" ok

cgw_rmcg $cg
tap_check "rmmod" cgw_unload
tap_check "insmod again" cgw_load
tap_check "status after reload" cgwardenctl status
tap_check "rmmod again" cgw_unload
tap_done
