// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup state, keyed by cgroup v2 id.  Hooks look a cgroup up under
 * RCU without a lock; writers (first sight of a cgroup, mode changes, the
 * reaper) take cgw_cg_lock.  The table is bounded by max_cgroups.
 *
 * A hook may need a model for a cgroup it has just met, but setting up a
 * hash table may sleep, so a small pool of ready models is kept filled
 * from a work item.
 */
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/ktime.h>
#include "cgroup.h"
#include "fault.h"
#include "policy.h"
#include "vcache.h"

static DEFINE_HASHTABLE(cgw_cg_table, CGW_CG_HASH_BITS);
static DEFINE_SPINLOCK(cgw_cg_lock);
/* Serialises control-plane writers: mode changes, clears, the reaper. */
static DEFINE_MUTEX(cgw_ctl_lock);
static atomic_t cgw_cg_count = ATOMIC_INIT(0);

DEFINE_STATIC_KEY_FALSE(cgw_gate);
/* Serialises opening and closing cgw_gate. */
static DEFINE_MUTEX(cgw_gate_lock);

/*
 * Bits set for the id of every cgroup given state, under cgw_cg_lock;
 * never cleared while the module is loaded, so a reader never misses a
 * cgroup that has state.  A bit left by a freed state, or shared by two
 * ids, only costs a lookup.  Read by cgw_cgroup_maybe_held().
 */
DECLARE_BITMAP(cgw_cg_held, 1 << CGW_CG_HELD_BITS);

/* Cgroups with an id below it are older than the default mode. */
u64 cgw_default_from_id;

/**
 * cgw_default_set() - a new default mode, for cgroups not seen yet
 * @mode: enum cgw_mode
 * @next_id: above the id of every cgroup there is now
 *
 * Cgroups get the default mode when first seen.  Without state for
 * cgroups that need none, "seen" is "there": when the default leaves off,
 * the cgroups that already exist keep off (cgw_default_for()), as they
 * would have with the state they got on their first call.  Process
 * context.
 */
void cgw_default_set(unsigned int mode, u64 next_id)
{
	if (READ_ONCE(cgw_config.default_mode) == CGW_MODE_OFF &&
	    mode != CGW_MODE_OFF) {
		WRITE_ONCE(cgw_default_from_id, next_id);
		smp_wmb();	/* pairs with cgw_default_for() */
	}
	WRITE_ONCE(cgw_config.default_mode, mode);
}

/**
 * cgw_gate_open() - let hooks decide, before something needs deciding
 *
 * Called before a cgroup is given state or a mode from process context,
 * before the default mode leaves off, and before a policy that gives
 * modes is installed: no hook may skip what then needs a decision.
 * Process context; may sleep.
 */
void cgw_gate_open(void)
{
	mutex_lock(&cgw_gate_lock);
	static_branch_enable(&cgw_gate);
	mutex_unlock(&cgw_gate_lock);
}

/**
 * cgw_gate_refresh() - close the gate if nothing needs deciding
 *
 * Nothing does when no cgroup has state, the default mode is off and no
 * policy gives modes: every call would then be allowed without a
 * lookup.  Hooks only make state while the gate is open (a cgroup below
 * one with state, the default mode, or a policy's mode), and whoever
 * opens it refreshes it after the change, so the last refresh sees
 * every state made.  Process context; may sleep.
 */
void cgw_gate_refresh(void)
{
	const struct cgw_policy *pol;
	bool need;

	mutex_lock(&cgw_gate_lock);
	rcu_read_lock();
	pol = rcu_dereference(cgw_policy);
	need = atomic_read(&cgw_cg_count) ||
	       READ_ONCE(cgw_config.default_mode) != CGW_MODE_OFF ||
	       (pol && pol->has_modes);
	rcu_read_unlock();
	if (need)
		static_branch_enable(&cgw_gate);
	else
		static_branch_disable(&cgw_gate);
	mutex_unlock(&cgw_gate_lock);
}

static struct cgw_model *cgw_pool[CGW_MODEL_POOL];
static unsigned int cgw_pool_len;
static DEFINE_SPINLOCK(cgw_pool_lock);
/* Fill the pool of ready models; process context. */
static void cgw_cgroup_pool_refill(void)
{
	struct cgw_model *m;

	for (;;) {
		m = cgw_model_new(GFP_KERNEL);
		if (!m)
			return;
		spin_lock_bh(&cgw_pool_lock);
		if (cgw_pool_len < CGW_MODEL_POOL) {
			cgw_pool[cgw_pool_len++] = m;
			m = NULL;
		}
		spin_unlock_bh(&cgw_pool_lock);
		if (m) {
			cgw_model_put(m);
			return;
		}
	}
}

