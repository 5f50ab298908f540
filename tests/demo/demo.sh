#!/bin/sh
# The `make demo` story, run inside the VM: a web server in a real OCI
# container (Debian's runc) is learned, then protected, then attacked.
# It is also a suite: each claim it narrates is checked (TAP).
# cgw-vm-bins: /usr/sbin/runc
# shellcheck source=../integration/lib.sh
. "${CGW_DIR:-/cgw}/lib.sh"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@" 2>&1 | sed 's/^/  /'; }

say "Loading cgwarden into $(uname -r)"
run insmod /cgw/cgwarden.ko
run cgwardenctl status

say "A web server in an OCI container, started by runc"
b=/tmp/web
cgw_oci_bundle $b /demo-web httpd -f -p 8080 -h /www >/dev/null
mkdir -p $b/rootfs/www
echo "<h1>hello from the container</h1>" >$b/rootfs/www/index.html
echo "<h1>admin console</h1>" >$b/rootfs/www/admin.html
echo "admin:secret-hash" >$b/rootfs/etc/shadow
cgw_runc_start $b web
sleep 1
run runc list
run cat /sys/fs/cgroup/demo-web/cgroup.procs
id=$(stat -c %i /sys/fs/cgroup/demo-web)

say "1. Learn: cgwarden records what the container does, per cgroup"
run cgwardenctl mode /demo-web learn
traffic() { runc exec web wget -q -O - http://127.0.0.1:8080/index.html 2>&1; }
admin() { runc exec web wget -q -O - http://127.0.0.1:8080/admin.html 2>&1; }
run traffic
run admin
run traffic
run cgwardenctl list
run cgwardenctl model show /demo-web

say "2. Protect: anything the model never saw is refused in the kernel"
run cgwardenctl mode /demo-web protect
out=$(traffic)
echo "$out" | sed 's/^/  /'
tap_eq "learned traffic still served in protect" "$out" \
	"<h1>hello from the container</h1>"

say "Live events: what a SIEM or Falcosidekick would receive"
printf '$ cgwardenctl watch --json >/tmp/events.json &\n'
cgwardenctl watch --json >/tmp/events.json 2>&1 &
watcher=$!
cgwardenctl watch --falco --count 1 >/tmp/events.falco 2>&1 &
sleep 1

say "3. Attack: a foothold in the container tries its luck"
# attempt DESC WANT CMD...: show CMD's output, check it contains WANT
attempt() {
	_d=$1
	_w=$2
	shift 2
	printf '$ %s\n' "$*"
	_o=$("$@" 2>&1)
	echo "$_o" | sed 's/^/  /'
	case $(echo "$_o" | tr 'A-Z' 'a-z') in
	*"$_w"*) tap_ok "$_d" ;;
	*) tap_fail "$_d" "$_o" ;;
	esac
}
attempt "a shell never ran here: refused" "operation not permitted" \
	runc exec web sh -c id
attempt "cat never ran here: refused" "operation not permitted" \
	runc exec web cat /etc/shadow
attempt "a reverse shell with nc: refused" "operation not permitted" \
	runc exec web nc 127.0.0.1 4444 -e sh
attempt "wget (learned) may not deface the site" "operation not permitted" \
	runc exec web wget -O /www/index.html http://127.0.0.1:8080/index.html
attempt "wget (learned) may not reach a new endpoint" "operation not permitted" \
	runc exec web wget -O - http://127.0.0.9:443/
echo "backup" >$b/rootfs/www/backup.tar
attempt "the server itself may not open a file it never served" "404" \
	runc exec web wget -O - http://127.0.0.1:8080/backup.tar
tap_eq "the site is intact" "$(cat $b/rootfs/www/index.html)" \
	"<h1>hello from the container</h1>"

say "The event stream (cgwardenctl watch --json), one line per event"
sleep 1
kill $watcher 2>/dev/null
sed 's/^/  /' /tmp/events.json
tap_check "watch streamed the denials" grep -q '"verdict":"deny"' /tmp/events.json
say "The same, as Falco alerts (cgwardenctl watch --falco)"
sed 's/^/  /' /tmp/events.falco
# A denial's priority is its severity, one step graver: Error for a new
# program or file opened to run, Critical for a high one.
tap_check "watch --falco wrote a Falco alert for a denial" \
	grep -q '"priority":"\(Error\|Critical\)".*"cgwarden.verdict":"deny"' /tmp/events.falco

say "4. Policy: the operator pushes a rule the learned model cannot override"
cat >/tmp/web-policy.yaml <<'POLICY'
# No admin pages from any demo container, whatever was learned.
rules:
  - name: no-admin
    cgroups:
      - /demo-*
    deny:
      files:
        - path: /www/admin*
POLICY
sed 's/^/  /' /tmp/web-policy.yaml
run cgwardenctl policy load /tmp/web-policy.yaml
run cgwardenctl policy show
attempt "the admin page, learned before, is now refused" "404" admin
tap_eq "the site itself is still served" "$(traffic)" "<h1>hello from the container</h1>"
printf '$ cgwardenctl policy load broken.yaml   (a typo)\n'
printf 'rules:\n  - cgroups: [/demo-*]\n    mode: protekt\n' >/tmp/broken.yaml
out=$(cgwardenctl policy load /tmp/broken.yaml 2>&1)
echo "  $out"
case $out in *"broken.yaml:3:"*) tap_ok "a broken policy is refused with file:line:col" ;;
*) tap_fail "a broken policy is refused with file:line:col" "$out" ;; esac
attempt "and the running policy stays" "404" admin

say "What the operator sees: the kernel audit log (type 1316)"
dmesg | grep 'audit: type=1316' | grep "cgroup_id=$id " | sed 's/^\[[^]]*\] /  /'
tap_check "denials were audited" \
	sh -c "dmesg | grep 'audit: type=1316' | grep -q 'verdict=deny.* cgroup_id=$id '"
run cgwardenctl list

say "5. Incident response: the model outlives the container"
run cgwardenctl model export /demo-web -o /tmp/web-model.yaml
sed -n '1,12p' /tmp/web-model.yaml | sed 's/^/  /'
tap_check "the model exported as YAML, bound to its programs" \
	grep -q "exe: /bin/busybox" /tmp/web-model.yaml

say "Done: learned, protected, blocked, in the kernel, per cgroup"
runc kill web KILL 2>/dev/null
sleep 1
runc delete -f web 2>/dev/null
tap_done
