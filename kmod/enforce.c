// SPDX-License-Identifier: GPL-2.0
/*
 * One hooked call, decided: the cgroup of current (cgroup.c), the object
 * (see_*.c), what the policy (policy.c) and the model (model.c) say of it
 * (decide.c), and for what is not simply allowed, an alert (alert.c).
 * Allows the model or an allow rule vouched for are kept per CPU
 * (vcache.c), so that a repeat costs no path.
 *
 * Runs in the hook's context: preemption disabled (ftrace's recursion
 * lock) or a kprobe handler.  Nothing here sleeps.
 */
#include <linux/cgroup.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "alert.h"
#include "enforce.h"
#include "fault.h"
#include "generalise.h"
#include "policy.h"
#include "vcache.h"

/* Current's cgroup path, into the per-CPU buffer; its length or -1. */
static int cgw_current_cgroup_path(const char **path)
{
	char *buf = this_cpu_ptr(cgw_scratch)->cgroup;
	int n = cgroup_path(task_dfl_cgroup(current), buf, PATH_MAX);

	*path = buf;
	return n > 0 && n < PATH_MAX ? n : -1;
}

/* Callers hold rcu_read_lock(). */
static struct cgw_cgroup *cgw_current_cgroup(void)
{
	struct cgw_policy *pol = rcu_dereference(cgw_policy);
	struct cgroup *cgrp = task_dfl_cgroup(current), *p;
	struct cgw_cgroup *cg = cgw_cgroup_lookup(cgroup_id(cgrp));
	u8 base = CGW_MODE_NONE;
	u64 anc[CGW_INHERIT_DEPTH];
	unsigned int n = 0;
	const char *path;
	int len;

	if (likely(cg))
		return cg;
	for (p = cgroup_parent(cgrp); p && n < CGW_INHERIT_DEPTH;
	     p = cgroup_parent(p))
		anc[n++] = cgroup_id(p);
	if (pol && pol->has_modes) {
		len = cgw_current_cgroup_path(&path);
		if (len >= 0)
			base = cgw_policy_new_mode(pol, path, len);
	}
	return cgw_cgroup_get_or_inherit(cgroup_id(cgrp), anc, n, base,
					 GFP_ATOMIC);
}

/*
 * The policy rules that apply to @cg (current's cgroup), worked out once
 * per policy from its path.  NULL if memory is short.
 */
static const unsigned long *
cgw_rules_of(struct cgw_cgroup *cg, const struct cgw_policy *pol)
{
	struct cgw_view *v = rcu_dereference(cg->view);
	const char *path;
	int len;

	if (likely(v && v->gen == pol->gen))
		return v->rules;
	len = cgw_current_cgroup_path(&path);
	if (len < 0)
		return NULL;
	v = cgw_faulty(kmalloc(sizeof(*v), GFP_ATOMIC | __GFP_NOWARN));
	if (!v)
		return NULL;
	v->gen = pol->gen;
	cgw_policy_rules_for(pol, path, len, v->rules);
	cgw_cgroup_set_view(cg, v);
	return v->rules;
}

/*
 * @o as its model entry spells it: a file name's per-instance parts
 * collapsed (generalise.c), unless it is run, a secret, or written where
 * programs and configuration live.  Into the per-CPU buffer.
 */
static void cgw_model_obj(const struct cgw_obj *o, struct cgw_obj *mo)
{
	*mo = *o;
	if (o->kind != CGW_KIND_FILE || !READ_ONCE(cgw_config.collapse_names) ||
	    (o->access & CGW_ACC_EXEC))
		return;
	if (((o->access & (CGW_ACC_WRITE | CGW_ACC_APPEND)) &&
	     cgw_sensitive_path(o->path, o->path_len)) ||
	    cgw_secret_path(o->path, o->path_len))
		return;
	mo->path = this_cpu_ptr(cgw_scratch)->gen;
	mo->path_len = cgw_generalise_name(o->path, o->path_len,
					   this_cpu_ptr(cgw_scratch)->gen);
}

/*
 * Pairing binds what a program reads, writes and contacts to it.  Which
 * program runs is the exec entry's business, unbound: so is the file an
 * exec opens (and its ELF interpreter).
 */
static enum cgw_seen cgw_pair(struct cgw_obj *o)
{
	if (o->kind == CGW_KIND_EXEC || (o->access & CGW_ACC_EXEC) ||
	    !READ_ONCE(cgw_config.exe_pairing))
		return CGW_SEEN_OBJ;
	o->exe = cgw_see_exe(&o->exe_len);
	return o->exe ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}