static void cgw_pool_work_fn(struct work_struct *work)
{
	cgw_cgroup_pool_refill();
}

static DECLARE_WORK(cgw_pool_work, cgw_pool_work_fn);

static struct cgw_model *cgw_pool_take(void)
{
	struct cgw_model *m = NULL;

	spin_lock_bh(&cgw_pool_lock);
	if (cgw_pool_len)
		m = cgw_pool[--cgw_pool_len];
	spin_unlock_bh(&cgw_pool_lock);
	schedule_work(&cgw_pool_work);
	return m;
}

struct cgw_cgroup *cgw_cgroup_lookup(u64 id)
{
	struct cgw_cgroup *cg;

	hash_for_each_possible_rcu(cgw_cg_table, cg, node, id)
		if (cg->id == id)
			return cg;
	return NULL;
}

/* Real time as file change times are stamped (coarse), in ns. */
static u64 cgw_real_now(void)
{
	struct timespec64 ts;

	ktime_get_coarse_real_ts64(&ts);
	return timespec64_to_ns(&ts);
}

/*
 * @cg's mode becomes @mode: monitoring or protecting, programs changed
 * from now on are drift (decide.c); learning or off, nothing is.
 */
static void cgw_drift_mark(struct cgw_cgroup *cg, unsigned int mode)
{
	if (mode < CGW_MODE_MONITOR)
		WRITE_ONCE(cg->drift_since, 0);
	else if (!READ_ONCE(cg->drift_since))
		WRITE_ONCE(cg->drift_since, cgw_real_now());
}

/**
 * cgw_cgroup_calls() - @cg's calls of operation @op, over all CPUs
 * @cg: the state
 * @op: enum cgw_op
 *
 * Return: the sum; a hook counting meanwhile may or may not be in it.
 */
u64 cgw_cgroup_calls(const struct cgw_cgroup *cg, unsigned int op)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(cg->calls, cpu)->n[op]);
	return sum;
}

static void cgw_cgroup_free(struct cgw_cgroup *cg)
{
	free_percpu(cg->calls);
	kfree(cg);
}

static struct cgw_cgroup *cgw_cgroup_alloc(u64 id, gfp_t gfp)
{
	struct cgw_cgroup *cg = cgw_faulty(kzalloc(sizeof(*cg), gfp | __GFP_NOWARN));

	if (!cg)
		return NULL;
	/* Bounded as the states are: one set per CPU for each. */
	cg->calls = cgw_faulty(alloc_percpu_gfp(struct cgw_calls,
						gfp | __GFP_NOWARN));
	if (!cg->calls) {
		kfree(cg);
		return NULL;
	}
	cg->id = id;
	cg->mode = cgw_default_for(id);
	cg->first_seen = ktime_get_ns();
	cg->learn_since = cg->first_seen;
	cg->quiet_ms = READ_ONCE(cgw_config.quiet_ms);
	cg->min_learn_ms = READ_ONCE(cgw_config.min_learn_ms);
	cg->quiet_ops = READ_ONCE(cgw_config.quiet_ops);
	cg->then_mode = READ_ONCE(cgw_config.then_mode);
	return cg;
}

/*
 * A cgroup made below a tracked one takes that one's mode and shares its
 * model: otherwise a task could leave protection by making a child cgroup
 * (cgroup v2 delegation lets container root do that) and moving into it.
 * @anc lists the ids of @cg's ancestors, nearest first.
 */
static void cgw_cgroup_inherit(struct cgw_cgroup *cg, const u64 *anc,
			       unsigned int n)
{
	struct cgw_cgroup *a;
	unsigned int i;

	for (i = 0; i < n; i++) {
		a = cgw_cgroup_lookup(anc[i]);
		if (!a || READ_ONCE(a->mode) == CGW_MODE_OFF)
			continue;
		/* Never weaker than the ancestor, whatever else says. */
		cg->mode = max(cg->mode, READ_ONCE(a->mode));
		cg->learn_since = READ_ONCE(a->learn_since);
		cg->quiet_ms = a->quiet_ms;
		cg->min_learn_ms = a->min_learn_ms;
		cg->quiet_ops = a->quiet_ops;
		cg->then_mode = a->then_mode;
		/*
		 * Its own start-up, as long as its ancestor's: a container
		 * its runtime made in an empty slot.  None for a cgroup made
		 * below one whose tasks ran: a workload nesting itself would
		 * win back its entrypoint's rights.
		 */
		cg->startup_ms = cgw_cgroup_ops(a) ? 0 : READ_ONCE(a->startup_ms);
		cg->breaker = READ_ONCE(a->breaker);
		cg->drift_since = READ_ONCE(a->drift_since);
		/* One budget for a subtree: children cannot multiply it. */
		cg->budget_id = a->budget_id ? a->budget_id : a->id;
		RCU_INIT_POINTER(cg->model,
				 cgw_model_get(rcu_dereference(a->model)));
		return;
	}
}

