// SPDX-License-Identifier: GPL-2.0
/*
 * The lock setting: after `lock=1` at load, a write of 1 to the lock
 * parameter or CGW_CMD_LOCK, and until reboot, nothing may weaken
 * enforcement, even for root:
 *
 *  - the module holds a reference on itself that it never drops, so
 *    rmmod fails ("in use"), and a guard on delete_module() refuses its
 *    removal outright, which also stops rmmod -f (MODULE_FORCE_UNLOAD);
 *  - modes only go up: off < learn < monitor < protect, for a cgroup, its
 *    subtree, the default mode and the mode learning ends in;
 *  - the policy is frozen (a new one could drop deny rules or add allow
 *    rules), and the models of monitored and protected cgroups too (a
 *    clear destroys what enforcement stands on, an import or accept
 *    widens what protect lets through);
 *  - max_cgroups may not go down (more cgroups untracked) nor
 *    alert_window_ms up (fewer alerts);
 *  - the lock cannot be undone.
 *
 * Every refusal is counted (lock_refused in status), audited as an
 * op=tamper record and answered with -EPERM and a message saying why.
 */
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

bool cgw_is_locked(void)
{
	return READ_ONCE(cgw_locked);
}

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
	pr_notice_ratelimited("cgwarden: locked: refused %s\n", what);
	cgw_lock_audit("tamper", "deny", what);
	return -EPERM;
}

/*
 * @msg: CGW_LOCKED_MSG and a string literal, which outlives the request as
 * NL_SET_ERR_MSG() needs (it only takes literals itself).
 */
int cgw_lock_refused_nl(struct netlink_ext_ack *extack, const char *msg)
{
	if (extack)
		extack->_msg = msg;
	return cgw_lock_refused(msg + strlen(CGW_LOCKED_MSG));
}

/*
 * rmmod -f ignores the module's reference count: refuse delete_module()
 * of this module itself.  The ftrace op is on the syscall, whose pt_regs
 * argument holds the caller's registers: rdi the name, rsi the flags.
 * The callback may not fault the name in: a forced unload whose name
 * cannot be read is refused too, whatever module it names.
 */
static struct ftrace_ops cgw_unload_guard;

/* Counted in the callback already; a burst of attempts is one record. */
static void cgw_unload_refused_fn(struct work_struct *work)
{
	pr_notice_ratelimited("cgwarden: locked: refused unloading the module\n");
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
	struct pt_regs *regs = ftrace_get_regs(fregs);
	const struct pt_regs *uregs;
	char name[sizeof(KBUILD_MODNAME)];
	bool readable;

	if (!regs)
		return;
	uregs = (const struct pt_regs *)regs->di;
	readable = !copy_from_user_nofault(name,
					   (const void __user *)uregs->di,
					   sizeof(name));
	if (readable ? memcmp(name, KBUILD_MODNAME, sizeof(name)) :
		       !(uregs->si & O_TRUNC))
		return;
	regs->ip = (unsigned long)cgw_unload_deny_stub;
	atomic64_inc(&cgw_lock_refused_n);
	schedule_work(&cgw_unload_refused_work);
}

static void cgw_unload_guard_init(void)
{
	static const char sym[] = "__x64_sys_delete_module";
	int err;

	cgw_unload_guard.func = cgw_unload_guard_cb;
	cgw_unload_guard.flags = FTRACE_OPS_FL_SAVE_REGS |
				 FTRACE_OPS_FL_IPMODIFY |
				 FTRACE_OPS_FL_PERMANENT;
	err = ftrace_set_filter(&cgw_unload_guard, (unsigned char *)sym,
				strlen(sym), 1);
	if (!err)
		err = register_ftrace_function(&cgw_unload_guard);
	if (err) {
		ftrace_free_filter(&cgw_unload_guard);
		cgw_unload_guard.func = NULL;
		pr_notice("cgwarden: no guard on %s (%d): rmmod -f can still unload\n",
			  sym, err);
	}
}

