#!/bin/sh
# A small service: what cgroup A (and B) do in normal operation.  Prints
# one line per step so a replay can be compared with the learning run.
ip link set lo up
echo "hostname $(cat /etc/hostname)"
echo "passwd $(cgw-probe open /etc/passwd r)"
echo "data $(cgw-probe open /tmp/wl.data rw)"
echo tick >>/tmp/wl.log && echo "log ok"
echo "connect $(cgw-probe connect tcp 127.0.0.1 8080)"
echo "dns4 $(cgw-probe sendto udp 127.0.0.1 5353)"
echo "dns6 $(cgw-probe sendto udp ::1 5353)"
echo "unix $(cgw-probe unix @cgw-sock)"
echo "ls $(ls /cgw/workload.sh)"
