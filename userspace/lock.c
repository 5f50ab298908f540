// SPDX-License-Identifier: GPL-2.0
/* lock: until reboot, the module stays and enforcement only gets stronger. */
#include <stdio.h>

#include "nl.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl lock\n"
	"Lock cgwarden until reboot; there is no unlock.  Then the module cannot\n"
	"be unloaded (not even by rmmod -f), and whatever would weaken enforcement\n"
	"is refused, with an audit record (op=tamper) and a counter:\n"
	"  - mode downgrades, in the order off < learn < monitor < protect, of a\n"
	"    cgroup, of a cgroup below it, of the default mode and of --then;\n"
	"  - policy load and policy clear;\n"
	"  - model clear, import and accept for monitored and protected cgroups;\n"
	"  - lowering max-cgroups, raising alert-window.\n"
	"Upgrades, learning and everything read-only still work.  The module\n"
	"parameter lock=1 (e.g. in /etc/modprobe.d) locks from load on.\n";

int cmd_lock(int argc, char **argv)
{
	bool json;
	int ret, first;

	ret = parse_json_opt(argc, argv, usage, &json, &first);
	if (ret != GO_ON)
		return ret;
	if (json)
		return usage_error(usage, "unknown option: --json");
	if (first < argc)
		return usage_error(usage, "unexpected argument: %s", argv[first]);

	ret = cgw_nl_run(CGW_CMD_LOCK, 0, NULL, NULL);
	if (ret == EXIT_OK)
		puts("cgwarden is locked until reboot");
	return ret;
}
