# shellcheck shell=sh
# TAP helpers and "container" helpers for the cgwarden VM suites.
# Sourced by suites running in the guest (busybox sh), cwd /cgw:
#
#   . "$CGW_DIR/lib.sh"
#   tap_check "module loads" cgw_load
#   tap_eq "answer" "$(echo 42)" 42
#   tap_done
#
# There is no skip: a test that cannot run must fail.

CGW_DIR=${CGW_DIR:-/cgw}
CGW_CGROOT=${CGW_CGROOT:-/sys/fs/cgroup}
_tap_n=0
_tap_failed=0

# tap_ok DESC
tap_ok() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1"
}

# tap_fail DESC [DETAIL...]: DETAIL lines are printed as diagnostics
tap_fail() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $1"
	shift
	[ $# -eq 0 ] || printf '%s\n' "$@" | tap_diag
}

# tap_diag: print stdin as TAP diagnostics
tap_diag() {
	sed 's/^/# /'
}

# tap_note MSG...: a diagnostic line
tap_note() {
	echo "# $*"
}

# tap_check DESC CMD...: ok if CMD exits 0; else show its output and status
tap_check() {
	_d=$1
	shift
	if _out=$("$@" 2>&1); then
		tap_ok "$_d"
	else
		_rc=$?
		tap_fail "$_d" "command: $*" "exit status: $_rc" "$_out"
	fi
}

# tap_check_fails DESC CMD...: ok if CMD exits non-zero
tap_check_fails() {
	_d=$1
	shift
	if _out=$("$@" 2>&1); then
		tap_fail "$_d" "command unexpectedly succeeded: $*" "$_out"
	else
		tap_ok "$_d"
	fi
}

# tap_eq DESC GOT WANT
tap_eq() {
	if [ "$2" = "$3" ]; then
		tap_ok "$1"
	else
		tap_fail "$1" "got:  '$2'" "want: '$3'"
	fi
}

# tap_done: print the plan; exit status 1 if any test failed
tap_done() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
}

# cgw_mkcg NAME: create cgroup NAME (may be a/b) and print its path
cgw_mkcg() {
	mkdir -p "$CGW_CGROOT/$1" && echo "$CGW_CGROOT/$1"
}

# cgw_rmcg NAME: kill what is left in cgroup NAME and remove it (leaves first)
cgw_rmcg() {
	[ -d "$CGW_CGROOT/$1" ] || return 0
	[ -e "$CGW_CGROOT/$1/cgroup.kill" ] && echo 1 >"$CGW_CGROOT/$1/cgroup.kill"
	find "$CGW_CGROOT/$1" -depth -type d | while read -r _d; do
		rmdir "$_d" 2>/dev/null || { sleep 0.2; rmdir "$_d"; }
	done
}

# cgw_mkcg_many PARENT N: cgroups PARENT/c0 .. PARENT/c<N-1>, and a policy
# in /tmp/PARENT.yaml that gives each of them the mode learn
cgw_mkcg_many() {
	_i=0
	while [ $_i -lt "$2" ]; do
		mkdir -p "$CGW_CGROOT/$1/c$_i"
		_i=$((_i + 1))
	done
	printf 'rules:\n  - name: %s\n    cgroups:\n      - /%s/*\n    mode: learn\n' \
		"$1" "$1" >"/tmp/$1.yaml"
}

# cgw_ntracked_many PARENT: how many of cgw_mkcg_many's cgroups are tracked
cgw_ntracked_many() {
	cgwardenctl list --json | grep -o "\"path\": *\"/$1/c[0-9]*\"" | wc -l
}

# cgw_in_cg NAME CMD...: run CMD inside cgroup NAME (created if needed)
cgw_in_cg() {
	_cg=$(cgw_mkcg "$1") || return 1
	shift
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$_cg" "$@"
}

# cgw_in_container NAME CMD...: run CMD in cgroup NAME and in new mount, UTS,
# IPC, network and PID namespaces (CMD is pid 1 there, with its own /proc)
cgw_in_container() {
	_cg=$(cgw_mkcg "$1") || return 1
	shift
	sh -c 'echo $$ >"$0/cgroup.procs" &&
		exec unshare -m -u -i -n -p -f --mount-proc "$@"' "$_cg" "$@"
}

# cgw_load [PARAM=VALUE...]: insmod the module; check it is in /proc/modules
cgw_load() {
	insmod "$CGW_DIR/cgwarden.ko" "$@" || return 1
	grep -q '^cgwarden ' /proc/modules || {
		echo "cgwarden not in /proc/modules after insmod" >&2
		return 1
	}
}

# cgw_unload: rmmod the module; check it is gone
cgw_unload() {
	rmmod cgwarden || return 1
	! grep -q '^cgwarden ' /proc/modules || {
		echo "cgwarden still in /proc/modules after rmmod" >&2
		return 1
	}
}

