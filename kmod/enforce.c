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
#include "created.h"
#include "enforce.h"
#include "fault.h"
#include "generalise.h"
#include "policy.h"
#include "vcache.h"

/*
 * A hook's read-side critical section.  Hooks run with preemption off
 * (ftrace's recursion lock, a kprobe handler), which is one already:
 * since the RCU flavours were merged (4.20), synchronize_rcu() and
 * call_rcu() wait for preemption-disabled code as for rcu_read_lock().
 * On Debian's PREEMPT_RCU kernels rcu_read_lock() is two out-of-line
 * calls per hooked call; with lockdep's RCU checking it is taken, so
 * that rcu_dereference() is checked as everywhere else.
 */
static __always_inline void cgw_hook_rcu_lock(void)
{
	if (IS_ENABLED(CONFIG_PROVE_RCU))
		rcu_read_lock();
	else
		WARN_ON_ONCE(preemptible());
}

static __always_inline void cgw_hook_rcu_unlock(void)
{
	if (IS_ENABLED(CONFIG_PROVE_RCU))
		rcu_read_unlock();
}

/* Current's cgroup path, into the per-CPU buffer; its length or -1. */
static int cgw_current_cgroup_path(const char **path)
{
	char *buf = this_cpu_ptr(cgw_scratch)->cgroup;
	int n = cgroup_path(task_dfl_cgroup(current), buf, PATH_MAX);

	*path = buf;
	return n > 0 && n < PATH_MAX ? n : -1;
}

/*
 * Who decides a call of current: @cg is the state whose model, counters
 * and breaker serve (NULL: none, decided without a model), in @mode.
 * @own: @cg is current's own cgroup's state, so its cached policy view
 * and the verdict cache hold for current.
 */
struct cgw_who {
	struct cgw_cgroup *cg;
	u64 id;			/* current's cgroup */
	unsigned int mode;
	bool own;
};

/* The mode the policy gives current's cgroup on first sight, or NONE. */
static u8 cgw_policy_base(const struct cgw_policy *pol)
{
	const char *path;
	int len;

	if (!pol || !pol->has_modes)
		return CGW_MODE_NONE;
	len = cgw_current_cgroup_path(&path);
	return len < 0 ? CGW_MODE_NONE : cgw_policy_new_mode(pol, path, len);
}

/*
 * Does a cgroup that has no state need some?  Below a tracked ancestor
 * it does (it inherits, however deep); with a default mode, or a policy
 * that gives modes, it may.  Otherwise it is off, and decided without
 * state: nothing is allocated for it.  Callers hold rcu_read_lock().
 */
static bool cgw_needs_state(struct cgroup *cgrp, const struct cgw_policy *pol,
			    struct cgw_cgroup **anc)
{
	*anc = NULL;
	if (cgw_cgroup_maybe_below(cgrp))
		*anc = cgw_cgroup_nearest(cgrp, false);
	return *anc || cgw_default_for(cgroup_id(cgrp)) != CGW_MODE_OFF ||
	       (pol && pol->has_modes);
}

/*
 * The state of @cgrp (current's), made on first sight from the nearest
 * tracked ancestor, however deep, if it needs one.  NULL with *@off set:
 * it needs none, and is off.  Callers hold rcu_read_lock().
 */
static struct cgw_cgroup *cgw_current_cgroup(struct cgroup *cgrp,
					     const struct cgw_policy *pol,
					     bool *off)
{
	struct cgw_cgroup *cg = cgw_cgroup_lookup(cgroup_id(cgrp)), *a;
	u64 anc;

	*off = false;
	if (likely(cg))
		return cg;
	if (!cgw_needs_state(cgrp, pol, &a)) {
		*off = true;
		return NULL;
	}
	anc = a ? a->id : 0;
	return cgw_cgroup_get_or_inherit(cgroup_id(cgrp), &anc, a ? 1 : 0,
					 cgw_policy_base(pol), CGW_GFP_HOOK);
}

/*
 * No state for current's cgroup (the table is full, or memory short): it
 * is decided as it would have been with state, never more weakly.  Its
 * nearest tracked ancestor's model and mode, the policy's mode for it,
 * and the policy's rules (worked out per call, see cgw_rules_of()).
 */