/* A slot in the table of states, or false (counted) when it is full. */
static bool cgw_cgroup_reserve(void)
{
	if (atomic_inc_return(&cgw_cg_count) <= READ_ONCE(cgw_config.max_cgroups))
		return true;
	atomic_dec(&cgw_cg_count);
	atomic64_inc(&cgw_stats.cgroups_full);
	return false;
}

/* A new state for @id in a reserved slot; NULL (counted) if no memory. */
static struct cgw_cgroup *cgw_cgroup_new(u64 id, gfp_t gfp)
{
	struct cgw_cgroup *cg;

	if (!cgw_cgroup_reserve())
		return NULL;
	cg = cgw_cgroup_alloc(id, gfp);
	if (!cg) {
		atomic_dec(&cgw_cg_count);
		atomic64_inc(&cgw_stats.nomem);
	}
	return cg;
}

/*
 * Put @cg in the table unless its id got a state meanwhile; return the
 * state that won (the loser is freed).  Callers hold rcu_read_lock().
 */
static struct cgw_cgroup *cgw_cgroup_publish(struct cgw_cgroup *cg)
{
	struct cgw_cgroup *old;

	cgw_drift_mark(cg, cg->mode);
	spin_lock_bh(&cgw_cg_lock);
	old = cgw_cgroup_lookup(cg->id);
	if (!old) {
		/* the bit, then the entry (published with release) */
		set_bit(cgw_held_bit(cg->id), cgw_cg_held);
		hash_add_rcu(cgw_cg_table, &cg->node, cg->id);
	}
	spin_unlock_bh(&cgw_cg_lock);
	if (!old)
		return cg;
	atomic_dec(&cgw_cg_count);
	cgw_model_put(rcu_dereference_protected(cg->model, true));
	cgw_cgroup_free(cg);
	return old;
}

/*
 * The state of cgroup @id, made on first sight in @base_mode (or the
 * default mode if CGW_MODE_NONE), inheriting from the nearest tracked
 * ancestor in @anc (see cgw_cgroup_inherit()).  NULL when the table is
 * full or memory is short; both are counted.  Callers hold
 * rcu_read_lock().
 */
struct cgw_cgroup *cgw_cgroup_get_or_inherit(u64 id, const u64 *anc,
					     unsigned int n, u8 base_mode,
					     gfp_t gfp)
{
	struct cgw_cgroup *cg = cgw_cgroup_lookup(id);

	if (likely(cg))
		return cg;
	cg = cgw_cgroup_new(id, gfp);
	if (!cg)
		return NULL;
	if (base_mode != CGW_MODE_NONE)
		cg->mode = base_mode;
	cgw_cgroup_inherit(cg, anc, n);
	return cgw_cgroup_publish(cg);
}

struct cgw_cgroup *cgw_cgroup_get_or_add(u64 id, gfp_t gfp)
{
	return cgw_cgroup_get_or_inherit(id, NULL, 0, CGW_MODE_NONE, gfp);
}

/*
 * The state of @id for an operator's request, made where memory can be
 * waited for.  Made without waiting, as a hook must, a burst of them (a
 * policy giving a thousand cgroups a mode) fails: a per-CPU allocation
 * that may not sleep cannot populate a new per-CPU chunk.  Under
 * cgw_ctl_lock, which keeps the state from being freed
 * (cgw_cgroup_reap()) once rcu_read_lock() is dropped.  NULL when the
 * table is full or memory is short; both are counted.
 */
static struct cgw_cgroup *cgw_cgroup_make(u64 id)
{
	struct cgw_cgroup *cg;

	lockdep_assert_held(&cgw_ctl_lock);
	might_sleep();
	rcu_read_lock();
	cg = cgw_cgroup_lookup(id);
	rcu_read_unlock();
	if (cg)
		return cg;
	cg = cgw_cgroup_new(id, GFP_KERNEL);
	if (!cg)
		return NULL;
	rcu_read_lock();
	cg = cgw_cgroup_publish(cg);
	rcu_read_unlock();
	return cg;
}

