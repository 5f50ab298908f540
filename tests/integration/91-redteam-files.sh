#!/bin/sh
# Red team, files: protect mode cannot be walked around by changing names.
# A runc container learns a workload (as root and as uid 65534) that
# rotates a log, writes its configuration atomically (mkstemp + rename),
# hard-links a snapshot, truncates and chmods; it then replays 10 times in
# protect with no denial.  Every attack of issue 12 fails with EPERM,
# leaves nothing behind and leaves an audit record naming the operation;
# each has a control: the same step, with the cgroup in mode off, works.
# cgw-vm-bins: /usr/sbin/runc
# cgw-vm-timeout: 1200
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

echo 10000 >/proc/sys/kernel/printk_ratelimit_burst

b=/tmp/bundle
r=$b/rootfs
tap_check "OCI bundle prepared" cgw_oci_bundle $b /cgw-rt sleep 100000
mkdir -p $r/srv/www $r/srv/data $r/srv/log $r/srv/app $r/srv/bin \
	$r/srv/spool
chmod 1777 $r/srv/www
echo 'root:$6$SECRET-HASH:19000:0:99999:7:::' >$r/etc/shadow
chmod 600 $r/etc/shadow
i=0
while [ $i -lt 12 ]; do
	echo "page $i" >$r/srv/www/page$i.html
	i=$((i + 1))
done
cp /cgw/cgw-true $r/srv/bin/app
echo "current data" >$r/srv/data/cur
echo "nobody's key" >$r/srv/data/nobody.key
echo "nobody's secret" >$r/srv/data/nobody.secret
chown 65534:65534 $r/srv/data/nobody.key $r/srv/data/nobody.secret
chmod 600 $r/srv/data/nobody.key $r/srv/data/nobody.secret
echo "setting=0" >$r/srv/app/app.conf
cat >$r/bin/work.sh <<'WORK'
for p in /srv/www/page*.html; do cat "$p"; done >/dev/null
/srv/bin/app
echo line >>/srv/log/app.log
cgw-probe rename /srv/log/app.log /srv/log/app.log.1
echo line >>/srv/log/app.log
cgw-probe atomic /srv/app/app.conf setting=1
cat /srv/app/app.conf
cgw-probe link /srv/data/cur /srv/data/snap
cat /srv/data/snap
cgw-probe unlink /srv/data/snap
cgw-probe truncate /srv/data/cur 0
echo "current data" >/srv/data/cur
cgw-probe chmod /srv/data/cur 640
cat /srv/data/cur
WORK
# The workload: as root, then as uid 65534 (runc's capability set has no
# CAP_SETUID: runc exec --user).
work() {
	runc exec ctr1 sh /bin/work.sh 2>&1
	runc exec --user 65534:65534 ctr1 cat /srv/www/page0.html \
		/srv/data/nobody.key 2>&1
}

# dir_names=2: the mkstemp names of the atomic write become a directory
# entry within the learning runs (collapse_names takes only some of them).
tap_check "insmod" cgw_load dir_names=2
tap_check "runc run -d" cgw_runc_start $b ctr1
tap_check "learn the container" cgwardenctl mode /cgw-rt learn
learned=$(work)
tap_note "learning run: $(echo "$learned" | tr '\n' ' ')"
i=1
while [ $i -lt 12 ]; do
	work >/dev/null
	i=$((i + 1))
done
cgwardenctl model show /cgw-rt | tap_diag
tap_check "protect the container" cgwardenctl mode /cgw-rt protect

# The legitimate workload: rename, link, create, truncate, chmod.
i=0
same=0
while [ $i -lt 10 ]; do
	[ "$(work)" = "$learned" ] && same=$((same + 1))
	i=$((i + 1))
done
tap_eq "10 replays in protect behave as learned" "$same" 10
# runc's own init (the Go runtime) reads /sys/kernel/mm/transparent_hugepage
# files on some runs only: its denials are not the workload's.
denied=$(dmesg | grep 'audit: type=1316' | grep verdict=deny |
	grep -v 'comm="runc:\[2:INIT\]"')
tap_eq "10 replays in protect: zero denials of the workload" \
	"$(printf '%s' "$denied" | grep -c .)" 0
printf '%s\n' "$denied" | tail -n 6 | tap_diag

