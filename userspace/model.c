// SPDX-License-Identifier: GPL-2.0
/* model show|clear: what one cgroup was seen to do. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "container.h"
#include "decode.h"
#include "nl.h"
#include "output.h"
#include "util.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl model show CGROUP [--json]\n"
	"       cgwardenctl model clear CGROUP\n"
	"show lists the cgroup's model, one entry per line:\n"
	"  exec  /bin/busybox (as sh)     program, and the name it ran as\n"
	"  file  rw-- /etc/passwd         access: r read, w write, a append, x exec\n"
	"  net   tcp 10.0.0.1:80          protocol, address, port\n"
	"  unix  /run/x.sock              unix socket\n"
	"clear forgets it; in learn mode the cgroup starts learning afresh.\n";

struct entries {
	struct cgw_entry_rec *v;
	size_t n, cap;
};

static int on_entry(struct nlattr **tb, struct nlattr *attrs, int len, void *arg)
{
	struct entries *es = arg;

	(void)attrs;
	(void)len;
	if (!tb[CGW_A_ENTRY])
		return cgw_nl_malformed("model reply without an entry");
	if (es->n == es->cap) {
		es->cap = es->cap ? es->cap * 2 : 64;
		es->v = xreallocarray(es->v, es->cap, sizeof(*es->v));
	}
	if (cgw_decode_entry(tb[CGW_A_ENTRY], &es->v[es->n]))
		return cgw_nl_malformed("model entry");
	es->n++;
	return 0;
}

static int model_cmd(int argc, char **argv, bool show)
{
	struct entries es = { 0 };
	char path[PATH_MAX];
	struct nl_msg *msg;
	struct cgw_nl *nl;
	char *enoent;
	uint64_t id;
	bool json;
	int ret, first;

	ret = parse_json_opt(argc, argv, usage, &json, &first);
	if (ret != GO_ON)
		return ret;
	if (json && !show)
		return usage_error(usage, "unknown option: --json");
	if (argc - first != 1)
		return usage_error(usage, "model %s needs one CGROUP", argv[0]);
	if (cgroup_resolve(argv[first], &id))
		return EXIT_ERR;

	nl = cgw_nl_open();
	if (!nl)
		return EXIT_ERR;
	msg = cgw_nl_msg(nl, show ? CGW_CMD_MODEL_GET : CGW_CMD_MODEL_CLEAR,
			 show ? NLM_F_DUMP : 0);
	if (nla_put_u64(msg, CGW_A_CGROUP_ID, id)) {
		fputs("cgwardenctl: netlink message too large\n", stderr);
		nlmsg_free(msg);
		cgw_nl_close(nl);
		return EXIT_ERR;
	}
	enoent = xasprintf("cgroup not tracked: %s", argv[first]);
	ret = cgw_nl_exchange(nl, msg, show ? on_entry : NULL, &es, enoent) ?
		EXIT_ERR : EXIT_OK;
	free(enoent);
	cgw_nl_close(nl);
	if (ret == EXIT_OK && show)
		output_model(stdout, id,
			     cgw_cgroup_arg_path(argv[first], path, sizeof(path)) ? path : NULL,
			     es.v, es.n, json);
	for (size_t i = 0; i < es.n; i++)
		cgw_entry_rec_free(&es.v[i]);
	free(es.v);
	return ret;
}

int cmd_model(int argc, char **argv)
{
	if (argc < 2)
		return usage_error(usage, "model needs show or clear");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return help(usage);
	if (!strcmp(argv[1], "show"))
		return model_cmd(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "clear"))
		return model_cmd(argc - 1, argv + 1, false);
	return usage_error(usage, "unknown model command: %s", argv[1]);
}
