#!/bin/sh
# What a cgroup creates is its own (issue 14, items 1 and 3).  A mktemp
# worker learns "creates and then uses its own files in /jobs/*" (and
# digits-only names in /jobs/body/*): 10 replays in protect with no
# refusal and no candidate, while a file of the same pattern that existed
# before, that the host dropped there, that another cgroup made, or that
# the host put in place of one the cgroup made, is refused (each with a
# mode-off control).  Exec entries are bound to the program that runs
# them: a learned program run by a program that never ran it is refused,
# with reason=other-program in the audit record (and works in mode off).
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

echo 10000 >/proc/sys/kernel/printk_ratelimit_burst
candidates() { cgwardenctl model candidates "$1" --json | grep -o '"id":' | wc -l; }

tap_check "insmod" cgw_load
mkdir -p /jobs
tap_check "a tmpfs for the jobs" mount -t tmpfs tmpfs /jobs
mkdir -p /jobs/body
# There before the cgroup learned: of the same patterns, never its own.
echo "pre-existing" >/jobs/job.PRE001
echo "pre-existing" >/jobs/body/0000000001

cat >/tmp/w96.sh <<'EOF'
i=0
while [ $i -lt 4 ]; do
	f=$(mktemp /jobs/job.XXXXXX) && echo data >"$f" && cat "$f" >/dev/null &&
		rm -f "$f" || exit 1
	# nginx's body buffers: names made only of digits
	n=$(printf '%010d' $(($$ * 10 + i)))
	echo body >/jobs/body/$n && cat /jobs/body/$n >/dev/null &&
		rm /jobs/body/$n || exit 1
	d=$(mktemp -d /jobs/tmp.XXXXXX) && rmdir "$d" || exit 1
	i=$((i + 1))
done
echo done
EOF

# --- learn, then 10 replays in protect --------------------------------------
cgw_mkcg w96 >/dev/null
cgwardenctl mode /w96 learn
i=0
while [ $i -lt 3 ]; do
	cgw_in_cg w96 sh /tmp/w96.sh >/dev/null
	i=$((i + 1))
done
# a file made in one process and used by a later one (kept)
cgw_in_cg w96 sh -c 'echo keep >/jobs/job.KEEP01; cat /jobs/job.KEEP01' >/dev/null
cgwardenctl model show /w96 | tap_diag
tap_check "learned: /jobs/* as the cgroup's own files" \
	sh -c 'cgwardenctl model show /w96 | grep -q "file  rw--,create,delete /jobs/\*  (generalised: created: its own files)  exe=/bin/busybox$"'
tap_check "learned: /jobs/body/* (digits-only names) as its own files" \
	sh -c 'cgwardenctl model show /w96 | grep -q "file  rw--,create,delete /jobs/body/\*  (generalised: created: its own files)"'
tap_eq "no entry names a made-up file" \
	"$(cgwardenctl model show /w96 | grep -c '/jobs/job\.\|/jobs/body/[0-9]\|/jobs/tmp\.')" 0
tap_eq "no directory generalisation of /jobs" \
	"$(cgwardenctl model show /w96 | grep -c '(generalised: dir)')" 0
tap_check "an export says wild: created" \
	sh -c 'cgwardenctl model export /w96 | tr "\n" " " | grep -q "path: /jobs/\* *wild: created"'
tap_check "status counts files known as a cgroup's own" \
	sh -c 'cgwardenctl status --json | grep -q "\"created\":[1-9]"'
n=$(cgw_cg_field /w96 entries)
cgwardenctl model export /w96 -o /tmp/w96.yaml

tap_check "protect" cgwardenctl mode /w96 protect
ok=0
i=0
while [ $i -lt 10 ]; do
	[ "$(cgw_in_cg w96 sh /tmp/w96.sh 2>&1)" = done ] && ok=$((ok + 1))
	i=$((i + 1))
