#!/bin/sh
# Explicit YAML policies over learned models: deny beats allow beats the
# model, in every mode; rules set modes (now and for new cgroups); a broken
# file is refused with file:line:col and the running policy stays; a
# replace under load is atomic; models export and import as the same YAML
# and round-trip, names that are not UTF-8 too; a 100k-entry model dumps
# whole.
# Under slub_debug: a write past an allocation fails the suite (run.sh
# reads slub's reports on the console).
# cgw-vm-cmdline: slub_debug=FZPU
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

D=$CGW_DIR
mkdir -p /tmp/pol/allowed/deep /tmp/pol/ro
for f in secret both b-only other ro/file allowed/deep/x; do echo "$f" >/tmp/pol/$f; done

tap_check "insmod" cgw_load
for c in pA pL pM; do cgw_mkcg $c >/dev/null; done
cgwardenctl mode /pA learn
cgw_in_cg pA cgw-probe open /tmp/pol/secret r >/dev/null
cgw_in_cg pA cgw-probe open /tmp/pol/ro/file a >/dev/null
cgwardenctl mode /pA protect
cgwardenctl mode /pL learn
cgwardenctl mode /pM learn
cgw_in_cg pM cgw-probe open /etc/hostname r >/dev/null
cgwardenctl mode /pM monitor

tap_check "policy load" cgwardenctl policy load $D/policy-a.yaml
# Deny beats the model: A learned these.
tap_eq "protect: deny beats what was learned (read)" \
	"$(cgw_in_cg pA cgw-probe open /tmp/pol/secret r)" EPERM
tap_eq "protect: deny of writes below a dir (append learned)" \
	"$(cgw_in_cg pA cgw-probe open /tmp/pol/ro/file a)" EPERM
tap_eq "protect: allow beats the model (never learned)" \
	"$(cgw_in_cg pA cgw-probe open /tmp/pol/allowed/deep/x r)" ok
tap_eq "protect: neither: the model decides" \
	"$(cgw_in_cg pA cgw-probe open /tmp/pol/other r)" EPERM
tap_eq "learn: an explicit deny refuses even while learning" \
	"$(cgw_in_cg pL cgw-probe open /tmp/pol/secret r)" EPERM
tap_eq "learn: a denied endpoint" \
	"$(cgw_in_cg pL cgw-probe sendto udp 127.0.0.5 53)" EPERM
tap_eq "learn: other things are learned" \
	"$(cgw_in_cg pL cgw-probe open /tmp/pol/other r)" ok
tap_eq "monitor: a deny is alerted on, not refused" \
	"$(cgw_in_cg pM cgw-probe open /tmp/pol/secret r)" ok
idM=$(stat -c %i /sys/fs/cgroup/pM)
tap_eq "monitor: the alert says policy-deny" \
	"$(cgw_audit_count "cgroup_id=$idM " reason=policy-deny 'path="/tmp/pol/secret"')" 1
idA=$(stat -c %i /sys/fs/cgroup/pA)
tap_eq "protect: the denial says policy-deny" \
	"$(cgw_audit_count "cgroup_id=$idA " verdict=deny reason=policy-deny 'path="/tmp/pol/secret"')" 1
cgw_in_cg pnew-1 cgw-probe open /etc/hostname r >/dev/null
tap_eq "new_mode: a new matching cgroup starts in learn" "$(cgw_cg_field /pnew-1 mode)" learn
cgw_in_cg pother cgw-probe open /etc/hostname r >/dev/null
tap_eq "others keep the default mode" "$(cgw_cg_field /pother mode)" off

# show -> load -> show is stable
cgwardenctl policy show >/tmp/show1.yaml
tap_check "policy show prints the rules" grep -q "name: apps" /tmp/show1.yaml
tap_check "what show prints loads again" cgwardenctl policy load /tmp/show1.yaml
cgwardenctl policy show >/tmp/show2.yaml
tap_check "and shows the same" cmp /tmp/show1.yaml /tmp/show2.yaml

# A broken file: refused with file:line:col, the old policy stays.
out=$(cgwardenctl policy load $D/broken.yaml 2>&1)
rc=$?
tap_eq "a broken policy is refused (exit 1)" $rc 1
case $out in
*"broken.yaml:8:"*) tap_ok "the error names file and line ($out)" ;;
*) tap_fail "the error names file and line" "$out" ;;
esac
cgwardenctl policy show >/tmp/show3.yaml
tap_check "the running policy is unchanged" cmp /tmp/show1.yaml /tmp/show3.yaml
tap_eq "and still enforced" "$(cgw_in_cg pA cgw-probe open /tmp/pol/secret r)" EPERM

# Replace under load: both versions allow 'both' and deny 'secret'.
cgw_in_cg pA cgw-probe repeat 4000 open /tmp/pol/both r >/tmp/both.out &
w1=$!
cgw_in_cg pA cgw-probe repeat 4000 open /tmp/pol/secret r >/tmp/secret.out &
w2=$!
i=0
while [ $i -lt 40 ]; do
	cgwardenctl policy load $D/policy-b.yaml
	cgwardenctl policy load $D/policy-a.yaml
	i=$((i + 1))
done
wait $w1 $w2
tap_eq "80 reloads under load: the allowed read never failed" "$(cat /tmp/both.out)" "0 errors"
tap_eq "and the denied read never passed" "$(cat /tmp/secret.out)" "4000 errors"