/* What is not simply allowed is counted and reported. */
static void cgw_report(const struct cgw_hook_def *h, struct cgw_cgroup *cg,
		       const struct cgw_obj *o, const struct cgw_decision *d)
{
	struct cgw_event ev = {
		.op = h->op,
		.cgroup_id = cg->id,
		.obj = o,
		.d = d,
		.mode = READ_ONCE(cg->mode),
	};

	if (d->verdict == CGW_VERDICT_DENY)
		atomic64_inc(&cg->denials);
	else
		atomic64_inc(&cg->alerts);
	if (d->tripped)
		ev.mode = CGW_MODE_PROTECT;	/* what refused it */
	cgw_alert(&ev);
	if (d->tripped)
		cgw_alert_breaker(cg);
}

static u8 cgw_decide_call(const struct cgw_hook_def *h, struct cgw_cgroup *cg,
			  struct pt_regs *regs)
{
	struct cgw_policy *pol = rcu_dereference(cgw_policy);
	const unsigned long *rules;
	struct cgw_obj o, mo;
	struct cgw_decision d;
	struct cgw_vkey vk;
	enum cgw_seen seen;
	int action = -1;

	vk.cg = NULL;
	if (h->cached && h->cached(cg, regs, &vk))
		return CGW_VERDICT_ALLOW;
	memset(&o, 0, sizeof(o));
	seen = h->see(regs, &o);
	if (seen == CGW_SEEN_NONE)
		return CGW_VERDICT_ALLOW;
	if (seen == CGW_SEEN_OBJ && o.kind == CGW_KIND_NET &&
	    cgw_vcache_lookup_net(cg, &o, &vk))
		return CGW_VERDICT_ALLOW;
	if (seen == CGW_SEEN_OBJ)
		seen = cgw_pair(&o);
	if (pol && seen == CGW_SEEN_OBJ) {
		rules = cgw_rules_of(cg, pol);
		if (rules)
			action = cgw_policy_check(pol, rules, &o);
		else
			seen = CGW_SEEN_UNKNOWN;	/* unchecked: undecided */
	}
	if (seen == CGW_SEEN_OBJ) {
		cgw_note_written(cg, &o);
		cgw_model_obj(&o, &mo);
	}
	cgw_decide_policy(cg, seen == CGW_SEEN_OBJ ? &mo : NULL, action, &d,
			  GFP_ATOMIC);
	if (d.verdict == CGW_VERDICT_ALLOW) {
		if (d.reason == CGW_REASON_MODEL ||
		    d.reason == CGW_REASON_POLICY_ALLOW)
			cgw_vcache_store(&vk);
		return d.verdict;
	}
	cgw_report(h, cg, seen == CGW_SEEN_OBJ ? &o : NULL, &d);
	return d.verdict;
}

/* A refusal a hook cannot return: SIGKILL, before user space runs again. */
static u8 cgw_carry_out(const struct cgw_hook_def *h, u8 verdict)
{
	if (verdict == CGW_VERDICT_DENY && h->kill)
		force_sig(SIGKILL);
	return verdict;
}

/**
 * cgw_enforce() - the verdict for one call of hook @h
 * @h: the hook
 * @regs: the hooked function's arguments
 *
 * A refusal the hooked function cannot return (@h->kill) is carried out
 * here; the caller makes any other refusal return -EPERM.
 *
 * Return: the verdict, enum cgw_verdict.
 */
u8 cgw_enforce(const struct cgw_hook_def *h, struct pt_regs *regs)
{
	struct cgw_cgroup *cg;
	u8 verdict;

	/* Kernel threads act for the kernel; they are not a workload. */
	if (current->flags & PF_KTHREAD)
		return CGW_VERDICT_ALLOW;
	rcu_read_lock();
	cg = cgw_current_cgroup();
	if (likely(cg)) {
		if (!h->kill)
			atomic64_inc(&cg->calls[h->op]);
		verdict = CGW_VERDICT_ALLOW;
		if (READ_ONCE(cg->mode) != CGW_MODE_OFF)
			verdict = cgw_decide_call(h, cg, regs);
	} else {
		/*
		 * No state for the cgroup (table full, no memory): the mode
		 * it would have had, without a model, so protect still
		 * refuses.
		 */
		verdict = cgw_verdict_for(cgw_untracked_mode(),
					  CGW_REASON_FULL);
	}
	rcu_read_unlock();
	return cgw_carry_out(h, verdict);
}

/**
 * cgw_enforce_missed() - the verdict for a call that could not be decided
 * @h: the hook
 *
 * Re-entry: another ftrace callback of this context is running and
 * reached a hooked function.  A protected cgroup still gets a refusal,
 * since nothing was checked.
 *
 * Return: as cgw_enforce().
 */
u8 cgw_enforce_missed(const struct cgw_hook_def *h)
{
	struct cgw_cgroup *cg;
	u8 verdict = CGW_VERDICT_ALLOW;

	rcu_read_lock();
	cg = cgw_cgroup_lookup(cgroup_id(task_dfl_cgroup(current)));
	if (cg && READ_ONCE(cg->mode) == CGW_MODE_PROTECT)
		verdict = CGW_VERDICT_DENY;
	rcu_read_unlock();
	return cgw_carry_out(h, verdict);
}