/* Take effect: under cgw_lock_mutex, once the module runs. */
static void cgw_lock_engage(void)
{
	if (cgw_lock_ref)
		return;
	__module_get(THIS_MODULE);
	cgw_lock_ref = true;
	cgw_unload_guard_init();
	pr_notice("cgwarden: locked until reboot\n");
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

/* The end of module init: a lock asked for at load takes effect. */
void cgw_lock_init(void)
{
	mutex_lock(&cgw_lock_mutex);
	cgw_lock_live = true;
	if (cgw_locked)
		cgw_lock_engage();
	mutex_unlock(&cgw_lock_mutex);
}

/* Only reached unlocked (or by a forced unload the guard did not see). */
void cgw_lock_exit(void)
{
	if (cgw_unload_guard.func) {
		unregister_ftrace_function(&cgw_unload_guard);
		ftrace_free_filter(&cgw_unload_guard);
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
	mode = cg ? READ_ONCE(cg->mode) : READ_ONCE(cgw_config.default_mode);
	rcu_read_unlock();
	return mode;
}

/*
 * Netlink requests are serialised (the family has no parallel_ops), so
 * what is checked here is what the request then changes.
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

/* The text of a refusal if setting @field to @val weakens, else NULL. */
static const char *cgw_lock_weakens(const unsigned int *field,
				    unsigned int val)
{
	unsigned int cur = READ_ONCE(*field);

	if (field == &cgw_config.default_mode && val < cur)
		return "default mode downgrade";
	if (field == &cgw_config.then_mode && val < cur)
		return "downgrade of the mode learning ends in";
	if (field == &cgw_config.max_cgroups && val < cur)
		return "lowering max_cgroups";
	if (field == &cgw_config.alert_window_ms && val > cur)
		return "raising alert_window_ms";
	return NULL;
}

/* Module parameters written through sysfs. */
int cgw_lock_check_param(const unsigned int *field, unsigned int val)
{
	const char *what;

	if (!cgw_is_locked() || !READ_ONCE(cgw_lock_live))
		return 0;
	what = cgw_lock_weakens(field, val);
	return what ? cgw_lock_refused(what) : 0;
}

/* A SET_CONFIG request, parsed and validated: refused whole. */
int cgw_lock_check_config(struct netlink_ext_ack *extack, struct nlattr **tb)
{
	static const struct {
		int attr;
		bool u8;
		unsigned int *field;
	} checked[] = {
		{ CGW_CONFIG_A_DEFAULT_MODE, true, &cgw_config.default_mode },
		{ CGW_CONFIG_A_THEN_MODE, true, &cgw_config.then_mode },
		{ CGW_CONFIG_A_MAX_CGROUPS, false, &cgw_config.max_cgroups },
		{ CGW_CONFIG_A_ALERT_WINDOW_MS, false,
		  &cgw_config.alert_window_ms },
	};
	unsigned int i, val;

	if (!cgw_is_locked())
		return 0;
	for (i = 0; i < ARRAY_SIZE(checked); i++) {
		if (!tb[checked[i].attr])
			continue;
		val = checked[i].u8 ? nla_get_u8(tb[checked[i].attr]) :
				      nla_get_u32(tb[checked[i].attr]);
		if (!cgw_lock_weakens(checked[i].field, val))
			continue;
		NL_SET_ERR_MSG_ATTR(extack, tb[checked[i].attr],
				    "cgwarden is locked: this change would weaken enforcement");
		return cgw_lock_refused(cgw_lock_weakens(checked[i].field,
							 val));
	}
	return 0;
}

/* Clear, import, accept: refused for a monitored or protected cgroup. */
int cgw_lock_check_model(struct netlink_ext_ack *extack, u64 id)
{
	if (!cgw_is_locked() || cgw_lock_mode_of(id) < CGW_MODE_MONITOR)
		return 0;
	return cgw_lock_refuse(extack,
			       "the model of a monitored or protected cgroup is frozen");
}

int cgw_lock_check_policy(struct netlink_ext_ack *extack)
{
	if (!cgw_is_locked())
		return 0;
	return cgw_lock_refuse(extack, "the policy is frozen");
}

/* CGW_CMD_LOCK: no attributes, no reply but the ack. */
int cgw_nl_lock(struct sk_buff *skb, struct genl_info *info)
{
	return cgw_lock();
}
