#!/bin/sh
# Red team: a container's root against its own cgroup.  A protected
# cgroup is a closed subtree: a child cgroup 40 deep (made with mkdir, as
# cgroup delegation lets container root do, or entered by clone3 with
# CLONE_INTO_CGROUP) is refused what the container's model lacks, and
# holds to the deny rules written for the container; no task of the
# subtree can move itself or a child out of it (cgroup.procs, clone3).
# And alerts an attacker cannot drown: a flood of never-seen opens does
# not cost a following /etc/shadow read its audit record, nor another
# cgroup its alert; a circuit breaker tripped by a flood still refuses
# what the policy denies.
# Every attack has its control: the same step succeeds in mode off.
# cgw-vm-timeout: 1200
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

CG=$CGW_CGROOT
DEEP="sh $CGW_DIR/deep.sh 40"
MOVE="sh $CGW_DIR/move.sh"
deepdir=$CG/rc
i=0
while [ $i -lt 40 ]; do
	deepdir=$deepdir/l$i
	i=$((i + 1))
done
deeppath=${deepdir#"$CG"}
echo data >/tmp/rc.data
echo secret >/tmp/rc.secret
echo denied >/tmp/rc.denied

tap_check "insmod" cgw_load
cgw_mkcg rc >/dev/null
cgw_mkcg out >/dev/null
tap_check "policy load" cgwardenctl policy load "$CGW_DIR/policy.yaml"
tap_check "rc learns" cgwardenctl mode /rc learn

# The container learns what the controls below do, 40 deep included.
in_rc() { cgw_in_cg rc "$@" 2>&1; }
learn() {
	in_rc $DEEP cgw-probe open /tmp/rc.data r
	in_rc $DEEP cat /proc/self/cgroup
	in_rc cgw-probe clone3 "$deepdir" open /tmp/rc.data r
	in_rc $MOVE "$CG/rc/l0" child
	in_rc $MOVE "$CG/rc/l0" self
}
learn | tap_diag
tap_eq "learning 40 deep: the policy's deny holds" \
	"$(in_rc $DEEP cgw-probe open /tmp/rc.denied r)" EPERM
tap_eq "learning 40 deep: what is not denied is allowed" \
	"$(in_rc $DEEP cgw-probe open /tmp/rc.secret r)" ok
cgw_rmcg rc/l0
# In learn, no entry may come of the secret's read: learn it away.
cgwardenctl model clear /rc
learn >/dev/null
cgw_rmcg rc/l0
tap_check "rc to protect" cgwardenctl mode /rc protect

mark=cgw-94-protect
echo "$mark" >/dev/kmsg
tap_eq "40 deep (mkdir): in the deepest cgroup" \
	"$(in_rc $DEEP cat /proc/self/cgroup)" "0::$deeppath"
tap_eq "40 deep (mkdir): what the model has is allowed" \
	"$(in_rc $DEEP cgw-probe open /tmp/rc.data r)" ok
tap_eq "40 deep (mkdir): what the model lacks is refused" \
	"$(in_rc $DEEP cgw-probe open /tmp/rc.secret r)" EPERM
tap_eq "40 deep (mkdir): the policy's deny for /rc holds" \
	"$(in_rc $DEEP cgw-probe open /tmp/rc.denied r)" EPERM
tap_eq "40 deep (clone3): what the model has is allowed" \
	"$(in_rc cgw-probe clone3 "$deepdir" open /tmp/rc.data r)" ok
tap_eq "40 deep (clone3): what the model lacks is refused" \
	"$(in_rc cgw-probe clone3 "$deepdir" open /tmp/rc.secret r)" EPERM
tap_eq "clone3 into a cgroup outside /rc is refused" \
	"$(in_rc cgw-probe clone3 "$CG/out" open /tmp/rc.data r)" EPERM
tap_eq "moving a child out through cgroup.procs: EPERM, it stays" \
	"$(in_rc $MOVE "$CG/out" child)" "EPERM /rc"
tap_eq "moving itself out: EPERM, it stays" \
	"$(in_rc $MOVE "$CG/out" self)" "EPERM /rc"
tap_eq "moving out from 40 deep: EPERM, it stays" \
	"$(in_rc $DEEP $MOVE "$CG/out" child)" "EPERM $deeppath"
tap_eq "moving within the subtree is allowed" \
	"$(in_rc $MOVE "$CG/rc/l0" child)" "ok /rc/l0"
tap_eq "nothing reached /out" "$(cat "$CG/out/cgroup.procs")" ""
# Repeats from one cgroup are deduplicated: one record each, at least.
moves=$(cgw_dmesg_since "$mark" | grep 'op=cgroup verdict=deny mode=protect reason=leaves-subtree' | grep 'path="/out"')
echo "$moves" | tap_diag
tap_check "an audit record names a move out of /rc, and where to" \
	sh -c 'echo "$1" | grep -q "cgroup=\"/rc\""' - "$moves"
tap_check "an audit record names a move out of 40 deep" \
	sh -c 'echo "$1" | grep -q "cgroup=\"$2\""' - "$moves" "$deeppath"
cgw_rmcg rc/l0

# The table full: a new cgroup still gets its ancestor's model and mode.
full0=$(cgwardenctl status --json | cgw_json_field cgroups_full)
tap_check "the table is made full" cgwardenctl config --max-cgroups 1
tap_eq "table full, 40 deep: what the model has is allowed" \
	"$(in_rc $DEEP cgw-probe open /tmp/rc.data r)" ok
tap_eq "table full, 40 deep: what the model lacks is refused" \
	"$(in_rc $DEEP cgw-probe open /tmp/rc.secret r)" EPERM
tap_eq "table full, 40 deep: the policy's deny holds" \
	"$(in_rc $DEEP cgw-probe open /tmp/rc.denied r)" EPERM
tap_eq "table full, 40 deep: moving out is refused" \
	"$(in_rc $DEEP $MOVE "$CG/out" child)" "EPERM $deeppath"
full=$(cgwardenctl status --json | cgw_json_field cgroups_full)
[ "${full:-0}" -gt "${full0:-0}" ] && tap_ok "the table was full ($full)" ||
	tap_fail "the table was full" "cgroups_full=$full, before $full0"
tap_check "the table has room again" cgwardenctl config --max-cgroups 4096
cgw_rmcg rc/l0

# Controls: the same steps in mode off succeed.
tap_check "rc off" cgwardenctl mode /rc off
tap_eq "control: 40 deep reads the secret" \
	"$(in_rc $DEEP cgw-probe open /tmp/rc.secret r)" ok
tap_eq "control: 40 deep reads the denied file" \
	"$(in_rc $DEEP cgw-probe open /tmp/rc.denied r)" ok
tap_eq "control: clone3 into 40 deep reads the secret" \
	"$(in_rc cgw-probe clone3 "$deepdir" open /tmp/rc.secret r)" ok
tap_eq "control: clone3 into /out" \
	"$(in_rc cgw-probe clone3 "$CG/out" open /tmp/rc.data r)" ok
tap_eq "control: a child moves out" \
	"$(in_rc $MOVE "$CG/out" child)" "ok /out"
tap_eq "control: it moves itself out" \
	"$(in_rc $MOVE "$CG/out" self)" "ok /out"
cgw_rmcg rc/l0

# --- Alerts an attacker cannot drown ----------------------------------
[ -e /etc/shadow ] || echo 'root:*:19000:0:99999:7:::' >/etc/shadow
mkdir -p /tmp/flood
cgw-probe files /tmp/flood/f 10000 w >/dev/null
for c in fa fB fb; do
	cgw_mkcg $c >/dev/null
	cgwardenctl mode /$c learn
	cgw_in_cg $c cgw-probe open /tmp/rc.data r >/dev/null
done
tap_check "fa to protect" cgwardenctl mode /fa protect
tap_check "fB to monitor" cgwardenctl mode /fB monitor
ida=$(stat -c %i "$CG/fa")
idb=$(stat -c %i "$CG/fB")

mark=cgw-94-flood
echo "$mark" >/dev/kmsg
start=$(cut -d. -f1 /proc/uptime)
tap_eq "fa: 10000 never-seen opens are refused" \
	"$(cgw_in_cg fa cgw-probe files /tmp/flood/f 10000 r)" "10000 errors"
tap_eq "fa: then /etc/shadow is refused" \
	"$(cgw_in_cg fa cgw-probe open /etc/shadow r)" EPERM
recs=$(cgw_dmesg_since "$mark" | grep 'audit: type=1316' | grep "cgroup_id=$ida ")
tap_eq "the /etc/shadow read has its audit record, high severity" \
	"$(echo "$recs" | grep 'path="/etc/shadow"' | grep -c 'severity=high')" 1
tap_check "... which says how many records were held back before it" \
	sh -c 'echo "$1" | grep "path=\"/etc/shadow\"" | grep -q "held=[1-9]"' - "$recs"
secs=$(($(cut -d. -f1 /proc/uptime) - start + 1))
n=$(echo "$recs" | grep -c 'path="/tmp/flood/')
# fa's budget: 8 at once, then 10 per second; these low ones cannot
# spend its reserve
limit=$((8 + 10 * (secs + 1)))
[ "$n" -le "$limit" ] && tap_ok "the flood itself got few records ($n in ${secs}s)" ||
	tap_fail "the flood itself got few records" "$n records in ${secs}s"
held=$(cgw_cg_field /fa held)
[ "${held:-0}" -ge 9000 ] && tap_ok "fa's held-back records are counted ($held)" ||
	tap_fail "fa's held-back records are counted" "held=$held"

# A flood in fa while fB does one never-seen read: fB keeps its alert.
mark=cgw-94-tenants
echo "$mark" >/dev/kmsg
touch /tmp/flood.run
cgw_in_cg fa cgw-probe while /tmp/flood.run files /tmp/flood/f 1000 r >/dev/null &
flood=$!
sleep 2
tap_eq "fB: a never-seen read during fa's flood is allowed (monitor)" \
	"$(cgw_in_cg fB cgw-probe open /tmp/rc.secret r)" ok
sleep 1
rm -f /tmp/flood.run
wait $flood
held2=$(cgw_cg_field /fa held)
[ "${held2:-0}" -gt "$held" ] && tap_ok "fa flooded meanwhile ($((held2 - held)) held)" ||
	tap_fail "fa flooded meanwhile" "held $held -> $held2"
tap_eq "fB's alert has its audit record" \
	"$(cgw_dmesg_since "$mark" | grep "cgroup_id=$idb " | grep -c 'path="/tmp/rc.secret"')" 1
tap_eq "fB had nothing held back" "$(cgw_cg_field /fB held)" 0

# The circuit breaker: a flood takes fb to monitor, but what the policy
# denies and what ranks high are refused still.
tap_check "fb to protect, breaker 5/s" cgwardenctl mode /fb protect --breaker 5
mark=cgw-94-breaker
echo "$mark" >/dev/kmsg
tap_note "fb: a flood of 100 never-seen opens:" \
	"$(cgw_in_cg fb cgw-probe files /tmp/flood/f 100 r)"
tap_eq "fb: the breaker tripped: monitor" "$(cgw_cg_field /fb mode)" monitor
tap_eq "fb: the trip is an alert" \
	"$(cgw_dmesg_since "$mark" | grep -c "op=breaker verdict=alert mode=monitor from=protect cgroup_id=$(stat -c %i "$CG/fb") ")" 1
tap_eq "fb after the trip: a new read is let through (monitor)" \
	"$(cgw_in_cg fb cgw-probe open /tmp/rc.secret r)" ok
tap_eq "fb after the trip: the policy-denied read is refused" \
	"$(cgw_in_cg fb cgw-probe open /tmp/rc.denied r)" EPERM
tap_eq "fb after the trip: /etc/shadow (high) is refused" \
	"$(cgw_in_cg fb cgw-probe open /etc/shadow r)" EPERM
tap_check "fb off" cgwardenctl mode /fb off
tap_eq "control: fb off reads the policy-denied file" \
	"$(cgw_in_cg fb cgw-probe open /tmp/rc.denied r)" ok
tap_eq "control: fb off reads /etc/shadow" \
	"$(cgw_in_cg fb cgw-probe open /etc/shadow r)" ok
tap_check "fa off" cgwardenctl mode /fa off
tap_eq "control: fa off reads /etc/shadow" \
	"$(cgw_in_cg fa cgw-probe open /etc/shadow r)" ok
for c in fa fB fb rc out; do cgw_rmcg $c; done
rm -rf /tmp/flood

tap_check "rmmod" cgw_unload
tap_done
