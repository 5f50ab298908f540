#!/bin/sh
# Red team, the mount family: in a runc container with CAP_SYS_ADMIN,
# CAP_SYS_CHROOT and CAP_SYS_PTRACE, a learned workload, then protect.
# Each attack makes a learned name reach another file (bind mount, also
# from a user namespace, which is tested in a plain cgroup: see below;
# chroot; pivot_root) or borrows a learned program's pairing (ptrace,
# process_vm_writev, PTRACE_TRACEME): refused with EPERM, nothing left
# behind, an audit record naming the op.  Each has its control: the same
# step succeeds with the cgroup in mode off.
# And runc itself starts the container under protect with the learned
# model: the container's own setup (namespaces, mounts, its root) runs in
# its cgroup, so learning captures it.  runc runs itself from a detached
# bind and then from a memfd copy: programs without a path are learned by
# names of their own, never "/", bound to the program that ran them; a
# payload in a memfd of the same name is refused.  The container starts
# again under protect with its exported model, in a module loaded afresh.
# cgw-vm-bins: /usr/sbin/runc
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

echo 10000 >/proc/sys/kernel/printk_ratelimit_burst
b=/tmp/bundle
r=$b/rootfs
cg=/cgw-rt/ctr1
tap_check "OCI bundle prepared" cgw_oci_bundle $b $cg sleep 600
# runc's defaults, plus what these attacks need.
sed -i 's/"CAP_KILL",/"CAP_KILL", "CAP_SYS_ADMIN", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",/' \
	$b/config.json
tap_eq "the container gets CAP_SYS_ADMIN, CAP_SYS_CHROOT, CAP_SYS_PTRACE" \
	"$(grep -c '"CAP_SYS_ADMIN", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE"' $b/config.json)" 4
mkdir -p $r/data $r/jail/bin
echo "app data" >$r/data/app.conf
echo "top secret" >$r/data/secret
cp "$CGW_DIR/cgw-true" $r/bin/app
# A program that opens files but was never seen making a namespace.
cp "$CGW_DIR/cgw-probe" $r/bin/tool
# A planted tree: /bin/app in it is another program.
cp "$CGW_DIR/cgw-probe" $r/jail/bin/app
echo marker >$r/jail/marker
cat >$r/bin/work.sh <<'WORK'
cat /data/app.conf
/bin/app && echo app ran
/bin/tool open /data/app.conf r
cgw-probe ns mnt open /data/app.conf r
cgw-probe open /bin/cgw-probe r
WORK

# ctr_pid: the container's init, as the host sees it
ctr_pid() {
	runc state ctr1 | sed -n 's/.*"pid": \([0-9]*\).*/\1/p'
}

# mounted PATH: how many mounts the container has at PATH
mounted() {
	awk -v p="$1" '$5 == p' "/proc/$(ctr_pid)/mountinfo" | wc -l
}

# ctr CMD...: run CMD in the container, output and errors, from its shell
# as the workload ran it (exec entries are bound to the program that runs
# them; runc itself never ran these)
ctr() {
	runc exec ctr1 sh -c 'exec "$@"' sh "$@" 2>&1
}

# rw_addr: a writable address of the container's init (its first rw-p
# mapping), read from the host: in protect the container may not read it
rw_addr() {
	awk '$2 == "rw-p" { split($1, a, "-"); print a[1]; exit }' \
		"/proc/$(ctr_pid)/maps"
}

# audited OP PATH: deny records for OP on PATH from the container
audited() {
	cgw_audit_count "op=$1 " "path=\"$2\"" verdict=deny \
		"cgroup=\"$cg\""
}

stop_ctr() {
	runc kill ctr1 KILL 2>/dev/null
	sleep 1
	runc delete -f ctr1
}

tap_check "insmod" cgw_load
tap_check "the parent cgroup" cgw_mkcg cgw-rt
tap_check "learn, before the container starts" cgwardenctl mode /cgw-rt learn
# runc's init joins the cgroup while it is starting (loading its shared
# libraries races with the join): a few starts learn what any start does.
learn_start() {
	cgw_runc_start $b ctr1 || return 1
	runc exec ctr1 sh /bin/work.sh >/tmp/learned 2>&1
	stop_ctr
}
# The loader's opens of runc's init come before or after its move into
# the cgroup, as the race goes: runc itself, run in the cgroup, shows them.
tap_check "learning: runc's loader" cgw_in_cg cgw-rt/ctr1 runc --version
cgw_rmcg cgw-rt/ctr1
for i in 1 2 3; do
	tap_check "runc run -d, learning, start $i" learn_start
done
learned=$(cat /tmp/learned)
tap_eq "the learning run" "$(echo "$learned" | tr '\n' ' ')" \
	"app data app ran ok ok ok "
model=$(cgwardenctl model show /cgw-rt 2>&1)
tap_note "model: $(echo "$model" | wc -l) lines"
echo "$model" | grep -E 'ns |mount|chroot|memfd|unreachable|deleted' | tap_diag
# runc runs itself from a detached read-only bind, then from a memfd copy:
# programs without a path have names of their own (docs/concepts.md).
tap_eq "no program is called '/' in the model" \
	"$(echo "$model" | grep -cE '  exec  / |exe=/$|exe=/ ')" 0