static void cgw_who_untracked(struct cgw_who *w, struct cgroup *cgrp,
			      const struct cgw_policy *pol)
{
	u8 base = cgw_policy_base(pol);

	w->own = false;
	w->cg = cgw_cgroup_nearest(cgrp, false);
	w->mode = cgw_default_for(w->id);
	if (w->cg)
		w->mode = max(w->mode, READ_ONCE(w->cg->mode));
	if (base != CGW_MODE_NONE)
		w->mode = max_t(unsigned int, w->mode, base);
}

/*
 * The policy rules that apply to current's cgroup, worked out once per
 * policy from its path and kept in its state; into @buf when it has no
 * state of its own.  NULL if memory is short.
 */
static const unsigned long *
cgw_rules_of(const struct cgw_who *w, const struct cgw_policy *pol,
	     unsigned long *buf)
{
	struct cgw_view *v = w->own ? rcu_dereference(w->cg->view) : NULL;
	const char *path;
	int len;

	if (likely(v && v->gen == pol->gen))
		return v->rules;
	len = cgw_current_cgroup_path(&path);
	if (len < 0)
		return NULL;
	if (!w->own) {
		cgw_policy_rules_for(pol, path, len, buf);
		return buf;
	}
	v = cgw_faulty(kmalloc(sizeof(*v), CGW_GFP_HOOK));
	if (!v)
		return NULL;
	v->gen = pol->gen;
	cgw_policy_rules_for(pol, path, len, v->rules);
	cgw_cgroup_set_view(w->cg, v);
	return v->rules;
}

/*
 * @o as its model entry spells it: a file name's per-instance parts
 * collapsed (generalise.c), unless it names a program (run or traced:
 * CGW_ACC_PROGRAM), is a secret, or is written where programs and
 * configuration live.  Into the per-CPU buffer.
 */
static void cgw_model_obj(struct cgw_obj *o, struct cgw_obj *mo)
{
	if (o->kind == CGW_KIND_FILE && !o->cls)
		o->cls = cgw_path_class(o->path, o->path_len);
	*mo = *o;
	if (o->kind != CGW_KIND_FILE || !READ_ONCE(cgw_config.collapse_names) ||
	    !cgw_class_may_collapse(o->cls, o->access))
		return;
	mo->path = this_cpu_ptr(cgw_scratch)->gen;
	mo->path_len = cgw_generalise_name(o->path, o->path_len,
					   this_cpu_ptr(cgw_scratch)->gen,
					   o->access & CGW_MOUNT_POINT);
}

/*
 * Pairing binds what a program reads, writes, contacts and runs to it:
 * an exec, to the program that runs it (at security_bprm_check current
 * still runs it).  Not the file an exec opens (and its ELF interpreter),
 * which is the program run, nor argv[0], which is read once the new
 * program runs (@h->unpaired).  But a program without a path (a memfd,
 * an unlinked file: program.c) is only what the program that runs it
 * made it: its exec and the exec's open of it are bound to that
 * program, whatever exe_pairing says.
 */
static enum cgw_seen cgw_pair(const struct cgw_hook_def *h, struct cgw_obj *o)
{
	if (!cgw_obj_unnamed(o) &&
	    ((o->kind == CGW_KIND_EXEC && h->unpaired) ||
	     (o->kind == CGW_KIND_FILE && (o->access & CGW_ACC_EXEC)) ||
	     !READ_ONCE(cgw_config.exe_pairing)))
		return CGW_SEEN_OBJ;
	o->exe = cgw_see_exe(&o->exe_len);
	return o->exe ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}

/* The cgroup whose makings are current's own: the top of its subtree. */
static u64 cgw_owner(const struct cgw_who *w)
{
	if (!w->cg)
		return 0;
	return READ_ONCE(w->cg->budget_id) ?: w->cg->id;
}

/*
 * Is @o's file current's cgroup's own?  One it is making now (a create
 * has no inode yet), or one it made (created.c).
 */
static bool cgw_own(const struct cgw_who *w, const struct cgw_obj *o)
{
	u64 owner = cgw_owner(w);

	if (!owner || o->kind != CGW_KIND_FILE)
		return false;
	if (o->access == CGW_ACC_CREATE && !o->inode)
		return true;
	return cgw_created_by(owner, o->inode);
}

