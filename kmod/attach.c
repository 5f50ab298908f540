// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching: one ftrace op per hooked function (hooks.c), deciding inside
 * the callback (enforce.c).  To refuse, the callback points regs->ip at
 * cgw_deny_stub(), so the hooked function never runs and its caller gets
 * -EPERM: the livepatch technique, which never calls the original through
 * a pointer.  When ftrace cannot take the function (-EBUSY: a livepatch
 * owns it), a kprobe pre-handler does the same.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include "alert.h"
#include "cgroup.h"
#include "compat.h"
#include "hooks.h"

struct cgw_hook {
	u8 state;		/* enum cgw_hook_state */
	bool shadowed;		/* a kprobe behind another ip-modifying owner */
	struct ftrace_ops ops;
	struct kprobe kp;
};

static struct cgw_hook cgw_hooks[CGW_HOOK_COUNT];

struct cgw_hook_counts {
	u64 count[CGW_HOOK_COUNT][CGW_HC_N];
};

static struct cgw_hook_counts __percpu *cgw_counts;

/*
 * Kprobes instead of ftrace, for kernels without ftrace's ip-modifying
 * ops and to test the fallback taken when ftrace is busy.
 */
static bool cgw_force_kprobe;
module_param_named(force_kprobe, cgw_force_kprobe, bool, 0444);
MODULE_PARM_DESC(force_kprobe, "Hook with kprobes, not ftrace");

/*
 * Where a refused call goes instead of the hooked function.  A long, so
 * that a function returning a pointer (__do_loopback) returns
 * ERR_PTR(-EPERM) and one returning an int, -EPERM.
 */
static noinline long cgw_deny_stub(void)
{
	return -EPERM;
}

static unsigned int cgw_hook_idx(const struct cgw_hook *h)
{
	return h - cgw_hooks;
}

static inline void cgw_count(unsigned int hook, unsigned int what)
{
	this_cpu_inc(cgw_counts->count[hook][what]);
}

/**
 * cgw_hooks_sum() - a counter of one hook, over all CPUs
 * @hook: index into cgw_hook_defs
 * @what: CGW_HC_*
 *
 * Return: the sum.
 */
u64 cgw_hooks_sum(unsigned int hook, unsigned int what)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(cgw_counts, cpu)->count[hook][what];
	/* kprobes count calls they let through while another ran. */
	if (what == CGW_HC_MISSED && cgw_hooks[hook].kp.addr)
		sum += cgw_hooks[hook].kp.nmissed;
	return sum;
}

/**
 * cgw_hooks_info() - what status reports of one hook
 * @hook: index into cgw_hook_defs
 * @info: filled in
 */
void cgw_hooks_info(unsigned int hook, struct cgw_hook_info *info)
{
	info->symbol = cgw_hook_defs[hook].symbol;
	info->op = cgw_hook_defs[hook].op;
	info->state = cgw_hooks[hook].state;
}

/* Count a verdict; whether the hooked function must be skipped. */
static bool cgw_refuse(unsigned int idx, u8 verdict)
{
	if (verdict == CGW_VERDICT_DENY)
		cgw_count(idx, CGW_HC_DENIALS);
	else if (verdict == CGW_VERDICT_ALERT)
		cgw_count(idx, CGW_HC_ALERTS);
	/* A hook that refuses by killing lets the function run. */
	return verdict == CGW_VERDICT_DENY && !cgw_hook_defs[idx].kill;
}

/*
 * The ftrace callback.  Registered without FTRACE_OPS_FL_SAVE_REGS (as
 * x86_64 livepatch is): the trampoline then saves only the argument
 * registers and the ip, which is all an extractor reads and all a
 * refusal changes.  Without FTRACE_OPS_FL_RECURSION, recursion is ours
 * to handle: the trylock, which also disables preemption.
 */
static void notrace cgw_ftrace_cb(unsigned long ip, unsigned long parent_ip,
				  struct ftrace_ops *ops,
				  struct ftrace_regs *fregs)
{
	struct cgw_hook *h = container_of(ops, struct cgw_hook, ops);
	unsigned int idx = cgw_hook_idx(h);
	struct pt_regs *regs = cgw_fregs_args(fregs);
	u8 verdict;
	int bit;