/*
 * Attach @m at @slot (@cg's model or candidates) unless one is there;
 * return the one that won.
 */
static struct cgw_model *cgw_cgroup_attach(struct cgw_cgroup *cg,
					   struct cgw_model __rcu **slot,
					   struct cgw_model *m)
{
	struct cgw_model *old;

	spin_lock_bh(&cgw_cg_lock);
	old = rcu_dereference_protected(*slot, lockdep_is_held(&cgw_cg_lock));
	/* A removed cgroup keeps no model: nothing would ever put it. */
	if (!old && !cg->dead)
		rcu_assign_pointer(*slot, m);
	spin_unlock_bh(&cgw_cg_lock);
	if (!old && !cg->dead)
		return m;
	cgw_model_put(m);
	return old;
}

/* Attach @m to @cg unless it has a model; return the one that won. */
static struct cgw_model *cgw_cgroup_install(struct cgw_cgroup *cg,
					    struct cgw_model *m)
{
	return cgw_cgroup_attach(cg, &cg->model, m);
}

/*
 * The model of @cg, attached on first need from the pool of ready ones.
 * NULL if none could be had (counted as nomem).  Callers hold
 * rcu_read_lock() and may be atomic.
 */
struct cgw_model *cgw_cgroup_model(struct cgw_cgroup *cg)
{
	struct cgw_model *m = rcu_dereference(cg->model);

	if (likely(m))
		return m;
	m = cgw_pool_take();
	if (!m) {
		atomic64_inc(&cgw_stats.nomem);
		return NULL;
	}
	return cgw_cgroup_install(cg, m);
}

/* Give @cg the model @m (a reference the caller passes on). */
static void cgw_cgroup_share(struct cgw_cgroup *cg, struct cgw_model *m)
{
	struct cgw_model *old;

	spin_lock_bh(&cgw_cg_lock);
	old = rcu_replace_pointer(cg->model, m, lockdep_is_held(&cgw_cg_lock));
	spin_unlock_bh(&cgw_cg_lock);
	cgw_model_put(old);
}

/*
 * @cg's candidates, attached on first need from the pool.  NULL if none
 * could be had.  Callers hold rcu_read_lock() and may be atomic.
 */
struct cgw_model *cgw_cgroup_cand(struct cgw_cgroup *cg)
{
	struct cgw_model *c = rcu_dereference(cg->cand);

	if (likely(c))
		return c;
	c = cgw_pool_take();
	if (!c)
		return NULL;
	c->cand = true;
	return cgw_cgroup_attach(cg, &cg->cand, c);
}

/* A mode, and how learning ends, for @cg; under cgw_ctl_lock. */
static void cgw_cgroup_mode(struct cgw_cgroup *cg, unsigned int mode,
			    const struct cgw_learning *l, u64 now)
{
	if (l) {
		cg->quiet_ms = l->quiet_ms;
		cg->min_learn_ms = l->min_learn_ms;
		cg->quiet_ops = l->quiet_ops;
		cg->then_mode = l->then_mode;
		if (l->startup_set)
			WRITE_ONCE(cg->startup_ms, l->startup_ms);
	}
	if (mode == CGW_MODE_LEARN && READ_ONCE(cg->mode) != CGW_MODE_LEARN) {
		WRITE_ONCE(cg->learn_since, now);
		WRITE_ONCE(cg->ops_mark, cgw_cgroup_ops(cg));
	}
	cgw_drift_mark(cg, mode);
	WRITE_ONCE(cg->mode, mode);
	WRITE_ONCE(cg->tripped, false);	/* an operator spoke */
}

/*
 * Process context: set the mode of @id, tracking it if it was not, and of
 * its descendants @desc (@n of them), which then share @id's model, as a
 * cgroup made below it later would.  A tracked cgroup gets its model now,
 * so its first hook finds it ready.
 */
