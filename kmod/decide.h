/* SPDX-License-Identifier: GPL-2.0 */
/* Verdicts (decide.c): mode x what policy and model say -> a decision. */
#ifndef _CGW_DECIDE_H
#define _CGW_DECIDE_H

#include "cgroup.h"

struct cgw_decision {
	u8 verdict;		/* enum cgw_verdict */
	u8 reason;		/* enum cgw_reason */
	u8 severity;		/* enum cgw_severity, for alerts */
	bool learned;		/* a new entry was added */
	bool tripped;		/* this denial tripped the circuit breaker */
	bool startup;		/* in a start-up: an allow not to be kept */
};

/* What one name grants (CGW_ACC_READ, WRITE, APPEND, EXEC): the link rule. */
struct cgw_grants {
	u32 granted;	/* allowed by a rule or covered by the model */
	u32 denied;	/* denied by a rule */
};

void cgw_decide(struct cgw_cgroup *cg, const struct cgw_obj *o,
		struct cgw_decision *d, gfp_t gfp);
void cgw_decide_policy(struct cgw_cgroup *cg, const struct cgw_obj *o,
		       int action, struct cgw_decision *d, gfp_t gfp);
void cgw_decide_mode(struct cgw_cgroup *cg, unsigned int mode,
		     const struct cgw_obj *o, int action,
		     struct cgw_decision *d, gfp_t gfp);
void cgw_decide_escape(unsigned int mode, struct cgw_decision *d);
u32 cgw_decide_subset(struct cgw_cgroup *cg, unsigned int mode,
		      const struct cgw_grants *old,
		      const struct cgw_grants *new, struct cgw_decision *d);
u8 cgw_verdict_for(unsigned int mode, u8 reason);
void cgw_note_written(struct cgw_cgroup *cg, const struct cgw_obj *o);
bool cgw_breaker_trip(struct cgw_cgroup *cg, u64 now);
extern bool cgw_breakers_held;

#endif /* _CGW_DECIDE_H */
