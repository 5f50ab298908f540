// SPDX-License-Identifier: GPL-2.0
/* watch: stream alerts and denials as the kernel makes them. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "cgroup.h"
#include "events.h"
#include "nl.h"
#include "parse.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl watch [--json|--falco] [--cgroup CGROUP] [--count N]\n"
	"Print alerts and denials as they happen, one per line: for people, as\n"
	"JSON (--json), or as Falco alerts (--falco) for Falcosidekick and other\n"
	"Falco pipelines.  Each event has a severity, low, medium or high; as\n"
	"Falco's priority it is Notice, Warning or Critical.  --cgroup keeps one\n"
	"cgroup's events; --count stops after N.  Needs CAP_SYS_ADMIN in the\n"
	"initial user namespace.\n";

struct watch {
	enum cgw_event_format fmt;
	bool filter;
	uint64_t cgroup_id;
	uint64_t count, seen;
	char hostname[256];
	int err;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[CGW_A_MAX + 1];
	struct watch *w = arg;
	struct cgw_event_rec ev;
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));

	if (gh->cmd != CGW_CMD_EVENT)
		return NL_SKIP;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CGW_A_MAX, NULL) ||
	    !tb[CGW_A_EVENT] || cgw_decode_event(tb[CGW_A_EVENT], &ev)) {
		cgw_nl_malformed("event");
		return NL_SKIP;
	}
	if (!w->filter || ev.cgroup_id == w->cgroup_id) {
		cgw_event_print(stdout, &ev, w->fmt, w->hostname);
		w->seen++;
	}
	cgw_event_rec_free(&ev);
	if (w->count && w->seen >= w->count)
		return NL_STOP;
	return NL_OK;
}

static int parse(int argc, char **argv, struct watch *w)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "falco", no_argument, NULL, 'f' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "count", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			w->fmt = CGW_EV_JSON;
			break;
		case 'f':
			w->fmt = CGW_EV_FALCO;
			break;
		case 'c':
			if (cgroup_resolve(optarg, &w->cgroup_id))
				return EXIT_ERR;
			w->filter = true;
			break;
		case 'n':
			if (parse_u64(optarg, &w->count) || !w->count)
				return usage_error(usage, "--count needs a number above 0: %s",
						   optarg);
			break;
		case 'h':
			return help(usage);
		default:
			return bad_option(usage, argv, c);
		}
	}
	if (optind < argc)
		return usage_error(usage, "unexpected argument: %s", argv[optind]);
	return GO_ON;
}

int cmd_watch(int argc, char **argv)
{
	struct watch w = { .fmt = CGW_EV_HUMAN };
	struct cgw_nl *nl;
	struct nl_sock *sk;
	int ret, err;

	ret = parse(argc, argv, &w);
	if (ret != GO_ON)
		return ret;
	if (gethostname(w.hostname, sizeof(w.hostname) - 1))
		strcpy(w.hostname, "localhost");
	setvbuf(stdout, NULL, _IOLBF, 0);

	nl = cgw_nl_open();
	if (!nl)
		return EXIT_ERR;
	if (cgw_nl_join_events(nl)) {
		cgw_nl_close(nl);
		return EXIT_ERR;
	}
	sk = cgw_nl_sock(nl);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, &w);
	ret = EXIT_OK;
	while (!w.count || w.seen < w.count) {
		err = nl_recvmsgs_default(sk);
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: the socket overflowed, events were lost. */
			fputs("cgwardenctl: events were lost: this reader was too slow\n",
			      stderr);
			continue;
		}
		if (err < 0) {
			fprintf(stderr, "cgwardenctl: receiving events: %s\n",
				nl_geterror(err));
			ret = EXIT_ERR;
			break;
		}
	}
	cgw_nl_close(nl);
	return ret;
}
