#!/bin/sh
# Live events: `cgwardenctl watch` shows each denial once with every field,
# as JSON or in Falco's shape, for one cgroup or all; only a host admin may
# listen; a stalled listener never stalls the kernel, and what it missed
# is counted.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

tap_check "insmod" cgw_load
for c in ev evB; do
	cgw_mkcg $c >/dev/null
	cgwardenctl mode /$c learn
	cgw_in_cg $c cgw-probe open /etc/hostname r >/dev/null
	# its sockets: what is refused below is where they go, not what they are
	cgw_in_cg $c cgw-probe connect tcp 127.0.0.1 7 >/dev/null
	cgw_in_cg $c cgw-probe sendto udp 127.0.0.3 7 >/dev/null
	cgwardenctl mode /$c protect
done
id=$(stat -c %i /sys/fs/cgroup/ev)
echo s >/tmp/evsecret

# wait_listeners N: until the kernel has N event listeners (5 s at most)
start_watch() {
	"$@" &
	_w=$!
	sleep 1
}

start_watch sh -c 'cgwardenctl watch --json --count 3 --cgroup /ev >/tmp/ev.json'
wjson=$_w
start_watch sh -c 'cgwardenctl watch --falco --count 1 >/tmp/ev.falco'
wfalco=$_w
cgw_in_cg evB cgw-probe open /tmp/evsecret r >/dev/null
i=0
while [ $i -lt 5 ]; do
	cgw_in_cg ev cgw-probe open /tmp/evsecret r >/dev/null
	i=$((i + 1))
done
cgw_in_cg ev cgw-probe connect tcp 127.0.0.1 9 >/dev/null
cgw_in_cg ev cgw-probe exec /bin/nc nc >/dev/null
wait $wjson
tap_eq "watch --json --count 3 ends after 3 events" $? 0
wait $wfalco
cat /tmp/ev.json | tap_diag
tap_eq "three events: the repeated denial once, B's filtered out" \
	"$(wc -l </tmp/ev.json)" 3
first=$(head -n 1 /tmp/ev.json)
for f in '"time":"20[0-9-]*T[0-9:]*\.[0-9]\{9\}Z"' "\"cgroup_id\":$id," \
	'"cgroup":"/ev"' '"container":null' '"pid":[1-9]' '"comm":"cgw-probe"' \
	'"exe":"/cgw/cgw-probe"' '"op":"open"' '"object":"/tmp/evsecret"' \
	'"access":"r---"' '"mode":"protect"' '"verdict":"deny"' \
	'"reason":"not-in-model"'; do
	echo "$first" | grep -q "$f" && tap_ok "event has $f" ||
		tap_fail "event has $f" "$first"
done
tap_check "the connect event names its endpoint" \
	grep -q '"op":"connect","object":"tcp 127.0.0.1:9"' /tmp/ev.json
tap_check "busybox never ran here: its exec open is the event" \
	grep -q '"op":"open","object":"/bin/busybox","access":"r--x"' /tmp/ev.json
cat /tmp/ev.falco | tap_diag
# a denied new read: severity low, one step graver for a denial
for f in '"output":"20[^"]*Warning cgwarden denied open of /tmp/evsecret' \
	'"priority":"Warning"' '"cgwarden.severity":"low"' '"rule":"cgwarden open not in model"' \
	'"time":"20' '"output_fields":{' '"proc.name":"cgw-probe"' \
	'"fd.name":"/tmp/evsecret"' '"cgwarden.cgroup":"/evB"'; do
	grep -q "$f" /tmp/ev.falco && tap_ok "falco alert has $f" ||
		tap_fail "falco alert has $f" "$(cat /tmp/ev.falco)"
done

# Only the host's admin may listen.
out=$(unshare -U -r cgwardenctl watch --count 1 2>&1)
tap_eq "userns root may not listen" "$out" \
	"cgwardenctl: permission denied: events need CAP_SYS_ADMIN in the initial user namespace"
out=$(cgw-probe as 65534 cgwardenctl watch --count 1 2>&1)
tap_eq "nobody may not listen" "$out" \
	"cgwardenctl: permission denied: events need CAP_SYS_ADMIN in the initial user namespace"

# A stalled listener: the kernel drops for it and counts, never waits.
cgwardenctl watch --json >/dev/null 2>/tmp/slow.err &
slow=$!
sleep 1
kill -STOP $slow
tap_eq "20000 refused sends while a listener is stalled" \
	"$(cgw_in_cg ev cgw-probe udpflood 127.0.0.1 20000)" "20000 errors"
# Each cgroup's events have a budget: floods from many cgroups (protect,
# no endpoint learned) are what outruns a stalled listener's socket.
i=0
while [ $i -lt 12 ]; do
	cgw_mkcg evf$i >/dev/null
	cgwardenctl mode /evf$i learn
	cgw_in_cg evf$i cgw-probe open /etc/hostname r >/dev/null
	cgw_in_cg evf$i cgw-probe sendto udp 127.0.0.3 7 >/dev/null
	cgwardenctl mode /evf$i protect
	cgw_in_cg evf$i cgw-probe udpflood 127.0.0.2 400 >/dev/null
	i=$((i + 1))
done
dropped=$(cgwardenctl status --json | cgw_json_field events_dropped)
[ "${dropped:-0}" -gt 0 ] && tap_ok "events the listener missed are counted ($dropped)" ||
	tap_fail "events the listener missed are counted" "events_dropped=$dropped"
sent=$(cgwardenctl status --json | cgw_json_field events)
tap_note "events sent $sent, dropped $dropped"
kill -CONT $slow
sleep 1
kill $slow
wait $slow 2>/dev/null
tap_check "the listener was told it lost events" \
	grep -q "events were lost" /tmp/slow.err
cgw_rmcg ev
cgw_rmcg evB
i=0
while [ $i -lt 12 ]; do
	cgw_rmcg evf$i
	i=$((i + 1))
done
tap_check "rmmod" cgw_unload
tap_done
