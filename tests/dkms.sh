#!/bin/bash
# shellcheck disable=SC2317  # functions run through check()
# DKMS: register the module source as /usr/src/cgwarden-<version>, build and
# install it with dkms for both VM kernels, boot each kernel with the module
# DKMS built and run tests/integration/10-module.sh, then remove it all.
#
#   tests/dkms.sh
#
# Needs root and dkms (tests/deps.sh).  Re-runnable: stale cgwarden DKMS
# state is removed first, and again at the end.  Logs: build/dkms/.
# Last line "N passed, M failed" (these checks plus the VM results); exit
# status 1 on any failure.
set -u

repo=$(cd "$(dirname "$0")/.." && pwd)
logs=$repo/build/dkms
passed=0
failed=0
mkdir -p "$logs"
cd "$repo" || exit 1

ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
# check DESC CMD...: one check, its output in the log
check() {
	local desc=$1
	shift
	if "$@" >>"$logs/checks.log" 2>&1; then ok "$desc"; else fail "$desc"; fi
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# --- versions: dkms.conf, the module, the CLI and debian/changelog agree
conf_ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
kmod_ver=$(sed -n 's/^#define CGW_VERSION "\(.*\)"$/\1/p' kmod/config.h)
cli_ver=$(sed -n 's/^#define CGW_VERSION "\(.*\)"$/\1/p' userspace/version.h)
deb_ver=$(sed -n '1s/^[^ ]* (\([^)-]*\).*/\1/p' debian/changelog 2>/dev/null)
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' dkms.conf)
echo "versions: dkms.conf=$conf_ver kmod=$kmod_ver cli=$cli_ver debian=$deb_ver"
check "dkms.conf PACKAGE_VERSION ($conf_ver) is kmod/config.h CGW_VERSION ($kmod_ver)" \
	test -n "$conf_ver" -a "$conf_ver" = "$kmod_ver"
check "userspace/version.h agrees ($cli_ver)" test "$cli_ver" = "$kmod_ver"
check "debian/changelog's upstream version agrees ($deb_ver)" test "$deb_ver" = "$kmod_ver"
check "dkms.conf builds with CGW_WERROR=0 and no -Werror" \
	sh -c 'grep -q "^MAKE\[0\]=.*CGW_WERROR=0" dkms.conf && ! grep -q -- "-Werror" dkms.conf'
check "dkms.conf has AUTOINSTALL=yes" grep -qx 'AUTOINSTALL="yes"' dkms.conf

ver=$conf_ver
src=/usr/src/$name-$ver
if [ "$(id -u)" -ne 0 ] || ! command -v dkms >/dev/null; then
	fail "dkms needs root and dkms installed (tests/deps.sh)"
	finish
fi
mapfile -t kernels < <(tests/vm/kernels.sh)
[ ${#kernels[@]} -ge 1 ] || { fail "no kernels (tests/vm/kernels.sh)"; finish; }

# cleanup: remove every trace of cgwarden from DKMS and /usr/src
cleanup() {
	dkms remove "$name/$ver" --all >>"$logs/dkms.log" 2>&1 || true
	rm -rf "$src" "/var/lib/dkms/$name"
}
cleanup

# --- stage the source as a user's DKMS would see it, and add it
packaging/dkms-source.sh "$src" >>"$logs/checks.log" 2>&1
check "source staged in $src without kmod/tests or build products" \
	sh -c "test -f $src/dkms.conf -a -f $src/Kbuild -a -f $src/include/uapi/cgwarden.h &&
		test ! -e $src/kmod/tests && ! find $src -name '*.o' -o -name '*.ko' | grep -q ."
trap cleanup EXIT
check "dkms add $name/$ver" dkms add "$name/$ver"

# werror_check KDIR: run dkms.conf's MAKE[0] as DKMS expands it, verbosely,
# with CGW_WERROR=1 in the environment; no compiler line may have -Werror.
# (dkms build deletes its build area, so its command lines are gone.)
werror_check() {
	local kdir=$1 tree
	tree=$(mktemp -d)
	packaging/dkms-source.sh "$tree/$name/$ver/build" || return 1
	(
		# shellcheck disable=SC1091,SC2034
		kernel_source_dir=$kdir dkms_tree=$tree && . ./dkms.conf &&
			echo "MAKE[0]: ${MAKE[0]}" &&
			CGW_WERROR=1 ${MAKE[0]} V=1 -j"$(nproc)"
	) >"$logs/werror-check.log" 2>&1 || { rm -rf "$tree"; return 1; }
	rm -rf "$tree"
	grep -q -- ' -c -o .*cgwarden\|kmod/main.o' "$logs/werror-check.log" &&
		! grep -E -- '-Werror( |$)' "$logs/werror-check.log"
}
read -r _ _ _ kdir0 <<<"${kernels[0]}"
check "a DKMS build compiles without -Werror even with CGW_WERROR=1 set" werror_check "$kdir0"

kvers=()
for k in "${kernels[@]}"; do
	read -r kname kver _ _ <<<"$k"
	kvers+=("$kver")
	t0=$SECONDS
	# A CGW_WERROR=1 (or CGW_FAULT_INJECT=1) in the caller's environment
	# must not reach the build.
	if CGW_WERROR=1 CGW_FAULT_INJECT=1 dkms build "$name/$ver" -k "$kver" >"$logs/build-$kname.log" 2>&1; then
		ok "dkms build for $kver [$((SECONDS - t0))s]"
	else
		fail "dkms build for $kver (log: $logs/build-$kname.log)"
		sed -n '/Error\|error:/p' "/var/lib/dkms/$name/$ver/build/make.log" 2>/dev/null | head -n 20
		continue
	fi
	check "dkms install for $kver" dkms install "$name/$ver" -k "$kver"
	check "dkms status says installed for $kver" \
		sh -c "dkms status '$name/$ver' -k '$kver' | tee /dev/stderr | grep -q ': installed'"
	ko=$(ls /lib/modules/"$kver"/updates/dkms/cgwarden.ko* 2>/dev/null | head -n 1)
	check "/lib/modules/$kver/updates/dkms/cgwarden.ko* exists (${ko##*/})" test -n "$ko"
	[ -n "$ko" ] || continue
	check "modinfo: version $ver, vermagic $kver" \
		sh -c "modinfo -F version '$ko' | grep -qx '$ver' &&
			modinfo -F vermagic '$ko' | grep -q '^$kver '"
	check "no fault injection in the DKMS module for $kver" \
		sh -c "! modinfo -p '$ko' | grep -q fault_rate"
	check "modprobe finds it for $kver (depmod ran)" \
		sh -c "modinfo -k '$kver' -n cgwarden | grep -q /updates/dkms/"
	if [ -f /var/lib/dkms/mok.pub ]; then
		check "signed with the DKMS MOK key for $kver" \
			sh -c "modinfo -F signer '$ko' | grep -q ."
	fi
done

# --- boot each kernel with the DKMS-built module (decompressed) under test
vmout=$repo/build/dkms/vm
rm -rf "$vmout"
echo "vm: tests/integration/10-module.sh with the DKMS-built module"
# shellcheck disable=SC2016
CGW_VM_OUT=$vmout CGW_VM_LOGS=$logs/vm-logs CGW_VM_MODULE_BUILD='
	set -e
	rm -f "$OUT"/*.ko
	ko=$(ls /lib/modules/"$KVER"/updates/dkms/cgwarden.ko* | head -n 1)
	echo "using $ko"
	case $ko in
	*.xz) xz -dc "$ko" >"$OUT/cgwarden.ko" ;;
	*.zst) zstd -dc "$ko" >"$OUT/cgwarden.ko" ;;
	*.gz) gzip -dc "$ko" >"$OUT/cgwarden.ko" ;;
	*) cp "$ko" "$OUT/cgwarden.ko" ;;
	esac
	modinfo -F vermagic "$OUT/cgwarden.ko"' \
	tests/vm/run.sh --kernel all tests/integration/10-module.sh 2>&1 | tee "$logs/vm.log"
last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/vm.log" | tail -n 1)
if [ -n "$last" ]; then
	passed=$((passed + ${last%% passed*}))
	f=${last#*passed, }
	failed=$((failed + ${f%% failed*}))
else
	fail "tests/vm/run.sh gave no result"
fi

# --- remove it all again
trap - EXIT
check "dkms remove $name/$ver --all" dkms remove "$name/$ver" --all
check "dkms status no longer lists $name" sh -c "! dkms status '$name' | grep -q ."
for kver in "${kvers[@]}"; do
	check "no cgwarden.ko left in /lib/modules/$kver" \
		sh -c "! ls /lib/modules/$kver/updates/dkms/cgwarden.ko* 2>/dev/null | grep -q ."
done
rm -rf "$src"
check "$src removed" test ! -e "$src"

finish