echo "$model" >/tmp/model.txt
tap_check "runc's memfd copy is learned by name, bound to the program that ran it" \
	grep -qE '  exec  memfd:runc_cloned:/proc/self/exe .*  exe=[^ ]+$' /tmp/model.txt

tap_check "protect" cgwardenctl mode /cgw-rt protect
tap_check "runc starts the container under protect, learned model" \
	cgw_runc_start $b ctr1
dmesg | grep 'audit: type=1316.*verdict=deny' | tap_diag
cat $b/ctr1.out | tap_diag
tap_eq "its cgroup is protected" "$(cgw_cg_field $cg mode)" protect
tap_eq "the learned workload replays" "$(runc exec ctr1 sh /bin/work.sh 2>&1)" "$learned"
# runc 1.1 first tries a read-only bind of its own binary on a mkstemp
# name in its state directory (and copies itself to a memfd if that
# fails).  Suffixes of letters only (a third of them) are not recognised
# as made up (generalise.c), so that one may be refused: runc goes on.
tap_eq "no denials for the learned start and workload (but runc's ro-bind)" \
	"$(dmesg | grep 'audit: type=1316.*verdict=deny' | grep "cgroup=\"$cg\"" |
		grep -vc 'path="/run/runc/ctr1/runc\.')" 0
mkdir -p "/proc/$(ctr_pid)/root/dev/old"

# --- attacks, in protect ----------------------------------------------------
tap_eq "bind a secret over a learned file: refused" \
	"$(ctr cgw-probe bind /data/secret /data/app.conf)" EPERM
tap_eq "... no mount left at /data/app.conf" "$(mounted /data/app.conf)" 0
tap_eq "... the learned name still reads the learned file" \
	"$(ctr cat /data/app.conf)" "app data"
tap_eq "... audit record op=mount" "$(audited mount /data/app.conf)" 1

tap_eq "bind another program over a learned one: refused" \
	"$(ctr cgw-probe bind /bin/cgw-probe /bin/app)" EPERM
tap_eq "... no mount left at /bin/app" "$(mounted /bin/app)" 0
tap_eq "... the learned program still runs as itself" \
	"$(ctr /bin/app open /data/app.conf r; echo "rc=$?")" "rc=0"
tap_eq "... audit record op=mount" "$(audited mount /bin/app)" 1

tap_eq "a mount namespace the model never saw made: refused" \
	"$(ctr /bin/tool ns mnt open /data/app.conf r)" EPERM
tap_eq "... audit record op=namespace" \
	"$(audited namespace /proc/self/ns/mnt)" 1

tap_eq "chroot into a planted tree, exec a learned name: refused" \
	"$(ctr cgw-probe chroot /jail /bin/app app open /marker r)" EPERM
tap_eq "... audit record op=chroot" "$(audited chroot /jail)" 1

tap_eq "pivot_root to another root (learned mount namespace): refused" \
	"$(ctr cgw-probe ns mnt pivot /dev /dev/old)" EPERM
tap_eq "... no mount left at /dev/old" "$(mounted /dev/old)" 0
tap_eq "... audit record op=pivot_root" "$(audited pivot_root /dev)" 1

tap_eq "ptrace attach and poke the learned program: refused" \
	"$(ctr cgw-probe ptrace 1 "$(rw_addr)")" EPERM
tap_eq "... audit record op=ptrace" "$(audited ptrace /bin/busybox)" 1
tap_eq "process_vm_writev into the learned program: refused" \
	"$(ctr cgw-probe vmwrite 1 "$(rw_addr)")" EPERM
tap_eq "PTRACE_TRACEME, then exec: refused" \
	"$(ctr cgw-probe traceme /bin/app app)" EPERM
tap_eq "... audit record op=ptrace" "$(audited ptrace /bin/cgw-probe)" 1
# A payload run from a memfd named as runc's copy of itself: the name is
# learned, but the exec was learned bound to runc, not to this program.
memfd_attack() {
	ctr cgw-probe memfd runc_cloned:/proc/self/exe /bin/cgw-probe \
		cgw-probe open /data/app.conf r
}
tap_eq "a memfd named as runc's copy of itself, executed: refused" \
	"$(memfd_attack)" EPERM
tap_eq "... audit record naming the memfd" \
	"$(cgw_audit_count "op=open " 'path="memfd:runc_cloned:/proc/self/exe"' \
		verdict=deny reason=not-in-model "cgroup=\"$cg\"")" 1
tap_check "the container's init still runs" kill -0 "$(ctr_pid)"
tap_eq "the learned workload still replays" "$(runc exec ctr1 sh /bin/work.sh 2>&1)" "$learned"

# --- controls: the same steps with the cgroup in mode off -------------------
tap_check "mode off" cgwardenctl mode $cg off
tap_eq "control: bind a secret over a learned file" \
	"$(ctr cgw-probe bind /data/secret /data/app.conf)" ok
tap_eq "control: ... the learned name now reads the secret" \
	"$(ctr cat /data/app.conf)" "top secret"