int cgw_cgroup_set_mode_tree(u64 id, const u64 *desc, unsigned int n,
			     unsigned int mode, const struct cgw_learning *l)
{
	u64 now = ktime_get_ns();
	struct cgw_model *m = NULL, *top;
	struct cgw_cgroup *cg, *d;
	unsigned int i;
	int err = 0;

	if (mode >= CGW_MODE_COUNT)
		return -EINVAL;
	if (mode != CGW_MODE_OFF) {
		m = cgw_model_new(GFP_KERNEL);
		if (!m)
			return -ENOMEM;
	}
	cgw_gate_open();	/* before any state: see cgw_gate_refresh() */
	mutex_lock(&cgw_ctl_lock);
	cg = cgw_cgroup_make(id);
	if (!cg) {
		err = -ENOSPC;
		goto out;
	}
	/* @top is @cg's while the control lock is held: no clear can run */
	top = m ? cgw_cgroup_install(cg, m) : NULL;
	m = NULL;
	cgw_cgroup_mode(cg, mode, l, now);
	for (i = 0; i < n; i++) {
		d = cgw_cgroup_make(desc[i]);
		if (!d) {
			err = -ENOSPC;
			break;
		}
		if (top)
			cgw_cgroup_share(d, cgw_model_get(top));
		WRITE_ONCE(d->budget_id, cg->budget_id ? cg->budget_id : cg->id);
		cgw_cgroup_mode(d, mode, l, now);
	}
out:
	mutex_unlock(&cgw_ctl_lock);
	cgw_vcache_invalidate();	/* models may have been replaced */
	cgw_model_put(m);
	cgw_gate_refresh();
	return err;
}

int cgw_cgroup_set_mode(u64 id, unsigned int mode)
{
	return cgw_cgroup_set_mode_tree(id, NULL, 0, mode, NULL);
}

/*
 * Process context: add @n objects to @id's model, tracking it (mode
 * unchanged) if it was not.  Refused whole (-ENOSPC) if the caps could
 * not hold them all.
 */
int cgw_cgroup_import(u64 id, const struct cgw_obj *objs, unsigned int n)
{
	struct cgw_model *m = cgw_model_new(GFP_KERNEL);
	struct cgw_cgroup *cg;
	unsigned int i;
	int err = 0;

	if (!m)
		return -ENOMEM;
	cgw_gate_open();	/* before any state: see cgw_gate_refresh() */
	mutex_lock(&cgw_ctl_lock);
	cg = cgw_cgroup_make(id);
	rcu_read_lock();
	if (!cg) {
		err = -ENOSPC;
		cgw_model_put(m);
		goto out;
	}
	m = cgw_cgroup_install(cg, m);
	if (cgw_model_count(m) + n > READ_ONCE(cgw_config.max_entries) ||
	    cgw_model_total() + n > READ_ONCE(cgw_config.max_entries_total)) {
		err = -ENOSPC;
		goto out;
	}
	for (i = 0; i < n && !err; i++) {
		switch (cgw_model_add(m, &objs[i], GFP_ATOMIC)) {
		case CGW_LEARN_NEW:
		case CGW_LEARN_KNOWN:
			break;
		case CGW_LEARN_FULL:
			err = -ENOSPC;
			break;
		default:
			err = -ENOMEM;
		}
	}
out:
	rcu_read_unlock();
	mutex_unlock(&cgw_ctl_lock);
	cgw_gate_refresh();
	return err;
}

/* Does any of @ids name no entry in @c?  Under rcu_read_lock(). */
static bool cgw_cand_missing(struct cgw_model *c, const u32 *ids,
			     unsigned int n)
{
	struct rhashtable_iter it;
	struct cgw_entry *e;
	unsigned int i, found = 0;

	if (!c)
		return true;
	rhashtable_walk_enter(&c->ht, &it);
	rhashtable_walk_start(&it);
	while ((e = rhashtable_walk_next(&it))) {
		if (IS_ERR(e) || !cgw_entry_listed(e))
			continue;
		for (i = 0; i < n; i++)
			found += ids[i] == cgw_entry_id(e);
	}
	rhashtable_walk_stop(&it);
	rhashtable_walk_exit(&it);
	return found < n;
}

/*
 * Process context: fold candidates of @id into its model: those whose id
 * is in @ids, or all.  Taken ones leave the candidates; the others keep
 * their history.  *@accepted says how many went in.
 */
