#!/bin/sh
# A real OCI container run by Debian's runc: cgwarden learns it through
# `runc exec`, then protects it; the container's own paths (inside its
# rootfs) are what the model holds.
# cgw-vm-bins: /usr/sbin/runc
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

b=/tmp/bundle
r=$b/rootfs
mkdir -p $r/bin $r/proc $r/sys $r/dev $r/tmp $r/etc $r/data
cp /bin/busybox $r/bin/
/bin/busybox --install -s $r/bin
cp /cgw/cgw-probe $r/bin/
echo ctr >$r/etc/hostname
echo "app data" >$r/data/app.conf
echo "top secret" >$r/data/secret
cat >$r/bin/work.sh <<'WORK'
cat /data/app.conf
cgw-probe open /data/state w
cgw-probe sendto udp 127.0.0.1 514
WORK
cd $b || exit 1
runc spec
sed -i -e 's/"terminal": true/"terminal": false/' \
	-e 's/"readonly": true/"readonly": false/' \
	-e 's/"sh"$/"sleep", "600"/' \
	-e 's|"linux": {|"linux": {\n\t\t"cgroupsPath": "/cgw-runc",|' config.json
grep -q '"sleep", "600"' config.json && grep -q cgroupsPath config.json &&
	tap_ok "OCI bundle prepared" || tap_fail "OCI bundle prepared" "$(cat config.json)"

tap_check "insmod" cgw_load
# The container keeps runc's stdio: give it a file, not tap_check's pipe.
tap_check "runc run -d (no pivot_root on an initramfs)" \
	sh -c 'runc run -d --no-pivot ctr1 </dev/null >/tmp/runc.out 2>&1'
cat /tmp/runc.out | tap_diag
tap_check "the container has its cgroup" test -d /sys/fs/cgroup/cgw-runc
tap_check "learn the container" cgwardenctl mode /cgw-runc learn
learned=$(runc exec ctr1 sh /bin/work.sh 2>&1)
tap_note "learning run: $(echo "$learned" | tr '\n' ' ')"
tap_check "model holds the container's view of its files" \
	sh -c 'cgwardenctl model show /cgw-runc | grep -q "^file  r--- /data/app.conf$"'
tap_check "protect the container" cgwardenctl mode /cgw-runc protect
same=0
i=0
while [ $i -lt 3 ]; do
	[ "$(runc exec ctr1 sh /bin/work.sh 2>&1)" = "$learned" ] && same=$((same + 1))
	i=$((i + 1))
done
tap_eq "replays in protect behave as learned" "$same" 3
tap_eq "no denials for the learned workload" "$(cgw_cg_field /cgw-runc denials)" 0
tap_eq "a never-read file in the container is refused" \
	"$(runc exec ctr1 cgw-probe open /data/secret r 2>&1)" EPERM
tap_eq "a new endpoint is refused" \
	"$(runc exec ctr1 cgw-probe sendto udp 127.0.0.1 53 2>&1)" EPERM
tap_check_fails "a never-run applet (nc) does not start" \
	runc exec ctr1 nc -h
id=$(stat -c %i /sys/fs/cgroup/cgw-runc)
tap_eq "audit record for the refused read" \
	"$(cgw_audit_count "cgroup_id=$id " 'cgroup="/cgw-runc"' 'path="/data/secret"' verdict=deny)" 1
runc kill ctr1 KILL
sleep 1
runc delete -f ctr1
tap_check "rmmod" cgw_unload
tap_done
