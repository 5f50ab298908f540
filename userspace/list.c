// SPDX-License-Identifier: GPL-2.0
/* list: every cgroup the kernel tracks, with its mode and counters. */
#include <stdio.h>
#include <stdlib.h>

#include "decode.h"
#include "nl.h"
#include "output.h"
#include "util.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl list [--json]\n"
	"List tracked cgroups: id, mode, model entries, calls per operation,\n"
	"alerts, denials and path.\n";

struct cgroups {
	struct cgw_cgroup_rec *v;
	size_t n, cap;
};

static int on_cgroup(struct nlattr **tb, struct nlattr *attrs, int len, void *arg)
{
	struct cgroups *cgs = arg;

	(void)attrs;
	(void)len;
	if (!tb[CGW_A_CGROUP])
		return cgw_nl_malformed("list reply without a cgroup");
	if (cgs->n == cgs->cap) {
		cgs->cap = cgs->cap ? cgs->cap * 2 : 32;
		cgs->v = xreallocarray(cgs->v, cgs->cap, sizeof(*cgs->v));
	}
	if (cgw_decode_cgroup(tb[CGW_A_CGROUP], &cgs->v[cgs->n]))
		return cgw_nl_malformed("cgroup");
	cgs->n++;
	return 0;
}

int cmd_list(int argc, char **argv)
{
	struct cgroups cgs = { 0 };
	struct cgw_nl *nl;
	bool json;
	int ret, first;

	ret = parse_json_opt(argc, argv, usage, &json, &first);
	if (ret != GO_ON)
		return ret;
	if (first < argc)
		return usage_error(usage, "unexpected argument: %s", argv[first]);

	nl = cgw_nl_open();
	if (!nl)
		return EXIT_ERR;
	ret = cgw_nl_exchange(nl, cgw_nl_msg(nl, CGW_CMD_LIST, NLM_F_DUMP),
			      on_cgroup, &cgs, NULL) ? EXIT_ERR : EXIT_OK;
	cgw_nl_close(nl);
	if (ret == EXIT_OK)
		output_cgroups(stdout, cgs.v, cgs.n, json);
	for (size_t i = 0; i < cgs.n; i++)
		cgw_cgroup_rec_free(&cgs.v[i]);
	free(cgs.v);
	return ret;
}
