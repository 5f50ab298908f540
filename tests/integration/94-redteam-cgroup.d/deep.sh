#!/bin/sh
# deep.sh DEPTH CMD...: in the cgroup this runs in, make a chain of DEPTH
# child cgroups (as container root does with delegation), move into the
# deepest, and run CMD there.
depth=$1
shift
d=$(sed -n 's/^0:://p' /proc/self/cgroup)
d=/sys/fs/cgroup${d%/}
i=0
while [ "$i" -lt "$depth" ]; do
	d=$d/l$i
	mkdir -p "$d" || exit 1
	i=$((i + 1))
done
echo $$ >"$d/cgroup.procs" || exit 1
exec "$@"
