# shellcheck shell=sh
# Guest-side helpers of the real-service suites (tests/integration/9[6-8]-svc-*):
# a runc container per service, its root filesystem made of Debian's own
# files (tests/services/rootfs.sh), learned with --until-quiet while its own
# client drives it, then replayed in protect and attacked.  Sourced after
# lib.sh.
#
# The container's init is a supervisor (busybox sh, /svc/run.sh in the
# rootfs) that runs the service in the foreground and starts it again when
# it exits: a service restart inside the container is a signal from the
# host to the service's main process.  The container shares the guest's
# network namespace, so the clients (run on the guest, outside the
# container's cgroup) reach it on 127.0.0.1.

# svc_bundle NAME CGROUP: the bundle /tmp/svc/NAME, its rootfs from
# NAME-rootfs.tar.gz plus a static busybox for the supervisor and the
# attacks' steps, running "sh /svc/run.sh" in cgroup CGROUP (to be written
# by the suite); prints nothing, fails on error
svc_bundle() {
	_b=/tmp/svc/$1
	_r=$_b/rootfs
	mkdir -p "$_r/usr/bin" "$_r/usr/sbin" "$_r/usr/lib" "$_r/usr/lib64" \
		"$_r/proc" "$_r/sys" "$_r/dev" "$_r/tmp" "$_r/etc" "$_r/run" \
		"$_r/var/tmp" "$_r/svc" || return 1
	for _l in bin sbin lib lib64; do ln -s "usr/$_l" "$_r/$_l" || return 1; done
	tar -xzf "$CGW_DIR/$1-rootfs.tar.gz" -C "$_r" || return 1
	# The host's users own some (redis.conf): here root does.
	chown -R 0:0 "$_r" || return 1
	cp /bin/busybox "$_r/usr/bin/busybox" || return 1
	for _a in $(/bin/busybox --list); do
		[ -e "$_r/usr/bin/$_a" ] || [ -e "$_r/usr/sbin/$_a" ] ||
			ln -s busybox "$_r/usr/bin/$_a"
	done
	chmod 1777 "$_r/tmp" "$_r/var/tmp"
	cat >"$_r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
www-data:x:33:33:www-data:/var/www:/bin/false
postgres:x:100:100:PostgreSQL:/var/lib/postgresql:/bin/sh
redis:x:101:101:redis:/var/lib/redis:/bin/false
app:x:102:102:app:/srv/app:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
	cat >"$_r/etc/group" <<'EOF'
root:x:0:
shadow:x:42:
www-data:x:33:
postgres:x:100:
redis:x:101:
app:x:102:
nogroup:x:65534:
EOF
	# World-readable, so that only cgwarden stands between a service's
	# user and it: the attacks' controls read it.
	echo 'root:$y$j9T$notarealhash$:19000:0:99999:7:::' >"$_r/etc/shadow"
	chmod 0644 "$_r/etc/shadow"
	echo "127.0.0.1 localhost" >"$_r/etc/hosts"
	(cd "$_b" && runc spec) || return 1
	# No terminal, a writable rootfs, the supervisor, the cgroup, the
	# suite's network namespace (runc joins it by path), and Docker's
	# default capabilities (runc's own are fewer: nginx changes owners
	# and users).
	sed -i -e 's/"terminal": true/"terminal": false/' \
		-e 's/"readonly": true/"readonly": false/' \
		-e 's/"sh"$/"sh", "\/svc\/run.sh"/' \
		-e "s|\"type\": \"network\"|\"type\": \"network\", \"path\": \"/proc/$$/ns/net\"|" \
		-e 's/"CAP_KILL",/"CAP_KILL", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_SYS_CHROOT",/' \
		-e "s|\"linux\": {|\"linux\": {\n\t\t\"cgroupsPath\": \"$2\",|" \
		"$_b/config.json"
	grep -q "\"path\": \"/proc/$$/ns/net\"" "$_b/config.json" &&
		grep -q '"CAP_SETUID"' "$_b/config.json" &&
		grep -q "\"cgroupsPath\": \"$2\"" "$_b/config.json"
}

