#!/bin/sh
# A start-up, modelled apart (issue 14, "who runs what"): with
# `mode ... --startup D`, what a cgroup did in its start-up (from its birth
# for D, or until one of its tasks first listens) is allowed only in a
# start-up: in the next container (a new cgroup below the same one), not in
# the service once it serves.  What it does again after its start-up is
# steady.  The verdict cache does not carry a start-up's allows past it;
# export and import keep which entries are which.  Every refusal has its
# control: the same step in mode off.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

echo 10000 >/proc/sys/kernel/printk_ratelimit_burst
mkdir -p /srv/st
echo init >/srv/st/init.conf
echo steady >/srv/st/app.conf

# in CG: the entrypoint's initialisation (a config only it reads, a program
# only it runs), as one line "OPEN EXEC"
init_in() {
	echo "$(cgw_in_cg "$1" cgw-probe open /srv/st/init.conf r 2>&1)" \
		"$(cgw_in_cg "$1" cgw-probe exec /bin/busybox nproc 2>&1 | sed 's/^[0-9][0-9]*$/ok/')"
}
# in CG: the service starts serving (TCP listen on PORT), and reads its
# own config
serve_in() {
	echo "$(cgw_in_cg "$1" cgw-probe serve 127.0.0.1 "$2" listen 2>&1)" \
		"$(cgw_in_cg "$1" cgw-probe open /srv/st/app.conf r 2>&1)"
}
starting() { cgw_cg_json "$1" | grep -c '"starting":true'; }

tap_check "insmod" cgw_load
tap_check "the service's cgroup" cgw_mkcg st
tap_check_fails "--startup longer than an hour is refused" \
	cgwardenctl mode /st learn --startup 2h
tap_check "learn, with a start-up of 60 s" cgwardenctl mode /st learn --startup 60s
tap_eq "list shows it" "$(cgw_cg_field /st startup_ms)" 60000

# --- container 1, learned ----------------------------------------------------
tap_eq "c1: its initialisation, in its start-up" "$(init_in st/c1)" "ok ok"
tap_eq "c1: in its start-up (list)" "$(starting /st/c1)" 1
tap_eq "c1: it listens and serves" "$(serve_in st/c1 7601)" "ok ok"
tap_eq "c1: a listen ends its start-up" "$(starting /st/c1)" 0
tap_eq "c1: the service started again in its container, serving" \
	"$(serve_in st/c1 7601)" "ok ok"
cgwardenctl model show /st | tap_diag
tap_eq "init.conf is a start-up entry" \
	"$(cgwardenctl model show /st | grep -c '/srv/st/init.conf.*(start-up)')" 1
tap_eq "busybox run as nproc is a start-up entry" \
	"$(cgwardenctl model show /st | grep -c 'busybox (as nproc).*(start-up)')" 1
tap_eq "app.conf is not" \
	"$(cgwardenctl model show /st | grep '/srv/st/app.conf' | grep -c 'start-up')" 0
tap_eq "what the service did again after the start-up is steady (listen)" \
	"$(cgwardenctl model show /st | grep 'net ' | grep -c 'start-up')" 0

# --- protect -----------------------------------------------------------------
tap_check "protect (the start-up setting stays)" cgwardenctl mode /st protect
tap_eq "... still 60 s" "$(cgw_cg_field /st startup_ms)" 60000
echo "cgw-76-mark-1" >/dev/kmsg
tap_eq "c1, serving: its entrypoint's steps are refused" "$(init_in st/c1)" "EPERM EPERM"
tap_eq "c1, serving: what it does when it serves is allowed" \
	"$(serve_in st/c1 7601)" "ok ok"
tap_eq "audit record: op=open of init.conf, denied" \
	"$(cgw_dmesg_since cgw-76-mark-1 | grep 'audit: type=1316' | grep 'verdict=deny' |
		grep ' op=open ' | grep -c 'path="/srv/st/init.conf"')" 1
n=$(cgw_dmesg_since cgw-76-mark-1 | grep 'audit: type=1316' | grep 'verdict=deny' |
	grep -c 'busybox')
