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
#   make demo            boot a VM and show cgwarden at work
#   make clean

# The running kernel's build dir, or else the newest installed Debian
# linux-headers-*-amd64 (this machine's kernel has none).
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; \
	if [ -d $$d ]; then echo $$d; else \
	ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1; fi)

# Warnings are errors unless CGW_WERROR=0 is given.
CGW_WERROR ?= 1
export CGW_WERROR

.PHONY: all module cli kmod-out check demo clean unit kunit vm-tests

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

demo:
	tests/demo.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	$(MAKE) -C userspace clean
	rm -rf build