done
tap_eq "protect: 10 replays complete" $ok 10
tap_eq "protect: zero denials in 10 replays" "$(cgw_cg_field /w96 denials)" 0
tap_eq "protect: zero candidates in 10 replays" "$(candidates /w96)" 0
tap_eq "protect: the model did not grow" "$(cgw_cg_field /w96 entries)" "$n"
tap_eq "protect: its own file, made while learning, still reads" \
	"$(cgw_in_cg w96 cat /jobs/job.KEEP01 2>&1)" keep
tap_eq "protect: its own file given to another owner (a rotated log's reopen)" \
	"$(cgw_in_cg w96 chown 100 /jobs/job.KEEP01 2>&1; stat -c %u /jobs/job.KEEP01)" 100
tap_eq "... but not another mode (set-id bits are not judged)" \
	"$(cgw_in_cg w96 chmod 0600 /jobs/job.KEEP01 2>&1 | grep -c 'not permitted')" 1
# a log the worker rotates itself (as Python's RotatingFileHandler does),
# never seen while learning: its own files take names that are free or
# its own; never the name of a file it did not make
rot='echo 1 >/jobs/app.log && mv /jobs/app.log /jobs/app.log.1 &&
	echo 2 >/jobs/app.log && mv /jobs/app.log.1 /jobs/app.log.2 &&
	mv /jobs/app.log /jobs/app.log.1 && cat /jobs/app.log.1 /jobs/app.log.2'
d0=$(cgw_cg_field /w96 denials)
tap_eq "protect: a log it rotates itself, by rename" \
	"$(cgw_in_cg w96 sh -c "$rot" 2>&1 | tr '\n' ' ')" "2 1 "
tap_eq "... with no denial" "$(cgw_cg_field /w96 denials)" "$d0"
echo host >/jobs/host.log
tap_eq "protect: its file renamed over the host's: refused" \
	"$(cgw_in_cg w96 mv /jobs/app.log.1 /jobs/host.log 2>&1 | grep -c 'not permitted')" 1
tap_eq "... the host's file still there" "$(cat /jobs/host.log)" host

# --- what the cgroup did not make: refused ---------------------------------
echo "dropped" >/jobs/job.HOST01
echo "dropped" >/jobs/body/0000000042
cgw_mkcg other96 >/dev/null
cgwardenctl mode /other96 learn
cgw_in_cg other96 sh -c 'echo other >/jobs/job.OTHER2'
tap_check "another cgroup, learning, made a file of the pattern: its own" \
	sh -c 'cgwardenctl model show /other96 | grep -q " /jobs/\*  (generalised: created: its own files)"'
cat_in() { cgw_in_cg w96 cat "$1" 2>&1 | sed 's/.*Operation not permitted.*/EPERM/'; }
tap_eq "pre-existing file of the pattern: read refused" "$(cat_in /jobs/job.PRE001)" EPERM
tap_eq "pre-existing digits-only name: read refused" "$(cat_in /jobs/body/0000000001)" EPERM
tap_eq "dropped by the host: read refused" "$(cat_in /jobs/job.HOST01)" EPERM
tap_eq "dropped by the host, digits only: read refused" "$(cat_in /jobs/body/0000000042)" EPERM
tap_eq "made by another cgroup: read refused" "$(cat_in /jobs/job.OTHER2)" EPERM
tap_eq "dropped by the host: write refused" \
	"$(cgw_in_cg w96 sh -c 'echo x >>/jobs/job.HOST01' 2>&1 | grep -c 'ermission\|not permitted')" 1
tap_eq "dropped by the host: delete refused" \
	"$(cgw_in_cg w96 rm -f /jobs/job.HOST01 2>&1 | grep -c 'ermission\|not permitted')" 1
tap_eq "... and it is still there" "$(cat /jobs/job.HOST01)" dropped
tap_eq "dropped by the host: chown refused" \
	"$(cgw_in_cg w96 chown 100 /jobs/job.HOST01 2>&1 | grep -c 'not permitted')" 1