# svc_start NAME: start the container NAME (bundle /tmp/svc/NAME), detached
svc_start() {
	cgw_runc_start "/tmp/svc/$1" "$1"
}

# svc_stop NAME: kill and delete the container NAME; fails if runc still
# knows it after 10 s
svc_stop() {
	runc kill "$1" KILL 2>/dev/null
	_n=0
	while [ $_n -lt 20 ] && runc state "$1" 2>/dev/null | grep -q '"status": "running"'; do
		sleep 0.5
		_n=$((_n + 1))
	done
	runc delete -f "$1" 2>/dev/null
	! runc state "$1" >/dev/null 2>&1
}

# svc_main NAME: the host pid of the service's main process: the child of
# the container's init (the supervisor) that is not a sleep
svc_main() {
	_init=$(runc state "$1" | sed -n 's/.*"pid": \([0-9]*\).*/\1/p')
	for _p in $(cat "/proc/$_init/task/$_init/children" 2>/dev/null); do
		[ "$(cat "/proc/$_p/comm" 2>/dev/null)" = sleep ] && continue
		echo "$_p"
		return 0
	done
	return 1
}

# svc_restart_ctr NAME READY...: the container deleted and run again by
# runc (a new cgroup of the same path), then READY (a command) waited for
svc_restart_ctr() {
	_name=$1
	shift
	svc_stop "$_name" && svc_start "$_name" && svc_wait 120 "$@"
}

# svc_wait SECS CMD...: poll CMD (quietly) every half second until it
# succeeds, for at most SECS seconds
svc_wait() {
	_n=$(($1 * 2))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.5
		_n=$((_n - 1))
	done
	"$@"
}

# svc_restart NAME SIG READY...: restart the service inside its container:
# send SIG to its main process, wait for it to exit, then for READY (a
# command) to succeed with the one the supervisor started again
svc_restart() {
	_name=$1
	_sig=$2
	shift 2
	_old=$(svc_main "$_name") || { echo "no service process in $_name" >&2; return 1; }
	kill "-$_sig" "$_old" || return 1
	_n=0
	while [ -d "/proc/$_old" ] && [ $_n -lt 60 ]; do
		sleep 0.5
		_n=$((_n + 1))
	done
	if [ -d "/proc/$_old" ]; then
		# A service that refuses to stop (redis whose final save
		# failed) fails the restart; killed, so the suite goes on.
		echo "$_name: pid $_old did not exit on $_sig in 30 s" >&2
		kill -KILL "$_old"
		svc_wait 60 "$@"
		return 1
	fi
	svc_wait 60 "$@"
}

# svc_denials CG: denials counted for CG and the cgroups below it
svc_denials() {
	cgwardenctl list --json | sed 's/},{"id"/}\n{"id"/g' |
		grep "\"path\":\"$1[/\"]" | sed -n 's/.*"denials":\([0-9]*\).*/\1/p' |
		awk '{ n += $1 } END { print n + 0 }'
}

# svc_candidates CG: candidate lines of CG and of the cgroups below it
svc_candidates() {
	for _c in $(cgwardenctl list --json | sed 's/},{"id"/}\n{"id"/g' |
		sed -n "s/.*\"path\":\"\\($(echo "$1" | sed 's|/|\\/|g')[^\"]*\\)\".*/\\1/p"); do
		cgwardenctl model candidates "$_c" 2>/dev/null | grep -v -e '^#' -e '^id  ' | grep .
	done | sort -u
}

# svc_fp CG: false positives seen so far for CG's subtree: denials counted
# by cgwarden plus candidates kept (a number)
svc_fp() {
	echo $(($(svc_denials "$1") + $(svc_candidates "$1" | wc -l)))
}

