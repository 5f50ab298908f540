#!/bin/sh
# Learn while protecting: what monitor and protect see outside the model
# is kept as candidates (first and last seen, hits); `model candidates`
# lists them, `model accept` folds chosen ones (or all) into the model, and
# the next identical operation passes.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

for f in a b c; do echo $f >/tmp/cand-$f; done
tap_check "insmod" cgw_load
cgw_mkcg cd >/dev/null
cgwardenctl mode /cd learn
cgw_in_cg cd cgw-probe open /etc/hostname r >/dev/null
# a UDP socket learned: what is new below is where it sends
cgw_in_cg cd cgw-probe sendto udp 127.0.0.3 7 >/dev/null
cgwardenctl mode /cd protect

tap_eq "protect: a never-read file is refused" "$(cgw_in_cg cd cgw-probe open /tmp/cand-a r)" EPERM
cgw_in_cg cd cgw-probe open /tmp/cand-a r >/dev/null
cgw_in_cg cd cgw-probe open /tmp/cand-b r >/dev/null
cgw_in_cg cd cgw-probe sendto udp 127.0.0.1 5353 >/dev/null
cgwardenctl model candidates /cd | tap_diag
tap_check "the refused read is a candidate, seen twice" \
	sh -c 'cgwardenctl model candidates /cd | grep -q "^[0-9a-f]\{8\}  2  .*file r--- /tmp/cand-a$"'
tap_check "so is the new endpoint" \
	sh -c 'cgwardenctl model candidates /cd | grep -q "net udp 127.0.0.1:5353$"'
tap_eq "three candidates" "$(cgwardenctl model candidates /cd --json | grep -o '"id":' | wc -l)" 3
tap_eq "candidates are not in the model" "$(cgw_in_cg cd cgw-probe open /tmp/cand-a r)" EPERM

idn=$(cgwardenctl model candidates /cd | awk '/5353$/ { print $1 }')
tap_check "accept the endpoint by id" cgwardenctl model accept /cd "$idn"
tap_eq "the accepted endpoint now passes" "$(cgw_in_cg cd cgw-probe sendto udp 127.0.0.1 5353)" ok
tap_check "the others keep their history (cand-a: seen 3 times)" \
	sh -c 'cgwardenctl model candidates /cd | grep -q "^[0-9a-f]\{8\}  3  .*file r--- /tmp/cand-a$"'
ida=$(cgwardenctl model candidates /cd | awk '/cand-a$/ { print $1 }')
tap_check "accept one by id" cgwardenctl model accept /cd "$ida"
tap_eq "the accepted read now passes" "$(cgw_in_cg cd cgw-probe open /tmp/cand-a r)" ok
tap_eq "the others still do not" "$(cgw_in_cg cd cgw-probe open /tmp/cand-b r)" EPERM
tap_eq "one candidate left" "$(cgwardenctl model candidates /cd --json | grep -o '"id":' | wc -l)" 1
tap_check "accept --all" cgwardenctl model accept /cd --all
tap_eq "all pass now: the read" "$(cgw_in_cg cd cgw-probe open /tmp/cand-b r)" ok
tap_eq "no candidates left" "$(cgwardenctl model candidates /cd --json | grep -o '"id":' | wc -l)" 0
tap_check_fails "an unknown id is refused" cgwardenctl model accept /cd deadbeef

# monitor keeps candidates too
cgw_mkcg cm >/dev/null
cgwardenctl mode /cm learn
cgw_in_cg cm cgw-probe open /etc/hostname r >/dev/null
cgwardenctl mode /cm monitor
tap_eq "monitor lets it through" "$(cgw_in_cg cm cgw-probe open /tmp/cand-c r)" ok
tap_check "and keeps it as a candidate" \
	sh -c 'cgwardenctl model candidates /cm | grep -q "file r--- /tmp/cand-c$"'
cgw_rmcg cd
cgw_rmcg cm
tap_check "rmmod" cgw_unload
tap_done
