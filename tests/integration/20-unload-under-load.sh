#!/bin/sh
# rmmod while both CPUs run opens, execs, connects and refused opens through
# the hooks leaves no warning (the harness fails the suite on any), and the
# module reloads under the same load.
# shellcheck source=lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

tap_check "insmod with default_mode=learn" cgw_load default_mode=learn
cgw_mkcg cgw-deny >/dev/null
echo x >/tmp/secret
cgw_in_cg cgw-deny cgw-probe open /etc/hostname r >/dev/null
tap_check "a protected cgroup" cgwardenctl mode /cgw-deny protect
tap_probe_in cgw-deny "its new opens are refused" EPERM open /tmp/secret r

mkfifo /tmp/fifo
# A task parked in a blocking open across the unload.
cgw_in_cg cgw-fifo sh -c 'cat /tmp/fifo >/tmp/fifo.out' &
fifo_pid=$!

start_load() {
	cgw_in_cg cgw-load1 cgw-probe loop 100000000 open /etc/hostname r >/dev/null &
	p1=$!
	cgw_in_cg cgw-load2 cgw-probe spawn 100000000 /bin/true >/dev/null &
	p2=$!
	cgw_in_cg cgw-load3 cgw-probe loop 100000000 connect tcp 127.0.0.1 9 >/dev/null &
	p3=$!
	cgw_in_cg cgw-deny cgw-probe repeat 100000000 open /tmp/secret r >/dev/null &
	p4=$!
	sleep 2
}

stop_load() {
	kill $p1 $p2 $p3 $p4 2>/dev/null
	wait $p1 $p2 $p3 $p4 2>/dev/null
}

alive() { kill -0 $p1 && kill -0 $p2 && kill -0 $p4; }

start_load
tap_check "load is running before rmmod" alive
tap_check "rmmod under load" cgw_unload
tap_check "load still running after rmmod" alive
tap_check "reload under load" cgw_load default_mode=learn
sleep 2
calls=$(cgwardenctl status --json | grep -o '"calls":[0-9]*' | head -n 1)
tap_note "after reload: $calls"
tap_check "hooks see the load after reload" \
	sh -c "cgwardenctl status --json | grep -q '\"op\":\"open\"[^}]*\"calls\":[1-9]'"
tap_check "rmmod under load again" cgw_unload
stop_load

echo done >/tmp/fifo
wait $fifo_pid
tap_eq "the open parked across the unload completed" "$(cat /tmp/fifo.out)" done
tap_check "opens work with the module gone" cgw-probe open /tmp/secret r
for c in cgw-load1 cgw-load2 cgw-load3 cgw-deny cgw-fifo; do cgw_rmcg $c; done
tap_done
