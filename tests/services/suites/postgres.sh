#!/bin/sh
# A real service: Debian's PostgreSQL 15 in a runc container (its rootfs
# made of the package's own files, tests/services/rootfs.sh), initdb'd in
# the container at its first start, learned with `mode learn --until-quiet
# --then protect` while pgbench and psql drive it, then 10 replays in
# protect with other pgbench seeds and queries, two re-initialisations and
# a restart of postgres inside the container: no false positive (no
# denial, no candidate).  WAL segments are 1 MB and max_wal_size 4 MB, so
# every run writes and recycles segments it never wrote while learning.
# Learning has a start-up (--startup): initdb's steps, done only at the
# container's first start, are allowed only in a start-up.  Learning 10
# times longer than it took to converge adds no entry; the container,
# deleted and run again by runc with its exported model imported, starts
# and serves.  Then its own attacks, each refused with an audit record
# naming the operation, each with its control in mode off: COPY ... TO
# PROGRAM, COPY FROM '/etc/shadow', pg_read_file outside the data dir,
# and awk started by postgres (COPY FROM PROGRAM) reading /etc/shadow.
# cgw-vm-timeout: 900
# cgw-vm-bins: /usr/sbin/runc /usr/lib/postgresql/15/bin/psql /usr/lib/postgresql/15/bin/pgbench
# cgw-vm-env: CGW_SVC_OVERHEAD CGW_SVC_QUIET
# cgw-vm-prep: tests/services/rootfs.sh postgres
# shellcheck source=../../integration/lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"
# shellcheck source=../svc.sh
. "$CGW_DIR/svc.sh"

echo 10000 >/proc/sys/kernel/printk_ratelimit_burst
top=/svc-postgres
# the container's cgroup: learns, and is decided, on its own
cg=$top/ctr
b=/tmp/svc/postgres
r=$b/rootfs
quiet=${CGW_SVC_QUIET:-30s}

tap_check "postgres bundle from Debian's files" svc_bundle postgres $cg
# The container runs as the postgres user.
sed -i -e 's/"uid": 0,/"uid": 100,/' -e 's/"gid": 0$/"gid": 100/' $b/config.json
tap_check "... run as postgres (uid 100)" grep -q '"uid": 100,' $b/config.json
mkdir -p $r/var/lib/postgresql $r/run/postgresql
chown -R 100:100 $r/var/lib/postgresql $r/run/postgresql
echo 'PRETTY_NAME="cgwarden test rootfs"' >$r/etc/os-release
cat >$r/svc/postgresql.conf <<'EOF'
listen_addresses = '127.0.0.1'
port = 5432
unix_socket_directories = '/run/postgresql'
shared_buffers = 16MB
max_wal_size = 4MB
min_wal_size = 2MB
fsync = off
synchronous_commit = off
full_page_writes = off
log_destination = 'stderr'
logging_collector = off
timezone = 'UTC'
log_timezone = 'UTC'
EOF
cat >$r/svc/run.sh <<'EOF'
bin=/usr/lib/postgresql/15/bin
D=/var/lib/postgresql/data
export TZ=UTC
if [ ! -s $D/PG_VERSION ]; then
	$bin/initdb -D $D -U postgres --auth=trust --no-sync --wal-segsize=1 \
		-E UTF8 --locale=C >/var/lib/postgresql/initdb.log 2>&1 || exit 1
	cat /svc/postgresql.conf >>$D/postgresql.conf
fi
while :; do
	$bin/postgres -D $D
	sleep 1
done
EOF

sql() { psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
ready() { [ "$(sql -c 'select 1')" = 1 ]; }

# work I: the clients' workload, parameters from I: pgbench initialises
# (when asked) and runs with seed I, then psql's own queries and a table
# of rows of its own
work() {
	if [ "$2" = init ]; then
		pgbench -h 127.0.0.1 -U postgres -i -s 1 -q postgres || return 1
	fi
	pgbench -h 127.0.0.1 -U postgres -c 2 -t 100 -n --random-seed="$1" postgres || return 1
	sql -c "create table if not exists notes (id serial primary key, k int, body text)" || return 1
	sql -c "insert into notes (k, body) select $1, repeat(md5(g::text), 4) from generate_series(1, 200) g" || return 1
	[ "$(sql -c "select count(*) from notes where k = $1")" -ge 200 ] || return 1
	sql -c "select bid, sum(abalance) from pgbench_accounts where aid % $(($1 + 2)) = 0 group by bid" >/dev/null || return 1
	sql -c "select pg_current_wal_lsn()" || return 1
}

# learn_round I: the workload; the first initialises pgbench's tables,
# restarts postgres and then its container three times (learning may end
# after one round: restarts are what an operator learns a service with,
# or protect refuses its supervisor's restart; runc's set-up of a
# container started again, warm, differs from its first, and runc's init
# is moved into the container's cgroup while it clones itself, so which
# of those steps a start shows varies: learn over a few starts,
# docs/concepts.md), the second restarts postgres and its container
# first
learn_round() {
	case $1 in
	1) work 1 init && svc_restart postgres INT ready &&
		svc_restart_ctr postgres ready && svc_restart_ctr postgres ready &&
		svc_restart_ctr postgres ready ;;
	2) svc_restart postgres INT ready && svc_restart_ctr postgres ready &&
		work 2 ;;
	*) work "$1" ;;
	esac
}