/*
 * How many directories above @o's name, in a row, @w's cgroup made too
 * (postgres' pgsql_tmp/pgsql_tmp<pid>.0.fileset/0.0): what is made in a
 * directory it made is its own as much.  Walked under RCU; a rename that
 * races makes the count one of the names' the file had.
 */
static u8 cgw_own_up(const struct cgw_who *w, const struct cgw_obj *o)
{
	const struct dentry *d = o->dir, *up;
	u64 owner = cgw_owner(w);
	u8 n = 0;

	while (d && n < CGW_OWN_UP_MAX && cgw_created_by(owner, d_inode(d))) {
		n++;
		up = READ_ONCE(d->d_parent);
		if (up == d)
			break;
		d = up;
	}
	return n;
}

/* @o is @w's cgroup's own (@own), and so are how many directories above it. */
static void cgw_set_own(const struct cgw_who *w, struct cgw_obj *o, bool own)
{
	o->own = own;
	o->own_up = own ? cgw_own_up(w, o) : 0;
}

/*
 * A name given to an object (link, rename) is the cgroup's own only if
 * what it named before, if anything, was too: renaming over a file
 * removes it.
 */
static bool cgw_own_name(const struct cgw_who *w, const struct cgw_name *n,
			 const struct cgw_obj *o)
{
	const struct inode *old = n->child ? d_inode(n->child) : NULL;

	if (!cgw_own(w, o))
		return false;
	return !old || old == o->inode || cgw_created_by(cgw_owner(w), old);
}

/* What is not simply allowed is counted and reported. */
static void cgw_report(const struct cgw_hook_def *h, const struct cgw_who *w,
		       const struct cgw_obj *o, const struct cgw_decision *d)
{
	struct cgw_event ev = {
		.op = h->op,
		.cgroup_id = w->id,
		.cg = w->cg,
		.obj = o,
		.d = d,
		.mode = w->mode,
	};

	if (w->cg && d->verdict == CGW_VERDICT_DENY)
		atomic64_inc(&w->cg->denials);
	else if (w->cg)
		atomic64_inc(&w->cg->alerts);
	if (d->tripped)
		ev.mode = CGW_MODE_PROTECT;	/* what refused it */
	cgw_alert(&ev);
	if (d->tripped)
		cgw_alert_breaker(w->cg);
}

/* What the policy says of @o, or -1; *@seen becomes UNKNOWN if unsure. */
static int cgw_policy_say(const struct cgw_who *w, const struct cgw_obj *o,
			  enum cgw_seen *seen)
{
	struct cgw_policy *pol = rcu_dereference(cgw_policy);
	DECLARE_BITMAP(buf, CGW_POLICY_MAX_RULES);
	const unsigned long *rules;

	if (!pol || *seen != CGW_SEEN_OBJ)
		return -1;
	rules = cgw_rules_of(w, pol, buf);
	if (rules)
		return cgw_policy_check(pol, rules, o);
	*seen = CGW_SEEN_UNKNOWN;	/* unchecked: undecided */
	return -1;
}

/*
 * Decide on what a hook saw (@seen, @o), after the policy and the model.
 * @vk: the verdict cache key to keep an allow under, or NULL.  What could
 * not be resolved is reported with what was seen of it, if anything: a
 * socket's family, type and protocol.
 */
static u8 cgw_decide_seen(const struct cgw_hook_def *h,
			  const struct cgw_who *w, enum cgw_seen seen,
			  struct cgw_obj *o, const struct cgw_vkey *vk)
{
	struct cgw_decision d;
	struct cgw_obj mo;
	int action;

	if (seen == CGW_SEEN_OBJ)
		seen = cgw_pair(h, o);
	/* Names given to an object: cgw_decide_names() said whose. */
	if (seen == CGW_SEEN_OBJ && !h->names)
		cgw_set_own(w, o, cgw_own(w, o));
	action = cgw_policy_say(w, o, &seen);
	if (seen == CGW_SEEN_OBJ) {
		if (w->cg)
			cgw_note_written(w->cg, o);
		cgw_model_obj(o, &mo);
	}
	cgw_decide_mode(w->cg, w->mode, seen == CGW_SEEN_OBJ ? &mo : NULL,
			action, &d, CGW_GFP_HOOK);
	if (seen == CGW_SEEN_TOO_LONG && d.reason == CGW_REASON_UNDECIDED)
		d.reason = CGW_REASON_TOO_LONG;
	if (d.verdict == CGW_VERDICT_ALLOW) {
		if (vk && w->own && !d.startup &&
		    (d.reason == CGW_REASON_MODEL ||
		     d.reason == CGW_REASON_POLICY_ALLOW))
			cgw_vcache_store(vk);
		return d.verdict;
	}
	if (seen != CGW_SEEN_OBJ)
		o->exe_len = 0;
	cgw_report(h, w, seen == CGW_SEEN_OBJ || o->family ? o : NULL, &d);
	return d.verdict;
}

