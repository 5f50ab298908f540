// SPDX-License-Identifier: GPL-2.0
/* mode: set one cgroup's mode; the kernel starts tracking it if needed. */
#include <stdio.h>
#include <stdlib.h>

#include "cgroup.h"
#include "names.h"
#include "nl.h"
#include "util.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl mode CGROUP off|learn|monitor|protect\n"
	"  off      record and enforce nothing\n"
	"  learn    allow, and add what is new to the model\n"
	"  monitor  allow, and alert on what the model never saw\n"
	"  protect  refuse what the model never saw, and alert\n";

int cmd_mode(int argc, char **argv)
{
	struct nl_msg *msg;
	struct cgw_nl *nl;
	char *enoent;
	uint64_t id;
	bool json;
	int ret, first, mode;

	ret = parse_json_opt(argc, argv, usage, &json, &first);
	if (ret != GO_ON)
		return ret;
	if (json)
		return usage_error(usage, "unknown option: --json");
	if (argc - first != 2)
		return usage_error(usage, "mode needs a CGROUP and a MODE");
	mode = cgw_mode_parse(argv[first + 1]);
	if (mode < 0)
		return usage_error(usage, "unknown mode: %s", argv[first + 1]);
	if (cgroup_resolve(argv[first], &id))
		return EXIT_ERR;

	nl = cgw_nl_open();
	if (!nl)
		return EXIT_ERR;
	msg = cgw_nl_msg(nl, CGW_CMD_SET_MODE, 0);
	if (nla_put_u64(msg, CGW_A_CGROUP_ID, id) || nla_put_u8(msg, CGW_A_MODE, (uint8_t)mode)) {
		fputs("cgwardenctl: netlink message too large\n", stderr);
		nlmsg_free(msg);
		cgw_nl_close(nl);
		return EXIT_ERR;
	}
	/* The kernel tracks any cgroup it is given: ENOENT means none has this id. */
	enoent = xasprintf("no such cgroup: %s", argv[first]);
	ret = cgw_nl_exchange(nl, msg, NULL, NULL, enoent) ? EXIT_ERR : EXIT_OK;
	free(enoent);
	cgw_nl_close(nl);
	return ret;
}
