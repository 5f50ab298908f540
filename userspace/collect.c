// SPDX-License-Identifier: GPL-2.0
/* Dump replies into arrays of records; see collect.h. */
#include <stdlib.h>

#include "collect.h"
#include "decode.h"
#include "nl.h"
#include "util.h"

int cgw_collect_cgroup(struct nlattr **tb, struct nlattr *attrs, int len, void *arg)
{
	struct cgw_cgroup_list *l = arg;

	(void)attrs;
	(void)len;
	if (!tb[CGW_A_CGROUP])
		return cgw_nl_malformed("list reply without a cgroup");
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	if (cgw_decode_cgroup(tb[CGW_A_CGROUP], &l->v[l->n]))
		return cgw_nl_malformed("cgroup");
	l->n++;
	return 0;
}

int cgw_collect_entry(struct nlattr **tb, struct nlattr *attrs, int len, void *arg)
{
	struct cgw_entry_list *l = arg;

	(void)attrs;
	(void)len;
	if (!tb[CGW_A_ENTRY])
		return cgw_nl_malformed("model reply without an entry");
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	if (cgw_decode_entry(tb[CGW_A_ENTRY], &l->v[l->n]))
		return cgw_nl_malformed("model entry");
	l->n++;
	return 0;
}

void cgw_cgroup_list_free(struct cgw_cgroup_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		cgw_cgroup_rec_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

void cgw_entry_list_free(struct cgw_entry_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		cgw_entry_rec_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