# replay I: the workload with another seed; replays 3 and 8 initialise
# pgbench's tables again, replays 1 and 6 restart postgres first
replay() {
	case $1 in 1 | 6) svc_restart postgres INT ready || return 1 ;; esac
	case $1 in 3 | 8) work $(($1 + 40)) init ;; *) work $(($1 + 40)) ;; esac
}

tap_check "insmod" cgw_load
tap_check "the service's cgroup" cgw_mkcg ${top#/}
tap_check "learn until $quiet quiet, then protect" \
	cgwardenctl mode $top learn --until-quiet "$quiet" --then protect --startup 120s
tap_check "runc run -d postgres (initdb in the container)" svc_start postgres
tap_check "postgres answers" svc_wait 240 ready
# (not in tap_check's subshell: it sets svc_rounds_*)
if svc_learn_until_protect $cg 40 learn_round 2>/tmp/learn.err; then
	tap_ok "learning ends by itself while the clients drive postgres"
else
	tap_fail "learning ends by itself while the clients drive postgres" "$(cat /tmp/learn.err)"
fi
tap_note "learned in $svc_rounds__svc_postgres_ctr rounds: $(cgw_cg_field $cg entries) entries; WAL at $(sql -c 'select pg_current_wal_lsn()')"
tap_note "modes after learning: $top $(cgw_cg_field $top mode), $cg $(cgw_cg_field $cg mode)"
tap_eq "the service's cgroup, where nothing runs, ended its learning with the container's" \
	"$(cgw_cg_field $top mode)" protect
# Learning that did not end by itself still gets its replays, in protect.
[ "$(cgw_cg_field $cg mode)" = protect ] || cgwardenctl mode $top protect
svc_replays $cg 10 replay
tap_note "WAL after the replays at $(sql -c 'select pg_current_wal_lsn()' 2>&1)"
tap_eq "10 replays in protect, other seeds, re-inits and a restart: no false positive" \
	"$(svc_fp_replays $cg)" 0
svc_fp_show postgres $cg
tap_eq "no denial for the service" "$(svc_denials $cg)" 0
tap_eq "no candidate for the service" "$(svc_candidates $cg | wc -l)" 0
tap_check "postgres still answers after the replays" svc_wait 60 ready

# --- learning 10 times longer than convergence: the model stays bounded ----
svc_bounded "$cg" replay
tail -n 5 $b/postgres.out | tap_diag

# --- the container restarted by its runtime, with its exported model ------
# (runc kill + delete, then runc run: a new container cgroup, which takes
# the model imported into the service's cgroup).  Both models are
# exported: runc's set-up runs partly in the service's cgroup, before it
# moves its init into the container's.
cgwardenctl model export $top -o /tmp/pg-top.yaml
cgwardenctl model export $cg -o /tmp/pg-ctr.yaml
tap_check "model export of the service's and the container's cgroups" \
	test -s /tmp/pg-top.yaml -a -s /tmp/pg-ctr.yaml
tap_check "container deleted" svc_stop postgres
tap_check "both models imported into the service's cgroup" \
	sh -c "cgwardenctl model import $top /tmp/pg-top.yaml &&
		cgwardenctl model import $top /tmp/pg-ctr.yaml"
tap_check "runc run -d postgres again, in protect" svc_start postgres
tap_diag <$b/postgres.out
tap_check "postgres answers after its container's restart" svc_wait 120 ready
tap_eq "the new container's cgroup is in protect" "$(cgw_cg_field $cg mode)" protect
tap_check "the workload after the container's restart" work 61
# (runc's own init is judged in the container's cgroup from the moment
# runc moves it there; what it does in that race, before it runs
# postgres' entrypoint (the unlink of a runc.XXXXXX copy of itself in
# /run/runc), is runc's, shown apart and not a false positive of the
# service's)
tap_eq "container restarted with its imported model: no denial of the service's" \
	"$(svc_deny_records $cg | grep -vc 'exe="/cgw/runc"')" 0
tap_eq "container restarted with its imported model: no candidate of the service's" \
	"$(svc_candidates $cg | grep -vc '  /cgw/runc  ')" 0
svc_deny_records $cg | grep 'exe="/cgw/runc"' | sed 's/^/runc set-up, denied: /' | tap_diag
svc_fp_show postgres $cg

# --- what protect costs pgbench and psql (make services-overhead) ---------
svc_overhead $top 2 work

# --- attacks, in protect; then their controls in mode off ------------------
# 1. COPY ... TO PROGRAM: a command run by postgres.
prog() {
	sql -c "copy (select 1) to program 'id >/tmp/prog.out'" 2>&1
}
rm -f $r/tmp/prog.out
svc_mark
got=$(prog)
# (an attack on a postgres that is down proves nothing: it counts as not
# refused)
up() { ready || echo "postgres is down"; }
svc_attack $cg "COPY ... TO PROGRAM 'id': refused, the command never ran" "not run" \
	"$(up)$([ ! -e $r/tmp/prog.out ] && echo "not run" || echo "ran: $got $(cat $r/tmp/prog.out)")"
tap_note "COPY TO PROGRAM: $got"
# (postgres ran sh once, for initdb's "locale -a"
# (pg_import_system_collations), in the container's start-up: allowed only
# in a start-up, so its exec of sh is what is refused)
tap_some "... audit record op=exec" "$(svc_denied_since $cg exec)"

# 2. COPY FROM '/etc/shadow' into a table.
sql -c "create table loot (l text)"
svc_mark
got=$(sql -c "copy loot from '/etc/shadow'" 2>&1; sql -c "select count(*) from loot")
svc_attack $cg "COPY FROM '/etc/shadow': refused, nothing read" 0 "$(up)$(echo "$got" | tail -n 1)"
tap_some "... audit record op=open of /etc/shadow" \
	"$(svc_denied_since $cg open 'path="/etc/shadow"')"

# 3. pg_read_file of a file outside the data dir.
svc_mark
got=$(sql -c "select pg_read_file('/etc/os-release')" 2>&1)
svc_attack $cg "pg_read_file('/etc/os-release'): refused" refused \
	"$(up)$(case $got in *PRETTY_NAME*) echo "read: $got" ;; *) echo refused ;; esac)"
tap_some "... audit record op=open of /etc/os-release" \
	"$(svc_denied_since $cg open 'path="/etc/os-release"')"

# 4. A script interpreter started by postgres, reading /etc/shadow.
sql -c "create table loot2 (l text)"
shadow_prog() {
	sql -c "copy loot2 from program 'awk 1 /etc/shadow'" 2>&1
	sql -c "select count(*) from loot2"
}
d0=$(svc_denials $cg)
got=$(shadow_prog)
svc_attack $cg "COPY FROM PROGRAM 'awk 1 /etc/shadow': refused, nothing read" 0 \
	"$(up)$(echo "$got" | tail -n 1)"
# (refused at postgres' exec of sh, as attack 1 was: the same cgroup,
# operation, object and program, so its audit record is folded into that
# one's (docs/concepts.md, Alerts); the cgroup's denials count it)
tap_some "... counted as a denial of the cgroup's" "$(($(svc_denials $cg) - d0))"
tap_check "postgres still answers after the attacks" ready

tap_check "mode off" cgwardenctl mode $top off
tap_eq "control: COPY ... TO PROGRAM runs the command" \
	"$(prog >/dev/null; cut -d' ' -f1 $r/tmp/prog.out)" "uid=100(postgres)"
tap_eq "control: COPY FROM '/etc/shadow' reads it" \
	"$(sql -c "copy loot from '/etc/shadow'" 2>&1; sql -c "select count(*) from loot")" 1
tap_eq "control: pg_read_file reads outside the data dir" \
	"$(sql -c "select pg_read_file('/etc/os-release')")" 'PRETTY_NAME="cgwarden test rootfs"'
tap_eq "control: awk started by postgres reads /etc/shadow" \
	"$(shadow_prog | tail -n 1)" 1

svc_report postgres $cg $cg
tap_check "container stopped" svc_stop postgres
cgw_rmcg ${top#/}
tap_check "rmmod" cgw_unload
tap_done
