// SPDX-License-Identifier: GPL-2.0
/*
 * cgw-caps: run a command as root without some capabilities.
 *
 *   cgw-caps CAP[,CAP...] CMD [ARG...]
 *
 * Drops each CAP (a number, or sys_admin, mac_admin, net_admin) from the
 * bounding set and from the current sets, then executes CMD: root's exec
 * then grants every capability but those.  cgw-caps prints the effective
 * set CMD starts with on stderr when CGW_CAPS_SHOW is set.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int cap_number(const char *s)
{
	if (!strcmp(s, "sys_admin"))
		return CAP_SYS_ADMIN;
	if (!strcmp(s, "mac_admin"))
		return CAP_MAC_ADMIN;
	if (!strcmp(s, "net_admin"))
		return CAP_NET_ADMIN;
	return atoi(s);
}

int main(int argc, char **argv)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	char *list, *tok;

	if (argc < 3) {
		fputs("usage: cgw-caps CAP[,CAP...] CMD [ARG...]\n", stderr);
		return 2;
	}
	if (syscall(SYS_capget, &h, d)) {
		perror("cgw-caps: capget");
		return 1;
	}
	list = strdup(argv[1]);
	for (tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		int c = cap_number(tok);

		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0)) {
			perror("cgw-caps: PR_CAPBSET_DROP");
			return 1;
		}
		d[c / 32].effective &= ~(1U << (c % 32));
		d[c / 32].permitted &= ~(1U << (c % 32));
		d[c / 32].inheritable &= ~(1U << (c % 32));
	}
	if (syscall(SYS_capset, &h, d)) {
		perror("cgw-caps: capset");
		return 1;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "cgw-caps: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
