/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-cgroup state (cgroup.c): the cgroup id -> state table, modes,
 * models and candidates; and what the kernel says of cgroups
 * (cgroup_sys.c).
 */
#ifndef _CGW_CGROUP_H
#define _CGW_CGROUP_H

#include <linux/bitmap.h>
#include <linux/hash.h>
#include <linux/jump_label.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include "config.h"
#include "model.h"
#include "ratelimit.h"

struct cgw_view;

/* Calls per operation, one set per CPU: no line written by two CPUs. */
struct cgw_calls {
	u64 n[CGW_OP_COUNT];
};

struct cgw_cgroup {
	struct hlist_node node;
	struct rcu_head rcu;
	u64 id;
	unsigned int mode;		/* READ_ONCE/WRITE_ONCE */
	bool dead;			/* removed; under cgw_cg_lock */
	struct cgw_model __rcu *model;	/* NULL until the cgroup is tracked */
	struct cgw_view __rcu *view;	/* policy rules that apply, cached */
	struct cgw_model __rcu *cand;	/* deviations seen, for review */
	struct cgw_calls __percpu *calls;	/* summed by cgw_cgroup_calls() */
	atomic64_t alerts;
	atomic64_t denials;
	atomic64_t model_full;
	/* Alerts whose audit record, or event, a budget held back. */
	atomic64_t held;
	atomic64_t events_held;
	/*
	 * Alert budgets (alert.c, under its lock), for audit records and
	 * for events: this cgroup's, or when it inherited its state, those
	 * of budget_id, the top of its subtree.
	 */
	struct cgw_budget budget;
	struct cgw_budget ev_budget;
	u64 budget_id;			/* 0: its own */
	/* Circuit breaker: denials in the current one-second window. */
	u32 breaker;			/* denials per second; 0: off */
	atomic_t breaker_count;
	u64 breaker_start;		/* ns; cmpxchg */
	bool tripped;			/* the breaker took it to monitor */
	/* Files written in the cgroup (a Bloom filter), for severity. */
	DECLARE_BITMAP(written, CGW_WRITTEN_BITS);
	u64 first_seen;			/* ktime_get_ns() */
	u64 last_new;			/* ktime_get_ns() of the last new entry */
	/*
	 * Real time (ns) the cgroup began to monitor or protect: programs
	 * changed since do not run (decide.c).  0 while off or learning.
	 */
	u64 drift_since;
	/* Learning that ends itself: see cgw_learn_done(). */
	u64 learn_since;		/* ktime_get_ns() learning began */
	u32 quiet_ms;			/* 0: never by itself */
	u32 min_learn_ms;
	u32 quiet_ops;			/* 0: quiet is wall time alone */
	/* cgw_cgroup_ops() at the last new entry, or when learning began */
	u64 ops_mark;
	u8 then_mode;
	/*
	 * Start-up (cgw_cgroup_starting()): from first_seen for so long
	 * (0: none), or until a task of the cgroup first listens.
	 */
	u32 startup_ms;
	bool listened;
};

/* How a cgroup learns: until told, or until quiet for a while. */
struct cgw_learning {
	u32 quiet_ms;
	u32 min_learn_ms;
	u32 quiet_ops;
	u8 then_mode;
	bool startup_set;	/* startup_ms given: else unchanged */
	u32 startup_ms;
};

/*
 * On while anything may need deciding: a cgroup has state, the default
 * mode is not off, or the policy gives cgroups modes (cgw_gate_refresh()).
 * Off, a hook returns before any lookup.
 */
DECLARE_STATIC_KEY_FALSE(cgw_gate);

extern unsigned long cgw_cg_held[];
extern u64 cgw_default_from_id;

static inline unsigned long cgw_held_bit(u64 id)
{
	return hash_64(id, CGW_CG_HELD_BITS);
}

/*
 * May cgroup @id have state?  Any context.  False only if it has none:
 * a bit is set before a state is added, and never cleared.
 */
static inline bool cgw_cgroup_maybe_held(u64 id)
{
	return test_bit(cgw_held_bit(id), cgw_cg_held);
}

/* The default mode of cgroup @id, first seen now (cgw_default_set()). */
static inline unsigned int cgw_default_for(u64 id)
{
	unsigned int mode = READ_ONCE(cgw_config.default_mode);

	smp_rmb();	/* the mode, then the cgroups it is for */
	return id >= READ_ONCE(cgw_default_from_id) ? mode : CGW_MODE_OFF;
}

int cgw_cgroup_init(void);
void cgw_cgroup_exit(void);
struct cgw_cgroup *cgw_cgroup_lookup(u64 id);
u64 cgw_cgroup_calls(const struct cgw_cgroup *cg, unsigned int op);
void cgw_default_set(unsigned int mode, u64 next_id);
void cgw_gate_open(void);
void cgw_gate_refresh(void);
struct cgw_cgroup *cgw_cgroup_get_or_add(u64 id, gfp_t gfp);
struct cgw_cgroup *cgw_cgroup_get_or_inherit(u64 id, const u64 *anc,
					     unsigned int n, u8 base_mode,
					     gfp_t gfp);
struct cgw_model *cgw_cgroup_model(struct cgw_cgroup *cg);
void cgw_cgroup_set_view(struct cgw_cgroup *cg, struct cgw_view *v);
int cgw_cgroup_import(u64 id, const struct cgw_obj *objs, unsigned int n);
struct cgw_model *cgw_cgroup_cand(struct cgw_cgroup *cg);
int cgw_cgroup_accept(u64 id, const u32 *ids, unsigned int n, bool all,
		      unsigned int *accepted);
int cgw_cgroup_remove_entries(u64 id, const u32 *ids, unsigned int n,
			      unsigned int *removed);
int cgw_cgroup_set_breaker(u64 id, u32 per_sec);
int cgw_cgroup_set_mode(u64 id, unsigned int mode);
int cgw_cgroup_set_mode_tree(u64 id, const u64 *desc, unsigned int n,
			     unsigned int mode, const struct cgw_learning *l);
bool cgw_learn_done(const struct cgw_cgroup *cg, u64 now);
bool cgw_cgroup_starting(const struct cgw_cgroup *cg);
u32 cgw_cgroup_startup_ms(u64 id);
void cgw_cgroup_listened(struct cgw_cgroup *cg);
u64 cgw_cgroup_ops(const struct cgw_cgroup *cg);
void cgw_cgroup_learned(struct cgw_cgroup *cg, u64 now);
void cgw_cgroup_promote(u64 now, void (*told)(const struct cgw_cgroup *cg));
int cgw_cgroup_clear_model(u64 id);
unsigned int cgw_cgroup_count(void);
void cgw_cgroup_reap(bool (*alive)(u64 id));
/* Iterate under rcu_read_lock(): bucket by bucket, for dumps. */
struct cgw_cgroup *cgw_cgroup_nth(unsigned long *bucket, unsigned long *idx);

/* cgroup_sys.c: the kernel's cgroups */
struct cgroup;
bool cgw_cgroup_alive(u64 id);
struct cgw_cgroup *cgw_cgroup_nearest(struct cgroup *cgrp, bool self);
bool cgw_cgroup_maybe_below(struct cgroup *cgrp);
bool cgw_cgroup_skip(void);
u64 cgw_cgroup_next_id(void);
bool cgw_cgroup_fenced(struct cgroup *dst, unsigned int mode);

#endif /* _CGW_CGROUP_H */
