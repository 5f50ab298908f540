// SPDX-License-Identifier: GPL-2.0
/* model show|clear: what one cgroup was seen to do. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <netlink/errno.h>

#include "cgroup.h"
#include "collect.h"
#include "container.h"
#include "decode.h"
#include "nl.h"
#include "output.h"
#include "parse.h"
#include "policy.h"
#include "util.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl model show CGROUP [--json]\n"
	"       cgwardenctl model clear CGROUP\n"
	"       cgwardenctl model export CGROUP [-o FILE]\n"
	"       cgwardenctl model import CGROUP FILE\n"
	"       cgwardenctl model candidates CGROUP [--json]\n"
	"       cgwardenctl model accept CGROUP ID... | --all\n"
	"       cgwardenctl model remove CGROUP ID...\n"
	"show lists the cgroup's model, one entry per line, after its id:\n"
	"  exec  /bin/busybox (as sh)   program, and the name it ran as\n"
	"  file  rw-- /etc/passwd       access: r read, w write, a append, x exec,\n"
	"                               then ',create', ',delete', ',link', ',rename-from',\n"
	"                               ',rename-to', ',chmod', ',chown' (changes of names)\n"
	"  net   tcp 10.0.0.1:80        protocol, address, port\n"
	"  unix  /run/x.sock            unix socket\n"
	"then 'exe=PROGRAM' when the entry is bound to one program (exe pairing),\n"
	"and a generalisation learned is marked: 'rw-- /tmp/* (generalised: dir)'\n"
	"is any name in /tmp, 'tcp *:443 (generalised: any address)' any address,\n"
	"'rw--,create,delete /tmp/* (generalised: created: its own files)' any\n"
	"file in /tmp the cgroup made itself (never one that existed before or\n"
	"that the host or another cgroup made).  '(start-up)' marks an entry\n"
	"learned only in start-ups (mode --startup): it is allowed only in one.\n"
	"clear forgets it; in learn mode the cgroup starts learning afresh.\n"
	"remove takes the entries with those ids out; a generalisation removed\n"
	"is not made again.\n"
	"export writes the model as a policy document (docs/policy.md) of one\n"
	"rule that allows exactly each entry, to FILE or stdout.  import adds\n"
	"the allow patterns of such a document ('-' for stdin) to a cgroup's\n"
	"model; each must name one object (one address, port, protocol, exact\n"
	"access, the name an exec ran as) or carry 'wild: dir' or 'wild: created'\n"
	"(a path ending in /*) or 'wild: any-address' (cidr 0.0.0.0/0 or ::/0),\n"
	"and may carry 'exe: PROGRAM' (for an exec: the program that runs it).  Paths are taken as they are: a '*' in a /proc or\n"
	"/dev/pts path is the kernel's stand-in for a number.\n";

static int model_cmd(int argc, char **argv, bool show)
{
	struct cgw_entry_list es = { 0 };
	char path[PATH_MAX];
	struct nl_msg *msg;
	struct cgw_nl *nl;
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
	ret = cgw_nl_finish(nl, msg, nla_put_u64(msg, CGW_A_CGROUP_ID, id),
			    show ? cgw_collect_entry : NULL, &es, "cgroup not tracked", argv[first]);
	if (ret == EXIT_OK && show)
		output_model(stdout, id,
			     cgw_cgroup_arg_path(argv[first], path, sizeof(path)) ? path : NULL,
			     es.v, es.n, json);
	cgw_entry_list_free(&es);
	return ret;
}

struct find_path {
	uint64_t id;
	char *path;
};

static int on_cgroup(struct nlattr **tb, struct nlattr *attrs, int len, void *arg)
{
	struct find_path *fp = arg;
	struct cgw_cgroup_rec cg;

	(void)attrs;
	(void)len;
	if (!tb[CGW_A_CGROUP] || cgw_decode_cgroup(tb[CGW_A_CGROUP], &cg))
		return cgw_nl_malformed("cgroup");
	if (cg.id == fp->id && cg.path && !fp->path)
		fp->path = xstrdup(cg.path);
	cgw_cgroup_rec_free(&cg);
	return 0;
}

/* The path of a CGROUP argument: as given, or for an id the kernel's. */
static char *export_path(struct cgw_nl *nl, const char *arg, uint64_t id)
{
	struct find_path fp = { .id = id };
	char path[PATH_MAX];

	if (cgw_cgroup_arg_path(arg, path, sizeof(path)))
		return xstrdup(path);
	if (cgw_nl_exchange(nl, cgw_nl_msg(nl, CGW_CMD_LIST, NLM_F_DUMP), on_cgroup, &fp, NULL))
		return NULL;
	if (!fp.path)
		fprintf(stderr, "cgwardenctl: cgroup not tracked: %s\n", arg);
	return fp.path;
}