tap_eq "... its owner unchanged" "$(stat -c %u /jobs/job.HOST01)" 0
# the cgroup's own file, replaced by the host under the same name
rm /jobs/job.KEEP01
echo "replaced" >/jobs/job.KEEP01
tap_eq "its own name, now the host's file: read refused" "$(cat_in /jobs/job.KEEP01)" EPERM
tap_check "an audit record names the refused read" \
	test "$(cgw_audit_count op=open verdict=deny 'path="/jobs/job.HOST01"')" -ge 1

# controls: the same steps work with the cgroup in mode off
cgwardenctl mode /w96 off
tap_eq "off: pre-existing file reads" "$(cat_in /jobs/job.PRE001)" pre-existing
tap_eq "off: digits-only name reads" "$(cat_in /jobs/body/0000000001)" pre-existing
tap_eq "off: host's file reads" "$(cat_in /jobs/job.HOST01)" dropped
tap_eq "off: host's digits-only file reads" "$(cat_in /jobs/body/0000000042)" dropped
tap_eq "off: another cgroup's file reads" "$(cat_in /jobs/job.OTHER2)" other
tap_eq "off: replaced file reads" "$(cat_in /jobs/job.KEEP01)" replaced
tap_check "off: write works" cgw_in_cg w96 sh -c 'echo x >>/jobs/job.HOST01'
tap_eq "off: chown of the host's file works" \
	"$(cgw_in_cg w96 chown 100 /jobs/job.HOST01 2>&1; stat -c %u /jobs/job.HOST01)" 100
tap_check "off: its file renamed over the host's" cgw_in_cg w96 mv /jobs/app.log.1 /jobs/host.log
tap_eq "off: chmod works" \
	"$(cgw_in_cg w96 chmod 0600 /jobs/job.KEEP01 2>&1; stat -c %a /jobs/job.KEEP01)" 600
tap_check "off: delete works" cgw_in_cg w96 rm /jobs/job.HOST01
# what it makes while off is its own too: back in protect, it uses it
cgw_in_cg w96 sh -c 'echo made-off >/jobs/job.OFF001'
cgwardenctl mode /w96 protect
tap_eq "made while off, back in protect: its own file reads" \
	"$(cat_in /jobs/job.OFF001)" made-off
tap_eq "... and deletes" "$(cgw_in_cg w96 rm /jobs/job.OFF001 2>&1; test -e /jobs/job.OFF001 || echo gone)" gone
tap_eq "... while the host's file is still refused" "$(cat_in /jobs/job.PRE001)" EPERM
cgw_rmcg w96
cgw_rmcg other96

# the exported model, imported into a new cgroup, replays in protect
cgw_mkcg w96b >/dev/null
tap_check "import the exported model" cgwardenctl model import /w96b /tmp/w96.yaml
cgwardenctl mode /w96b protect
tap_eq "imported: the worker runs in protect" "$(cgw_in_cg w96b sh /tmp/w96.sh 2>&1)" done
tap_eq "imported: zero denials" "$(cgw_cg_field /w96b denials)" 0
tap_eq "imported: a file it did not make is still refused" "$(cgw_in_cg w96b cat /jobs/job.PRE001 2>&1 |
	sed 's/.*Operation not permitted.*/EPERM/')" EPERM
cgw_rmcg w96b

# --- exec entries are bound to the program that runs them -------------------
cgw_mkcg x96 >/dev/null
cgwardenctl mode /x96 learn
cgw_in_cg x96 sh -c '/cgw/cgw-true; echo rc=$?' >/dev/null
cgw_in_cg x96 cgw-probe open /dev/null r >/dev/null
cgwardenctl model show /x96 | tap_diag
tap_check "learned: cgw-true, run by busybox" \
	sh -c 'cgwardenctl model show /x96 | grep -q "exec  /cgw/cgw-true  exe=/bin/busybox$"'
