#!/bin/bash
# tests/bench/lockscan.sh MODULE.ko: how `make bench` checks that no hook's
# common path does an atomic read-modify-write or takes a lock.  The
# functions a hooked call runs through on its way to an allow (the
# callback, the cgroup lookup, the verdict cache, the extractors of the
# measured operations, policy and model lookups, the verdict) are
# disassembled from the module as built for the kernel, and every
# lock-prefixed instruction (x86's atomics: lock inc/add/xadd/cmpxchg/
# bts/or...) and every call to a lock function (spin, rw, mutex,
# semaphore) in them is listed.  A function may hold one on a branch that
# is not an allow (a counter of failures, an alert): each is listed with
# its instruction, for the reader to place.  Output: markdown.
set -eu
ko=${1:?usage: lockscan.sh MODULE.ko}
allow="cgw_ftrace_cb cgw_kprobe_pre cgw_enforce cgw_decide_call cgw_decide_obj
cgw_decide_each cgw_decide_seen cgw_open_cached cgw_vcache_lookup
cgw_vcache_lookup_net cgw_vcache_hit cgw_vexe cgw_cgroup_lookup
cgw_cgroup_maybe_below cgw_cgroup_maybe_held cgw_cgroup_nearest cgw_see_open
cgw_see_connect cgw_see_sendmsg cgw_see_exec cgw_see_argv0 cgw_see_path
cgw_see_inet_addr cgw_see_exe cgw_net_normalise cgw_policy_say cgw_pair
cgw_model_obj cgw_generalise_name cgw_model_match cgw_model_cover
cgw_model_find cgw_model_find_wild cgw_covering cgw_obj_hash cgw_key_hashfn
cgw_entry_cmpfn cgw_model_learn cgw_entry_widen cgw_model_sum cgw_decide_mode
cgw_verdict_for cgw_note_written"
objdump -dr --no-show-raw-insn "$ko" | awk -v allow="$allow" '
	BEGIN { n = split(allow, a, /[ \n]+/); for (i = 1; i <= n; i++) want[a[i]] = 1 }
	/^[0-9a-f]+ <.*>:$/ {
		fn = substr($2, 2, length($2) - 3); base = fn; sub(/\..*/, "", base)
		on = (base in want); if (on) { seen[base] = 1; order[++no] = fn }
		next
	}
	!on { next }
	# xchg with memory is locked without a prefix
	/\txchg .*\(/ { hit[fn] = hit[fn] sprintf("`%s`; ", substr($0, index($0, "xchg"))); nl[fn]++ }
	/\tlock / { hit[fn] = hit[fn] sprintf("`%s`; ", substr($0, index($0, "lock"))); nl[fn]++ }
	/R_X86_64_(PLT32|PC32)\t(_raw_(spin|read|write)_lock|mutex_lock|__mutex_lock|down|down_read|down_write|_raw_spin_trylock)/ {
		s = $NF; sub(/-0x4$/, "", s); hit[fn] = hit[fn] sprintf("call `%s`; ", s); nc[fn]++
	}
	END {
		print "| function (allow path) | lock-prefixed instructions | lock calls | what |"
		print "|---|---:|---:|---|"
		for (i = 1; i <= no; i++) { f = order[i]
			printf "| %s | %d | %d | %s |\n", f, nl[f], nc[f], (f in hit) ? hit[f] : "none" }
		missing = ""
		for (i = 1; i <= n; i++) if (!(a[i] in seen) && a[i] != "") missing = missing " " a[i]
		if (missing != "") print "\nInlined (checked in their callers):" missing "."
	}'