# cgw-probe runs as the workload ran it: from its shell (exec entries are
# bound to the program that runs them; runc itself never ran cgw-probe).
probe='exec cgw-probe "$@"'
in_c() { runc exec ctr1 sh -c "$probe" sh "$@" 2>&1; }
as_nobody() { runc exec --user 65534:65534 ctr1 sh -c "$probe" sh "$@" 2>&1; }
# chown needs CAP_CHOWN, which runc's default set has not
chown_c() { runc exec --cap CAP_CHOWN ctr1 sh -c "$probe" sh chown "$@" 2>&1; }
exists() { [ -e "$r$1" ] || [ -L "$r$1" ] && echo present || echo absent; }
md5() { md5sum <"$r$1"; }
mode_of() { stat -c %a "$r$1"; }
owner_of() { stat -c %u:%g "$r$1"; }
size_of() { stat -c %s "$r$1"; }
shadow=$(cat $r/etc/shadow)
app_md5=$(md5 /srv/bin/app)
page1_md5=$(md5 /srv/www/page1.html)
app_mode=$(mode_of /srv/bin/app)
app_owner=$(owner_of /srv/bin/app)
long_tail=$(printf '%252s' '' | tr ' ' '/')cat/echo
long_name=$(printf '%300s' '' | tr ' ' 'c')

# Each attack in protect: EPERM, and nothing left behind.
tap_eq "link /etc/shadow to a learned name: EPERM" \
	"$(in_c link /etc/shadow /srv/www/x.html)" EPERM
tap_eq "link /etc/shadow: no new name" "$(exists /srv/www/x.html)" absent
tap_eq "as 65534, link a file it owns to a learned name: EPERM" \
	"$(as_nobody link /srv/data/nobody.secret /srv/www/n.html)" EPERM
tap_eq "as 65534: no new name" "$(exists /srv/www/n.html)" absent
tap_eq "link /etc/shadow to a name learned for links and reads: EPERM" \
	"$(in_c link /etc/shadow /srv/data/snap)" EPERM
tap_eq "link subset: no new name" "$(exists /srv/data/snap)" absent
tap_eq "rename a written file onto a learned program: EPERM" \
	"$(in_c rename /srv/log/app.log /srv/bin/app)" EPERM
tap_eq "rename: the program is unchanged" "$(md5 /srv/bin/app)" "$app_md5"
tap_eq "rename: the file keeps its name" "$(exists /srv/log/app.log)" present
tap_eq "exchange a written file with a learned program: EPERM" \
	"$(in_c exchange /srv/log/app.log /srv/bin/app)" EPERM
tap_eq "exchange: the program is unchanged" "$(md5 /srv/bin/app)" "$app_md5"
tap_eq "rename a log (append only) onto the config (read, write): EPERM" \
	"$(in_c rename /srv/log/app.log /srv/app/app.conf)" EPERM
tap_eq "rename subset: the config is unchanged" \
	"$(cat $r/srv/app/app.conf)" setting=1
tap_eq "unlink a learned file: EPERM" "$(in_c unlink /srv/www/page0.html)" EPERM
tap_eq "unlink: the file is still there" "$(exists /srv/www/page0.html)" present
tap_eq "rmdir: EPERM" "$(in_c rmdir /srv/spool)" EPERM
tap_eq "rmdir: the directory is still there" "$(exists /srv/spool)" present
tap_eq "mkdir: EPERM" "$(in_c mkdir /srv/www/newdir)" EPERM
tap_eq "mkdir: nothing made" "$(exists /srv/www/newdir)" absent
tap_eq "symlink to /etc/shadow: EPERM" \
	"$(in_c symlink /etc/shadow /srv/www/s.html)" EPERM
tap_eq "symlink: nothing made" "$(exists /srv/www/s.html)" absent
tap_eq "mknod: EPERM" "$(in_c mknod /srv/www/fifo)" EPERM
tap_eq "mknod: nothing made" "$(exists /srv/www/fifo)" absent
tap_eq "open(O_CREAT|O_WRONLY) of a new file: EPERM" \
	"$(in_c open /srv/www/new.html w)" EPERM
tap_eq "O_CREAT: no file left behind" "$(exists /srv/www/new.html)" absent
tap_eq "chmod 4777 of a learned program: EPERM" \
	"$(in_c chmod /srv/bin/app 4777)" EPERM
