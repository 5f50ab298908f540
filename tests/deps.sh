#!/bin/bash
# Install what building and testing cgwarden needs, from Debian's archive.
# Idempotent: apt-get runs only when something is missing.
set -eu

pkgs=(
	build-essential bc bison flex kmod cpio xz-utils pkg-config python3
	python3-yaml
	libelf-dev libssl-dev pahole
	linux-headers-amd64 linux-image-amd64
	linux-headers-6.12-amd64 linux-image-6.12-amd64
	linux-source-6.1
	qemu-system-x86 busybox-static runc auditd
	libnl-3-dev libnl-genl-3-dev libyaml-dev libjson-c-dev libcmocka-dev
	dkms dh-dkms debhelper dpkg-dev lintian debootstrap bash-completion
	clang libclang-rt-14-dev valgrind
	nginx redis-server redis-tools postgresql curl
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
