// SPDX-License-Identifier: GPL-2.0
/*
 * model candidates|accept: what monitor and protect saw outside a
 * cgroup's model (the drift report after a deploy), and folding chosen
 * ones into the model.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "collect.h"
#include "decode.h"
#include "names.h"
#include "nl.h"
#include "output.h"
#include "parse.h"
#include "util.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl model candidates CGROUP [--json]\n"
	"       cgwardenctl model accept CGROUP ID... | --all\n"
	"candidates lists what the cgroup did in monitor or protect that its\n"
	"model does not hold: id, times seen, first and last seen, the program\n"
	"it would be bound to (exe pairing; - for none), object.\n"
	"accept adds the candidates with those ids (or all) to the model, so\n"
	"the next identical operation passes.\n";

/* What a candidate is about, in one string: "file r--- /tmp/x"; allocated. */
static char *object(const struct cgw_entry_rec *e)
{
	char *what = cgw_entry_object(e, true), *out;
	const char *kind = cgw_kind_name(e->kind);

	out = xasprintf("%s %s%s%s%s", kind ? kind : "?", what,
			e->wild ? " (generalised: " : "",
			e->wild ? cgw_wild_shown(e->wild) : "", e->wild ? ")" : "");
	free(what);
	return out;
}

static int by_last_seen(const void *a, const void *b)
{
	const struct cgw_entry_rec *x = a, *y = b;

	return x->last_seen < y->last_seen ? 1 : x->last_seen > y->last_seen ? -1 :
	       (x->id > y->id) - (x->id < y->id);
}

static void print(const struct cgw_entry_list *cs, uint64_t id, bool json)
{
	char idbuf[16], *obj;
	struct json j;
	struct table t;

	if (cs->n)
		qsort(cs->v, cs->n, sizeof(*cs->v), by_last_seen);
	if (json) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_u64(&j, "cgroup", id);
		json_stream(&j, "candidates");
		for (size_t i = 0; i < cs->n; i++) {
			const struct cgw_entry_rec *e = &cs->v[i];

			obj = object(e);
			snprintf(idbuf, sizeof(idbuf), "%08" PRIx32, e->id);
			json_obj_begin(&j, NULL);
			json_str(&j, "id", idbuf);
			json_str(&j, "object", obj);
			free(obj);
			if (e->exe)
				json_str(&j, "exe", e->exe);
			if (e->wild)
				json_str(&j, "wild", cgw_wild_name(e->wild));
			json_u64(&j, "hits", e->hits);
			json_u64(&j, "first_seen_s_ago", e->now - e->first_seen);
			json_u64(&j, "last_seen_s_ago", e->now - e->last_seen);
			json_obj_end(&j);
		}
		json_finish(&j);
		return;
	}
	table_init(&t, 6);
	table_add(&t, "id");
	table_add(&t, "hits");
	table_add(&t, "first-seen");
	table_add(&t, "last-seen");
	table_add(&t, "exe");
	table_add(&t, "object");
	for (size_t i = 0; i < cs->n; i++) {
		const struct cgw_entry_rec *e = &cs->v[i];
		char *esc, *exe;

		obj = object(e);
		esc = human_escape(obj);
		exe = human_escape(e->exe ? e->exe : "-");
		table_add(&t, "%08" PRIx32, e->id);
		table_add(&t, "%" PRIu64, e->hits);
		table_add(&t, "%" PRIu32 "s ago", e->now - e->first_seen);
		table_add(&t, "%" PRIu32 "s ago", e->now - e->last_seen);
		table_add(&t, "%s", exe);
		table_add(&t, "%s", esc);
		free(exe);
		free(esc);
		free(obj);
	}
	table_print(&t, stdout);
	table_free(&t);
}

int cmd_candidates(int argc, char **argv)
{
	struct cgw_entry_list cs = { 0 };
	struct nl_msg *msg;
	struct cgw_nl *nl;
	uint64_t id;
	bool json;
	int ret, first;

	ret = parse_json_opt(argc, argv, usage, &json, &first);
	if (ret != GO_ON)
		return ret;
	if (argc - first != 1)
		return usage_error(usage, "model candidates needs one CGROUP");
	if (cgroup_resolve(argv[first], &id))
		return EXIT_ERR;
	nl = cgw_nl_open();
	if (!nl)
		return EXIT_ERR;
	msg = cgw_nl_msg(nl, CGW_CMD_MODEL_GET, NLM_F_DUMP);
	ret = cgw_nl_finish(nl, msg, nla_put_u64(msg, CGW_A_CGROUP_ID, id) ||
			    nla_put_flag(msg, CGW_A_CANDIDATES), cgw_collect_entry, &cs,
			    "cgroup not tracked", argv[first]);
	if (ret == EXIT_OK)
		print(&cs, id, json);
	cgw_entry_list_free(&cs);
	return ret;
}

int cmd_accept(int argc, char **argv)
{
	struct nl_msg *msg;
	struct cgw_nl *nl;
	bool all = false;
	uint32_t cid;
	uint64_t id;
	int ret, i, nids = 0;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return help(usage);
	if (argc < 3)
		return usage_error(usage, "model accept needs a CGROUP and ids, or --all");
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--all"))
			all = true;
		else if (parse_entry_id(argv[i], &cid))
			return usage_error(usage, "not a candidate id: %s", argv[i]);
		else
			nids++;
	}
	if (all == (nids > 0))
		return usage_error(usage, "give candidate ids or --all, not both");
	if (cgroup_resolve(argv[1], &id))
		return EXIT_ERR;
	nl = cgw_nl_open();
	if (!nl)
		return EXIT_ERR;
	msg = cgw_nl_msg(nl, CGW_CMD_MODEL_ACCEPT, 0);
	ret = nla_put_u64(msg, CGW_A_CGROUP_ID, id) || (all && nla_put_flag(msg, CGW_A_ALL));
	for (i = 2; i < argc && !ret; i++) {
		if (!strcmp(argv[i], "--all"))
			continue;
		parse_entry_id(argv[i], &cid);	/* checked above */
		ret = nla_put_u32(msg, CGW_A_CAND_ID, cid);
	}
	if (ret) {
		nlmsg_free(msg);
		cgw_nl_close(nl);
		fputs("cgwardenctl: too many ids for one request\n", stderr);
		return EXIT_ERR;
	}
	return cgw_nl_finish(nl, msg, false, NULL, NULL, "cgroup not tracked", argv[1]);
}
