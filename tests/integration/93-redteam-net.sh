#!/bin/sh
# Red team, sockets: a workload learns its network behaviour, then in
# protect each way around the model fails with EPERM and leaves an audit
# record naming the operation: a sendto whose address says AF_UNSPEC, raw
# sockets (a port means nothing to them), packet and vsock sockets, an
# IPv4 peer reached from an IPv6 socket as ::ffff:a.b.c.d (under the model
# and under a policy deny), a second address in an SCTP connectx, a bind
# shell (bind, listen, accept), and a learned unix socket path re-pointed
# by a symlink or a bind mount, or spelled relative from another directory.
# What the workload learned still works, however it is spelled.  The
# control: every attack succeeds with the cgroup in mode off.
# cgw-vm-kmods: crc32c_generic sctp vsock
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

echo 10000 >/proc/sys/kernel/printk_ratelimit_burst
ip link set lo up

# Unix peers, outside any tracked cgroup: the learned ones (a, d) and
# sockets the workload never reached.
mkdir -p /tmp/ux/sub
pids=
for s in a b evil1 evil2 sub/a d evil4; do
	t=stream
	case $s in d | evil4) t=dgram ;; esac
	cgw-probe unix-listen /tmp/ux/$s.sock $t >/dev/null &
	pids="$pids $!"
done
i=0
while [ $i -lt 50 ] && ! { [ -S /tmp/ux/evil4.sock ] && [ -S /tmp/ux/sub/a.sock ] &&
	[ -S /tmp/ux/d.sock ]; }; do
	sleep 0.1
	i=$((i + 1))
done
ln -s /tmp/ux/a.sock /tmp/ux/link-a

tap_check "insmod" cgw_load
cgw_mkcg rt >/dev/null
idR=$(stat -c %i /sys/fs/cgroup/rt)
tap_check "rt learns" cgwardenctl mode /rt learn
cgw_in_cg rt sh -c '
	cgw-probe sendto udp 127.0.0.1 5353
	cgw-probe sendto udp ::1 5353
	cgw-probe raw 127.0.0.1 5353
	cgw-probe serve 0.0.0.0 8080 accept
	cgw-probe serve 0.0.0.0 8081 listen
	cgw-probe sctp-connectx 5000 127.0.0.1
	(cd /tmp/ux && cgw-probe unix a.sock)
	cgw-probe unix /tmp/ux/b.sock
	cgw-probe unixdg /tmp/ux/d.sock' | tap_diag
cgwardenctl model show /rt | tap_diag
tap_check "model show: a socket made, by family, type and protocol" \
	sh -c 'cgwardenctl model show /rt | grep -q "socket inet raw udp"'
tap_check "model show: the server's port, bound, listened on, accepted on" \
	sh -c 'cgwardenctl model show /rt | grep -q "tcp 0.0.0.0:8080 bind,listen,accept"'
tap_check "model show: the raw socket's peer, without a port" \
	sh -c 'cgwardenctl model show /rt | grep -q "udp 127.0.0.1 type=raw"'
tap_check "rt to protect" cgwardenctl mode /rt protect

in_p() { cgw_in_cg rt cgw-probe "$@"; }
# What was learned still works, spelled as learned or otherwise.
tap_eq "learned: UDP sendto" "$(in_p sendto udp 127.0.0.1 5353)" ok
tap_eq "learned: the same peer with AF_UNSPEC in the address" \
	"$(in_p sendto udp 127.0.0.1 5353 unspec)" ok
tap_eq "learned: the same IPv4 peer from an IPv6 socket (::ffff:)" \
	"$(in_p sendto udp ::ffff:127.0.0.1 5353)" ok
tap_eq "learned: raw datagram to the learned host" "$(in_p raw 127.0.0.1 5353)" ok
tap_eq "learned: the server binds, listens, accepts" \
	"$(in_p serve 0.0.0.0 8080 accept)" ok
tap_eq "learned: SCTP connectx" "$(in_p sctp-connectx 5000 127.0.0.1)" ok
tap_eq "learned: unix connect (learned by a relative path)" \
	"$(in_p unix /tmp/ux/a.sock)" ok
tap_eq "learned: unix connect" "$(in_p unix /tmp/ux/b.sock)" ok
tap_eq "learned: unix connect through a symlink to the same socket" \
	"$(in_p unix /tmp/ux/link-a)" ok
tap_eq "learned: unix connect by a relative path to the same socket" \
	"$(cgw_in_cg rt sh -c 'cd /tmp/ux && cgw-probe unix a.sock')" ok
tap_eq "learned: unix datagram" "$(in_p unixdg /tmp/ux/d.sock)" ok
tap_eq "netlink sockets are not mediated" "$(in_p socket 16 raw 0)" ok

