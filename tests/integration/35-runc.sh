#!/bin/sh
# A real OCI container run by Debian's runc: cgwarden learns it through
# `runc exec`, then protects it; the container's own paths (inside its
# rootfs) are what the model holds.
# cgw-vm-bins: /usr/sbin/runc
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

b=/tmp/bundle
r=$b/rootfs
tap_check "OCI bundle prepared" cgw_oci_bundle $b /cgw-runc sleep 600
mkdir -p $r/data
echo "app data" >$r/data/app.conf
echo "top secret" >$r/data/secret
cat >$r/bin/work.sh <<'WORK'
cat /data/app.conf
cgw-probe open /data/state w
cgw-probe sendto udp 127.0.0.1 514
WORK

tap_check "insmod" cgw_load
tap_check "runc run -d" cgw_runc_start $b ctr1
tap_check "the container has its cgroup" test -d /sys/fs/cgroup/cgw-runc
tap_check "learn the container" cgwardenctl mode /cgw-runc learn
learned=$(runc exec ctr1 sh /bin/work.sh 2>&1)
tap_note "learning run: $(echo "$learned" | tr '\n' ' ')"
tap_check "model holds the container's view of its files, bound to the program" \
	sh -c 'cgwardenctl model show /cgw-runc | grep -q "^[0-9a-f]\{8\}  file  r--- /data/app.conf  exe=/bin/busybox$"'
tap_check "protect the container" cgwardenctl mode /cgw-runc protect
same=0
i=0
while [ $i -lt 3 ]; do
	[ "$(runc exec ctr1 sh /bin/work.sh 2>&1)" = "$learned" ] && same=$((same + 1))
	i=$((i + 1))
done
tap_eq "replays in protect behave as learned" "$same" 3
tap_eq "no denials for the learned workload" "$(cgw_cg_field /cgw-runc denials)" 0
# cgw-probe was learned as run by the workload's shell: so it runs here.
tap_eq "a never-read file in the container is refused" \
	"$(runc exec ctr1 sh -c 'cgw-probe open /data/secret r' 2>&1)" EPERM
tap_eq "a new endpoint is refused" \
	"$(runc exec ctr1 sh -c 'cgw-probe sendto udp 127.0.0.1 53' 2>&1)" EPERM
tap_check_fails "cgw-probe run by runc itself (which never ran it) does not start" \
	runc exec ctr1 cgw-probe open /data/app.conf r
tap_check_fails "a never-run applet (nc) does not start" \
	runc exec ctr1 nc -h
id=$(stat -c %i /sys/fs/cgroup/cgw-runc)
tap_eq "audit record for the refused read" \
	"$(cgw_audit_count "cgroup_id=$id " 'cgroup="/cgw-runc"' 'path="/data/secret"' verdict=deny)" 1
tap_check "audit record: cgw-probe refused as run by another program" \
	test "$(cgw_audit_count "cgroup_id=$id " op=exec verdict=deny reason=other-program \
		'path="/bin/cgw-probe"')" -ge 1
runc kill ctr1 KILL
sleep 1
runc delete -f ctr1
tap_check "rmmod" cgw_unload
tap_done