tap_eq "control: umount" "$(ctr cgw-probe umount /data/app.conf)" ok
tap_eq "control: bind another program over a learned one" \
	"$(ctr cgw-probe bind /bin/cgw-probe /bin/app)" ok
tap_eq "control: ... the learned name runs the other program" \
	"$(ctr /bin/app open /data/app.conf r)" ok
tap_eq "control: umount" "$(ctr cgw-probe umount /bin/app)" ok
tap_eq "control: a mount namespace made" \
	"$(ctr /bin/tool ns mnt open /data/app.conf r)" ok
tap_eq "control: chroot into a planted tree, exec a learned name" \
	"$(ctr cgw-probe chroot /jail /bin/app app open /marker r)" ok
tap_eq "control: pivot_root" "$(ctr cgw-probe ns mnt pivot /dev /dev/old)" ok
tap_eq "control: ptrace attach and poke" "$(ctr cgw-probe ptrace 1 "$(rw_addr)")" ok
tap_eq "control: process_vm_writev" "$(ctr cgw-probe vmwrite 1 "$(rw_addr)")" ok
tap_eq "control: PTRACE_TRACEME, then exec" \
	"$(ctr cgw-probe traceme /bin/app app)" ok
tap_eq "control: a memfd named as runc's copy of itself, executed" \
	"$(memfd_attack)" ok
tap_eq "control: no mount left behind" \
	"$(($(mounted /data/app.conf) + $(mounted /bin/app) + $(mounted /dev/old)))" 0
tap_check "container stopped" stop_ctr

# --- restarted with its exported model, in a module loaded afresh ----------
denials() {
	dmesg | grep 'audit: type=1316.*verdict=deny' | grep "cgroup=\"$cg\"" |
		grep -vc 'path="/run/runc/ctr1/runc\.'
}
tap_check "model export" cgwardenctl model export /cgw-rt -o /tmp/rt-model.yaml
cgw_rmcg cgw-rt
reload() {
	cgw_unload && cgw_load
}
tap_check "rmmod, insmod: nothing learned is left" reload
tap_check "the parent cgroup, again" cgw_mkcg cgw-rt
tap_check "model import" cgwardenctl model import /cgw-rt /tmp/rt-model.yaml
tap_check "protect" cgwardenctl mode /cgw-rt protect
before=$(denials)
tap_check "runc starts the container under protect, imported model" \
	cgw_runc_start $b ctr1
cat $b/ctr1.out | tap_diag
tap_eq "the learned workload replays, imported model" \
	"$(runc exec ctr1 sh /bin/work.sh 2>&1)" "$learned"
tap_eq "no denials for the restart and workload (but runc's ro-bind)" \
	"$(($(denials) - before))" 0
tap_check "container stopped" stop_ctr
cgw_rmcg cgw-rt

# --- user namespaces ----------------------------------------------------------
# Not in the runc container: with --no-pivot (an initramfs has nothing to
# pivot from) its root is a chroot to the kernel, which refuses user
# namespaces there by itself.  A cgroup of plain processes instead.
u=/tmp/userns
mkdir -p $u
echo "app data" >$u/app.conf
echo "top secret" >$u/secret
cp "$CGW_DIR/cgw-probe" $u/tool
tap_check "a cgroup of plain processes" cgw_mkcg cgw-userns
tap_check "learn /cgw-userns" cgwardenctl mode /cgw-userns learn
tap_eq "learning: user and mount namespace, read" \
	"$(cgw_in_cg cgw-userns cgw-probe ns user+mnt open $u/app.conf r 2>&1)" ok
tap_eq "learning: the other program reads" \
	"$(cgw_in_cg cgw-userns $u/tool open $u/app.conf r 2>&1)" ok
tap_check "protect /cgw-userns" cgwardenctl mode /cgw-userns protect
tap_eq "user and mount namespace (learned), then bind: refused" \
	"$(cgw_in_cg cgw-userns cgw-probe ns user+mnt bind $u/secret $u/app.conf 2>&1)" EPERM
tap_eq "... audit record op=mount" \
	"$(cgw_audit_count "op=mount " "path=\"$u/app.conf\"" verdict=deny)" 1
tap_eq "a user namespace the model never saw made: refused" \
	"$(cgw_in_cg cgw-userns $u/tool ns user open $u/app.conf r 2>&1)" EPERM
tap_eq "... audit record op=namespace" \
	"$(cgw_audit_count "op=namespace " 'path="/proc/self/ns/user"' verdict=deny 'cgroup="/cgw-userns"')" 1
tap_check "mode off" cgwardenctl mode /cgw-userns off
tap_eq "control: user and mount namespace, then bind" \
	"$(cgw_in_cg cgw-userns cgw-probe ns user+mnt bind $u/secret $u/app.conf 2>&1)" ok
tap_eq "control: a user namespace made" \
	"$(cgw_in_cg cgw-userns $u/tool ns user open $u/app.conf r 2>&1)" ok
tap_eq "control: the bind stayed in its namespace" "$(cat $u/app.conf)" "app data"
cgw_rmcg cgw-userns
tap_check "rmmod" cgw_unload
tap_done