tap_check "an export binds the exec to its runner" \
	sh -c 'cgwardenctl model export /x96 | tr "\n" " " | grep -q "path: /cgw/cgw-true *name: cgw-true *exe: /bin/busybox"'
cgwardenctl model export /x96 -o /tmp/x96.yaml
cgwardenctl mode /x96 protect
tap_eq "protect: busybox runs cgw-true, as learned" \
	"$(cgw_in_cg x96 sh -c '/cgw/cgw-true; echo rc=$?')" rc=0
tap_eq "protect: cgw-probe (which never ran it) runs cgw-true: refused" \
	"$(cgw_in_cg x96 cgw-probe exec /cgw/cgw-true cgw-true 2>&1)" EPERM
tap_check "the audit record says other-program" \
	test "$(cgw_audit_count op=exec verdict=deny reason=other-program \
		'path="/cgw/cgw-true"' 'exe="/cgw/cgw-probe"')" -ge 1
cgwardenctl mode /x96 off
tap_eq "off: cgw-probe runs cgw-true" \
	"$(cgw_in_cg x96 sh -c 'cgw-probe exec /cgw/cgw-true cgw-true; echo rc=$?')" rc=0
cgw_rmcg x96
cgw_mkcg x96b >/dev/null
tap_check "import the exported model (exec bound to its runner)" \
	cgwardenctl model import /x96b /tmp/x96.yaml
cgwardenctl mode /x96b protect
tap_eq "imported: busybox runs cgw-true" \
	"$(cgw_in_cg x96b sh -c '/cgw/cgw-true; echo rc=$?')" rc=0
tap_eq "imported: cgw-probe running cgw-true is refused" \
	"$(cgw_in_cg x96b cgw-probe exec /cgw/cgw-true cgw-true 2>&1)" EPERM
cgw_rmcg x96b

# --- its own files in directories it made; what it made it may remove ------
# Learned: a directory of a new name, a file in it; never a removal.
mkdir -p /jobs/t
echo host >/jobs/host.rm
cgw_mkcg t96 >/dev/null
cgwardenctl mode /t96 learn
cgw_in_cg t96 sh -c 'd=$(mktemp -d /jobs/tree.XXXXXX) && echo x >$d/0.0 &&
	cat $d/0.0' >/dev/null
cgwardenctl mode /t96 protect
tree() {
	cgw_in_cg t96 sh -c 'd=$(mktemp -d /jobs/tree.XXXXXX) && echo x >$d/0.0 &&
		cat $d/0.0 && rm $d/0.0 && rmdir $d && echo ok' 2>&1 | tail -n 1
}
tap_eq "protect: a file in a new directory it made, used and removed" "$(tree)" ok
# (by the learned program: busybox's shell, as the tree was made)
mk() { cgw_in_cg t96 sh -c 'echo x >/jobs/t/0.0 && echo ok' 2>&1; }
tap_eq "protect: a file in a directory the host made: refused" \
	"$(mk | grep -c 'Operation not permitted')" 1
tap_eq "... nothing left behind" "$(ls /jobs/t | wc -l)" 0
tap_check "... audit record op=create" \
	test "$(cgw_audit_count op=create verdict=deny 'path="/jobs/t/0.0"')" -ge 1
tap_eq "protect: removing the host's file: refused" \
	"$(cgw_in_cg t96 sh -c 'rm /jobs/host.rm' 2>&1 | grep -c 'Operation not permitted')" 1
tap_eq "... it is still there" "$(cat /jobs/host.rm)" host
cgwardenctl mode /t96 off
tap_eq "control: a file in the directory the host made" "$(mk)" ok
tap_eq "control: removing the host's file" \
	"$(cgw_in_cg t96 sh -c 'rm /jobs/host.rm && echo ok')" ok
cgw_rmcg t96

umount /jobs
tap_check "rmmod" cgw_unload
tap_done
