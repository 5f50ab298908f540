// SPDX-License-Identifier: GPL-2.0
/*
 * cgw-del32: delete_module() through the 32-bit syscall entry (int $0x80,
 * IA32 emulation), from a 64-bit program.
 *
 *   cgw-del32 NAME FLAGS
 *
 * Prints "ok" or the errno's name.  The binary is static and not PIE, so
 * the name lies below 4 GiB, where a 32-bit pointer reaches it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NR32_DELETE_MODULE	129	/* arch/x86/entry/syscalls/syscall_32.tbl */

static char name[64];

int main(int argc, char **argv)
{
	unsigned long flags;
	long ret;

	if (argc != 3) {
		fputs("usage: cgw-del32 NAME FLAGS\n", stderr);
		return 2;
	}
	snprintf(name, sizeof(name), "%s", argv[1]);
	flags = strtoul(argv[2], NULL, 0);
	if ((unsigned long)name > 0xffffffffUL) {
		fputs("cgw-del32: the name is above 4 GiB\n", stderr);
		return 2;
	}
	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(NR32_DELETE_MODULE), "b"(name), "c"(flags)
		     : "memory", "r8", "r9", "r10", "r11");
	if (ret < 0) {
		printf("%s\n", strerrorname_np((int)-ret));
		return 1;
	}
	puts("ok");
	return 0;
}
