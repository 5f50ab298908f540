// SPDX-License-Identifier: GPL-2.0
/* status: what the module is, how its hooks are attached, its counters. */
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "nl.h"
#include "output.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl status [--json]\n"
	"Show the module version, its default mode and limits, each hook's\n"
	"attachment and counters, and global statistics.\n";

static int on_status(struct nlattr **tb, struct nlattr *attrs, int len, void *arg)
{
	(void)tb;
	if (cgw_decode_status(attrs, len, arg))
		return cgw_nl_malformed("status");
	return 0;
}

int status_fetch(struct cgw_nl *nl, struct cgw_status_rec *st)
{
	memset(st, 0, sizeof(*st));
	return cgw_nl_exchange(nl, cgw_nl_msg(nl, CGW_CMD_STATUS, 0), on_status, st, NULL);
}

int cmd_status(int argc, char **argv)
{
	struct cgw_status_rec st;
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
	ret = status_fetch(nl, &st) ? EXIT_ERR : EXIT_OK;
	cgw_nl_close(nl);
	if (ret == EXIT_OK)
		output_status(stdout, &st, json);
	return ret;
}