/* The accesses a name can grant an object, for the link subset rule. */
static const u32 cgw_grant_bits[] = {
	CGW_ACC_READ, CGW_ACC_WRITE, CGW_ACC_APPEND, CGW_ACC_EXEC,
};

#define CGW_GRANT_ALL	(CGW_ACC_READ | CGW_ACC_WRITE | CGW_ACC_APPEND | \
			 CGW_ACC_EXEC)

/*
 * What @o's name grants current's cgroup, by any of its programs: for
 * each access of cgw_grant_bits, denied by a rule, allowed by one, or
 * learned in the model for the path as it is spelt exactly (exec, writes
 * where programs live) or collapsed (generalise.c).  False if it could
 * not be worked out (no memory for the rules).
 */
static bool cgw_grants_of(const struct cgw_who *w, const struct cgw_obj *o,
			  struct cgw_grants *g)
{
	struct cgw_policy *pol = rcu_dereference(cgw_policy);
	struct cgw_model *m = w->cg ? cgw_cgroup_model(w->cg) : NULL;
	DECLARE_BITMAP(buf, CGW_POLICY_MAX_RULES);
	const unsigned long *rules = NULL;
	struct cgw_obj q, mq;
	unsigned int i;
	int action;

	g->granted = 0;
	g->denied = 0;
	q = *o;
	q.exe = NULL;
	q.exe_len = 0;
	if (m) {
		q.access = CGW_ACC_READ;	/* spelt as a read would be */
		cgw_model_obj(&q, &mq);
		g->granted = (cgw_model_grants(m, &q) |
			      cgw_model_grants(m, &mq)) & CGW_GRANT_ALL;
	}
	if (!pol)
		return true;
	rules = cgw_rules_of(w, pol, buf);
	if (!rules)
		return false;
	for (i = 0; i < ARRAY_SIZE(cgw_grant_bits); i++) {
		q.access = cgw_grant_bits[i];
		action = cgw_policy_check(pol, rules, &q);
		if (action == CGW_ACTION_DENY) {
			g->denied |= q.access;
			g->granted &= ~q.access;
		} else if (action == CGW_ACTION_ALLOW) {
			g->granted |= q.access;
		}
	}
	return true;
}

/*
 * The link subset rule: @n's object may not get, by its new name (@i),
 * an access its other name (@g[!i]) does not grant.  Reported on name @i,
 * with the access it would have widened to.
 */
static u8 cgw_check_subset(const struct cgw_hook_def *h,
			   const struct cgw_who *w, const struct cgw_names *n,
			   const struct cgw_grants *g, unsigned int i)
{
	struct cgw_decision d;
	struct cgw_obj o;
	u32 widened;

	widened = cgw_decide_subset(w->cg, w->mode, &g[!i], &g[i], &d);
	if (d.verdict == CGW_VERDICT_ALLOW)
		return d.verdict;
	memset(&o, 0, sizeof(o));
	if (cgw_see_name(&n->name[i], &o) != CGW_SEEN_OBJ) {
		cgw_report(h, w, NULL, &d);
		return d.verdict;
	}
	o.access = widened;
	cgw_report(h, w, &o, &d);
	return d.verdict;
}

/*
 * An operation that gives an object a new name (link, rename): each name
 * asked an access is decided like an open; then the new name (both, for
 * an exchange) must not grant more than the old one.  The worst verdict
 * wins.  Names are built one at a time, in one per-CPU buffer.
 */
