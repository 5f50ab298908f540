// SPDX-License-Identifier: GPL-2.0
/*
 * stats: the module's counters and each cgroup's, in brief or as
 * Prometheus metrics for node-exporter's textfile collector.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "decode.h"
#include "nl.h"
#include "output.h"
#include "util.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl stats [--prometheus]\n"
	"Show hook and cgroup counters in brief, or with --prometheus as\n"
	"Prometheus text exposition format (metrics named cgwarden_*), for\n"
	"node-exporter's textfile collector.\n";

static int on_status(struct nlattr **tb, struct nlattr *attrs, int len, void *arg)
{
	(void)tb;
	if (cgw_decode_status(attrs, len, arg))
		return cgw_nl_malformed("status");
	return 0;
}

int cmd_stats(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "prometheus", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct cgw_cgroup_list cgs = { 0 };
	struct cgw_status_rec st;
	bool prom = false;
	struct cgw_nl *nl;
	int c, ret;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			prom = true;
			break;
		case 'h':
			return help(usage);
		default:
			return bad_option(usage, argv, c);
		}
	}
	if (optind < argc)
		return usage_error(usage, "unexpected argument: %s", argv[optind]);

	nl = cgw_nl_open();
	if (!nl)
		return EXIT_ERR;
	memset(&st, 0, sizeof(st));
	ret = EXIT_OK;
	if (cgw_nl_exchange(nl, cgw_nl_msg(nl, CGW_CMD_STATUS, 0), on_status, &st, NULL) ||
	    cgw_nl_exchange(nl, cgw_nl_msg(nl, CGW_CMD_LIST, NLM_F_DUMP),
			    cgw_collect_cgroup, &cgs, NULL))
		ret = EXIT_ERR;
	cgw_nl_close(nl);
	if (ret == EXIT_OK) {
		if (prom)
			output_prometheus(stdout, &st, cgs.v, cgs.n);
		else
			output_stats_human(stdout, &st, cgs.v, cgs.n);
		if (fflush(stdout) || ferror(stdout)) {
			perror("cgwardenctl: stdout");
			ret = EXIT_ERR;
		}
	}
	cgw_cgroup_list_free(&cgs);
	return ret;
}