# The attacks.  Learned unix names re-pointed to other sockets: a.sock and
# d.sock by a symlink, b.sock by a bind mount; and a.sock spelled from
# another directory.
rm -f /tmp/ux/a.sock /tmp/ux/b.sock /tmp/ux/d.sock
ln -s /tmp/ux/evil1.sock /tmp/ux/a.sock
ln -s /tmp/ux/evil4.sock /tmp/ux/d.sock
touch /tmp/ux/b.sock
tap_check "bind mount of another socket on a learned name" \
	mount --bind /tmp/ux/evil2.sock /tmp/ux/b.sock
run_attacks() {
	while IFS='|' read -r name cmd; do
		# shellcheck disable=SC2086
		tap_eq "$1: $name" "$(in_p $cmd </dev/null)" "$2"
		# under the cgroup's audit rate (10 records/s): one record each
		sleep 0.3
	done <<EOF
sendto-unspec|sendto udp 127.0.0.1 9999 unspec
raw-new-host|raw 127.0.0.2 5353 unspec
raw-tcp|socket inet raw 6
packet|socket packet raw
vsock|socket vsock stream
v4-mapped|sendto udp ::ffff:127.0.0.9 5353
sctp-connectx|sctp-connectx 5000 127.0.0.1 127.0.0.2
bind|serve 0.0.0.0 4444 bind
listen-unbound|serve - 0 listen
accept|serve 0.0.0.0 8081 accept
unix-symlink|unix /tmp/ux/a.sock
unix-bindmount|unix /tmp/ux/b.sock
unix-dgram-symlink|unixdg /tmp/ux/d.sock
EOF
	tap_eq "$1: unix-relative" \
		"$(cgw_in_cg rt sh -c 'cd /tmp/ux/sub && cgw-probe unix a.sock')" "$2"
}
run_attacks protect EPERM

# One audit record each, naming the operation and what it was.
one() {
	tap_eq "audit: $1" "$(cgw_audit_count "cgroup_id=$idR " verdict=deny mode=protect "$@")" 1
}
one op=sendmsg family=2 daddr=127.0.0.1 dport=9999 proto=17 sock_type=2
one op=sendmsg family=2 daddr=127.0.0.2 dport=0 proto=17 sock_type=3
one op=socket family=2 proto=6 sock_type=3 access=create reason=not-in-model
one op=socket family=17 reason=undecided
one op=socket family=40 reason=undecided
one op=sendmsg family=2 daddr=127.0.0.9 dport=5353
one op=connect family=2 daddr=127.0.0.2 dport=5000 proto=132
one op=bind family=2 laddr=0.0.0.0 lport=4444 proto=6 access=bind
one op=listen family=2 laddr=0.0.0.0 lport=0 access=listen
one op=accept family=2 laddr=0.0.0.0 lport=8081 access=accept
one op=connect 'path="/tmp/ux/evil1.sock"' family=1
one op=connect 'path="/tmp/ux/evil2.sock"' family=1
one op=connect 'path="/tmp/ux/sub/a.sock"' family=1
one op=sendmsg 'path="/tmp/ux/evil4.sock"' family=1
tap_eq "what the model allows, not what the address says: no record for 127.0.0.1:5353" \
	"$(cgw_audit_count "cgroup_id=$idR " daddr=127.0.0.1 dport=5353)" 0

# An IPv4 peer a policy denies, reached from an IPv6 socket.
cgw_mkcg rp >/dev/null
cat >/tmp/rp.yaml <<EOF
rules:
  - name: no-peer-9
    cgroups: [/rp]
    deny:
      net:
        - cidr: 127.0.0.9/32
EOF
tap_check "policy load" cgwardenctl policy load /tmp/rp.yaml
tap_check "rp learns" cgwardenctl mode /rp learn
tap_eq "policy: denied peer from an IPv4 socket" \
	"$(cgw_in_cg rp cgw-probe sendto udp 127.0.0.9 5353)" EPERM
tap_eq "policy: denied peer as ::ffff:127.0.0.9 from an IPv6 socket" \
	"$(cgw_in_cg rp cgw-probe sendto udp ::ffff:127.0.0.9 53)" EPERM
tap_eq "policy: ... and by TCP connect" \
	"$(cgw_in_cg rp cgw-probe connect tcp ::ffff:127.0.0.9 80)" EPERM
idP=$(stat -c %i /sys/fs/cgroup/rp)
tap_eq "audit: the policy deny names the IPv4 peer" \
	"$(cgw_audit_count "cgroup_id=$idP " reason=policy-deny family=2 daddr=127.0.0.9 "dport=53 ")" 1

# The control: the same steps succeed with the cgroups in mode off.
tap_check "rt off" cgwardenctl mode /rt off
tap_check "rp off" cgwardenctl mode /rp off
run_attacks off ok
tap_eq "off: policy-denied peer as ::ffff:127.0.0.9" \
	"$(cgw_in_cg rp cgw-probe sendto udp ::ffff:127.0.0.9 53)" ok

umount /tmp/ux/b.sock
cgwardenctl policy clear
for c in rt rp; do cgw_rmcg $c; done
# shellcheck disable=SC2086
kill $pids 2>/dev/null
wait 2>/dev/null
tap_check "rmmod" cgw_unload
tap_done