# cgw_dmesg_since MARK: kernel log after the last line containing MARK
# (write a mark with: echo "MARK" >/dev/kmsg)
cgw_dmesg_since() {
	dmesg | awk -v m="$1" 'index($0, m) { buf = ""; next } { buf = buf $0 "\n" } END { printf "%s", buf }'
}

# --- cgwarden helpers -------------------------------------------------------

# cgw_cg_json PATH: the `cgwardenctl list --json` record of cgroup PATH
cgw_cg_json() {
	cgwardenctl list --json | sed 's/},{"id"/}\n{"id"/g' | grep "\"path\":\"$1\""
}

# cgw_json_field FIELD: a number or string field from the JSON on stdin
cgw_json_field() {
	sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" | head -n 1
}

# cgw_cg_field PATH FIELD: one field of cgroup PATH in `list --json`
cgw_cg_field() {
	cgw_cg_json "$1" | cgw_json_field "$2"
}

# tap_probe DESC WANT CMD...: run cgw-probe CMD..., expect output WANT
# (ok, EPERM, ECONNREFUSED, ...)
tap_probe() {
	_d=$1
	_want=$2
	shift 2
	tap_eq "$_d" "$(cgw-probe "$@" 2>&1)" "$_want"
}

# tap_probe_in CG DESC WANT CMD...: like tap_probe, inside cgroup CG
tap_probe_in() {
	_c=$1
	_d=$2
	_want=$3
	shift 3
	tap_eq "$_d" "$(cgw_in_cg "$_c" cgw-probe "$@" 2>&1)" "$_want"
}

# cgw_audit_count MATCH...: cgwarden audit records in the kernel log whose
# text contains every MATCH
cgw_audit_count() {
	dmesg | grep 'audit: type=1316' | {
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

# cgw_oci_bundle DIR CGROUP CMD...: an OCI bundle in DIR whose rootfs holds
# busybox (all applets) and cgw-probe, running CMD in cgroup CGROUP (runc's
# cgroupfs driver), without a terminal, with a writable rootfs
cgw_oci_bundle() {
	_b=$1
	_cgp=$2
	shift 2
	mkdir -p "$_b/rootfs/bin" "$_b/rootfs/proc" "$_b/rootfs/sys" \
		"$_b/rootfs/dev" "$_b/rootfs/tmp" "$_b/rootfs/etc" || return 1
	cp /bin/busybox "$_b/rootfs/bin/" &&
		/bin/busybox --install -s "$_b/rootfs/bin" &&
		cp "$CGW_DIR/cgw-probe" "$_b/rootfs/bin/" || return 1
	_args=$(printf '"%s", ' "$@" | sed 's/[\/&|]/\\&/g')
	(cd "$_b" && runc spec) || return 1
	sed -i -e 's/"terminal": true/"terminal": false/' \
		-e 's/"readonly": true/"readonly": false/' \
		-e "s/\"sh\"\$/${_args%, }/" \
		-e "s|\"linux\": {|\"linux\": {\n\t\t\"cgroupsPath\": \"$_cgp\",|" \
		"$_b/config.json"
	grep -q "\"cgroupsPath\": \"$_cgp\"" "$_b/config.json"
}

# cgw_runc_start DIR NAME: start the bundle in DIR detached as NAME (no
# pivot_root on an initramfs); its stdio goes to DIR/NAME.out
cgw_runc_start() {
	(cd "$1" && runc run -d --no-pivot "$2" </dev/null >"$1/$2.out" 2>&1)
}

# cgw_auditd_start FORMAT FLUSH MAX_LOG_MB: run Debian's auditd in the
# background, logging to /tmp/audit/audit.log (log_format FORMAT, flush
# FLUSH, rotated at MAX_LOG_MB); its pid in CGW_AUDITD_PID, its output in
# /tmp/auditd.out.  Fails if it has not registered with the kernel (as
# auditctl -s says) within 10 s.
cgw_auditd_start() {
	mkdir -p /etc/audit/plugins.d /tmp/audit /var/run /var/log/audit
	cat >/etc/audit/auditd.conf <<EOF
local_events = yes
write_logs = yes
log_file = /tmp/audit/audit.log
log_group = root
log_format = $1
flush = $2
freq = 0
max_log_file = $3
num_logs = 2
max_log_file_action = ROTATE
space_left = 2
space_left_action = IGNORE
admin_space_left = 1
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = SYSLOG
name_format = NONE
priority_boost = 0
plugin_dir = /etc/audit/plugins.d
q_depth = 2000
EOF
	chmod 0640 /etc/audit/auditd.conf
	auditd -n >/tmp/auditd.out 2>&1 &
	CGW_AUDITD_PID=$!
	_i=0
	while [ $_i -lt 100 ]; do
		[ "$(auditctl -s 2>/dev/null | sed -n 's/^pid //p')" = "$CGW_AUDITD_PID" ] &&
			return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