int cgw_cgroup_accept(u64 id, const u32 *ids, unsigned int n, bool all,
		      unsigned int *accepted)
{
	struct cgw_model *m = cgw_model_new(GFP_KERNEL), *c;
	struct rhashtable_iter it;
	struct cgw_cgroup *cg;
	struct cgw_entry *e;
	struct cgw_obj o;
	unsigned int i;
	bool take;
	int err = 0;

	*accepted = 0;
	if (!m)
		return -ENOMEM;
	mutex_lock(&cgw_ctl_lock);
	rcu_read_lock();
	cg = cgw_cgroup_lookup(id);
	c = cg ? rcu_dereference(cg->cand) : NULL;
	if (!cg || (n && cgw_cand_missing(c, ids, n))) {
		/* all or nothing: an id that names no candidate takes none */
		err = cg ? -EINVAL : -ENOENT;
		cgw_model_put(m);
		goto out;
	}
	m = cgw_cgroup_install(cg, m);
	if (!c)
		goto out;
	rhashtable_walk_enter(&c->ht, &it);
	rhashtable_walk_start(&it);
	while ((e = rhashtable_walk_next(&it))) {
		if (IS_ERR(e))
			continue;
		take = all;
		for (i = 0; i < n && !take; i++)
			take = ids[i] == cgw_entry_id(e);
		if (!take)
			continue;
		cgw_entry_to_obj(e, &o);
		/* one the model cannot take stays a candidate */
		if (cgw_model_add(m, &o, GFP_ATOMIC) > CGW_LEARN_NEW) {
			err = -ENOSPC;
			continue;
		}
		/* a walk may show an entry twice: only its removal counts */
		if (!cgw_model_remove(c, e))
			(*accepted)++;
	}
	rhashtable_walk_stop(&it);
	rhashtable_walk_exit(&it);
	if (*accepted)
		cgw_cgroup_learned(cg, ktime_get_ns());
out:
	rcu_read_unlock();
	mutex_unlock(&cgw_ctl_lock);
	return err;
}

/*
 * Process context: take the entries of @id's model whose id is in @ids
 * out of it, all or none (-EINVAL).  Removing a generalised entry (DIR,
 * ADDR) undoes that widening for good.  *@removed says how many went.
 */
int cgw_cgroup_remove_entries(u64 id, const u32 *ids, unsigned int n,
			      unsigned int *removed)
{
	struct rhashtable_iter it;
	struct cgw_cgroup *cg;
	struct cgw_model *m;
	struct cgw_entry *e;
	unsigned int i;
	int err = 0;

	*removed = 0;
	mutex_lock(&cgw_ctl_lock);
	rcu_read_lock();
	cg = cgw_cgroup_lookup(id);
	m = cg ? rcu_dereference(cg->model) : NULL;
	if (!cg || !m || cgw_cand_missing(m, ids, n)) {
		err = cg ? -EINVAL : -ENOENT;
		goto out;
	}
	rhashtable_walk_enter(&m->ht, &it);
	rhashtable_walk_start(&it);
	while ((e = rhashtable_walk_next(&it))) {
		if (IS_ERR(e) || !cgw_entry_listed(e))
			continue;
		for (i = 0; i < n; i++) {
			if (ids[i] != cgw_entry_id(e))
				continue;
			cgw_model_unwiden(m, e);
			if (!cgw_model_remove(m, e))
				(*removed)++;
			break;
		}
	}
	rhashtable_walk_stop(&it);
	rhashtable_walk_exit(&it);
	cgw_vcache_invalidate();
out:
	rcu_read_unlock();
	mutex_unlock(&cgw_ctl_lock);
	return err;
}

/* Process context: set @id's circuit breaker (denials per second). */
int cgw_cgroup_set_breaker(u64 id, u32 per_sec)
{
	struct cgw_cgroup *cg;
	int err = 0;

	rcu_read_lock();
	cg = cgw_cgroup_lookup(id);
	if (cg) {
		WRITE_ONCE(cg->breaker, per_sec);
		atomic_set(&cg->breaker_count, 0);
		WRITE_ONCE(cg->tripped, false);
	} else {
		err = -ENOENT;
	}
	rcu_read_unlock();
	return err;
}

/* Process context: forget what @id learned.  Readers see old or new. */
int cgw_cgroup_clear_model(u64 id)
{
	struct cgw_model *m = cgw_model_new(GFP_KERNEL), *old = NULL;
	struct cgw_cgroup *cg;

	if (!m)
		return -ENOMEM;
	mutex_lock(&cgw_ctl_lock);
	spin_lock_bh(&cgw_cg_lock);
	cg = cgw_cgroup_lookup(id);
	if (cg) {
		old = rcu_replace_pointer(cg->model, m,
					  lockdep_is_held(&cgw_cg_lock));
		WRITE_ONCE(cg->last_new, 0);
		WRITE_ONCE(cg->ops_mark, cgw_cgroup_ops(cg));
		atomic64_set(&cg->model_full, 0);
	}
	spin_unlock_bh(&cgw_cg_lock);
	mutex_unlock(&cgw_ctl_lock);
	if (!cg) {
		cgw_model_put(m);
		return -ENOENT;
	}
	cgw_vcache_invalidate();
	cgw_model_put(old);
	return 0;
}

unsigned int cgw_cgroup_count(void)
{
	return atomic_read(&cgw_cg_count);
}

