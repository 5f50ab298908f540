#!/bin/sh
# A real service: Debian's redis-server in a runc container (its rootfs
# made of the package's own files, tests/services/rootfs.sh), learned with
# `mode learn --until-quiet --then protect` while redis-benchmark and
# redis-cli drive it (with BGSAVE), then 10 replays in protect with other
# keys, sizes, a restart of redis inside the container and its log
# rotated: no false positive (no denial, no candidate).  Then its own attacks, each refused
# with an audit record naming the operation, and each with its control
# (the same step working in mode off): CONFIG SET dir + dbfilename + SAVE
# outside its data dir, MODULE LOAD of a dropped .so, REPLICAOF a new
# endpoint.  The redis.conf is a careless one: protected configs and the
# MODULE command enabled (what those attacks need).
# cgw-vm-timeout: 900
# cgw-vm-bins: /usr/sbin/runc /usr/bin/redis-cli /usr/bin/redis-benchmark
# cgw-vm-env: CGW_SVC_OVERHEAD CGW_SVC_QUIET
# cgw-vm-prep: tests/services/rootfs.sh redis
# shellcheck source=../../integration/lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"
# shellcheck source=../svc.sh
. "$CGW_DIR/svc.sh"

echo 10000 >/proc/sys/kernel/printk_ratelimit_burst
top=/svc-redis
# the container's cgroup: learns, and is decided, on its own
cg=$top/ctr
r=/tmp/svc/redis/rootfs
quiet=${CGW_SVC_QUIET:-30s}

tap_check "redis bundle from Debian's files" svc_bundle redis $cg
mkdir -p $r/var/lib/redis $r/var/log/redis $r/run/redis $r/var/spool/cron/crontabs
cat >$r/etc/redis/redis.conf <<'EOF'
bind 127.0.0.1
port 6379
daemonize no
pidfile /run/redis/redis-server.pid
logfile /var/log/redis/redis-server.log
dir /var/lib/redis
dbfilename dump.rdb
save 10 200
appendonly no
enable-protected-configs yes
enable-module-command yes
EOF
cat >$r/svc/run.sh <<'EOF'
while :; do
	redis-server /etc/redis/redis.conf
	sleep 1
done
EOF

rcli() { redis-cli -h 127.0.0.1 -p 6379 "$@"; }
ready() { [ "$(rcli ping)" = PONG ]; }

# bgsave: BGSAVE and wait for it to end well
bgsave() {
	rcli bgsave || return 1
	svc_wait 60 sh -c 'redis-cli -h 127.0.0.1 info persistence |
		grep -q "^rdb_bgsave_in_progress:0"' || return 1
	rcli info persistence | grep -q '^rdb_last_bgsave_status:ok' || {
		echo "BGSAVE failed"
		return 1
	}
}

# work I: the clients' workload, parameters from I: a benchmark over its
# own key space and value size, then keys of its own, read back, then BGSAVE
work() {
	redis-benchmark -h 127.0.0.1 -p 6379 -q -n 600 -c 4 -P 4 \
		-r $((1000 * $1)) -d $((16 * $1)) -t set,get,lpush,hset || return 1
	_k=0
	while [ $_k -lt 20 ]; do
		echo "set user:$1:$_k name-$1-$_k"
		echo "hset h:$1 f$_k $_k"
		_k=$((_k + 1))
	done | rcli >/dev/null || return 1
	[ "$(rcli get "user:$1:7")" = "name-$1-7" ] || { echo "read back"; return 1; }
	rcli expire "h:$1" 3600 >/dev/null || return 1
	bgsave
}

# learn_round I: the workload; the second round restarts redis first
learn_round() {
	if [ "$1" = 2 ]; then
		svc_restart redis TERM ready || return 1
	fi
	work "$1"
}

# rotate: redis' log rotated as logrotate does from the host: renamed;
# redis opens its log by name for every line, so its next line (a save's)
# makes it again
rotate() {
	mv -f $r/var/log/redis/redis-server.log $r/var/log/redis/redis-server.log.1 &&
		bgsave && test -s $r/var/log/redis/redis-server.log ||
		{ echo "redis did not make its log again"; return 1; }
}

# replay I: the workload with other parameters; replays 1 and 6 restart
# redis first, replays 4 and 9 rotate its log
replay() {
	case $1 in 1 | 6) svc_restart redis TERM ready || return 1 ;; esac
	case $1 in 4 | 9) rotate || return 1 ;; esac
	work $(($1 + 40))
}

