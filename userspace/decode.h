/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink attributes from the kernel into records.h, checked against the
 * contract's types.  No socket here, so the tests can feed it messages
 * they build themselves.  Each returns 0, or -1 for a malformed reply.
 */
#ifndef CGW_DECODE_H
#define CGW_DECODE_H

#include <netlink/attr.h>

#include "records.h"

/* The attribute stream of a STATUS reply (HOOK repeats). */
int cgw_decode_status(struct nlattr *attrs, int len, struct cgw_status_rec *st);
/* A CGW_A_CGROUP nest; on success cg->path is allocated. */
int cgw_decode_cgroup(struct nlattr *nest, struct cgw_cgroup_rec *cg);
void cgw_cgroup_rec_free(struct cgw_cgroup_rec *cg);
/* A CGW_A_ENTRY nest; on success e->path, e->name and e->exe are allocated. */
int cgw_decode_entry(struct nlattr *nest, struct cgw_entry_rec *e);
void cgw_entry_rec_free(struct cgw_entry_rec *e);

#endif
