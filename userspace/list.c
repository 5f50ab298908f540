// SPDX-License-Identifier: GPL-2.0
/* list: every cgroup the kernel tracks, with its mode and counters. */
#include <stdio.h>
#include <stdlib.h>

#include "collect.h"
#include "nl.h"
#include "output.h"
#include "util.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl list [--json]\n"
	"List tracked cgroups: id, mode (with the circuit breaker, when set:\n"
	"protect breaker=50/s), model entries, calls per operation, alerts,\n"
	"denials, container and path.\n";

int cmd_list(int argc, char **argv)
{
	struct cgw_cgroup_list cgs = { 0 };
	bool json;
	int ret, first;

	ret = parse_json_opt(argc, argv, usage, &json, &first);
	if (ret != GO_ON)
		return ret;
	if (first < argc)
		return usage_error(usage, "unexpected argument: %s", argv[first]);

	ret = cgw_nl_run(CGW_CMD_LIST, NLM_F_DUMP, cgw_collect_cgroup, &cgs);
	if (ret == EXIT_OK)
		output_cgroups(stdout, cgs.v, cgs.n, json);
	cgw_cgroup_list_free(&cgs);
	return ret;
}