	/*
	 * Nothing to decide (cgw_gate_refresh()), or not for current
	 * (cgw_cgroup_skip()): counted, and no more.
	 */
	if (!static_branch_unlikely(&cgw_gate) || cgw_cgroup_skip()) {
		if (!(current->flags & PF_KTHREAD))
			cgw_count(idx, CGW_HC_CALLS);
		return;
	}
	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0) {
		cgw_count(idx, CGW_HC_MISSED);
		verdict = cgw_enforce_missed(&cgw_hook_defs[idx]);
	} else {
		if (!(current->flags & PF_KTHREAD))
			cgw_count(idx, CGW_HC_CALLS);
		verdict = cgw_enforce(&cgw_hook_defs[idx], regs);
		ftrace_test_recursion_unlock(bit);
	}
	if (cgw_refuse(idx, verdict))
		cgw_fregs_set_ip(fregs, (unsigned long)cgw_deny_stub);
}

static int cgw_kprobe_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct cgw_hook *h = container_of(p, struct cgw_hook, kp);
	unsigned int idx = cgw_hook_idx(h);

	if (!(current->flags & PF_KTHREAD))
		cgw_count(idx, CGW_HC_CALLS);
	if (!cgw_refuse(idx, cgw_enforce(&cgw_hook_defs[idx], regs)))
		return 0;
	regs->ip = (unsigned long)cgw_deny_stub;
	return 1;	/* ip changed: do not single-step the original */
}

NOKPROBE_SYMBOL(cgw_kprobe_pre);

static int cgw_attach_ftrace(struct cgw_hook *h, const char *symbol)
{
	int err;

	h->ops.func = cgw_ftrace_cb;
	h->ops.flags = FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_PERMANENT;
	err = ftrace_set_filter(&h->ops, (unsigned char *)symbol,
				strlen(symbol), 1);
	if (!err)
		err = register_ftrace_function(&h->ops);
	if (err)
		ftrace_free_filter(&h->ops);
	return err;
}

static int cgw_attach(struct cgw_hook *h)
{
	const char *symbol = cgw_hook_defs[cgw_hook_idx(h)].symbol;
	int err = cgw_force_kprobe ? -EOPNOTSUPP : cgw_attach_ftrace(h, symbol);

	if (!err) {
		h->state = CGW_HOOK_FTRACE;
		return 0;
	}
	if (!cgw_force_kprobe)
		pr_warn("ftrace on %s failed (%d), trying a kprobe\n", symbol,
			err);
	/*
	 * -EBUSY: another ftrace op modifies the ip of this function (a
	 * livepatch, most likely).  Its handler runs after a kprobe's and
	 * sets the ip again, so a refusal would be lost: say so.
	 */
	h->shadowed = err == -EBUSY;
	h->kp.symbol_name = symbol;
	h->kp.pre_handler = cgw_kprobe_pre;
	err = register_kprobe(&h->kp);
	if (!err) {
		h->state = h->shadowed ? CGW_HOOK_SHADOWED : CGW_HOOK_KPROBE;
		return 0;
	}
	pr_err("cannot hook %s (%d)\n", symbol, err);
	h->state = CGW_HOOK_FAILED;
	return err;
}

static void cgw_detach(struct cgw_hook *h)
{
	if (h->state == CGW_HOOK_FTRACE) {
		/* Waits for every task inside the callback (rcu_tasks). */
		unregister_ftrace_function(&h->ops);
		ftrace_free_filter(&h->ops);
	} else if (h->state == CGW_HOOK_KPROBE ||
		   h->state == CGW_HOOK_SHADOWED ||
		   h->state == CGW_HOOK_DISARMED) {
		unregister_kprobe(&h->kp);
	}
	h->state = CGW_HOOK_DETACHED;
}

/*
 * Root can disarm every kprobe at once through debugfs (unless the kernel
 * is locked down), and nothing tells the kprobe's owner.  A canary probe
 * on a function of ours tells: call it, and see whether the probe ran.
 */
static atomic_long_t cgw_canary_hits;
static bool cgw_disarmed;
/* Checks and unload: a canary gone at unload is no tampering. */
static DEFINE_MUTEX(cgw_canary_lock);
static bool cgw_canary_live;

static noinline void cgw_kprobe_canary(void)
{
	asm volatile("");	/* a call the compiler must keep */
}

static int cgw_canary_pre(struct kprobe *p, struct pt_regs *regs)
{
	atomic_long_inc(&cgw_canary_hits);
	return 0;
}

static struct kprobe cgw_canary_kp = {
	.pre_handler = cgw_canary_pre,
};