# svc_deny_records CG: the cgwarden audit records of denials in CG's
# subtree, one a line, as their op, reason, object and program fields
svc_deny_records() {
	dmesg | grep 'audit: type=1316' | grep 'verdict=deny' |
		grep "cgroup=\"$1[/\"]" | awk '{
		o = ""
		n = split("op reason path name daddr dport laddr lport access exe", k, " ")
		for (i = 1; i <= n; i++)
			if (match($0, " " k[i] "=(\"[^\"]*\"|[^ ]*)"))
				o = o " " substr($0, RSTART + 1, RLENGTH - 1)
		print substr(o, 2)
	}'
}

# svc_var CG: a shell variable name's tail for cgroup CG
svc_var() {
	echo "$1" | tr -c 'A-Za-z0-9\n' _
}

# svc_learn_until_protect "CG..." MAX ROUND: with each CG set to learn
# --until-quiet D --then protect (by the suite, before its container
# starts), run "ROUND i" (the clients' workload, i = 1, 2, ...) back to
# back until every CG is in protect, at most MAX rounds or
# $CGW_SVC_LEARN_S seconds (240).  Sets svc_rounds_<CG> (see svc_var) to
# the rounds that started while CG learned, and prints each round's time,
# each CG's entries after it and the entries it added (model show).
svc_learn_until_protect() {
	_lr_max=$2
	_lr_round=$3
	_lr_i=0
	_lr_end=$(($(cut -d. -f1 /proc/uptime) + ${CGW_SVC_LEARN_S:-240}))
	for _c in $1; do
		eval "svc_rounds_$(svc_var "$_c")=0 svc_conv_$(svc_var "$_c")=1"
		cgwardenctl model show "$_c" >"/tmp/svc-model-$(svc_var "$_c")" 2>/dev/null
	done
	while :; do
		_lr_learning=""
		for _c in $1; do
			[ "$(cgw_cg_field "$_c" mode)" = learn ] && _lr_learning="$_lr_learning $_c"
		done
		[ -n "$_lr_learning" ] || return 0
		[ "$_lr_i" -lt "$_lr_max" ] && [ "$(cut -d. -f1 /proc/uptime)" -lt "$_lr_end" ] ||
			{ echo "still learning after $_lr_i rounds:$_lr_learning" >&2; return 1; }
		_lr_i=$((_lr_i + 1))
		for _c in $_lr_learning; do eval "svc_rounds_$(svc_var "$_c")=$_lr_i"; done
		_lr_t=$(cut -d. -f1 /proc/uptime)
		"$_lr_round" "$_lr_i" >"/tmp/svc-learn-$_lr_i.out" 2>&1 ||
			{ echo "learn round $_lr_i failed:"; tail -n 5 "/tmp/svc-learn-$_lr_i.out"; } >&2
		echo "# learn round $_lr_i:$_lr_learning learning, $(($(cut -d. -f1 /proc/uptime) - _lr_t)) s"
		for _c in $_lr_learning; do
			_lr_news=$(svc_model_news "$_c")
			echo "$_lr_news"
			case $_lr_news in *"new: "*) eval "svc_conv_$(svc_var "$_c")=$_lr_i" ;; esac
		done
	done
}

# svc_model_news CG: CG's entries now, and those added since the last
# call, as TAP diagnostics
svc_model_news() {
	_mn_f=/tmp/svc-model-$(svc_var "$1")
	cgwardenctl model show "$1" >"$_mn_f.new" 2>/dev/null
	echo "#   $1: $(cgw_cg_field "$1" entries) entries"
	awk 'NR == FNR { seen[$1]; next } !($1 in seen) { print "#     new: " $0 }' \
		"$_mn_f" "$_mn_f.new" | head -n 20
	mv "$_mn_f.new" "$_mn_f"
}