static void export_header(FILE *f, const char *path, uint64_t id, size_t n)
{
	char when[32] = "?";
	time_t now = time(NULL);
	struct tm tm;
	char *shown = human_escape(path);

	if (gmtime_r(&now, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, "# cgwarden model of %s (cgroup %llu)\n", shown, (unsigned long long)id);
	fprintf(f, "# exported %s, %zu entries\n", when, n);
	fputs("# A '*' component of a /proc or /dev/pts path is the kernel's stand-in\n"
	      "# for a number (a pid, a descriptor, a terminal): it matches any.\n", f);
	free(shown);
}

static int model_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct cgw_entry_list es = { 0 };
	struct cgw_policy p;
	const char *out = NULL;
	char *enoent, *path = NULL;
	struct cgw_nl *nl;
	struct nl_msg *msg;
	size_t skipped;
	uint64_t id;
	FILE *f;
	int c, ret = EXIT_ERR;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'h':
			return help(usage);
		default:
			return bad_option(usage, argv, c);
		}
	}
	if (argc - optind != 1)
		return usage_error(usage, "model export needs one CGROUP");
	if (cgroup_resolve(argv[optind], &id))
		return EXIT_ERR;

	nl = cgw_nl_open();
	if (!nl)
		return EXIT_ERR;
	path = export_path(nl, argv[optind], id);
	if (!path)
		goto out;
	msg = cgw_nl_msg(nl, CGW_CMD_MODEL_GET, NLM_F_DUMP);
	if (nla_put_u64(msg, CGW_A_CGROUP_ID, id)) {
		nlmsg_free(msg);
		goto out;
	}
	enoent = xasprintf("cgroup not tracked: %s", argv[optind]);
	ret = cgw_nl_exchange(nl, msg, cgw_collect_entry, &es, enoent) ? EXIT_ERR : EXIT_OK;
	free(enoent);
	if (ret != EXIT_OK)
		goto out;

	cgw_policy_from_model(&p, path, es.v, es.n, &skipped);
	if (skipped)
		fprintf(stderr, "cgwardenctl: left out %zu entries this cgwardenctl cannot express\n",
			skipped);
	f = out && strcmp(out, "-") ? fopen(out, "w") : stdout;
	if (!f) {
		fprintf(stderr, "cgwardenctl: %s: %s\n", out, strerror(errno));
		ret = EXIT_ERR;
	} else {
		export_header(f, path, id, es.n - skipped);
		cgw_policy_emit_yaml(f, &p);
		if (f == stdout ? fflush(f) : fclose(f)) {
			fprintf(stderr, "cgwardenctl: %s: %s\n", out ? out : "stdout",
				strerror(errno));
			ret = EXIT_ERR;
		}
	}
	cgw_policy_free(&p);
out:
	free(path);
	cgw_nl_close(nl);
	cgw_entry_list_free(&es);
	return ret;
}

/*
 * Every entry in one request: the kernel imports a request whole or not
 * at all, so an import that fails leaves the model as it was.
 */