static u8 cgw_decide_names(const struct cgw_hook_def *h,
			   const struct cgw_who *w, struct pt_regs *regs)
{
	struct cgw_grants g[2];
	u8 verdict = CGW_VERDICT_ALLOW, v;
	struct cgw_names n;
	enum cgw_seen seen;
	struct cgw_obj o;
	unsigned int i;

	if (h->names(regs, &n) != CGW_SEEN_OBJ)
		return CGW_VERDICT_ALLOW;
	for (i = 0; i < 2; i++) {
		memset(&o, 0, sizeof(o));
		seen = cgw_see_name(&n.name[i], &o);
		if (seen == CGW_SEEN_OBJ)
			cgw_set_own(w, &o, cgw_own_name(w, &n.name[i], &o));
		if (n.name[i].access || seen != CGW_SEEN_OBJ) {
			v = cgw_decide_seen(h, w, seen, &o, NULL);
			verdict = max(verdict, v);
			if (seen != CGW_SEEN_OBJ || v == CGW_VERDICT_DENY)
				return verdict;
		}
		if (!cgw_grants_of(w, &o, &g[i]))
			return max(verdict, cgw_decide_seen(h, w,
							    CGW_SEEN_UNKNOWN,
							    &o, NULL));
	}
	v = cgw_check_subset(h, w, &n, g, 1);
	if (n.exchange && v != CGW_VERDICT_DENY)
		v = max(v, cgw_check_subset(h, w, &n, g, 0));
	return max(verdict, v);
}

/*
 * Decide on one object a hook saw (@seen, @o): nothing to mediate, a task
 * placed outside its cgroup's closed subtree, an allow of a network
 * destination kept from before, or else cgw_decide_seen().  @vk: the
 * verdict cache key, or NULL when current has no state of its own.
 */
static u8 cgw_decide_obj(const struct cgw_hook_def *h,
			 const struct cgw_who *w, enum cgw_seen seen,
			 struct cgw_obj *o, struct cgw_vkey *vk)
{
	struct cgw_decision d;

	if (seen == CGW_SEEN_NONE)
		return CGW_VERDICT_ALLOW;
	if (seen == CGW_SEEN_ESCAPE) {
		/* No rule or model entry can let a task out. */
		cgw_decide_escape(w->mode, &d);
		cgw_report(h, w, o, &d);
		return d.verdict;
	}
	/* Not when the hook's own cache check made a key: an allow keeps it. */
	if (vk && !vk->cg && seen == CGW_SEEN_OBJ &&
	    o->kind == CGW_KIND_NET && cgw_vcache_lookup_net(w->cg, o, vk))
		return CGW_VERDICT_ALLOW;
	return cgw_decide_seen(h, w, seen, o, vk);
}

/*
 * A call about several objects (hook->see_nth): each decided, the worst
 * verdict kept; the first refusal, or object not resolved, ends it.
 */
static u8 cgw_decide_each(const struct cgw_hook_def *h,
			  const struct cgw_who *w, struct pt_regs *regs)
{
	u8 verdict = CGW_VERDICT_ALLOW, v;
	struct cgw_vkey vk __uninitialized;
	struct cgw_obj o __uninitialized;
	enum cgw_seen seen;
	unsigned int n;

	for (n = 0; n <= CGW_SEE_MAX_OBJS; n++) {
		memset(&o, 0, sizeof(o));
		seen = h->see_nth(regs, n, &o);
		if (seen == CGW_SEEN_END)
			break;
		vk.cg = NULL;
		v = cgw_decide_obj(h, w, seen, &o, w->own ? &vk : NULL);
		verdict = max(verdict, v);
		if (v == CGW_VERDICT_DENY || seen != CGW_SEEN_OBJ)
			break;
	}
	return verdict;
}

/*
 * A call the verdict cache did not answer.  @vk: the key it was asked
 * under (or NULL: current has no state of its own), to keep an allow.
 * Out of line, with the object it fills: a hit pays for neither (the
 * kernel zeroes every local of a function on entry).
 */
static noinline u8 cgw_decide_call(const struct cgw_hook_def *h,
				   const struct cgw_who *w,
				   struct pt_regs *regs, struct cgw_vkey *vk)
{
	struct cgw_obj o __uninitialized;

	if (h->see_nth)
		return cgw_decide_each(h, w, regs);
	if (h->names)
		return cgw_decide_names(h, w, regs);
	memset(&o, 0, sizeof(o));
	return cgw_decide_obj(h, w, h->see(regs, &o), &o, vk);
}

/* A call decided: first from the verdict cache, then the long way. */
static __always_inline u8 cgw_judge(const struct cgw_hook_def *h,
				    const struct cgw_who *w,
				    struct pt_regs *regs)
{
	struct cgw_vkey vk __uninitialized;