# svc_bound "CG..." ROUND: the models stay bounded.  Each CG and its
# parent (the service's cgroup) learn again, in plain learn mode, for 10
# times the rounds the slowest took to converge (svc_conv_<CG>: its last
# learn round with a new entry), "ROUND i" with parameters never used
# before (i = 101, 102, ...); then they are put back in protect.  Prints
# each CG's entries and bytes before and after and what it added, and
# sets svc_grew_<CG> to the number of entries added.
svc_bound() {
	_bd_n=1
	for _c in $1; do
		eval "_bd_c=\${svc_conv_$(svc_var "$_c"):-1}"
		[ "$_bd_c" -le "$_bd_n" ] || _bd_n=$_bd_c
		eval "_bd_e_$(svc_var "$_c")=$(cgw_cg_field "$_c" entries)"
		eval "_bd_b_$(svc_var "$_c")=$(cgwardenctl model export "$_c" | wc -c)"
		cgwardenctl mode "${_c%/*}" learn && cgwardenctl mode "$_c" learn || return 1
	done
	_bd_n=$((_bd_n * 10))
	_bd_i=1
	while [ "$_bd_i" -le "$_bd_n" ]; do
		"$2" $((100 + _bd_i)) >"/tmp/svc-bound-$_bd_i.out" 2>&1 ||
			echo "# bound round $_bd_i failed: $(tail -n 2 "/tmp/svc-bound-$_bd_i.out" | tr '\n' ' ')"
		_bd_i=$((_bd_i + 1))
	done
	for _c in $1; do
		cgwardenctl mode "${_c%/*}" protect && cgwardenctl mode "$_c" protect || return 1
		_v=$(svc_var "$_c")
		_bd_e=$(cgw_cg_field "$_c" entries)
		eval "svc_grew_$_v=\$((_bd_e - _bd_e_$_v))"
		eval "echo \"# $_c: $_bd_n more rounds in learn (10x convergence): entries \$_bd_e_$_v -> $_bd_e, bytes \$_bd_b_$_v -> $(cgwardenctl model export "$_c" | wc -c)\""
		svc_model_news "$_c" | grep 'new: '
	done
	return 0
}

# svc_bounded "CG..." ROUND: svc_bound, and its tests: each CG added at most
# 3 entries, and no denial or candidate
svc_bounded() {
	svc_bound "$1" "$2" || tap_fail "learning 10x longer than convergence" "svc_bound failed"
	for _c in $1; do
		eval "_bd_g=\$svc_grew_$(svc_var "$_c")"
		tap_check "$_c: learning 10x longer than convergence adds at most 3 entries (added $_bd_g)" \
			test "$_bd_g" -le 3
		tap_eq "$_c: no denial or candidate since" "$(svc_fp "$_c")" 0
	done
}

