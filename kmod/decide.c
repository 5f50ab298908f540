// SPDX-License-Identifier: GPL-2.0
/*
 * Verdicts: mode x (what the model says) -> allow, alert or deny.  Pure
 * logic, tested by KUnit.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/ktime.h>
#include <linux/jhash.h>
#include "decide.h"
#include "generalise.h"

/*
 * Learn allows what it could not record but says so; monitor alerts on
 * anything outside the model; protect refuses it.  Nothing that cannot be
 * checked gets through protect: that is the fail-closed rule.
 */
u8 cgw_verdict_for(unsigned int mode, u8 reason)
{
	if (reason == CGW_REASON_MODEL || reason == CGW_REASON_POLICY_ALLOW ||
	    mode == CGW_MODE_OFF)
		return CGW_VERDICT_ALLOW;
	/* An explicit deny refuses even while learning. */
	if (reason == CGW_REASON_POLICY_DENY && mode == CGW_MODE_LEARN)
		return CGW_VERDICT_DENY;
	switch (mode) {
	case CGW_MODE_LEARN:
	case CGW_MODE_MONITOR:
		return CGW_VERDICT_ALERT;
	case CGW_MODE_PROTECT:
		return CGW_VERDICT_DENY;
	default:
		return CGW_VERDICT_ALLOW;
	}
}

/* The two bits of the written-files filter for @path. */
static void cgw_written_bits(const char *path, size_t len, u32 *a, u32 *b)
{
	u32 h = jhash(path, len, 0);

	*a = h % CGW_WRITTEN_BITS;
	*b = jhash_1word(h, 0x5bd1e995) % CGW_WRITTEN_BITS;
}

/*
 * Remember that @cg opened @o for writing, so that running it later ranks
 * high.  A Bloom filter: it never forgets, and may rank an innocent
 * program high, never a written one low.
 */
void cgw_note_written(struct cgw_cgroup *cg, const struct cgw_obj *o)
{
	u32 a, b;

	if (o->kind != CGW_KIND_FILE || !(o->access & CGW_ACC_MODIFY))
		return;
	cgw_written_bits(o->path, o->path_len, &a, &b);
	if (!test_bit(a, cg->written))
		set_bit(a, cg->written);
	if (!test_bit(b, cg->written))
		set_bit(b, cg->written);
}

static bool cgw_was_written(const struct cgw_cgroup *cg, const char *path,
			    size_t len)
{
	u32 a, b;

	cgw_written_bits(path, len, &a, &b);
	return test_bit(a, cg->written) && test_bit(b, cg->written);
}

/*
 * How much an alert on @o for @reason matters.  High: what no model or
 * rule could vouch for, an explicit deny, a program written in the
 * cgroup run, a write where programs live, a read of a secret, a mount,
 * a change of root, a trace, a namespace.
 */
static u8 cgw_severity(const struct cgw_cgroup *cg, const struct cgw_obj *o,
		       u8 reason)
{
	if (!o || reason == CGW_REASON_POLICY_DENY ||
	    reason == CGW_REASON_UNDECIDED || reason == CGW_REASON_DRIFT ||
	    reason == CGW_REASON_OTHER_EXE)
		return CGW_SEV_HIGH;
	switch (o->kind) {
	case CGW_KIND_EXEC:
		return cg && cgw_was_written(cg, o->path, o->path_len) ?
		       CGW_SEV_HIGH : CGW_SEV_MEDIUM;
	case CGW_KIND_FILE:
		/* A secret; a mount, a root, a traced program, a namespace. */
		if (cgw_secret_path(o->path, o->path_len) ||
		    (o->access & CGW_ACC_EXACT & ~CGW_ACC_EXEC))
			return CGW_SEV_HIGH;
		if (!(o->access & CGW_ACC_MODIFY))
			return o->access & CGW_ACC_EXEC ? CGW_SEV_MEDIUM :
							  CGW_SEV_LOW;
		return cgw_executable_path(o->path, o->path_len) ?
		       CGW_SEV_HIGH : CGW_SEV_MEDIUM;
	default:
		return CGW_SEV_MEDIUM;
	}
}

/*
 * The circuit breaker: count a denial of @cg at @now; true for the one
 * denial that takes the current second past the cgroup's limit.
 */
bool cgw_breaker_trip(struct cgw_cgroup *cg, u64 now)
{
	u32 max = READ_ONCE(cg->breaker);
	u64 start = READ_ONCE(cg->breaker_start);

	if (!max)
		return false;
	if (now - start >= NSEC_PER_SEC &&
	    cmpxchg64(&cg->breaker_start, start, now) == start)
		atomic_set(&cg->breaker_count, 0);
	return atomic_inc_return(&cg->breaker_count) == max + 1;
}

/* Set by the lock (lock.c): a locked module never steps down. */
bool cgw_breakers_held;

