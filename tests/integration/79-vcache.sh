#!/bin/sh
# The verdict cache: repeated opens are allowed from a per-CPU cache, and
# nothing that could turn an allow into a refusal is served from it: a
# rename (the same file under another path), an entry removed, a model
# cleared, a deny rule loaded, another program (exe pairing), another
# cgroup.  Each check first warms the cache on CPU 0 and proves it warm
# (the hit counter moves), so a stale allow would really be served.  And
# a freed dentry's address reused for another file never carries an allow.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

hits() { cgwardenctl status --json | cgw_json_field vcache_hits; }
# on0 CMD...: run CMD in cgroup vc, on CPU 0
on0() { cgw_in_cg vc taskset 1 "$@"; }
# warm DESC OP ARGS...: cgw-probe OP ARGS... 50 times on CPU 0 in vc
# (each allowed); the cache must serve
warm() {
	_w=$1
	shift
	_h=$(hits)
	_r=$(on0 cgw-probe loop 50 "$@")
	_d=$(($(hits) - _h))
	[ "$_r" = ok ] && [ "$_d" -ge 40 ] && tap_ok "$_w: warm ($_d hits)" ||
		tap_fail "$_w: warm" "result $_r, $_d hits"
}

tap_check "insmod" cgw_load
mkdir -p /tmp/vc
for f in a b c d; do echo $f >/tmp/vc/$f; done
cp /cgw/cgw-probe /tmp/vc-other
cgw_mkcg vc >/dev/null
cgwardenctl mode /vc learn
for f in a b c d; do on0 cgw-probe open /tmp/vc/$f r >/dev/null; done
on0 cgw-probe sendto udp 127.0.0.1 7001 >/dev/null
# an IPv6 socket, for the spellings of a peer below
on0 cgw-probe sendto udp ::ffff:127.0.0.1 7003 >/dev/null
on0 /tmp/vc-other open /dev/null r >/dev/null
cgwardenctl mode /vc protect
tap_eq "learned opens pass" "$(on0 cgw-probe loop 50 open /tmp/vc/a r)" ok
tap_eq "opens missing the cache are decided as before" \
	"$(on0 cgw-probe open /tmp/vc/nope r)" ENOENT

# A rename: same dentry, another path.
warm "rename" open /tmp/vc/a r
mv /tmp/vc/a /tmp/vc/renamed
tap_eq "rename: the file under its new name is refused" \
	"$(on0 cgw-probe open /tmp/vc/renamed r)" EPERM
mv /tmp/vc/renamed /tmp/vc/a
tap_eq "rename: back under its learned name it passes" \
	"$(on0 cgw-probe open /tmp/vc/a r)" ok

# Another program, same file.
warm "pairing" open /tmp/vc/b r
tap_eq "pairing: another program is refused" \
	"$(cgw_in_cg vc taskset 1 /tmp/vc-other open /tmp/vc/b r)" EPERM

# An entry removed.
warm "remove" open /tmp/vc/b r
id=$(cgwardenctl model show /vc | awk '/ \/tmp\/vc\/b  exe=/ { print $1 }')
tap_check "model remove $id" cgwardenctl model remove /vc "$id"
tap_eq "remove: the removed entry's file is refused" \
	"$(on0 cgw-probe open /tmp/vc/b r)" EPERM

# A deny rule.
warm "policy" open /tmp/vc/c r
cat >/tmp/vc-policy.yaml <<'EOF'
rules:
  - name: no-c
    cgroups:
      - /vc
    deny:
      files:
        - path: /tmp/vc/c
EOF
tap_check "load a deny rule" cgwardenctl policy load /tmp/vc-policy.yaml
tap_eq "policy: the denied file is refused" "$(on0 cgw-probe open /tmp/vc/c r)" EPERM
tap_check "clear the policy" cgwardenctl policy clear
tap_eq "policy cleared: the learned file passes again" \
	"$(on0 cgw-probe open /tmp/vc/c r)" ok

# Network destinations are kept too.
warm "net: a learned destination" sendto udp 127.0.0.1 7001
tap_eq "net: another program is refused" \
	"$(cgw_in_cg vc taskset 1 /tmp/vc-other sendto udp 127.0.0.1 7001)" EPERM
tap_eq "net: another port is refused" "$(on0 cgw-probe sendto udp 127.0.0.1 7002)" EPERM
cat >/tmp/vc-netpol.yaml <<'EOF'
rules:
  - name: no-7001
    cgroups:
      - /vc
    deny:
      net:
        - cidr: 127.0.0.1/32
          ports: 7001
          proto: udp