tap_eq "chmod: the mode is unchanged" "$(mode_of /srv/bin/app)" "$app_mode"
tap_eq "chown: EPERM" "$(chown_c /srv/bin/app 65534 65534)" EPERM
tap_eq "chown: the owner is unchanged" "$(owner_of /srv/bin/app)" "$app_owner"
tap_eq "truncate a learned program: EPERM" "$(in_c truncate /srv/bin/app 0)" EPERM
tap_eq "truncate: the program is unchanged" "$(md5 /srv/bin/app)" "$app_md5"
tap_eq "O_RDONLY|O_TRUNC of a file learned read-only: EPERM" \
	"$(in_c open /srv/www/page1.html rt)" EPERM
tap_eq "O_TRUNC: the content is unchanged" "$(md5 /srv/www/page1.html)" "$page1_md5"
tap_eq "O_ACCMODE 3 (ioctl-only) of a file learned read-only: EPERM" \
	"$(in_c open /srv/www/page2.html n3)" EPERM
# (the shell says "Killed" of a child killed by SIGKILL, in either order
# with rc=: the lines are sorted)
tap_eq "argv[0] whose tail past 255 bytes names another applet: killed" \
	"$(runc exec ctr1 sh -c "cgw-probe exec /bin/cat $long_tail pwned; echo rc=\$?" 2>&1 | sort)" \
	"Killed
rc=137"
tap_eq "argv[0] longer than a name is compared: killed" \
	"$(runc exec ctr1 sh -c "cgw-probe exec /bin/cat $long_name; echo rc=\$?" 2>&1 | sort)" \
	"Killed
rc=137"

id=$(stat -c %i /sys/fs/cgroup/cgw-rt)
rec() {
	_d=$1
	shift
	_n=$(cgw_audit_count "cgroup_id=$id " verdict=deny "$@")
	[ "$_n" -ge 1 ] && tap_ok "audit: $_d" ||
		tap_fail "audit: $_d" "no record with: $*"
}
rec "link" op=link 'path="/srv/www/x.html"' reason=not-in-model
rec "link as 65534" op=link 'path="/srv/www/n.html"'
rec "link subset" op=link 'path="/srv/data/snap"' access=r reason=widens-access
rec "rename" op=rename 'path="/srv/bin/app"' access=rename-to
rec "exchange" op=rename 'path="/srv/log/app.log"' access=rename-from,rename-to
rec "rename subset" op=rename 'path="/srv/app/app.conf"' reason=widens-access
rec "unlink" op=unlink 'path="/srv/www/page0.html"' access=delete
rec "rmdir" op=rmdir 'path="/srv/spool"' access=delete
rec "mkdir" op=mkdir 'path="/srv/www/newdir"' access=create
rec "symlink" op=symlink 'path="/srv/www/s.html"' access=create
rec "mknod" op=create 'path="/srv/www/fifo"' access=create
rec "O_CREAT" op=create 'path="/srv/www/new.html"' access=create
rec "chmod" op=chmod 'path="/srv/bin/app"' access=chmod
rec "chown" op=chown 'path="/srv/bin/app"' access=chown
rec "truncate" op=truncate 'path="/srv/bin/app"' access=w
rec "O_TRUNC" op=open 'path="/srv/www/page1.html"' access=rw
rec "O_ACCMODE 3" op=open 'path="/srv/www/page2.html"' access=rw
rec "argv[0]" op=exec 'name="echo"'
rec "argv[0] too long" op=exec reason=too-long

# A policy deny is never escaped by a new name: in protect ...
cat >/tmp/rt-policy.yaml <<'EOF'
rules:
  - name: shadow
    cgroups:
      - /cgw-rt
      - /cgw-rt-learn
    deny:
      files:
        - path: /etc/shadow
          access: r
        - path: /tmp/rt/shadow
          access: r
EOF
tap_check "policy load" cgwardenctl policy load /tmp/rt-policy.yaml
tap_eq "policy deny, link to a learned name: EPERM" \
	"$(in_c link /etc/shadow /srv/data/snap)" EPERM
rec "policy deny escape" op=link 'path="/srv/data/snap"' reason=policy-deny
# ... and while learning, where anything not denied is learned.
mkdir -p /tmp/rt
echo secret >/tmp/rt/shadow
cgw_mkcg cgw-rt-learn >/dev/null
tap_check "a cgroup learns" cgwardenctl mode /cgw-rt-learn learn
tap_eq "learn: link of a denied file: EPERM" \
	"$(cgw_in_cg cgw-rt-learn cgw-probe link /tmp/rt/shadow /tmp/rt/x)" EPERM