# svc_overhead "TOP..." N WORK: with CGW_SVC_OVERHEAD=1 (`make
# services-overhead`: guests under -icount shift=0 -smp 1, where the guest
# clock counts executed instructions), what protect costs the service's
# own workload: the guest time of N runs of "WORK i" with each TOP's
# subtree in protect against the same in mode off (the module loaded), in
# 8 samples in the order protect off, off protect, protect off, off
# protect, each with parameters of its own (a workload may not repeat
# itself: the web app's items): a workload that grows sample after sample
# (its parameters, a data set that is saved whole) adds as much to each
# mode, and the estimate, the sum of the pairs' differences over the sum
# of the off runs, does not see a linear growth.  Prints "# overhead: ..."
# and sets svc_overhead to that in per mille; a sample that fails is a
# test failure, and the TOPs are set back to protect whatever happened
# (what follows is attacked).  Without CGW_SVC_OVERHEAD it does nothing.
svc_overhead() {
	svc_overhead=""
	[ "${CGW_SVC_OVERHEAD:-0}" = 1 ] || return 0
	svc_ov_samples "$@"
	_ov_rc=$?
	for _t in $1; do cgwardenctl mode "$_t" protect || _ov_rc=1; done
	[ $_ov_rc = 0 ] || return 1
	svc_overhead=$(awk '$1 == "protect" { p += $2 } $1 == "off" { o += $2 }
		END { printf "%d", (p - o) * 1000 / o }' /tmp/svc-ov)
	echo "# overhead: $(awk '{ printf "%s %d ms, ", $1, $2 }' /tmp/svc-ov)(guest ms = 10^6 instructions under icount): $(echo "$svc_overhead" | awk '{ printf "%+.1f%%", $1 / 10 }')"
}

# svc_ov_samples "TOP..." N WORK: svc_overhead's 8 samples, each a line
# "MODE MS" of /tmp/svc-ov; fails (a TAP failure) on the first that fails
svc_ov_samples() {
	_ov_s=0
	: >/tmp/svc-ov
	while [ $_ov_s -lt 8 ]; do
		case $_ov_s in 0 | 3 | 4 | 7) _ov_m=protect ;; *) _ov_m=off ;; esac
		for _t in $1; do cgwardenctl mode "$_t" $_ov_m || return 1; done
		_ov_t0=$(cut -d' ' -f1 /proc/uptime)
		_ov_i=1
		while [ $_ov_i -le "$2" ]; do
			if ! "$3" $((200 + _ov_s * 10 + _ov_i)) >/tmp/svc-ov.out 2>&1; then
				tap_fail "overhead: the workload ran in every sample" \
					"sample $_ov_s ($_ov_m), run $_ov_i: $(tail -n 3 /tmp/svc-ov.out)"
				return 1
			fi
			_ov_i=$((_ov_i + 1))
		done
		echo "$_ov_m $_ov_t0 $(cut -d' ' -f1 /proc/uptime)" |
			awk '{ printf "%s %d\n", $1, ($3 - $2) * 1000 }' >>/tmp/svc-ov
		_ov_s=$((_ov_s + 1))
	done
}

# (Parameters never meet twice: learn rounds are 1..40, a suite's replays
# give its workload 41..50, svc_bound's rounds 101..140 to REPLAY.)
#
# svc_replays "CG..." N REPLAY: run "REPLAY i" for i = 1..N in protect; a
# replay is a false positive of CG if CG's denials or candidates grew, or
# if it failed and no CG's grew.  Sets svc_fp_<CG> (see svc_var) to the replays with a
# false positive, and prints (as TAP diagnostics) each replay's time and
# what each false positive was.
svc_replays() {
	_rp_n=$2
	_rp_replay=$3
	for _c in $1; do eval "svc_fp_$(svc_var "$_c")=0"; done
	_rp_i=1
	while [ "$_rp_i" -le "$_rp_n" ]; do
		for _c in $1; do eval "_before_$(svc_var "$_c")=$(svc_fp "$_c")"; done
		_rp_ok=1
		_rp_t=$(cut -d. -f1 /proc/uptime)
		"$_rp_replay" "$_rp_i" >"/tmp/svc-replay-$_rp_i.out" 2>&1 || _rp_ok=0
		echo "# replay $_rp_i: $(($(cut -d. -f1 /proc/uptime) - _rp_t)) s"
		[ $_rp_ok = 1 ] ||
			echo "# replay $_rp_i failed: $(tail -n 3 "/tmp/svc-replay-$_rp_i.out" | tr '\n' ' ')"
		# A cgroup whose denials or candidates grew has a false
		# positive; a replay that failed with none grown counts for all.
		_rp_grew=""
		for _c in $1; do
			_v=$(svc_var "$_c")
			eval "_b=\$_before_$_v"
			_rp_now=$(svc_fp "$_c")
			[ "$_rp_now" -eq "$_b" ] && continue
			echo "# replay $_rp_i: $_c: denials and candidates $_b -> $_rp_now"
			_rp_grew="$_rp_grew $_c"
		done
		[ $_rp_ok = 1 ] || [ -n "$_rp_grew" ] || _rp_grew=$1
		for _c in $_rp_grew; do
			_v=$(svc_var "$_c")
			eval "svc_fp_$_v=\$((svc_fp_$_v + 1))"
		done
		_rp_i=$((_rp_i + 1))
	done
}

