// SPDX-License-Identifier: GPL-2.0
/*
 * The lock setting: after `lock=1` at load, a write of 1 to the lock
 * parameter or CGW_CMD_LOCK, and until reboot, nothing may weaken
 * enforcement, even for root:
 *
 *  - the module holds a reference on itself that it never drops, so
 *    rmmod fails ("in use"), and a use of itself that delete_module()
 *    honours on every syscall entry, forced or not (rmmod -f with
 *    MODULE_FORCE_UNLOAD, the ia32 entry); guards on the syscall stubs
 *    answer EPERM and audit the attempt;
 *  - modes only go up: off < learn < monitor < protect, for a cgroup, its
 *    subtree, the default mode and the mode learning ends in;
 *  - the policy is frozen (a new one could drop deny rules or add allow
 *    rules), and the models of monitored and protected cgroups too (a
 *    clear destroys what enforcement stands on, an import or accept
 *    widens what protect lets through);
 *  - no tunable may change the way that weakens: max_cgroups and
 *    max_candidates down, alert_window_ms up, learning longer (quiet_ms,
 *    min_learn_ms, quiet_ops), generalising sooner (dir_names, net_addrs), exe
 *    pairing off, name collapsing on (cgw_lock_weakens());
 *  - the lock cannot be undone.
 *
 * Every refusal is counted (lock_refused in status), audited as an
 * op=tamper record and answered with -EPERM and a message saying why.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/audit.h>
#include <linux/fcntl.h>
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include "lock.h"
#include "nl.h"

static bool cgw_locked;
/* The module is running: the lock takes effect now, not at its init. */
static bool cgw_lock_live;
static bool cgw_lock_ref;
static DEFINE_MUTEX(cgw_lock_mutex);
static atomic64_t cgw_lock_refused_n = ATOMIC64_INIT(0);

/**
 * cgw_is_locked() - whether cgwarden is locked until reboot
 *
 * Return: true once locked.
 */
bool cgw_is_locked(void)
{
	return READ_ONCE(cgw_locked);
}

/**
 * cgw_lock_refused_count() - requests the lock refused, for status
 *
 * Return: the count.
 */
u64 cgw_lock_refused_count(void)
{
	return atomic64_read(&cgw_lock_refused_n);
}