static bool cgw_uses_kprobes(void)
{
	unsigned int i;

	for (i = 0; i < CGW_HOOK_COUNT; i++)
		if (cgw_hooks[i].state == CGW_HOOK_KPROBE ||
		    cgw_hooks[i].state == CGW_HOOK_SHADOWED ||
		    cgw_hooks[i].state == CGW_HOOK_DISARMED)
			return true;
	return false;
}

/**
 * cgw_hooks_check() - find out whether kprobes were disarmed
 *
 * Reports a change once, as a tamper alert.  Process context (status,
 * the periodic check).
 */
void cgw_hooks_check(void)
{
	long before;
	bool disarmed;
	unsigned int i;

	mutex_lock(&cgw_canary_lock);
	if (!cgw_canary_live) {
		mutex_unlock(&cgw_canary_lock);
		return;
	}
	before = atomic_long_read(&cgw_canary_hits);
	cgw_kprobe_canary();
	disarmed = atomic_long_read(&cgw_canary_hits) == before;
	mutex_unlock(&cgw_canary_lock);
	if (disarmed == READ_ONCE(cgw_disarmed))
		return;
	WRITE_ONCE(cgw_disarmed, disarmed);
	for (i = 0; i < CGW_HOOK_COUNT; i++) {
		struct cgw_hook *h = &cgw_hooks[i];

		if ((h->state == CGW_HOOK_KPROBE ||
		     h->state == CGW_HOOK_SHADOWED) && disarmed)
			h->state = CGW_HOOK_DISARMED;
		else if (h->state == CGW_HOOK_DISARMED && !disarmed)
			h->state = h->shadowed ? CGW_HOOK_SHADOWED :
						 CGW_HOOK_KPROBE;
	}
	if (disarmed)
		cgw_alert_tamper("kprobes were disarmed");
	else
		pr_info("kprobes are armed again\n");
}

/* A hook that cannot be relied on to refuse is an operator's business. */
static void cgw_report_shadowed(void)
{
	char what[96];
	unsigned int i;

	for (i = 0; i < CGW_HOOK_COUNT; i++) {
		if (!cgw_hooks[i].shadowed)
			continue;
		snprintf(what, sizeof(what),
			 "%s has another ip-modifying owner: refusals may be lost",
			 cgw_hook_defs[i].symbol);
		cgw_alert_tamper(what);
	}
}

static void cgw_canary_init(void)
{
	if (!cgw_uses_kprobes())
		return;
	cgw_canary_kp.addr = (kprobe_opcode_t *)cgw_kprobe_canary;
	if (register_kprobe(&cgw_canary_kp)) {
		pr_warn("no kprobe canary: disarming goes unseen\n");
		cgw_canary_kp.addr = NULL;
		return;
	}
	cgw_canary_live = true;
}

/**
 * cgw_hooks_init() - attach every hook, or none
 *
 * A half-hooked module would pass operations unseen.
 *
 * Return: 0 or a negative errno.
 */
int cgw_hooks_init(void)
{
	unsigned int i;
	int err;

	cgw_counts = alloc_percpu(struct cgw_hook_counts);
	if (!cgw_counts)
		return -ENOMEM;
	err = cgw_see_init();
	if (err)
		goto err_counts;
#ifdef CGW_BENCH_NO_HOOKS
	pr_warn("benchmark build: no hook attached, nothing is enforced\n");
	return 0;
#endif
	for (i = 0; i < CGW_HOOK_COUNT; i++) {
		err = cgw_attach(&cgw_hooks[i]);
		if (err)
			goto err_detach;
	}
	cgw_canary_init();
	cgw_report_shadowed();
	return 0;
err_detach:
	while (i--)
		cgw_detach(&cgw_hooks[i]);
	synchronize_rcu_tasks();
	cgw_see_exit();
err_counts:
	free_percpu(cgw_counts);
	return err;
}

/**
 * cgw_hooks_exit() - detach every hook and wait for callbacks to finish
 *
 * Frees the counters status reads: the control plane goes first.
 */
void cgw_hooks_exit(void)
{
	unsigned int i;

	mutex_lock(&cgw_canary_lock);
	if (cgw_canary_live)
		unregister_kprobe(&cgw_canary_kp);
	cgw_canary_live = false;
	mutex_unlock(&cgw_canary_lock);
	for (i = 0; i < CGW_HOOK_COUNT; i++)
		cgw_detach(&cgw_hooks[i]);
	/* kprobe handlers may still be returning; ftrace waited already. */
	synchronize_rcu_tasks();
	cgw_see_exit();
	free_percpu(cgw_counts);
}