# svc_fp_replays CG: the replays with a false positive of CG (svc_replays)
svc_fp_replays() {
	eval "echo \$svc_fp_$(svc_var "$1")"
}

# svc_model_size CG: "ENTRIES BYTES" of CG's model: its entries (list) and
# the size of its export (a policy document, the model as a file)
svc_model_size() {
	echo "$(cgw_cg_field "$1" entries) $(cgwardenctl model export "$1" | wc -c)"
}

# svc_fp_show NAME CG: after the replays, the false positives in CG's
# subtree as TAP diagnostics: counts, candidates, denials (audit records,
# counted by kind); keeps the model's size for svc_report
svc_fp_show() {
	eval "svc_size_$(svc_var "$2")=\"$(svc_model_size "$2")\""
	echo "# $1: denials=$(svc_denials "$2") candidates=$(svc_candidates "$2" | wc -l)"
	# how often each operation was called: how rare the name-changing ones are
	echo "# $1 calls: $(cgw_cg_json "$2" | grep -o '"calls":{[^}]*}')"
	svc_candidates "$2" | sed "s/^/# $1 candidate: /"
	svc_deny_records "$2" | sort | uniq -c | sed "s/^/# $1 denied: /"
}

# svc_report NAME CG TOP: the per-service line: learn rounds (of TOP, the
# cgroup set to learn), the model's size (after the replays), replays with
# a false positive, attacks refused of attacks tried (svc_attack with CG)
svc_report() {
	_v=$(svc_var "$2")
	_t=$(svc_var "$3")
	eval "set -- \"\$1\" \$svc_rounds_$_t \$svc_size_$_v \$svc_fp_$_v \
		\${svc_refused_$_v:-0} \${svc_tried_$_v:-0}"
	echo "# service=$1 learn_rounds=$2 entries=$3 bytes=$4 fp=$5/10 attacks=$6/$7${svc_overhead:+ protect_overhead=$(echo "$svc_overhead" | awk '{ printf "%+.1f%%", $1 / 10 }')}"
}

# svc_attack CG DESC WANT GOT: an attack on CG (in protect): counted, and
# ok if GOT is WANT (it was refused)
svc_attack() {
	_v=$(svc_var "$1")
	eval "svc_tried_$_v=\$((\${svc_tried_$_v:-0} + 1))"
	if [ "$3" = "$4" ]; then
		eval "svc_refused_$_v=\$((\${svc_refused_$_v:-0} + 1))"
		tap_ok "$2"
	else
		tap_fail "$2" "got:  '$4'" "want: '$3'"
	fi
}

# svc_mark: a mark in the kernel log, for svc_denied_since
svc_mark() {
	svc_markn=$((svc_markn + 1))
	echo "cgw-svc-mark-$svc_markn" >/dev/kmsg
}
svc_markn=0

# svc_denied_since CG OP MATCH...: deny records for OP in CG's subtree
# since the last svc_mark whose text holds every MATCH (audit records
# reach the log a moment late: it waits one second)
svc_denied_since() {
	_cg=$1
	_op=$2
	shift 2
	sleep 1
	cgw_dmesg_since "cgw-svc-mark-$svc_markn" | grep 'audit: type=1316' |
		grep 'verdict=deny' | grep " op=$_op " | grep "cgroup=\"$_cg[/\"]" | {
		_n=0
		while read -r _l; do
			_all=1
			for _m in "$@"; do
				case $_l in *"$_m"*) ;; *) _all=0 ;; esac
			done
			[ $_all = 1 ] && _n=$((_n + 1))
		done
		echo $_n
	}
}

# tap_some DESC N: ok if N (a count) is at least 1
tap_some() {
	if [ "$2" -ge 1 ] 2>/dev/null; then
		tap_ok "$1"
	else
		tap_fail "$1" "got: '$2', want: 1 or more"
	fi
}