tap_eq "learn: no new name" "$([ -e /tmp/rt/x ] && echo present || echo absent)" absent
tap_check "learning cgroup off" cgwardenctl mode /cgw-rt-learn off
tap_eq "control, off: the link is made" \
	"$(cgw_in_cg cgw-rt-learn cgw-probe link /tmp/rt/shadow /tmp/rt/x)" ok
tap_check "policy clear" cgwardenctl policy clear
cgw_rmcg cgw-rt-learn

# Controls: the same steps, with the container's cgroup off, work.
tap_check "container to off" cgwardenctl mode /cgw-rt off
tap_eq "control: link /etc/shadow to a learned name" \
	"$(in_c link /etc/shadow /srv/www/x.html)" ok
tap_eq "control: the learned name reads /etc/shadow" \
	"$(runc exec ctr1 cat /srv/www/x.html 2>&1)" "$shadow"
tap_eq "control: as 65534, link a file it owns" \
	"$(as_nobody link /srv/data/nobody.secret /srv/www/n.html)" ok
tap_eq "control: as 65534, the learned name reads it" \
	"$(runc exec --user 65534:65534 ctr1 cat /srv/www/n.html 2>&1)" "nobody's secret"
tap_eq "control: link subset" "$(in_c link /etc/shadow /srv/data/snap)" ok
tap_eq "control: exchange" "$(in_c exchange /srv/log/app.log /srv/bin/app)" ok
tap_eq "control: exchange back" "$(in_c exchange /srv/log/app.log /srv/bin/app)" ok
tap_eq "control: rename onto the config" \
	"$(in_c rename /srv/log/app.log.1 /srv/app/app.conf)" ok
tap_eq "control: rename onto the program" \
	"$(in_c rename /srv/log/app.log /srv/bin/app)" ok
tap_check "control: the program was replaced" \
	test "$(md5 /srv/bin/app)" != "$app_md5"
tap_eq "control: unlink" "$(in_c unlink /srv/www/page0.html)" ok
tap_eq "control: rmdir" "$(in_c rmdir /srv/spool)" ok
tap_eq "control: mkdir" "$(in_c mkdir /srv/www/newdir)" ok
tap_eq "control: symlink" "$(in_c symlink /etc/shadow /srv/www/s.html)" ok
tap_eq "control: mknod" "$(in_c mknod /srv/www/fifo)" ok
tap_eq "control: open(O_CREAT|O_WRONLY)" "$(in_c open /srv/www/new.html w)" ok
tap_eq "control: O_CREAT made the file" "$(exists /srv/www/new.html)" present
tap_eq "control: chmod 4777" "$(in_c chmod /srv/bin/app 4777)" ok
tap_eq "control: the mode changed" "$(mode_of /srv/bin/app)" 4777
tap_eq "control: chown" "$(chown_c /srv/bin/app 65534 65534)" ok
tap_eq "control: the owner changed" "$(owner_of /srv/bin/app)" 65534:65534
tap_eq "control: truncate" "$(in_c truncate /srv/bin/app 0)" ok
tap_eq "control: truncated" "$(size_of /srv/bin/app)" 0
tap_eq "control: O_RDONLY|O_TRUNC" "$(in_c open /srv/www/page1.html rt)" ok
tap_eq "control: O_RDONLY|O_TRUNC truncated" "$(size_of /srv/www/page1.html)" 0
tap_eq "control: O_ACCMODE 3" "$(in_c open /srv/www/page2.html n3)" ok
tap_eq "control: argv[0]'s tail runs another applet" \
	"$(runc exec ctr1 sh -c "cgw-probe exec /bin/cat $long_tail pwned; echo rc=\$?" 2>&1)" \
	"pwned
rc=0"
tap_eq "control: a long argv[0] runs (busybox: no such applet)" \
	"$(runc exec ctr1 sh -c "cgw-probe exec /bin/cat $long_name >/dev/null 2>&1; echo rc=\$?" 2>&1)" \
	rc=127
tap_eq "off: no record" \
	"$(cgw_audit_count "cgroup_id=$id " mode=off)" 0

runc kill ctr1 KILL
sleep 1
runc delete -f ctr1
tap_check "rmmod" cgw_unload
tap_done
