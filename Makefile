# SPDX-License-Identifier: GPL-2.0
#
# cgwarden top-level Makefile.
#
#   make                 build cgwarden.ko (here) and userspace/cgwardenctl
#   make module          only the kernel module
#   make cli             only the CLI
#   make kmod-out KDIR=<headers> OUT=<dir>
#                        build the module for another kernel in a separate
#                        directory, with the test helper modules of
#                        tests/vm/kmods/ (the VM tests build one per kernel)
#   make check           the one test command (see README.md)
#   make kmatrix         build the module against every installed Debian
#                        kernel's headers, after apt-get installing a few
#                        more versions (tests/kmatrix.sh --install)
#   make soak            the stress and netlink fuzz suites for longer (10
#                        min, 10^7 messages), libFuzzer for 5 min, then
#                        tests/robustness/REPORT.md (tests/robustness/soak.sh)
#   make demo            boot a VM and show cgwarden at work
#   make services        real services (redis, postgres, nginx + a Python
#                        app) in runc containers: learned, replayed 10
#                        times in protect, attacked (docs/services.md)
#   make services-overhead  the same under icount, with what protect costs
#                        each service's own workload
#   make bench           hook cost per operation, in instructions (icount),
#                        beside AppArmor, TOMOYO, auditd and sysdig; memory
#                        and throughput: bench/REPORT.md (not in make check)
#   make deb             Debian packages cgwarden and cgwarden-dkms, built
#                        with dpkg-buildpackage from a copy of the tree, in
#                        build/deb/
#   make clean

# The running kernel's build dir, or else the newest installed Debian
# linux-headers-*-amd64 (this machine's kernel has none).
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; \
	if [ -d $$d ]; then echo $$d; else \
	ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1; fi)

# Warnings are errors unless CGW_WERROR=0 is given.
CGW_WERROR ?= 1
export CGW_WERROR

.PHONY: all module cli kmod-out check demo deb clean unit kunit vm-tests kmatrix soak services services-overhead

all: module cli

module:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || { echo "no kernel headers: install linux-headers-amd64 or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# Build for one kernel in $(OUT), leaving this tree untouched, so builds for
# several kernels can coexist.
kmod-out:
	@test -n "$(OUT)" || { echo "kmod-out needs OUT=<dir>" >&2; exit 2; }
	@mkdir -p $(OUT)
	@rm -rf $(OUT)/kmod $(OUT)/include
	@cp -r Kbuild kmod include $(OUT)/
	@# Sources only: objects of an in-tree build for another kernel would
	@# be linked in as they are (their command lines can look the same).
	@find $(OUT)/kmod \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' \
		-o -name '.*.cmd' -o -name '*.a' \) -delete
	$(MAKE) -C $(KDIR) M=$(abspath $(OUT)) modules
	@for d in tests/vm/kmods/*/; do \
		n=$$(basename $$d); rm -rf $(OUT)/kmods/$$n; mkdir -p $(OUT)/kmods; \
		cp -r $$d $(OUT)/kmods/$$n && \
		$(MAKE) -C $(KDIR) M=$(abspath $(OUT))/kmods/$$n modules && \
		cp $(OUT)/kmods/$$n/$$n.ko $(OUT)/ || exit 1; \
	done

cli:
	$(MAKE) -C userspace

unit:
	$(MAKE) -C userspace test

kunit:
	tests/kunit/run.sh

check:
	tests/check.sh

kmatrix:
	tests/kmatrix.sh --install

soak:
	tests/robustness/soak.sh

demo:
	tests/demo.sh

services: all
	$(MAKE) -s -C tests/vm/guest
	tests/vm/run.sh --kernel all --jobs 2 tests/services/suites/*.sh

# The same suites in guests under -icount shift=0 -smp 1, each also
# measuring what protect costs its workload against mode off (the guest
# clock counts instructions): "protect_overhead=" in its "# service=" line.
services-overhead: all
	$(MAKE) -s -C tests/vm/guest
	CGW_SVC_OVERHEAD=1 CGW_VM_SMP=1 CGW_VM_QEMU_ARGS="-icount shift=0" \
		tests/vm/run.sh --kernel all --jobs 2 --timeout 3600 tests/services/suites/*.sh

# BENCH_ARGS: e.g. "--kernel 6.1 --quick" (tests/bench/run.sh --help)
bench: all
	tests/bench/run.sh $(BENCH_ARGS)

# The copy holds the files git knows (tracked, or new and not ignored), so
# build products of this tree never reach a package.
DEB_DIR := build/deb
deb:
	@command -v dpkg-buildpackage >/dev/null || { echo "make deb: needs dpkg-dev, debhelper, dh-dkms (tests/deps.sh)" >&2; exit 1; }
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_DIR)/src/cgwarden
	if [ -d .git ]; then \
		git ls-files -z -co --exclude-standard | xargs -0 tar -cf - | tar -xf - -C $(DEB_DIR)/src/cgwarden; \
	else \
		tar -cf - --exclude=./build --exclude='*.o' --exclude='*.ko' --exclude='*.cmd' . | \
			tar -xf - -C $(DEB_DIR)/src/cgwarden; \
	fi
	cd $(DEB_DIR)/src/cgwarden && dpkg-buildpackage -b -us -uc -j$$(nproc) >../build.log 2>&1 || \
		{ tail -n 40 ../build.log >&2; echo "make deb: failed, log: $(DEB_DIR)/src/build.log" >&2; exit 1; }
	mv $(DEB_DIR)/src/*.deb $(DEB_DIR)/src/*.changes $(DEB_DIR)/src/*.buildinfo $(DEB_DIR)/
	@ls -1 $(DEB_DIR)/*.deb

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	$(MAKE) -C userspace clean
	rm -rf build