static void cgw_lock_audit(const char *op, const char *verdict,
			   const char *what)
{
	struct audit_buffer *ab;

	ab = audit_log_start(NULL, GFP_KERNEL, AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	audit_log_format(ab, "op=%s verdict=%s locked=1 what=\"%s\"", op,
			 verdict, what);
	audit_log_end(ab);
	atomic64_inc(&cgw_stats.audit_records);
}

/* Process context.  @what: a fixed text of ours, never user input. */
static int cgw_lock_refused(const char *what)
{
	atomic64_inc(&cgw_lock_refused_n);
	pr_notice_ratelimited("locked: refused %s\n", what);
	cgw_lock_audit("tamper", "deny", what);
	return -EPERM;
}

/**
 * cgw_lock_refused_nl() - refuse a netlink request, saying why
 * @extack: the request's extended ack, or NULL
 * @msg: CGW_LOCKED_MSG and a string literal, which outlives the request
 *	as NL_SET_ERR_MSG() needs (it only takes literals itself)
 *
 * Return: -EPERM.
 */
int cgw_lock_refused_nl(struct netlink_ext_ack *extack, const char *msg)
{
	if (extack)
		extack->_msg = msg;
	return cgw_lock_refused(msg + strlen(CGW_LOCKED_MSG));
}

/*
 * Unloading is refused on the common path of delete_module(), whatever
 * entry reached it (64-bit, ia32 through int $0x80 or sysenter, x32):
 * the kernel refuses to remove a module other modules use, forced or
 * not, before it looks at the reference count.  The module records one
 * use of itself, never taken back, so its source_list stays non-empty
 * until reboot.  Nothing else changes that list: cgwarden exports no
 * symbol, so no module can come to use it.
 */
static struct module_use cgw_self_use;

static void cgw_unload_pin(void)
{
	cgw_self_use.source = THIS_MODULE;
	cgw_self_use.target = THIS_MODULE;
	INIT_LIST_HEAD(&cgw_self_use.target_list);
	list_add(&cgw_self_use.source_list, &THIS_MODULE->source_list);
}

/*
 * On top of that, attempts are refused with EPERM, counted and audited
 * at each entry's syscall stub, whose pt_regs argument holds the caller's
 * registers (64-bit: rdi the name, rsi the flags; ia32: ebx, ecx).  The
 * callback may not fault the name in: a forced unload whose name cannot
 * be read is refused too, whatever module it names.
 */
struct cgw_unload_guard {
	struct ftrace_ops ops;
	const char *sym;
	bool ia32;
	bool on;
};

static struct cgw_unload_guard cgw_unload_guards[] = {
	{ .sym = "__x64_sys_delete_module" },
#ifdef CONFIG_IA32_EMULATION
	{ .sym = "__ia32_sys_delete_module", .ia32 = true },
#endif
};

/* Counted in the callback already; a burst of attempts is one record. */
static void cgw_unload_refused_fn(struct work_struct *work)
{
	pr_notice_ratelimited("locked: refused unloading the module\n");
	cgw_lock_audit("tamper", "deny", "unloading the module");
}

static DECLARE_WORK(cgw_unload_refused_work, cgw_unload_refused_fn);

static noinline long cgw_unload_deny_stub(void)
{
	return -EPERM;
}

static void notrace cgw_unload_guard_cb(unsigned long ip,
					unsigned long parent_ip,
					struct ftrace_ops *ops,
					struct ftrace_regs *fregs)
{
	struct cgw_unload_guard *g = container_of(ops, struct cgw_unload_guard,
						  ops);
	struct pt_regs *regs = ftrace_get_regs(fregs);
	const struct pt_regs *uregs;
	char name[sizeof(KBUILD_MODNAME)];
	unsigned long uname, flags;
	bool readable;

	if (!regs)
		return;
	uregs = (const struct pt_regs *)regs->di;
	uname = g->ia32 ? (u32)uregs->bx : uregs->di;
	flags = g->ia32 ? (u32)uregs->cx : uregs->si;
	readable = !copy_from_user_nofault(name, (const void __user *)uname,
					   sizeof(name));
	if (readable ? memcmp(name, KBUILD_MODNAME, sizeof(name)) :
		       !(flags & O_TRUNC))
		return;
	regs->ip = (unsigned long)cgw_unload_deny_stub;
	atomic64_inc(&cgw_lock_refused_n);
	schedule_work(&cgw_unload_refused_work);
}

static void cgw_unload_guard_init(struct cgw_unload_guard *g)
{
	int err;

	g->ops.func = cgw_unload_guard_cb;
	g->ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY |
		       FTRACE_OPS_FL_PERMANENT;
	err = ftrace_set_filter(&g->ops, (unsigned char *)g->sym,
				strlen(g->sym), 1);
	if (!err)
		err = register_ftrace_function(&g->ops);
	if (err) {
		ftrace_free_filter(&g->ops);
		pr_notice("no guard on %s (%d): attempts there are refused, not audited\n",
			  g->sym, err);
		return;
	}
	g->on = true;
}

/* Take effect: under cgw_lock_mutex, once the module runs. */
static void cgw_lock_engage(void)
{
	unsigned int i;

	if (cgw_lock_ref)
		return;
	__module_get(THIS_MODULE);
	cgw_lock_ref = true;
	cgw_unload_pin();
	for (i = 0; i < ARRAY_SIZE(cgw_unload_guards); i++)
		cgw_unload_guard_init(&cgw_unload_guards[i]);
	pr_notice("locked until reboot\n");
	cgw_lock_audit("lock", "allow", "locked until reboot");
}

/* Process context.  Idempotent; there is no unlock. */
static int cgw_lock(void)
{
	mutex_lock(&cgw_lock_mutex);
	WRITE_ONCE(cgw_locked, true);
	/* A circuit breaker is a way down: none trips from now on. */
	WRITE_ONCE(cgw_breakers_held, true);
	if (cgw_lock_live)
		cgw_lock_engage();
	mutex_unlock(&cgw_lock_mutex);
	return 0;
}

static int cgw_lock_param_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int err = kstrtobool(val, &on);

	if (err)
		return err;
	if (on)
		return cgw_lock();
	if (cgw_is_locked())
		return cgw_lock_refused("unlocking");
	return 0;
}

static int cgw_lock_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%c\n", cgw_is_locked() ? 'Y' : 'N');
}

