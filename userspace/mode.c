// SPDX-License-Identifier: GPL-2.0
/* mode: set one cgroup's mode; the kernel starts tracking it if needed. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cgroup.h"
#include "names.h"
#include "nl.h"
#include "parse.h"
#include "util.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl mode CGROUP off|learn|monitor|protect [--breaker N]\n"
	"                               [--startup DURATION]\n"
	"       cgwardenctl mode CGROUP learn --until-quiet DURATION\n"
	"                               [--then monitor|protect] [--min DURATION]\n"
	"                               [--quiet-ops N]\n"
	"  off      record and enforce nothing\n"
	"  learn    allow, and add what is new to the model\n"
	"  monitor  allow, and alert on what the model never saw\n"
	"  protect  refuse what the model never saw, and alert\n"
	"The mode covers the cgroup's whole subtree.  --until-quiet ends learning\n"
	"by itself once the model has had no new entry for DURATION (30s, 10m,\n"
	"2h) and in the cgroup's own last --quiet-ops operations (the configured\n"
	"quiet_ops, 1000 unless changed; 0: wall time alone), moving on to --then\n"
	"(monitor by default), but not before --min of learning in all.  A\n"
	"workload slowed down or idle is not quiet.  'cgwardenctl list' shows\n"
	"the progress.\n"
	"--breaker N is a circuit breaker: a protected cgroup that refuses more\n"
	"than N operations in a second drops to monitor (loudly: kernel log,\n"
	"audit); 0 turns it off.  It covers the subtree, whatever the mode;\n"
	"without --breaker the setting is left as it is.\n"
	"--startup DURATION gives the cgroup, and each cgroup made below it (a\n"
	"container started again), a start-up: from its birth for DURATION, or\n"
	"until one of its tasks first listens on a socket.  What is first learned\n"
	"in a start-up (an entrypoint's initialisation) is allowed only in a\n"
	"start-up, until it is learned again after one; 0 removes it.  Without\n"
	"--startup the setting is left as it is.\n";

#define CGW_STARTUP_MAX_MS (3600U * 1000)	/* as the kernel's limit */

struct learning {
	bool set;
	uint32_t quiet_ms, min_ms;
	bool has_ops;
	uint32_t quiet_ops;
	int then;
	bool has_breaker;
	uint32_t breaker;	/* denials per second; 0 = off */
	bool has_startup;
	uint32_t startup_ms;
};

static int parse(int argc, char **argv, struct learning *l, int *first)
{
	static const struct option opts[] = {
		{ "until-quiet", required_argument, NULL, 'q' },
		{ "then", required_argument, NULL, 't' },
		{ "min", required_argument, NULL, 'm' },
		{ "quiet-ops", required_argument, NULL, 'o' },
		{ "breaker", required_argument, NULL, 'b' },
		{ "startup", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	l->then = CGW_MODE_MONITOR;
	optind = 0;	/* options may follow CGROUP and MODE: GNU permutes */
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			if (parse_duration_ms(optarg, &l->quiet_ms) || !l->quiet_ms)
				return usage_error(usage, "bad --until-quiet duration: %s", optarg);
			l->set = true;
			break;
		case 't':
			l->then = cgw_mode_parse(optarg);
			if (l->then != CGW_MODE_MONITOR && l->then != CGW_MODE_PROTECT)
				return usage_error(usage, "--then takes monitor or protect: %s", optarg);
			break;
		case 'm':
			if (parse_duration_ms(optarg, &l->min_ms))
				return usage_error(usage, "bad --min duration: %s", optarg);
			break;
		case 'o':
			if (parse_u32(optarg, &l->quiet_ops))
				return usage_error(usage, "--quiet-ops takes a number of operations: %s",
						   optarg);
			l->has_ops = true;
			break;
		case 'b':
			if (parse_u32(optarg, &l->breaker))
				return usage_error(usage, "--breaker takes denials per second (0 off): %s",
						   optarg);
			l->has_breaker = true;
			break;
		case 's':
			if (parse_duration_ms(optarg, &l->startup_ms) ||
			    l->startup_ms > CGW_STARTUP_MAX_MS)
				return usage_error(usage, "bad --startup duration (at most 1h): %s",
						   optarg);
			l->has_startup = true;
			break;
		case 'h':
			return help(usage);
		default:
			return bad_option(usage, argv, c);
		}
	}
	*first = optind;
	return GO_ON;
}

int cmd_mode(int argc, char **argv)
{
	struct learning l = { 0 };
	struct nl_msg *msg;
	struct cgw_nl *nl;
	uint64_t id;
	int ret, first = 0, mode;
	bool unfit;

	ret = parse(argc, argv, &l, &first);
	if (ret != GO_ON)
		return ret;
	if (argc - first != 2)
		return usage_error(usage, "mode needs a CGROUP and a MODE");
	mode = cgw_mode_parse(argv[first + 1]);
	if (mode < 0)
		return usage_error(usage, "unknown mode: %s", argv[first + 1]);
	if (l.set && mode != CGW_MODE_LEARN)
		return usage_error(usage, "--until-quiet goes with learn");
	if (l.has_ops && !l.set)
		return usage_error(usage, "--quiet-ops goes with --until-quiet");
	if (cgroup_resolve(argv[first], &id))
		return EXIT_ERR;

	nl = cgw_nl_open();
	if (!nl)
		return EXIT_ERR;
	msg = cgw_nl_msg(nl, CGW_CMD_SET_MODE, 0);
	unfit = nla_put_u64(msg, CGW_A_CGROUP_ID, id) || nla_put_u8(msg, CGW_A_MODE, (uint8_t)mode) ||
	    (l.set && (nla_put_u32(msg, CGW_A_QUIET_MS, l.quiet_ms) ||
		       nla_put_u8(msg, CGW_A_THEN_MODE, (uint8_t)l.then) ||
		       nla_put_u32(msg, CGW_A_MIN_LEARN_MS, l.min_ms) ||
		       (l.has_ops && nla_put_u32(msg, CGW_A_QUIET_OPS, l.quiet_ops)))) ||
	    (l.has_breaker && nla_put_u32(msg, CGW_A_BREAKER, l.breaker)) ||
	    (l.has_startup && nla_put_u32(msg, CGW_A_STARTUP_MS, l.startup_ms));
	/* The kernel tracks any cgroup it is given: ENOENT means none has this id. */
	return cgw_nl_finish(nl, msg, unfit, NULL, NULL, "no such cgroup", argv[first]);
}
