// SPDX-License-Identifier: GPL-2.0
/* policy load|check|show|clear: explicit rules on top of learned models. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/errno.h>

#include "nl.h"
#include "policy.h"
#include "util.h"
#include "verbs.h"

static const char usage[] =
	"Usage: cgwardenctl policy load FILE\n"
	"       cgwardenctl policy check FILE\n"
	"       cgwardenctl policy show [--json]\n"
	"       cgwardenctl policy clear\n"
	"load checks the YAML policy in FILE ('-' for stdin) and replaces the\n"
	"running policy with it, whole; on any problem nothing is sent.\n"
	"check only checks.  show prints the running policy in the same format\n"
	"(rules: [] when there is none); clear removes it.\n"
	"Deny beats allow beats the learned model.  Format: docs/policy.md.\n";

/* Bigger than any document a person writes; a bound for a runaway stdin. */
#define POLICY_FILE_MAX		(64u << 20)
/* Largest POLICY_SET request tried: 256 rules of 1024 long paths fit. */
#define POLICY_MSG_MAX		(1u << 30)

int policy_read_file(const char *path, char **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t cap = 0, n = 0, got;
	char *b = NULL;

	if (!f) {
		fprintf(stderr, "cgwardenctl: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			b = xreallocarray(b, cap + 1, 1);
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
	} while (got && n <= POLICY_FILE_MAX);
	if (ferror(f) || n > POLICY_FILE_MAX) {
		fprintf(stderr, "cgwardenctl: %s: %s\n", policy_file_name(path),
			ferror(f) ? strerror(errno) : "too large");
		if (f != stdin)
			fclose(f);
		free(b);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

const char *policy_file_name(const char *path)
{
	return strcmp(path, "-") ? path : "<stdin>";
}

int policy_read(const char *path, struct cgw_policy *p)
{
	struct cgw_diag d;
	size_t len;
	char *buf;
	int ret;

	if (policy_read_file(path, &buf, &len))
		return -1;
	cgw_diag_init(&d, policy_file_name(path));
	ret = cgw_policy_parse(buf, len, p, &d);
	cgw_diag_print(&d, stderr);
	cgw_diag_free(&d);
	free(buf);
	return ret;
}

static size_t policy_npats(const struct cgw_policy *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nrules; i++)
		n += p->rules[i].npats;
	return n;
}

/* The whole policy in one request, in a message grown until it fits. */
static struct nl_msg *policy_msg(struct cgw_nl *nl, const struct cgw_policy *p)
{
	for (size_t size = 65536; size <= POLICY_MSG_MAX; size *= 2) {
		struct nl_msg *msg = cgw_nl_msg_size(nl, CGW_CMD_POLICY_SET, 0, size);
		int err = cgw_policy_put(msg, p);

		if (!err)
			return msg;
		nlmsg_free(msg);
		if (err != -NLE_NOMEM)
			break;
	}
	fputs("cgwardenctl: policy too large for one netlink message\n", stderr);
	return NULL;
}

static int policy_load(const char *path, bool send)
{
	struct cgw_policy p;
	struct cgw_diag d;
	struct nl_msg *msg;
	struct cgw_nl *nl;
	int ret;

	if (policy_read(path, &p))
		return EXIT_ERR;
	cgw_diag_init(&d, policy_file_name(path));
	ret = cgw_policy_check_loadable(&p, &d);
	cgw_diag_print(&d, stderr);
	cgw_diag_free(&d);
	if (ret) {
		cgw_policy_free(&p);
		return EXIT_ERR;
	}
	ret = EXIT_ERR;
	if (!send) {
		printf("%s: %zu rules, %zu patterns: ok\n", policy_file_name(path), p.nrules,
		       policy_npats(&p));
		cgw_policy_free(&p);
		return EXIT_OK;
	}
	nl = cgw_nl_open();
	if (!nl)
		goto out;
	msg = policy_msg(nl, &p);
	if (!msg)
		goto out_close;
	if (cgw_nl_set_sndbuf(nl, nlmsg_hdr(msg)->nlmsg_len + 65536)) {
		nlmsg_free(msg);
		goto out_close;
	}
	if (cgw_nl_exchange(nl, msg, NULL, NULL, NULL))
		fputs("cgwardenctl: policy not loaded; the running policy is unchanged\n", stderr);
	else
		ret = EXIT_OK;
out_close:
	cgw_nl_close(nl);
out:
	cgw_policy_free(&p);
	return ret;
}

struct shown_policy {
	struct cgw_policy p;
	uint64_t generation;
	bool has_generation;
};

static int on_rule(struct nlattr **tb, struct nlattr *attrs, int len, void *arg)
{
	struct shown_policy *sp = arg;
	struct nlattr *a;
	int rem;

	if (tb[CGW_A_GENERATION]) {
		sp->generation = nla_get_u64(tb[CGW_A_GENERATION]);
		sp->has_generation = true;
	}
	nla_for_each_attr(a, attrs, len, rem)
		if (nla_type(a) == CGW_A_RULE && cgw_rule_decode(a, &sp->p))
			return cgw_nl_malformed("policy rule");
	return 0;
}

static int policy_show(bool json)
{
	struct shown_policy sp = { 0 };
	int ret = cgw_nl_run(CGW_CMD_POLICY_GET, NLM_F_DUMP, on_rule, &sp);

	if (ret == EXIT_OK && json)
		cgw_policy_emit_json(stdout, &sp.p, sp.has_generation, sp.generation);
	else if (ret == EXIT_OK)
		cgw_policy_emit_yaml(stdout, &sp.p);
	cgw_policy_free(&sp.p);
	return ret;
}

static int policy_clear(void)
{
	return cgw_nl_run(CGW_CMD_POLICY_CLEAR, 0, NULL, NULL);
}

int cmd_policy(int argc, char **argv)
{
	const char *sub;
	bool json;
	int ret, first, nargs;

	if (argc < 2)
		return usage_error(usage, "policy needs load, check, show or clear");
	sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h"))
		return help(usage);
	ret = parse_json_opt(argc - 1, argv + 1, usage, &json, &first);
	if (ret != GO_ON)
		return ret;
	nargs = argc - 1 - first;
	if (json && strcmp(sub, "show"))
		return usage_error(usage, "unknown option: --json");
	if (!strcmp(sub, "load") || !strcmp(sub, "check")) {
		if (nargs != 1)
			return usage_error(usage, "policy %s needs one FILE", sub);
		return policy_load(argv[1 + first], !strcmp(sub, "load"));
	}
	if (!strcmp(sub, "show") || !strcmp(sub, "clear")) {
		if (nargs)
			return usage_error(usage, "unexpected argument: %s", argv[1 + first]);
		return !strcmp(sub, "show") ? policy_show(json) : policy_clear();
	}
	return usage_error(usage, "unknown policy command: %s", sub);
}