	vk.cg = NULL;
	if (!w->own)
		return cgw_decide_call(h, w, regs, NULL);
	if (h->cached && h->cached(w->cg, regs, &vk))
		return CGW_VERDICT_ALLOW;
	return cgw_decide_call(h, w, regs, &vk);
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
/*
 * After a call that was not refused: a name removed is no longer its
 * object's maker's (whoever removes it); a name made by a tracked cgroup
 * (@owner) will be its own once the file exists.
 */
static void cgw_after(const struct cgw_hook_def *h, struct pt_regs *regs,
		      u64 owner, u8 verdict)
{
	if (verdict == CGW_VERDICT_DENY)
		return;
	if (h->forget)
		h->forget(regs);
	if (h->creates && owner)
		cgw_created_pending(owner, (const struct dentry *)regs->si);
}

u8 cgw_enforce(const struct cgw_hook_def *h, struct pt_regs *regs)
{
	struct cgw_policy *pol;
	struct cgroup *cgrp;
	struct cgw_who w;
	u8 verdict = CGW_VERDICT_ALLOW;
	bool off;
	u64 owner = 0;

	if (h->watch) {
		h->watch(regs);
		return CGW_VERDICT_ALLOW;
	}
	/* Nothing tracked, no default mode, no policy mode: all is off. */
	if (!static_branch_unlikely(&cgw_gate))
		return CGW_VERDICT_ALLOW;
	cgw_created_unnote();
	/* Kernel threads act for the kernel; they are not a workload. */
	if (current->flags & PF_KTHREAD) {
		cgw_after(h, regs, 0, verdict);
		return CGW_VERDICT_ALLOW;
	}
	cgw_hook_rcu_lock();
	pol = rcu_dereference(cgw_policy);
	cgrp = task_dfl_cgroup(current);
	w.id = cgroup_id(cgrp);
	w.cg = cgw_current_cgroup(cgrp, pol, &off);
	if (likely(w.cg)) {
		w.own = true;
		if (!h->kill)
			this_cpu_inc(w.cg->calls->n[h->op]);
		w.mode = READ_ONCE(w.cg->mode);
	} else if (off) {
		w.own = false;
		w.mode = CGW_MODE_OFF;
	} else {
		cgw_who_untracked(&w, cgrp, pol);
	}
	if (w.mode != CGW_MODE_OFF)
		verdict = cgw_judge(h, &w, regs);
	/*
	 * What a cgroup with state makes is its own in every mode: set off
	 * for a while and back to protect, it still knows its files.
	 */
	if (h->creates)
		owner = cgw_owner(&w);
	/* A service that listens has started: its start-up is over. */
	if (unlikely(h->op == CGW_OP_LISTEN) && w.own &&
	    verdict != CGW_VERDICT_DENY)
		cgw_cgroup_listened(w.cg);
	cgw_hook_rcu_unlock();
	cgw_after(h, regs, owner, verdict);
	return cgw_carry_out(h, verdict);
}

/**
 * cgw_enforce_missed() - the verdict for a call that could not be decided
 * @h: the hook
 *
 * Re-entry: another ftrace callback of this context is running and
 * reached a hooked function.  A protected cgroup (or one without state
 * below a protected one) still gets a refusal, since nothing was checked.
 *
 * Return: as cgw_enforce().
 */
u8 cgw_enforce_missed(const struct cgw_hook_def *h)
{
	struct cgroup *cgrp;
	struct cgw_cgroup *cg;
	u8 verdict = CGW_VERDICT_ALLOW;

	if (h->watch)
		return verdict;	/* never refused: other LSMs' hooks run */
	if (!static_branch_unlikely(&cgw_gate))
		return cgw_carry_out(h, verdict);
	/* without the recursion lock, preemption may be on: a real one */
	rcu_read_lock();
	cgrp = task_dfl_cgroup(current);
	cg = cgw_cgroup_lookup(cgroup_id(cgrp));
	if (!cg)
		cg = cgw_cgroup_nearest(cgrp, false);
	if (cg && READ_ONCE(cg->mode) == CGW_MODE_PROTECT)
		verdict = CGW_VERDICT_DENY;
	rcu_read_unlock();
	return cgw_carry_out(h, verdict);
}
