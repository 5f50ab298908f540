#!/bin/sh
# move.sh TARGET child|self: write a task's pid into TARGET/cgroup.procs
# (a child sleeper, or this shell), then print the write's outcome (ok,
# EPERM, or the error) and the cgroup the task is in afterwards.
sleep 60 &
pid=$!
[ "$2" = self ] && pid=$$
if err=$( (echo "$pid" >"$1/cgroup.procs") 2>&1); then
	r=ok
else
	case $err in
	*"not permitted"*) r=EPERM ;;
	*) r="error:$err" ;;
	esac
fi
echo "$r $(sed -n 's/^0:://p' /proc/$pid/cgroup)"
kill $! 2>/dev/null
wait
