/* SPDX-License-Identifier: GPL-2.0 */
/* Alert dedup and token buckets (ratelimit.c), pure logic. */
#ifndef _CGW_RATELIMIT_H
#define _CGW_RATELIMIT_H

#include "obj.h"

struct cgw_dedup_slot {
	u64 key;
	u64 window_start;	/* ns */
	u64 suppressed;
};

struct cgw_bucket {
	u64 last;		/* ns */
	u64 tokens;		/* in ns of credit, capped at burst */
};

void cgw_ratelimit_init(void);
u64 cgw_dedup_key(u64 cgroup_id, u8 op, u8 verdict, const struct cgw_obj *o);
bool cgw_dedup_admit(struct cgw_dedup_slot *s, u64 key, u64 now,
		     u64 window, u64 *flushed);
bool cgw_bucket_take(struct cgw_bucket *b, u64 now, u64 per_sec, u64 burst);

#endif /* _CGW_RATELIMIT_H */