EOF
tap_check "load a deny rule for it" cgwardenctl policy load /tmp/vc-netpol.yaml
tap_eq "net: the denied destination is refused" \
	"$(on0 cgw-probe sendto udp 127.0.0.1 7001)" EPERM
cgwardenctl policy clear
# Connects and sends are looked up by the peer as given (its bytes, the
# socket's family and type): another spelling of a peer is decided the
# long way, as the peer it names.
tap_eq "net: the learned peer, IPv4-mapped from an IPv6 socket, passes" \
	"$(on0 cgw-probe sendto udp ::ffff:127.0.0.1 7001)" ok
tap_eq "net: another peer, IPv4-mapped, is refused" \
	"$(on0 cgw-probe sendto udp ::ffff:127.0.0.1 7002)" EPERM
tap_eq "net: the learned peer as AF_UNSPEC passes" \
	"$(on0 cgw-probe sendto udp 127.0.0.1 7001 unspec)" ok
tap_eq "net: another peer as AF_UNSPEC is refused" \
	"$(on0 cgw-probe sendto udp 127.0.0.1 7002 unspec)" EPERM
# A connect kept, then its peer's entry removed: connect and send refused.
warm "net: a UDP connect to the learned peer" connect udp 127.0.0.1 7001
cgwardenctl model show /vc | tap_diag
id=$(cgwardenctl model show /vc | awk '/127\.0\.0\.1/ && /7001/ { print $1; exit }')
tap_check "model remove $id (the peer)" cgwardenctl model remove /vc "$id"
tap_eq "net remove: a connect to the removed peer is refused" \
	"$(on0 cgw-probe connect udp 127.0.0.1 7001)" EPERM
tap_eq "net remove: a send to it is refused" \
	"$(on0 cgw-probe sendto udp 127.0.0.1 7001)" EPERM

# Another cgroup, same program and file.
cgw_mkcg vc2 >/dev/null
cgwardenctl mode /vc2 learn
cgw_in_cg vc2 taskset 1 cgw-probe open /etc/hostname r >/dev/null
cgwardenctl mode /vc2 protect
warm "cgroups" open /tmp/vc/d r
tap_eq "cgroups: a neighbour that never read it is refused" \
	"$(cgw_in_cg vc2 taskset 1 cgw-probe open /tmp/vc/d r)" EPERM

# The model cleared, under a running reader (nothing else could start).
warm "clear" open /tmp/vc/d r
touch /tmp/vc-go
on0 cgw-probe while /tmp/vc-go open /tmp/vc/d r >/tmp/vc-repeat &
sleep 1
tap_check "model clear while it reads" cgwardenctl model clear /vc
sleep 1
rm /tmp/vc-go
wait
out=$(cat /tmp/vc-repeat)
tap_note "the reader: $out"
runs=${out%% runs*}
errors=$(echo "$out" | sed -n 's/.*, \([0-9]*\) errors/\1/p')
[ "${errors:-0}" -gt 0 ] && [ "${errors:-0}" -lt "${runs:-0}" ] &&
	tap_ok "clear: the reader's opens pass, then are refused ($out)" ||
	tap_fail "clear: the reader's opens pass, then are refused" "$out"
# A dentry freed, its memory reused for another file's: /proc/PID/stat of
# a reaped child is allowed and cached, then /proc/PID2/environ of the
# next child, never learned, is refused every time.  cgw-recycle does it
# all in one process on CPU 0, so freed dentries come straight back.
cgw_mkcg vr >/dev/null
cgwardenctl mode /vr learn
cgw_in_cg vr taskset 1 cgw-recycle 5 stat stat >/dev/null
cgwardenctl mode /vr off
tap_eq "recycle control (off): both files open" \
	"$(cgw_in_cg vr taskset 1 cgw-recycle 100 stat environ)" \
	"100 learned-ok, 100 other-ok, 0 other-EPERM"
cgwardenctl mode /vr protect
h=$(hits)
tap_eq "recycle: the learned file opens, the other is refused each time" \
	"$(cgw_in_cg vr taskset 1 cgw-recycle 200 stat environ)" \
	"200 learned-ok, 0 other-ok, 200 other-EPERM"
tap_note "cache hits during the recycle run: $(($(hits) - h))"
cgw_rmcg vc
cgw_rmcg vc2
cgw_rmcg vr
tap_check "rmmod" cgw_unload
tap_done