static const struct kernel_param_ops cgw_lock_param_ops = {
	.set = cgw_lock_param_set,
	.get = cgw_lock_param_get,
};

module_param_cb(lock, &cgw_lock_param_ops, NULL, 0644);
MODULE_PARM_DESC(lock,
		 "Set to 1: until reboot, refuse unloading and whatever weakens enforcement");

/**
 * cgw_lock_init() - the end of module init: a lock asked for at load
 * takes effect
 */
void cgw_lock_init(void)
{
	mutex_lock(&cgw_lock_mutex);
	cgw_lock_live = true;
	if (cgw_locked)
		cgw_lock_engage();
	mutex_unlock(&cgw_lock_mutex);
}

/**
 * cgw_lock_exit() - take the unload guards off
 *
 * Only reached unlocked.
 */
void cgw_lock_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cgw_unload_guards); i++) {
		if (!cgw_unload_guards[i].on)
			continue;
		unregister_ftrace_function(&cgw_unload_guards[i].ops);
		ftrace_free_filter(&cgw_unload_guards[i].ops);
	}
	cancel_work_sync(&cgw_unload_refused_work);
}

/* What a cgroup's mode is now: its own, or the default until it is seen. */
static unsigned int cgw_lock_mode_of(u64 id)
{
	struct cgw_cgroup *cg;
	unsigned int mode;

	rcu_read_lock();
	cg = cgw_cgroup_lookup(id);
	mode = cg ? READ_ONCE(cg->mode) : cgw_default_for(id);
	rcu_read_unlock();
	return mode;
}

/**
 * cgw_lock_check_modes() - refuse a mode change that lowers a mode
 * @extack: the request's extended ack
 * @id: the cgroup whose mode changes
 * @desc: the cgroups below it
 * @n: how many
 * @mode: the new mode
 *
 * Netlink requests are serialised (the family has no parallel_ops), so
 * what is checked here is what the request then changes.
 *
 * Return: 0, or -EPERM (refused, counted, audited) when locked and a
 * mode of @id or below would go down.
 */
int cgw_lock_check_modes(struct netlink_ext_ack *extack, u64 id,
			 const u64 *desc, unsigned int n, unsigned int mode)
{
	unsigned int i;

	if (!cgw_is_locked())
		return 0;
	if (mode < cgw_lock_mode_of(id))
		return cgw_lock_refuse(extack, "mode downgrade");
	for (i = 0; i < n; i++)
		if (mode < cgw_lock_mode_of(desc[i]))
			return cgw_lock_refuse(extack,
					       "mode downgrade of a cgroup below");
	return 0;
}

/*
 * The text of a refusal if setting @field, a member of cgw_config, to
 * @val weakens enforcement or alerting, else NULL.  Every tunable is
 * here: what is not named cannot weaken (the caps on model sizes only
 * make learning stop sooner, which protect refuses and monitor reports).
 */
static const char *cgw_lock_weakens(const void *field, unsigned int val)
{
	struct cgw_config *c = &cgw_config;
	unsigned int cur;

	if (field == &c->exe_pairing)
		return READ_ONCE(c->exe_pairing) && !val ?
		       "turning exe pairing off" : NULL;
	if (field == &c->collapse_names)
		return !READ_ONCE(c->collapse_names) && val ?
		       "turning name collapsing on" : NULL;
	cur = READ_ONCE(*(const unsigned int *)field);
	if (field == &c->default_mode && val < cur)
		return "default mode downgrade";
	if (field == &c->then_mode && val < cur)
		return "downgrade of the mode learning ends in";
	if (field == &c->max_cgroups && val < cur)
		return "lowering max_cgroups";
	if (field == &c->alert_window_ms && val > cur)
		return "raising alert_window_ms";
	if (field == &c->max_candidates && val < cur)
		return "lowering max_candidates";
	/* Generalising sooner widens models: 0 (never) is the strongest. */
	if ((field == &c->dir_names || field == &c->net_addrs) && val &&
	    (!cur || val < cur))
		return "generalising learned models sooner";
	/* Learning that lasts longer lets more through: 0 is forever. */
	if (field == &c->quiet_ms && cur && (!val || val > cur))
		return "longer learning (quiet_ms)";
	if (field == &c->min_learn_ms && val > cur)
		return "longer learning (min_learn_ms)";
	if (field == &c->quiet_ops && val > cur)
		return "longer learning (quiet_ops)";
	return NULL;
}