/*
 * A protected cgroup refusing more than it was set to bear is taken for a
 * new release, not an attack: it drops to monitor, once.
 */
static bool cgw_breaker(struct cgw_cgroup *cg, unsigned int mode,
			u8 verdict)
{
	if (verdict != CGW_VERDICT_DENY || mode != CGW_MODE_PROTECT ||
	    READ_ONCE(cgw_breakers_held) ||
	    !cgw_breaker_trip(cg, ktime_get_ns()))
		return false;
	if (cmpxchg(&cg->mode, CGW_MODE_PROTECT, CGW_MODE_MONITOR) !=
	    CGW_MODE_PROTECT)
		return false;
	WRITE_ONCE(cg->tripped, true);
	atomic64_inc(&cgw_stats.breaker_trips);
	return true;
}

/*
 * Is @o a program changed since @cg began to monitor or protect it?  Its
 * inode's change time moves on every write, create, rename, link and
 * chmod, and no task can set it back.  A program without a path (a memfd
 * is always new) is judged by who runs it instead: its exec is bound to
 * the program that executes it (cgw_obj_unnamed()).
 */
static bool cgw_drifted(const struct cgw_cgroup *cg, const struct cgw_obj *o)
{
	u64 since = cg ? READ_ONCE(cg->drift_since) : 0;

	if (!since || !o->ctime || cgw_obj_unnamed(o))
		return false;
	if (o->kind != CGW_KIND_EXEC &&
	    (o->kind != CGW_KIND_FILE || !(o->access & CGW_ACC_EXEC)))
		return false;
	return (u64)o->ctime >= since;
}

static u8 cgw_learn_reason(struct cgw_cgroup *cg, struct cgw_model *m,
			   const struct cgw_obj *o, struct cgw_decision *d,
			   gfp_t gfp)
{
	bool starting = cgw_cgroup_starting(cg);

	/* Learned in a start-up: to be seen again after it, not kept. */
	d->startup = starting;
	switch (cgw_model_learn(m, o, starting, gfp)) {
	case CGW_LEARN_NEW:
		d->learned = true;
		cgw_cgroup_learned(cg, ktime_get_ns());
		return CGW_REASON_MODEL;
	case CGW_LEARN_KNOWN:
		return CGW_REASON_MODEL;
	case CGW_LEARN_FULL:
		atomic64_inc(&cg->model_full);
		atomic64_inc(&cgw_stats.model_full);
		return CGW_REASON_FULL;
	default:
		atomic64_inc(&cgw_stats.nomem);
		return CGW_REASON_NOMEM;
	}
}

/*
 * Monitor and protect keep what they saw outside the model as candidates,
 * for an operator to review and accept (learn while protecting).
 */
static u8 cgw_candidate(struct cgw_cgroup *cg, const struct cgw_obj *o,
			gfp_t gfp)
{
	struct cgw_model *c = cgw_cgroup_cand(cg);

	if (c)
		cgw_model_note(c, o, cgw_severity(cg, o, CGW_REASON_NEW), gfp);
	return CGW_REASON_NEW;
}

/*
 * A breaker that tripped took @cg to monitor, for a release that does
 * more than its model knows.  It never lets through what an operator
 * denied, nor what ranks high: those are refused still, until an
 * operator sets the mode again.
 */
static u8 cgw_breaker_hold(const struct cgw_cgroup *cg, u8 verdict,
			   u8 reason, u8 severity)
{
	if (verdict != CGW_VERDICT_ALERT || !cg || !READ_ONCE(cg->tripped) ||
	    READ_ONCE(cg->mode) != CGW_MODE_MONITOR)
		return verdict;
	if (reason == CGW_REASON_POLICY_DENY || severity == CGW_SEV_HIGH)
		return CGW_VERDICT_DENY;
	return verdict;
}

/* What decides @o when @cg has a model; see cgw_decide_mode(). */
static u8 cgw_model_reason(struct cgw_cgroup *cg, unsigned int mode,
			   const struct cgw_obj *o, struct cgw_decision *d,
			   gfp_t gfp)
{
	struct cgw_model *m;

	if (!cg)
		return CGW_REASON_FULL;	/* no state: no model to ask */
	m = cgw_cgroup_model(cg);
	if (!m)
		return CGW_REASON_NOMEM;
	if (mode == CGW_MODE_LEARN)
		return cgw_learn_reason(cg, m, o, d, gfp);
	switch (cgw_model_match(m, o, cgw_cgroup_starting(cg))) {
	case CGW_MATCH_STARTUP:
		d->startup = true;	/* ends with the start-up: not kept */
		return CGW_REASON_MODEL;
	case CGW_MATCH_HIT:
		return CGW_REASON_MODEL;
	default:
		break;
	}
	cgw_candidate(cg, o, gfp);
	/* A program the model knows, run by one that never ran it. */
	if (o->kind == CGW_KIND_EXEC && cgw_model_ran_other(m, o))
		return CGW_REASON_OTHER_EXE;
	return CGW_REASON_NEW;
}