tap_check "insmod" cgw_load
tap_check "the service's cgroup" cgw_mkcg ${top#/}
tap_check "learn until $quiet quiet, then protect" \
	cgwardenctl mode $top learn --until-quiet "$quiet" --then protect --startup 120s
tap_check "runc run -d redis" svc_start redis
tap_check "redis answers" svc_wait 60 ready
# (not in tap_check's subshell: it sets svc_rounds_*)
if svc_learn_until_protect $cg 40 learn_round 2>/tmp/learn.err; then
	tap_ok "learning ends by itself while the clients drive redis"
else
	tap_fail "learning ends by itself while the clients drive redis" "$(cat /tmp/learn.err)"
fi
tap_note "learned in $svc_rounds__svc_redis_ctr rounds: $(cgw_cg_field $cg entries) entries"
tap_note "modes after learning: $top $(cgw_cg_field $top mode), $cg $(cgw_cg_field $cg mode)"
tap_eq "the service's cgroup, where nothing runs, ended its learning with the container's" \
	"$(cgw_cg_field $top mode)" protect
# Learning that did not end by itself still gets its replays, in protect.
[ "$(cgw_cg_field $cg mode)" = protect ] || cgwardenctl mode $top protect
svc_replays $cg 10 replay
tap_eq "10 replays in protect, other keys and a restart: no false positive" \
	"$(svc_fp_replays $cg)" 0
svc_fp_show redis $cg
tap_eq "no denial for the service" "$(svc_denials $cg)" 0
tap_eq "no candidate for the service" "$(svc_candidates $cg | wc -l)" 0

# --- learning 10 times longer than convergence: the model stays bounded ----
svc_bounded "$cg" replay

# --- what protect costs redis-benchmark (make services-overhead) ----------
svc_overhead $top 3 work

# --- attacks, in protect; then their controls in mode off ------------------
# (an attack on a redis that is down proves nothing: not refused; a read,
# since a redis whose saves fail answers even PING with MISCONF)
up() { rcli dbsize | grep -q '^[0-9][0-9]*$' || echo "redis is down"; }
tap_eq "a key set before the attacks" "$(rcli set canary alive)" OK
d0=$(svc_denials $cg)

# 1. CONFIG SET dir + dbfilename + SAVE: a "crontab" outside the data dir.
cron_save() {
	rcli config set dir /var/spool/cron/crontabs >/dev/null &&
		rcli config set dbfilename root >/dev/null &&
		_s=$(rcli save)
	rcli config set dir /var/lib/redis >/dev/null
	rcli config set dbfilename dump.rdb >/dev/null
	echo "$_s"
}
svc_mark
got=$(cron_save)
left=$(ls $r/var/spool/cron/crontabs)
svc_attack $cg "CONFIG SET dir, dbfilename, SAVE outside the data dir: refused" \
	"refused, nothing left" \
	"$(up)$([ "$got" != OK ] && [ -z "$left" ] && echo "refused, nothing left" || echo "SAVE: $got, left: $left")"
tap_some "... audit record op=create in /var/spool/cron/crontabs" \
	"$(svc_denied_since $cg create 'path="/var/spool/cron/crontabs/')"

# 2. MODULE LOAD of a .so dropped in the container.
cp "$CGW_DIR/redis-module.so" $r/tmp/evil.so
chmod 755 $r/tmp/evil.so
svc_mark
got=$(rcli module load /tmp/evil.so)
svc_attack $cg "MODULE LOAD of a dropped .so: refused, its code never ran" \
	"refused, not run" \
	"$(up)$([ "$got" != OK ] && [ ! -e $r/tmp/module-ran ] && echo "refused, not run" || echo "MODULE LOAD: $got, ran: $(ls $r/tmp)")"
tap_some "... audit record op=open of /tmp/evil.so" \
	"$(svc_denied_since $cg open 'path="/tmp/evil.so"')"

# 3. REPLICAOF a new endpoint: redis connects to its "master".
# replicaof_try: REPLICAOF 127.0.0.1:6390 for a few seconds, a listener
# there; prints what the listener got (redis starts with PING)
replicaof_try() {
	rm -f /tmp/master.out
	nc -l -p 6390 >/tmp/master.out 2>/dev/null &
	_nc=$!
	sleep 0.5
	rcli replicaof 127.0.0.1 6390 >/dev/null
	_n=0
	while [ ! -s /tmp/master.out ] && [ $_n -lt 8 ]; do sleep 0.5; _n=$((_n + 1)); done
	rcli replicaof no one >/dev/null
	kill $_nc 2>/dev/null
	wait $_nc 2>/dev/null
	tr -d '\r' </tmp/master.out | head -n 1
}
svc_mark
got=$(replicaof_try)
svc_attack $cg "REPLICAOF a new endpoint: the connection is refused" "" "$(up)$got"
tap_some "... audit record op=connect to 127.0.0.1:6390" \
	"$(svc_denied_since $cg connect 'daddr=127.0.0.1 dport=6390')"
tap_note "attack denials: $(($(svc_denials $cg) - d0))"
tap_eq "redis still serves after the attacks" "$(rcli get canary)" alive

tap_check "mode off" cgwardenctl mode $top off
tap_eq "control: CONFIG SET dir, dbfilename, SAVE write the file" \
	"$(cron_save) $(ls $r/var/spool/cron/crontabs)" "OK root"
rm -f $r/var/spool/cron/crontabs/*
tap_eq "control: MODULE LOAD runs the module's code" \
	"$(rcli module load /tmp/evil.so) $(ls $r/tmp/module-ran)" "OK $r/tmp/module-ran"
rcli module unload cgwpwn >/dev/null
tap_eq "control: REPLICAOF reaches the new endpoint" "$(replicaof_try)" "*1"

svc_report redis $cg $cg
tap_check "container stopped" svc_stop redis
cgw_rmcg ${top#/}
tap_check "rmmod" cgw_unload
tap_done
