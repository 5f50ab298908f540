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

/* Alert budgets: records per second and burst, and a high reserve's. */
struct cgw_budget_rate {
	u32 per_sec, burst;
	u32 high_per_sec, high_burst;
};

/*
 * What alerts may spend: @any, which every alert spends, and @high, a
 * reserve that only high severity spends once @any is empty.  @held
 * counts alerts refused since the last one admitted.
 */
struct cgw_budget {
	struct cgw_bucket any;
	struct cgw_bucket high;
	u64 held;
};

bool cgw_budget_take(struct cgw_budget *b, u64 now, bool high,
		     const struct cgw_budget_rate *r, u64 *held);

#endif /* _CGW_RATELIMIT_H */