static struct nl_msg *import_msg(struct cgw_nl *nl, uint64_t id,
				 const struct cgw_entry_rec *ents, size_t n)
{
	struct nl_msg *msg;
	size_t bytes = 0, i;

	if (n > CGW_IMPORT_MAX) {
		fprintf(stderr, "cgwardenctl: %zu entries: the kernel takes at most %d at once\n",
			n, CGW_IMPORT_MAX);
		return NULL;
	}
	for (i = 0; i < n; i++)
		bytes += cgw_entry_put_size(&ents[i]);
	msg = cgw_nl_msg_size(nl, CGW_CMD_MODEL_IMPORT, 0, bytes + 4096);
	if (nla_put_u64(msg, CGW_A_CGROUP_ID, id))
		goto err;
	for (i = 0; i < n; i++)
		if (cgw_entry_put(msg, CGW_A_ENTRY, &ents[i]))
			goto err;
	if (cgw_nl_set_sndbuf(nl, nlmsg_hdr(msg)->nlmsg_len + 65536)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
err:
	nlmsg_free(msg);
	fputs("cgwardenctl: cannot build an import request\n", stderr);
	return NULL;
}

static int model_import(int argc, char **argv)
{
	struct cgw_entry_rec *ents;
	struct cgw_policy p;
	struct cgw_diag d;
	struct cgw_nl *nl;
	struct nl_msg *msg;
	size_t n;
	char *enoent;
	uint64_t id;
	bool json;
	int ret, first;

	ret = parse_json_opt(argc, argv, usage, &json, &first);
	if (ret != GO_ON)
		return ret;
	if (json)
		return usage_error(usage, "unknown option: --json");
	if (argc - first != 2)
		return usage_error(usage, "model import needs a CGROUP and a FILE");
	if (policy_read(argv[first + 1], &p))
		return EXIT_ERR;
	cgw_diag_init(&d, policy_file_name(argv[first + 1]));
	ret = cgw_policy_to_entries(&p, &d, &ents, &n);
	cgw_diag_print(&d, stderr);
	cgw_diag_free(&d);
	cgw_policy_free(&p);
	if (ret)
		return EXIT_ERR;
	if (cgroup_resolve(argv[first], &id)) {
		cgw_entries_free(ents, n);
		return EXIT_ERR;
	}

	ret = EXIT_ERR;
	nl = cgw_nl_open();
	if (!nl)
		goto out;
	enoent = xasprintf("cgroup not tracked: %s", argv[first]);
	msg = import_msg(nl, id, ents, n);
	if (msg && cgw_nl_exchange(nl, msg, NULL, NULL, enoent)) {
		fputs("cgwardenctl: nothing imported; the model is as it was\n", stderr);
	} else if (msg) {
		printf("imported %zu entries into %s\n", n, argv[first]);
		ret = EXIT_OK;
	}
	free(enoent);
	cgw_nl_close(nl);
out:
	cgw_entries_free(ents, n);
	return ret;
}

/* Ids per MODEL_REMOVE request: the kernel takes at most 64. */
#define REMOVE_BATCH	64

static int model_remove(int argc, char **argv)
{
	uint32_t *ids;
	char *enoent;
	struct cgw_nl *nl;
	size_t n = 0, done = 0;
	uint64_t id;
	int i;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return help(usage);
	if (argc < 3)
		return usage_error(usage, "model remove needs a CGROUP and entry ids");
	ids = xcalloc((size_t)argc, sizeof(*ids));
	for (i = 2; i < argc; i++) {
		if (parse_entry_id(argv[i], &ids[n++])) {
			free(ids);
			return usage_error(usage, "not an entry id (see model show): %s", argv[i]);
		}
	}
	if (cgroup_resolve(argv[1], &id)) {
		free(ids);
		return EXIT_ERR;
	}
	nl = cgw_nl_open();
	if (!nl) {
		free(ids);
		return EXIT_ERR;
	}
	enoent = xasprintf("cgroup not tracked: %s", argv[1]);
	/* Each request is taken whole or refused whole. */
	while (done < n) {
		struct nl_msg *msg = cgw_nl_msg(nl, CGW_CMD_MODEL_REMOVE, 0);
		size_t end = n - done > REMOVE_BATCH ? done + REMOVE_BATCH : n;
		int err = nla_put_u64(msg, CGW_A_CGROUP_ID, id);

		for (size_t k = done; k < end && !err; k++)
			err = nla_put_u32(msg, CGW_A_CAND_ID, ids[k]);
		if (err) {
			nlmsg_free(msg);
			fputs("cgwardenctl: netlink message too large\n", stderr);
			break;
		}
		if (cgw_nl_exchange(nl, msg, NULL, NULL, enoent))
			break;
		done = end;
	}
	free(enoent);
	cgw_nl_close(nl);
	free(ids);
	if (done && done < n)
		fprintf(stderr, "cgwardenctl: removed %zu of %zu entries before that\n", done, n);
	return done == n ? EXIT_OK : EXIT_ERR;
}

int cmd_model(int argc, char **argv)
{
	if (argc < 2)
		return usage_error(usage,
				   "model needs show, clear, export, import, candidates, accept or remove");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return help(usage);
	if (!strcmp(argv[1], "show"))
		return model_cmd(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "clear"))
		return model_cmd(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "export"))
		return model_export(argc - 1, argv + 1);
	if (!strcmp(argv[1], "import"))
		return model_import(argc - 1, argv + 1);
	if (!strcmp(argv[1], "candidates"))
		return cmd_candidates(argc - 1, argv + 1);
	if (!strcmp(argv[1], "accept"))
		return cmd_accept(argc - 1, argv + 1);
	if (!strcmp(argv[1], "remove"))
		return model_remove(argc - 1, argv + 1);
	return usage_error(usage, "unknown model command: %s", argv[1]);
}
