/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dump replies gathered into growing arrays of decoded records: the
 * cgw_nl_exchange() callbacks every verb that dumps cgroups or model
 * entries uses.
 */
#ifndef CGW_COLLECT_H
#define CGW_COLLECT_H

#include <stddef.h>
#include <netlink/attr.h>

#include "records.h"

struct cgw_cgroup_list {
	struct cgw_cgroup_rec *v;
	size_t n, cap;
};

struct cgw_entry_list {
	struct cgw_entry_rec *v;
	size_t n, cap;
};

/* arg: a struct cgw_cgroup_list (LIST replies). */
int cgw_collect_cgroup(struct nlattr **tb, struct nlattr *attrs, int len, void *arg);
/* arg: a struct cgw_entry_list (MODEL_GET replies). */
int cgw_collect_entry(struct nlattr **tb, struct nlattr *attrs, int len, void *arg);

void cgw_cgroup_list_free(struct cgw_cgroup_list *l);
void cgw_entry_list_free(struct cgw_entry_list *l);

#endif
