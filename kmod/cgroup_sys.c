// SPDX-License-Identifier: GPL-2.0
/*
 * What cgwarden asks of the kernel's cgroups: whether one still exists,
 * which tracked cgroup speaks for one, and where a subtree's fence runs.  Not in the KUnit
 * build, which has no real cgroups (kmod/tests/kunit_env.c stands in).
 *
 * A protected cgroup is a closed subtree.  A cgroup below it, however
 * deep, is decided by its nearest tracked ancestor (cgw_cgroup_nearest()):
 * its state inherits from that one, and without state (the table is full,
 * memory short) that one decides it directly.  And a task of the subtree
 * cannot place a task outside it (cgw_cgroup_fenced()).
 */
#include <linux/cgroup.h>
#include <linux/sched.h>
#include "cgroup.h"
#include "policy.h"

/**
 * cgw_cgroup_alive() - whether cgroup @id still exists
 * @id: a cgroup v2 id
 *
 * The root cgroup always exists; others while their directory is online.
 * Process context.
 *
 * Return: true if it does.
 */
bool cgw_cgroup_alive(u64 id)
{
	struct cgroup *cgrp;
	bool alive;

	if (id == 1)
		return true;
	cgrp = cgroup_get_from_id(id);
	if (IS_ERR(cgrp))
		return false;
	alive = cgrp->self.flags & CSS_ONLINE;
	cgroup_put(cgrp);
	return alive;
}

/**
 * cgw_cgroup_nearest() - the tracked cgroup that speaks for @cgrp
 * @cgrp: a cgroup v2 cgroup
 * @self: whether @cgrp itself counts, or only its ancestors
 *
 * The nearest tracked one (of @cgrp and) its ancestors whose mode is not
 * off.  A cgroup nests without limit, and every level is looked at: the
 * kernel keeps each cgroup's ancestors in cgrp->ancestors[], root first.
 * Callers hold rcu_read_lock().
 *
 * Return: its state, or NULL if there is none.
 */
struct cgw_cgroup *cgw_cgroup_nearest(struct cgroup *cgrp, bool self)
{
	int level = cgrp->level - (self ? 0 : 1);
	struct cgw_cgroup *a;

	for (; level >= 0; level--) {
		a = cgw_cgroup_lookup(cgroup_id(cgrp->ancestors[level]));
		if (a && READ_ONCE(a->mode) != CGW_MODE_OFF)
			return a;
	}
	return NULL;
}

/**
 * cgw_cgroup_maybe_below() - may @cgrp have an ancestor with state?
 * @cgrp: a cgroup v2 cgroup
 *
 * One bit per ancestor (cgw_cgroup_maybe_held()), no lookup: a cgroup
 * none of whose ancestors ever had state is decided without any.  Any
 * context.
 *
 * Return: false only if none of its ancestors has state.
 */
bool notrace cgw_cgroup_maybe_below(struct cgroup *cgrp)
{
	int level;

	for (level = cgrp->level - 1; level >= 0; level--)
		if (cgw_cgroup_maybe_held(cgroup_id(cgrp->ancestors[level])))
			return true;
	return false;
}

/**
 * cgw_cgroup_skip() - may current's call go undecided?
 *
 * True when it would be decided off without a lookup or any state: a
 * kernel thread, or a cgroup that has no state and none under a tracked
 * ancestor (their bits are clear), no default mode and no policy modes.
 * What cgw_enforce() would find the long way (cgw_needs_state()), before
 * the hook takes its recursion lock: nothing here calls a hooked
 * function.  Any context; preemption may be on.
 *
 * Return: true if the call needs no decision.
 */
bool notrace cgw_cgroup_skip(void)
{
	const struct cgw_policy *pol;
	struct cgroup *cgrp;
	bool skip;
	u64 id;

	if (current->flags & PF_KTHREAD)
		return true;
	/* current's css_set and the policy are freed after a grace period */
	if (IS_ENABLED(CONFIG_PROVE_RCU))
		rcu_read_lock();
	else
		preempt_disable_notrace();
	cgrp = task_dfl_cgroup(current);
	id = cgroup_id(cgrp);
	pol = rcu_dereference(cgw_policy);
	skip = !cgw_cgroup_maybe_held(id) && !cgw_cgroup_maybe_below(cgrp) &&
	       cgw_default_for(id) == CGW_MODE_OFF && !(pol && pol->has_modes);
	if (IS_ENABLED(CONFIG_PROVE_RCU))
		rcu_read_unlock();
	else
		preempt_enable_notrace();
	return skip;
}

/**
 * cgw_cgroup_next_id() - an id above that of every cgroup there is now
 *
 * Cgroup ids (kernfs node ids) only grow.  Process context.
 *
 * Return: the highest id of the default hierarchy, plus one; 0 if it
 * could not be walked (every cgroup then counts as new).
 */
u64 cgw_cgroup_next_id(void)
{
	struct cgroup_subsys_state *pos;
	struct cgroup *root;
	u64 max = 0;

	root = cgroup_get_from_id(1);
	if (IS_ERR(root))
		return 0;
	rcu_read_lock();
	css_for_each_descendant_pre(pos, &root->self)
		max = max(max, cgroup_id(pos->cgroup));
	rcu_read_unlock();
	cgroup_put(root);
	return max + 1;
}

/*
 * The top of the subtree current is fenced in: the highest of its
 * cgroup and their ancestors that is tracked in a mode at least as strong
 * as @mode.  NULL if there is none.
 */
static struct cgroup *cgw_fence_top(struct cgroup *cgrp, unsigned int mode)
{
	struct cgw_cgroup *a;
	int level;

	for (level = 0; level <= cgrp->level; level++) {
		a = cgw_cgroup_lookup(cgroup_id(cgrp->ancestors[level]));
		if (a && READ_ONCE(a->mode) != CGW_MODE_OFF &&
		    READ_ONCE(a->mode) >= mode)
			return cgrp->ancestors[level];
	}
	return NULL;
}

/**
 * cgw_cgroup_fenced() - whether placing a task in @dst leaves current's fence
 * @dst: the cgroup a task is to be moved (or forked) into
 * @mode: the mode current is decided in
 *
 * A cgroup in learn, monitor or protect is a closed subtree for its
 * tasks: they may place tasks (themselves, their children) anywhere in
 * it, never outside.  The subtree is that of the highest of current's
 * cgroup and its ancestors tracked in @mode or stronger, so that moving
 * between a cgroup and a child it inherited protection from stays
 * allowed.  Callers hold rcu_read_lock().
 *
 * Return: true if @dst is outside it.
 */
bool cgw_cgroup_fenced(struct cgroup *dst, unsigned int mode)
{
	struct cgroup *top;

	if (mode == CGW_MODE_OFF)
		return false;
	top = cgw_fence_top(task_dfl_cgroup(current), mode);
	return top && !cgroup_is_descendant(dst, top);
}