tap_eq "audit record: the run of busybox (as nproc), denied ($n)" "$([ "$n" -ge 1 ] && echo yes)" yes

# A new container: a new cgroup below /st, in protect, with its start-up.
tap_eq "c2, a new container: its initialisation, in its start-up" \
	"$(init_in st/c2)" "ok ok"
tap_eq "c2: in its start-up" "$(starting /st/c2)" 1
tap_eq "c2: it listens and serves" "$(serve_in st/c2 7601)" "ok ok"
# (the start-up's allows were not kept by the verdict cache)
tap_eq "c2, serving: its entrypoint's steps are refused" "$(init_in st/c2)" "EPERM EPERM"

# A cgroup made below a running container gets no start-up: a workload
# nesting itself does not win back its entrypoint's rights.
tap_eq "c2/nest, made by the running container: no start-up" \
	"$(init_in st/c2/nest)" "EPERM EPERM"
tap_eq "... list shows none" "$(cgw_cg_json /st/c2/nest | grep -c startup_ms)" 0

# A start-up ends by time too.
tap_check "a start-up of 5 s" cgwardenctl mode /st protect --startup 5s
tap_eq "c3: in its start-up" "$(init_in st/c3)" "ok ok"
sleep 6
tap_eq "c3, 6 s later, not listening: refused" "$(init_in st/c3)" "EPERM EPERM"

# --- export, import ------------------------------------------------------------
cgwardenctl model export /st -o /tmp/st.yaml
grep -B4 'startup: true' /tmp/st.yaml | tap_diag
n=$(grep -c 'startup: true' /tmp/st.yaml)
tap_eq "export marks the start-up entries ($n)" "$([ "$n" -ge 2 ] && echo yes)" yes
m=$(cgwardenctl policy check /tmp/st.yaml 2>&1 | grep -c "'startup' marks a model entry")
tap_eq "policy check refuses a start-up entry, and says why ($m)" \
	"$([ "$m" -ge 1 ] && echo yes)" yes
tap_check "another service's cgroup" cgw_mkcg st2
tap_check "import into it" cgwardenctl model import /st2 /tmp/st.yaml
tap_check "protect, with a start-up of 60 s" \
	cgwardenctl mode /st2 protect --startup 60s
tap_eq "imported: init.conf is a start-up entry" \
	"$(cgwardenctl model show /st2 | grep -c '/srv/st/init.conf.*(start-up)')" 1
tap_eq "imported, d1: its initialisation, in its start-up" "$(init_in st2/d1)" "ok ok"
tap_eq "imported, d1: it listens and serves" "$(serve_in st2/d1 7601)" "ok ok"
tap_eq "imported, d1, serving: its entrypoint's steps are refused" \
	"$(init_in st2/d1)" "EPERM EPERM"

# --- controls --------------------------------------------------------------------
tap_check "mode off" cgwardenctl mode /st off
tap_eq "control: c1's entrypoint's steps, mode off" "$(init_in st/c1)" "ok ok"
tap_eq "control: c2/nest's, mode off" "$(init_in st/c2/nest)" "ok ok"
tap_check "mode off" cgwardenctl mode /st2 off
tap_eq "control: d1's entrypoint's steps, mode off" "$(init_in st2/d1)" "ok ok"
# Without a start-up, what an entrypoint did stays allowed (as before).
tap_check "a third service, learned without --startup" cgw_mkcg st3
tap_check "learn" cgwardenctl mode /st3 learn
tap_eq "e1: initialisation" "$(init_in st3/e1)" "ok ok"
tap_eq "e1: listens" "$(serve_in st3/e1 7601)" "ok ok"
tap_check "protect" cgwardenctl mode /st3 protect
tap_eq "control: without a start-up, the steps stay allowed" "$(init_in st3/e1)" "ok ok"

for c in st/c1 st/c2/nest st/c2 st/c3 st st2/d1 st2 st3/e1 st3; do cgw_rmcg $c; done
tap_check "rmmod" cgw_unload
tap_done