/**
 * cgw_lock_check_param() - refuse a module parameter write that weakens
 * @field: the member of cgw_config the parameter sets
 * @val: the new value
 *
 * Return: 0, or -EPERM (refused, counted, audited).
 */
int cgw_lock_check_param(const void *field, unsigned int val)
{
	const char *what;

	if (!cgw_is_locked() || !READ_ONCE(cgw_lock_live))
		return 0;
	what = cgw_lock_weakens(field, val);
	return what ? cgw_lock_refused(what) : 0;
}

/**
 * cgw_lock_check_config() - refuse a SET_CONFIG request that weakens
 * @extack: the request's extended ack
 * @tb: its CGW_CONFIG_A_* attributes, parsed and validated
 *
 * Refused whole if any attribute weakens.
 *
 * Return: 0, or -EPERM (refused, counted, audited).
 */
int cgw_lock_check_config(struct netlink_ext_ack *extack, struct nlattr **tb)
{
	static const struct {
		int attr;
		bool u8;
		const void *field;
	} checked[] = {
		{ CGW_CONFIG_A_DEFAULT_MODE, true, &cgw_config.default_mode },
		{ CGW_CONFIG_A_THEN_MODE, true, &cgw_config.then_mode },
		{ CGW_CONFIG_A_MAX_CGROUPS, false, &cgw_config.max_cgroups },
		{ CGW_CONFIG_A_ALERT_WINDOW_MS, false,
		  &cgw_config.alert_window_ms },
		{ CGW_CONFIG_A_QUIET_MS, false, &cgw_config.quiet_ms },
		{ CGW_CONFIG_A_MIN_LEARN_MS, false, &cgw_config.min_learn_ms },
		{ CGW_CONFIG_A_QUIET_OPS, false, &cgw_config.quiet_ops },
		{ CGW_CONFIG_A_DIR_NAMES, false, &cgw_config.dir_names },
		{ CGW_CONFIG_A_NET_ADDRS, false, &cgw_config.net_addrs },
		{ CGW_CONFIG_A_EXE_PAIRING, true, &cgw_config.exe_pairing },
		{ CGW_CONFIG_A_COLLAPSE_NAMES, true,
		  &cgw_config.collapse_names },
	};
	const char *what;
	unsigned int i, val;

	if (!cgw_is_locked())
		return 0;
	for (i = 0; i < ARRAY_SIZE(checked); i++) {
		if (!tb[checked[i].attr])
			continue;
		val = checked[i].u8 ? nla_get_u8(tb[checked[i].attr]) :
				      nla_get_u32(tb[checked[i].attr]);
		what = cgw_lock_weakens(checked[i].field, val);
		if (!what)
			continue;
		NL_SET_ERR_MSG_ATTR(extack, tb[checked[i].attr],
				    "cgwarden is locked: this change would weaken enforcement");
		return cgw_lock_refused(what);
	}
	return 0;
}

/**
 * cgw_lock_check_model() - refuse changing a frozen model
 * @extack: the request's extended ack
 * @id: the cgroup whose model a clear, import or accept would change
 *
 * Return: 0, or -EPERM when locked and @id is monitored or protected.
 */
int cgw_lock_check_model(struct netlink_ext_ack *extack, u64 id)
{
	if (!cgw_is_locked() || cgw_lock_mode_of(id) < CGW_MODE_MONITOR)
		return 0;
	return cgw_lock_refuse(extack,
			       "the model of a monitored or protected cgroup is frozen");
}

/**
 * cgw_lock_check_policy() - refuse any policy change when locked
 * @extack: the request's extended ack
 *
 * Return: 0, or -EPERM when locked.
 */
int cgw_lock_check_policy(struct netlink_ext_ack *extack)
{
	if (!cgw_is_locked())
		return 0;
	return cgw_lock_refuse(extack, "the policy is frozen");
}

/**
 * cgw_nl_lock() - CGW_CMD_LOCK: no attributes, no reply but the ack
 * @skb: the request
 * @info: its parsed attributes
 *
 * Return: 0.
 */
int cgw_nl_lock(struct sk_buff *skb, struct genl_info *info)
{
	return cgw_lock();
}