/**
 * cgw_cgroup_starting() - is @cg in its start-up?
 * @cg: a cgroup's state
 *
 * A start-up is what a container's entrypoint does before its service
 * serves: from the cgroup's birth (its state made, by its first task's
 * first operation) for startup_ms, and no longer than until one of its
 * tasks first listens on a socket.  Entries first learned in a start-up
 * grant only to a cgroup in its own (model.c).  Any context.
 *
 * Return: true while in its start-up; false if it has none, or it ended.
 */
bool cgw_cgroup_starting(const struct cgw_cgroup *cg)
{
	u32 ms = READ_ONCE(cg->startup_ms);

	return ms && !READ_ONCE(cg->listened) &&
	       ktime_get_ns() - cg->first_seen < (u64)ms * NSEC_PER_MSEC;
}

/**
 * cgw_cgroup_startup_ms() - the start-up length cgroup @id has
 * @id: a cgroup id
 *
 * Return: its startup_ms, or 0 if it has no state.
 */
u32 cgw_cgroup_startup_ms(u64 id)
{
	struct cgw_cgroup *cg;
	u32 ms = 0;

	rcu_read_lock();
	cg = cgw_cgroup_lookup(id);
	if (cg)
		ms = READ_ONCE(cg->startup_ms);
	rcu_read_unlock();
	return ms;
}

/**
 * cgw_cgroup_listened() - a task of @cg listens: its start-up is over
 * @cg: a cgroup's state
 *
 * Written once per cgroup, and only if it has a start-up.  Any context.
 */
void cgw_cgroup_listened(struct cgw_cgroup *cg)
{
	if (READ_ONCE(cg->startup_ms) && !READ_ONCE(cg->listened))
		WRITE_ONCE(cg->listened, true);
}

/**
 * cgw_cgroup_ops() - operations of @cg seen so far, every hook
 * @cg: the state
 *
 * Return: the sum of its per-operation call counters.
 */
u64 cgw_cgroup_ops(const struct cgw_cgroup *cg)
{
	u64 n = 0;
	unsigned int op;
	int cpu;

	for_each_possible_cpu(cpu)
		for (op = 0; op < CGW_OP_COUNT; op++)
			n += READ_ONCE(per_cpu_ptr(cg->calls, cpu)->n[op]);
	return n;
}

/**
 * cgw_cgroup_learned() - @cg's model got a new entry at @now
 * @cg: the state that learned it
 * @now: ktime_get_ns()
 *
 * Quiet starts again: in wall time and in the cgroup's own operations.
 */
void cgw_cgroup_learned(struct cgw_cgroup *cg, u64 now)
{
	WRITE_ONCE(cg->last_new, now);
	WRITE_ONCE(cg->ops_mark, cgw_cgroup_ops(cg));
}

/*
 * Has @cg learned enough to move on by itself at @now?  It must be set to
 * end learning, have had no new entry for quiet_ms, nor in quiet_ops of
 * its own operations (a workload slowed down, or idle, is not quiet: its
 * next steps are still to come), and have learned for min_learn_ms at
 * least.
 */
bool cgw_learn_done(const struct cgw_cgroup *cg, u64 now)
{
	u64 since = READ_ONCE(cg->learn_since);
	u64 last = max(READ_ONCE(cg->last_new), since);

	if (READ_ONCE(cg->mode) != CGW_MODE_LEARN || !cg->quiet_ms)
		return false;
	return now - last >= (u64)cg->quiet_ms * NSEC_PER_MSEC &&
	       now - since >= (u64)cg->min_learn_ms * NSEC_PER_MSEC &&
	       cgw_cgroup_ops(cg) - READ_ONCE(cg->ops_mark) >= cg->quiet_ops;
}

/*
 * The cgroups that share @cg's model, learn to end by themselves, and
 * where no task ever ran (the parent a container runtime makes its
 * container's cgroup in) never get quiet in operations of their own:
 * their model is learned when @cg's is, so they move on with it.  A
 * container made again below them is then born in their next mode, not
 * learning.
 */
static void cgw_promote_empty(const struct cgw_cgroup *cg,
			      void (*told)(const struct cgw_cgroup *cg))
{
	const struct cgw_model *m = rcu_access_pointer(cg->model);
	struct cgw_cgroup *e;
	unsigned int bkt;

	lockdep_assert_held(&cgw_ctl_lock);
	hash_for_each_rcu(cgw_cg_table, bkt, e, node) {
		if (e == cg || rcu_access_pointer(e->model) != m ||
		    READ_ONCE(e->mode) != CGW_MODE_LEARN || !e->quiet_ms ||
		    cgw_cgroup_ops(e))
			continue;
		cgw_drift_mark(e, e->then_mode);
		WRITE_ONCE(e->mode, e->then_mode);
		if (told)
			told(e);
	}
}