/*
 * Decide on @o in @mode with @cg's model, learning it in learn mode,
 * after what the policy said of it (@action: CGW_ACTION_DENY,
 * CGW_ACTION_ALLOW, or -1 for nothing).  @o is NULL when the hook could
 * not tell what the object is (e.g. its path was too long).  @cg is NULL
 * for a cgroup decided without state (the table is full): the policy
 * still speaks, and what it does not vouch for is not allowed beyond
 * @mode.  Callers hold rcu_read_lock().
 */
void cgw_decide_mode(struct cgw_cgroup *cg, unsigned int mode,
		     const struct cgw_obj *o, int action,
		     struct cgw_decision *d, gfp_t gfp)
{
	u8 reason;

	d->learned = false;
	d->tripped = false;
	d->startup = false;
	d->severity = CGW_SEV_LOW;
	if (mode == CGW_MODE_OFF) {
		reason = CGW_REASON_MODEL;
	} else if (!o) {
		atomic64_inc(&cgw_stats.undecided);
		reason = CGW_REASON_UNDECIDED;
	} else if (action == CGW_ACTION_DENY) {
		reason = CGW_REASON_POLICY_DENY;
	} else if (mode != CGW_MODE_LEARN && cgw_drifted(cg, o)) {
		reason = CGW_REASON_DRIFT;
	} else if (action == CGW_ACTION_ALLOW) {
		reason = CGW_REASON_POLICY_ALLOW;
	} else {
		reason = cgw_model_reason(cg, mode, o, d, gfp);
	}
	d->reason = reason;
	d->verdict = cgw_verdict_for(mode, reason);
	if (d->verdict == CGW_VERDICT_ALLOW)
		return;
	d->severity = cgw_severity(cg, o, reason);
	d->verdict = cgw_breaker_hold(cg, d->verdict, reason, d->severity);
	if (cg)
		d->tripped = cgw_breaker(cg, mode, d->verdict);
}

void cgw_decide_policy(struct cgw_cgroup *cg, const struct cgw_obj *o,
		       int action, struct cgw_decision *d, gfp_t gfp)
{
	cgw_decide_mode(cg, READ_ONCE(cg->mode), o, action, d, gfp);
}

/**
 * cgw_decide_subset() - may an object get a new name?  The link subset rule
 * @cg: the state deciding (its breaker), or NULL
 * @mode: the mode it is decided in
 * @old: what the object's existing name grants
 * @new: what the new name would grant
 * @d: the decision
 *
 * AppArmor's rule for hard links (aa_path_link), applied to renames too:
 * a new name never grants an access the existing one does not, whatever
 * the model says, and never escapes an explicit deny of the existing
 * one.  While learning, anything not denied is learned, so only the
 * escape of a deny is refused.
 *
 * Return: the accesses the new name would have widened (or escaped) to,
 * 0 when allowed.
 */
u32 cgw_decide_subset(struct cgw_cgroup *cg, unsigned int mode,
		      const struct cgw_grants *old,
		      const struct cgw_grants *new, struct cgw_decision *d)
{
	u32 escaped, widened = 0;

	d->learned = false;
	d->tripped = false;
	d->severity = CGW_SEV_HIGH;
	d->reason = CGW_REASON_MODEL;
	if (mode == CGW_MODE_LEARN)
		escaped = old->denied & ~new->denied;
	else
		escaped = old->denied & new->granted;
	if (mode == CGW_MODE_OFF)
		escaped = 0;
	else if (!escaped)
		widened = new->granted & ~old->granted;
	if (mode == CGW_MODE_LEARN)
		widened = 0;
	if (escaped)
		d->reason = CGW_REASON_POLICY_DENY;
	else if (widened)
		d->reason = CGW_REASON_WIDENS;
	d->verdict = cgw_verdict_for(mode, d->reason);
	if (d->verdict != CGW_VERDICT_ALLOW && cg)
		d->tripped = cgw_breaker(cg, mode, d->verdict);
	return escaped | widened;
}

void cgw_decide(struct cgw_cgroup *cg, const struct cgw_obj *o,
		struct cgw_decision *d, gfp_t gfp)
{
	cgw_decide_policy(cg, o, -1, d, gfp);
}

/*
 * A task of a cgroup in @mode places a task outside its closed subtree
 * (cgw_cgroup_fenced()): protect refuses, learn and monitor report it;
 * no model entry or allow rule can vouch for it.
 */
void cgw_decide_escape(unsigned int mode, struct cgw_decision *d)
{
	d->learned = false;
	d->tripped = false;
	d->reason = CGW_REASON_ESCAPE;
	d->severity = CGW_SEV_HIGH;
	d->verdict = cgw_verdict_for(mode, CGW_REASON_ESCAPE);
}