tap_check "policy clear" cgwardenctl policy clear
tap_eq "no policy: the model alone decides (learned read)" \
	"$(cgw_in_cg pA cgw-probe open /tmp/pol/secret r)" ok
tap_eq "no policy: nothing allowed beyond the model" \
	"$(cgw_in_cg pA cgw-probe open /tmp/pol/allowed/deep/x r)" EPERM

# Model export -> import -> export.
cgw_mkcg pX >/dev/null
cgwardenctl mode /pX learn
cgw_in_cg pX sh -c 'cat /etc/hostname; cgw-probe sendto udp 127.0.0.1 53; cgw-probe unix @x' >/dev/null
tap_check "model export" cgwardenctl model export /pX -o /tmp/x.yaml
cat /tmp/x.yaml | tap_diag
cgw_mkcg pY >/dev/null
tap_check "model import into a new cgroup" cgwardenctl model import /pY /tmp/x.yaml
tap_check "export of the copy" cgwardenctl model export /pY -o /tmp/y.yaml
body() { grep -v -e '^#' -e '^ *- /p[XY]$' -e 'name: ' "$1"; }
body /tmp/x.yaml >/tmp/x.body
body /tmp/y.yaml >/tmp/y.body
tap_check "export -> import -> export round-trips" cmp /tmp/x.body /tmp/y.body
tap_eq "the copy has as many entries" "$(cgw_cg_field /pY entries)" "$(cgw_cg_field /pX entries)"
cgwardenctl mode /pY protect
tap_eq "the copy protects with the imported model" \
	"$(cgw_in_cg pY sh -c 'cat /etc/hostname >/dev/null; cgw-probe sendto udp 127.0.0.1 53')" ok
tap_eq "and refuses the rest" "$(cgw_in_cg pY cgw-probe open /tmp/pol/other r)" EPERM

# Names are bytes: a file named with the byte 0xE9 and one named with the
# character U+00E9 are two files; the export writes the first as hex and
# the second as text, and the import gives back exactly those two.
raw=$(printf '/tmp/pol/n-\351')
utf=$(printf '/tmp/pol/n-\303\251')
: >"$raw"
: >"$utf"
: >/tmp/pol/n-x
cgw_mkcg pR >/dev/null
cgwardenctl mode /pR learn
cgw_in_cg pR cgw-probe open "$raw" r >/dev/null
cgw_in_cg pR cgw-probe open "$utf" r >/dev/null
tap_check "export of names that are not UTF-8" cgwardenctl model export /pR -o /tmp/r.yaml
tap_check "the byte 0xE9 as hex" grep -q 'path: {hex: "2f746d702f706f6c2f6e2de9"}' /tmp/r.yaml
tap_check "U+00E9 as text" grep -qF "path: \"$utf\"" /tmp/r.yaml
cgw_mkcg pS >/dev/null
tap_check "import into a new cgroup" cgwardenctl model import /pS /tmp/r.yaml
tap_check "export of the copy" cgwardenctl model export /pS -o /tmp/s.yaml
sed -e '/^#/d' -e '/^ *- \/p[RS]$/d' -e '/name: model-/d' /tmp/r.yaml >/tmp/r.body
sed -e '/^#/d' -e '/^ *- \/p[RS]$/d' -e '/name: model-/d' /tmp/s.yaml >/tmp/s.body
tap_check "export -> import -> export round-trips the bytes" cmp /tmp/r.body /tmp/s.body
tap_eq "off: a third name opens (control)" "$(cgw_in_cg pS cgw-probe open /tmp/pol/n-x r)" ok
cgwardenctl mode /pS protect
tap_eq "the copy allows the 0xE9 file" "$(cgw_in_cg pS cgw-probe open "$raw" r)" ok
tap_eq "and the U+00E9 file" "$(cgw_in_cg pS cgw-probe open "$utf" r)" ok
tap_eq "and refuses a third name" "$(cgw_in_cg pS cgw-probe open /tmp/pol/n-x r)" EPERM

# A 100k-entry model dumps whole.
cgwardenctl config --max-entries 200000
cgw_mkcg big >/dev/null
cgwardenctl mode /big learn
cgw_in_cg big cgw-probe udpflood 127.0.0.1 100000 >/dev/null
n=$(cgw_cg_field /big entries)
tap_note "big model: $n entries"
# (the 100000 destinations; the socket they were sent from is one more)
tap_eq "model show lists every entry of a 100k model" \
	"$(cgwardenctl model show /big | grep -c '^[0-9a-f]\{8\}  net   udp 127\.')" 100000
tap_eq "and so does --json" \
	"$(cgwardenctl model show /big --json | grep -o '"kind":"net","family":"inet","proto":"udp","addr":"127\.' | wc -l)" 100000
for c in pA pL pM pX pY pR pS big pnew-1 pother; do cgw_rmcg $c; done
# A policy that gives a thousand existing cgroups a mode tracks every one
# when it loads: their states are made where memory can be waited for,
# not with atomic allocations a burst of them can exhaust (the per-CPU
# counters first).
cgw_mkcg_many many 1000
nomem0=$(cgwardenctl status --json | cgw_json_field nomem)
tap_check "policy load over 1000 cgroups" cgwardenctl policy load /tmp/many.yaml
tap_eq "every one of them is tracked at once" "$(cgw_ntracked_many many)" 1000
tap_eq "none of them failed for memory" \
	"$(cgwardenctl status --json | cgw_json_field nomem)" "$nomem0"
tap_check "policy clear" cgwardenctl policy clear
tap_check "rmmod" cgw_unload
tap_done