/*
 * Process context: move every cgroup whose learning has ended by itself
 * (cgw_learn_done()) to its next mode, and tell @told of each.
 */
void cgw_cgroup_promote(u64 now, void (*told)(const struct cgw_cgroup *cg))
{
	struct cgw_cgroup *cg;
	unsigned int bkt;

	mutex_lock(&cgw_ctl_lock);
	rcu_read_lock();
	hash_for_each_rcu(cgw_cg_table, bkt, cg, node) {
		if (!cgw_learn_done(cg, now))
			continue;
		cgw_drift_mark(cg, cg->then_mode);
		WRITE_ONCE(cg->mode, cg->then_mode);
		if (told)
			told(cg);
		cgw_promote_empty(cg, told);
	}
	rcu_read_unlock();
	mutex_unlock(&cgw_ctl_lock);
}

/* Callers hold rcu_read_lock(); *bucket and *idx start at zero. */
struct cgw_cgroup *cgw_cgroup_nth(unsigned long *bucket, unsigned long *idx)
{
	struct cgw_cgroup *cg;
	unsigned long i;

	for (; *bucket < HASH_SIZE(cgw_cg_table); (*bucket)++, *idx = 0) {
		i = 0;
		hlist_for_each_entry_rcu(cg, &cgw_cg_table[*bucket], node) {
			if (i++ == *idx) {
				(*idx)++;
				return cg;
			}
		}
	}
	return NULL;
}

/* Cache which policy rules apply to @cg; the old view goes after a GP. */
void cgw_cgroup_set_view(struct cgw_cgroup *cg, struct cgw_view *v)
{
	struct cgw_view *old;

	spin_lock_bh(&cgw_cg_lock);
	old = rcu_replace_pointer(cg->view, v, lockdep_is_held(&cgw_cg_lock));
	spin_unlock_bh(&cgw_cg_lock);
	if (old)
		kfree_rcu(old, rcu);
}

static void cgw_cgroup_free_rcu(struct rcu_head *head)
{
	struct cgw_cgroup *cg = container_of(head, struct cgw_cgroup, rcu);

	/* Nobody can set a view any more: a grace period has passed. */
	kfree(rcu_dereference_protected(cg->view, true));
	cgw_cgroup_free(cg);
}

/* Under cgw_cg_lock.  Hooks may still hold @cg until a grace period. */
static void cgw_cgroup_remove(struct cgw_cgroup *cg)
{
	hash_del_rcu(&cg->node);
	atomic_dec(&cgw_cg_count);
	cg->dead = true;
	cgw_vcache_invalidate();	/* before its memory can be reused */
	cgw_model_put(rcu_replace_pointer(cg->model, NULL,
					  lockdep_is_held(&cgw_cg_lock)));
	cgw_model_put(rcu_replace_pointer(cg->cand, NULL,
					  lockdep_is_held(&cgw_cg_lock)));
	call_rcu(&cg->rcu, cgw_cgroup_free_rcu);
}

/*
 * Process context: release the state of every cgroup @alive says is gone
 * (every cgroup when @alive is NULL).  @alive must not sleep.  The control
 * lock keeps mode changes from using an entry while it is removed.
 */
void cgw_cgroup_reap(bool (*alive)(u64 id))
{
	struct cgw_cgroup *cg;
	unsigned int bkt;

	mutex_lock(&cgw_ctl_lock);
	rcu_read_lock();
	hash_for_each_rcu(cgw_cg_table, bkt, cg, node) {
		if (alive && alive(cg->id))
			continue;
		spin_lock_bh(&cgw_cg_lock);
		cgw_cgroup_remove(cg);
		spin_unlock_bh(&cgw_cg_lock);
		if (alive)
			atomic64_inc(&cgw_stats.cgroups_released);
	}
	rcu_read_unlock();
	mutex_unlock(&cgw_ctl_lock);
	cgw_gate_refresh();
}

int cgw_cgroup_init(void)
{
	cgw_cgroup_pool_refill();
	return cgw_pool_len ? 0 : -ENOMEM;
}

/* After the hooks are gone: free every cgroup and the pool. */
void cgw_cgroup_exit(void)
{
	cancel_work_sync(&cgw_pool_work);
	cgw_cgroup_reap(NULL);
	while (cgw_pool_len)
		cgw_model_put(cgw_pool[--cgw_pool_len]);
}
