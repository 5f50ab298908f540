#!/bin/bash
# shellcheck disable=SC2317  # functions run through check()
# Debian packages: `make deb`, lintian, cgwarden-setup and the bash
# completion on the host, then both packages installed into a minimal
# bookworm root (debootstrap, cached) where files, conffiles, the systemd
# unit (systemd-analyze verify), the DKMS registration and a purge are
# checked.
#
#   tests/deb.sh
#
# Needs root, network on the first run (debootstrap) and what tests/deps.sh
# installs (dpkg-dev debhelper dh-dkms dkms lintian debootstrap
# bash-completion).  The bookworm root is made once in
# $CGW_CACHE/bookworm-root (default ~/.cache/cgwarden) and copied for each
# run, so the cache stays clean.  Logs: build/deb-test/.
# Last line "N passed, M failed"; exit status 1 on any failure.
set -u

repo=$(cd "$(dirname "$0")/.." && pwd)
logs=$repo/build/deb-test
cache=${CGW_CACHE:-$HOME/.cache/cgwarden}
passed=0
failed=0
rm -rf "$logs"
mkdir -p "$logs"
cd "$repo" || exit 1

ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
# check DESC CMD...: one check; its output goes to the log
check() {
	local desc=$1
	shift
	echo "== $desc" >>"$logs/checks.log"
	if "$@" >>"$logs/checks.log" 2>&1; then ok "$desc"; else
		fail "$desc"
		tail -n 15 "$logs/checks.log" | sed 's/^/  | /'
	fi
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

ver=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' debian/changelog)
uver=${ver%%-*}
for c in dpkg-buildpackage dh dh_dkms lintian debootstrap; do
	command -v "$c" >/dev/null || { fail "$c missing (tests/deps.sh)"; finish; }
done

# --- build
t0=$SECONDS
check "make deb" make -s deb
echo "  (make deb: $((SECONDS - t0))s)"
deb=$(ls build/deb/cgwarden_"${ver}"_*.deb 2>/dev/null)
dkmsdeb=$(ls build/deb/cgwarden-dkms_"${ver}"_all.deb 2>/dev/null)
check "build/deb/ has cgwarden and cgwarden-dkms $ver" test -f "$deb" -a -f "$dkmsdeb"
[ -f "$deb" ] && [ -f "$dkmsdeb" ] || finish
check "make deb left the tree clean (no debian/ build products)" \
	sh -c '! ls -d debian/.debhelper debian/cgwarden debian/cgwarden-dkms debian/files \
		debian/*.substvars userspace/.obj/*.o 2>/dev/null | grep -q debian/'

# --- lintian: no tag at all may remain (overrides carry their reasons)
lintian --pedantic -I -E "$deb" "$dkmsdeb" >"$logs/lintian.log" 2>&1
check "lintian --pedantic -I -E: no tags (see debian/*.lintian-overrides)" \
	sh -c "! grep -E '^[EWIPX]: ' '$logs/lintian.log'"
grep -E '^[EWIPX]: ' "$logs/lintian.log" | sed 's/^/  | /'

# --- package contents
dpkg-deb -c "$dkmsdeb" | awk '{print $6}' >"$logs/dkms-contents.txt"
# has_src: the files the module needs are in /usr/src/cgwarden-<version>:
# every source and header of kmod/ in this tree
has_src() {
	local f
	for f in dkms.conf Kbuild include/uapi/cgwarden.h \
		$(cd "$repo" && ls kmod/*.c kmod/*.h); do
		grep -qx "./usr/src/cgwarden-$uver/$f" "$logs/dkms-contents.txt" || { echo "missing $f"; return 1; }
	done
}
check "cgwarden-dkms: source and dkms.conf in /usr/src/cgwarden-$uver" has_src
check "cgwarden-dkms: no kmod/tests, no build products" \
	sh -c "! grep -E '/kmod/tests|\\.(o|ko|cmd)\$' '$logs/dkms-contents.txt'"
check "cgwarden-dkms: dkms.conf says PACKAGE_VERSION=$uver" \
	sh -c "dpkg-deb --fsys-tarfile '$dkmsdeb' | tar -xOf - ./usr/src/cgwarden-$uver/dkms.conf |
		grep -qx 'PACKAGE_VERSION=\"$uver\"'"
check "cgwarden-dkms: depends on dkms, postinst runs DKMS" \
	sh -c "dpkg-deb -f '$dkmsdeb' Depends | grep -q dkms &&
		dpkg-deb -I '$dkmsdeb' postinst | grep -q common.postinst"

# --- cgwarden-setup on the host, with a fake cgwardenctl and modprobe
setup=$repo/packaging/cgwarden-setup
fk=$logs/fake
mkdir -p "$fk/sys"
cat >"$fk/cgwardenctl" <<EOF
#!/bin/sh
echo "\$*" >>"$fk/calls"
case "\$*" in *--max-cgroups\ 0*|*bad.yaml*) exit 1 ;; esac
EOF
printf '#!/bin/sh\necho "modprobe: FATAL: Module cgwarden not found in directory /lib/modules/x"; exit 1\n' >"$fk/modprobe-missing"
printf '#!/bin/sh\nmkdir -p "%s/sys/cgwarden"\n' "$fk" >"$fk/modprobe-ok"
chmod +x "$fk"/cgwardenctl "$fk"/modprobe-*
# run_setup CONF MODPROBE: run cgwarden-setup with the fakes; status, output in $fk/out
run_setup() {
	rm -rf "$fk/calls" "$fk/sys/cgwarden"
	CGW_CONF=$1 CGWARDENCTL=$fk/cgwardenctl MODPROBE=$fk/$2 CGW_SYSFS=$fk/sys/cgwarden \
		sh "$setup" >"$fk/out" 2>&1
}
# setup_case SCRIPT: run SCRIPT (bash, may call run_setup) as one check
setup_case() {
	eval "$1"
}
check "setup: no module -> exit 0, says why, runs nothing" \
	setup_case "run_setup packaging/cgwarden.conf modprobe-missing &&
		grep -q 'not available for kernel' $fk/out && grep -q 'Module cgwarden not found' $fk/out &&
		test ! -e $fk/calls"
check "setup: the shipped cgwarden.conf applies nothing" \
	setup_case "run_setup packaging/cgwarden.conf modprobe-ok && grep -q 'module loaded' $fk/out &&
		test ! -e $fk/calls"
touch "$fk/web.yaml"
cat >"$fk/good.conf" <<EOF
# comment
DEFAULT_MODE=learn   # trailing comment
MAX_CGROUPS="100"
 MAX_ENTRIES='2000'
MAX_ENTRIES_TOTAL=
ALERT_WINDOW_MS=500
POLICY=$fk/web.yaml
EOF
check "setup: KEY=VALUE applied with cgwardenctl config, then policy load" \
	setup_case "run_setup $fk/good.conf modprobe-ok && cat $fk/calls &&
		printf '%s\n' 'config --default-mode learn --max-cgroups 100 --max-entries 2000 --alert-window-ms 500' \
			'policy load $fk/web.yaml' | cmp - $fk/calls"
printf 'DEFAULT_MODE=learn\nMAX_ENTRYS=5\n' >"$fk/typo.conf"
check "setup: unknown key -> exit 1 naming file:line, nothing applied" \
	setup_case "! run_setup $fk/typo.conf modprobe-ok && grep -q 'typo.conf:2: unknown key: MAX_ENTRYS' $fk/out &&
		test ! -e $fk/calls"
printf 'MAX_CGROUPS=0\nPOLICY=%s\n' "$fk/web.yaml" >"$fk/refused.conf"
check "setup: a value cgwardenctl refuses -> exit 1, policy not loaded" \
	setup_case "! run_setup $fk/refused.conf modprobe-ok && ! grep -q policy $fk/calls"
printf 'POLICY=%s\n' "$fk/bad.yaml" >"$fk/badpol.conf"
touch "$fk/bad.yaml"
check "setup: a policy cgwardenctl refuses -> exit 1" \
	setup_case "! run_setup $fk/badpol.conf modprobe-ok && grep -q 'not loaded' $fk/out"
printf 'POLICY=/nonexistent.yaml\n' >"$fk/nopol.conf"
check "setup: POLICY naming no file -> exit 1" \
	setup_case "! run_setup $fk/nopol.conf modprobe-ok && grep -q 'no such file' $fk/out"

# --- bash completion (needs bash-completion's _init_completion)
# complete WORDS...: the candidates for the last word
complete_words() {
	bash -c '. /usr/share/bash-completion/bash_completion
		. packaging/bash-completion/cgwardenctl
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_cgwardenctl cgwardenctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort | xargs' _ "$@"
}
if [ -f /usr/share/bash-completion/bash_completion ]; then
	# expect WANT WORDS...: completion of WORDS is exactly WANT
	expect() {
		local want=$1 got
		shift
		got=$(complete_words "$@")
		echo "complete '$*' -> '$got'"
		[ "$got" = "$want" ]
	}
	# every verb of userspace/main.c, and no other
	verbs=$(sed -n 's/^\t{ "\([a-z]*\)", cmd_.*/\1/p' userspace/main.c | sort | xargs)
	check "completion: the verbs of userspace/main.c ($verbs)" expect "$verbs" cgwardenctl ""
	check "completion: --version --help" expect "--help --version" cgwardenctl --
	check "completion: model subcommands" expect "accept candidates clear export import remove show" \
		cgwardenctl model ""
	check "completion: model import CGROUP FILE (files)" expect "packaging/bash-completion" \
		cgwardenctl model import /x packaging/b
	check "completion: policy subcommands" expect "check clear load show" cgwardenctl policy ""
	check "completion: mode CGROUP MODE" expect "learn" cgwardenctl mode /x le
	check "completion: config options" expect \
		"--alert-window-ms --collapse-names --default-mode --dir-names --exe-pairing --help --json --max-cgroups --max-created --max-entries --max-entries-total --min-learn --net-addrs --quiet-ops --then --until-quiet" \
		cgwardenctl config --
	check "completion: mode learn options" expect "--breaker --help --min --quiet-ops --then --until-quiet" \
		cgwardenctl mode /x learn --
	check "completion: --then values" expect "monitor protect" cgwardenctl mode /x learn --then ""
	check "completion: --default-mode values" expect "monitor" cgwardenctl config --default-mode mo
	check "completion: --exe-pairing values" expect "off on" cgwardenctl config --exe-pairing ""
	check "completion: mode CGROUP MODE after --breaker N" expect "protect" \
		cgwardenctl mode --breaker 50 /x pro
	check "completion: watch options" expect "--cgroup --count --falco --help --json" cgwardenctl watch --
	check "completion: model show/export options" expect "--output" cgwardenctl model export /x --o
	check "completion: policy show options" expect "--help --json" cgwardenctl policy show --
else
	fail "completion: /usr/share/bash-completion/bash_completion missing (tests/deps.sh: bash-completion)"
fi

# --- a minimal bookworm root, made once and cached
base=$cache/bookworm-root
root_pkgs=(libnl-3-200 libnl-genl-3-200 libyaml-0-2 libjson-c5 kmod systemd dkms man-db)
if [ ! -f "$base/.cgw-complete" ]; then
	echo "debootstrap: a minimal bookworm root in $base (once)"
	t0=$SECONDS
	rm -rf "$base" "$base.tmp"
	mkdir -p "$cache"
	if debootstrap --variant=minbase bookworm "$base.tmp" http://deb.debian.org/debian \
		>"$logs/debootstrap.log" 2>&1; then
		touch "$base.tmp/.cgw-complete"
		mv "$base.tmp" "$base"
		ok "debootstrap bookworm minbase [$((SECONDS - t0))s]"
	else
		fail "debootstrap (log: $logs/debootstrap.log)"
		tail -n 5 "$logs/debootstrap.log"
		finish
	fi
fi
# The packages the tests need in the root, installed once (idempotent).
missing=()
for p in "${root_pkgs[@]}"; do
	chroot "$base" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	t0=$SECONDS
	echo "root: installing ${missing[*]} into $base (once)"
	mount -t proc proc "$base/proc"
	cp /etc/resolv.conf "$base/etc/resolv.conf"
	if DEBIAN_FRONTEND=noninteractive chroot "$base" sh -c "apt-get update -qq &&
		apt-get install -y -qq --no-install-recommends ${missing[*]} && apt-get clean" \
		>"$logs/root-apt.log" 2>&1; then
		ok "root: installed ${missing[*]} [$((SECONDS - t0))s]"
	else
		fail "root: apt-get install ${missing[*]} (log: $logs/root-apt.log)"
	fi
	umount "$base/proc"
fi

# --- install the packages into a copy of it
root=$cache/deb-test-root
umount "$root/proc" 2>/dev/null
rm -rf "$root"
cp -a "$base" "$root"
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null; rm -rf "$root"' EXIT
cp "$deb" "$dkmsdeb" "$root/tmp/"
in_root() { chroot "$root" "$@"; }
check "dpkg -i cgwarden (its libraries are in the root)" \
	in_root dpkg -i "/tmp/${deb##*/}"
check "cgwardenctl --version runs: cgwardenctl $uver" \
	sh -c "chroot '$root' /usr/sbin/cgwardenctl --version | tee /dev/stderr | grep -qx 'cgwardenctl $uver'"
for f in /usr/sbin/cgwardenctl /usr/lib/cgwarden/cgwarden-setup; do
	check "$f is an executable" test -x "$root$f"
done
for f in /usr/share/man/man8/cgwardenctl.8.gz /lib/systemd/system/cgwarden.service \
	/usr/share/bash-completion/completions/cgwardenctl /etc/cgwarden/cgwarden.conf \
	/usr/share/doc/cgwarden/copyright /usr/share/doc/cgwarden/README.Debian; do
	check "$f installed" test -f "$root$f"
done
check "/etc/cgwarden/policies/ exists" test -d "$root/etc/cgwarden/policies"
check "the man page is troff (.TH)" \
	sh -c "zcat '$root/usr/share/man/man8/cgwardenctl.8.gz' | grep -q '^\\.TH'"
check "/etc/cgwarden/cgwarden.conf is a conffile" \
	sh -c "chroot '$root' dpkg-query -W -f='\${Conffiles}' cgwarden | tee /dev/stderr |
		grep -q '^ /etc/cgwarden/cgwarden.conf [0-9a-f]'"
check "cgwarden.service is enabled (multi-user.target)" \
	sh -c "chroot '$root' systemctl is-enabled cgwarden.service | grep -qx enabled"
# verify_unit: systemd-analyze verify succeeds and says nothing about cgwarden
verify_unit() {
	local out rc=0
	out=$(chroot "$root" systemd-analyze verify /lib/systemd/system/cgwarden.service 2>&1) || rc=$?
	echo "$out"
	[ "$rc" -eq 0 ] && ! grep -qi cgwarden <<<"$out"
}
check "systemd-analyze verify cgwarden.service (in the root)" verify_unit
check "unit: oneshot, RemainAfterExit, runs cgwarden-setup" \
	sh -c "grep -qx 'Type=oneshot' '$root/lib/systemd/system/cgwarden.service' &&
		grep -qx 'RemainAfterExit=yes' '$root/lib/systemd/system/cgwarden.service' &&
		grep -qx 'ExecStart=/usr/lib/cgwarden/cgwarden-setup' '$root/lib/systemd/system/cgwarden.service'"
check "cgwarden-setup in the root, no module there: exit 0 with a reason" \
	sh -c "chroot '$root' /usr/lib/cgwarden/cgwarden-setup | tee /dev/stderr |
		grep -q 'module is not available'"
check "dpkg -i cgwarden-dkms: DKMS registers cgwarden/$uver" \
	sh -c "chroot '$root' dpkg -i '/tmp/${dkmsdeb##*/}' &&
		chroot '$root' dkms status cgwarden | tee /dev/stderr | grep -q 'cgwarden/$uver: added'"
check "/usr/src/cgwarden-$uver/dkms.conf in the root" test -f "$root/usr/src/cgwarden-$uver/dkms.conf"
check "dpkg --purge cgwarden-dkms: DKMS forgets it, /usr/src/cgwarden-$uver gone" \
	sh -c "chroot '$root' dpkg --purge cgwarden-dkms && ! chroot '$root' dkms status | grep -q cgwarden &&
		test ! -e '$root/usr/src/cgwarden-$uver'"
check "dpkg --purge cgwarden: /etc/cgwarden and the unit gone" \
	sh -c "chroot '$root' dpkg --purge cgwarden && test ! -e '$root/etc/cgwarden/cgwarden.conf' &&
		test ! -e '$root/lib/systemd/system/cgwarden.service'"

finish
