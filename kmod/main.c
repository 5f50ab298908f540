// SPDX-License-Identifier: GPL-2.0
/*
 * cgwarden: per-cgroup behaviour models, learned and enforced in the
 * kernel's exec, file open and connect/send paths.
 *
 * Module parameters are the operator's view of every bound; they may be
 * changed at run time here or through `cgwardenctl config`.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/workqueue.h>
#include "alert.h"
#include "created.h"
#include "hooks.h"
#include "lock.h"
#include "names.h"
#include "nl.h"

/* Set once init is done: a parameter written since opens the gate. */
static bool cgw_live;

static int cgw_mode_set(const char *val, const struct kernel_param *kp)
{
	int mode = cgw_mode_parse(val);

	if (mode < 0)
		return -EINVAL;
	if (cgw_lock_check_param(kp->arg, mode))
		return -EPERM;
	/* At load, cgw_init() sets the gate once the value is known. */
	if (!cgw_live) {
		/* at load every cgroup is new */
		WRITE_ONCE(*(unsigned int *)kp->arg, mode);
		return 0;
	}
	if (mode != CGW_MODE_OFF)
		cgw_gate_open();
	cgw_default_set(mode, mode != CGW_MODE_OFF ? cgw_cgroup_next_id() : 0);
	cgw_gate_refresh();
	return 0;
}

static int cgw_mode_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  cgw_mode_name(*(unsigned int *)kp->arg));
}

static const struct kernel_param_ops cgw_mode_ops = {
	.set = cgw_mode_set,
	.get = cgw_mode_get,
};

module_param_cb(default_mode, &cgw_mode_ops, &cgw_config.default_mode, 0644);
MODULE_PARM_DESC(default_mode,
		 "Mode of newly seen cgroups: off, learn, monitor, protect");

/* An unsigned int parameter bounded to [min, max]. */
struct cgw_bounded {
	unsigned int *val;
	unsigned int min, max;
};

static int cgw_bounded_set(const char *val, const struct kernel_param *kp)
{
	const struct cgw_bounded *b = kp->arg;
	unsigned int n;
	int err = kstrtouint(val, 0, &n);

	if (err)
		return err;
	if (n < b->min || n > b->max)
		return -ERANGE;
	if (cgw_lock_check_param(b->val, n))
		return -EPERM;
	WRITE_ONCE(*b->val, n);
	return 0;
}

static int cgw_bounded_get(char *buf, const struct kernel_param *kp)
{
	const struct cgw_bounded *b = kp->arg;

	return sysfs_emit(buf, "%u\n", READ_ONCE(*b->val));
}

static const struct kernel_param_ops cgw_bounded_ops = {
	.set = cgw_bounded_set,
	.get = cgw_bounded_get,
};

static struct cgw_bounded cgw_max_cgroups = {
	&cgw_config.max_cgroups, 1, CGW_MAX_CGROUPS_LIMIT,
};
module_param_cb(max_cgroups, &cgw_bounded_ops, &cgw_max_cgroups, 0644);
MODULE_PARM_DESC(max_cgroups, "Most cgroups tracked at once");

static struct cgw_bounded cgw_max_entries = {
	&cgw_config.max_entries, 1, CGW_MAX_ENTRIES_LIMIT,
};
module_param_cb(max_entries, &cgw_bounded_ops, &cgw_max_entries, 0644);
MODULE_PARM_DESC(max_entries, "Most model entries per cgroup");

static struct cgw_bounded cgw_max_created = {
	&cgw_config.max_created, 0, CGW_MAX_CREATED_LIMIT,
};
module_param_cb(max_created, &cgw_bounded_ops, &cgw_max_created, 0644);
MODULE_PARM_DESC(max_created,
		 "Most files known as made by a cgroup, all cgroups (full: not its own)");

static struct cgw_bounded cgw_quiet_ops = {
	&cgw_config.quiet_ops, 0, CGW_QUIET_OPS_LIMIT,
};
module_param_cb(quiet_ops, &cgw_bounded_ops, &cgw_quiet_ops, 0644);
MODULE_PARM_DESC(quiet_ops,
		 "Operations without a new entry that quiet needs (0: wall time alone)");

static struct cgw_bounded cgw_max_entries_total = {
	&cgw_config.max_entries_total, 1, CGW_MAX_ENTRIES_LIMIT,
};
module_param_cb(max_entries_total, &cgw_bounded_ops, &cgw_max_entries_total,
		0644);
MODULE_PARM_DESC(max_entries_total, "Most model entries over all cgroups");

static struct cgw_bounded cgw_max_candidates = {
	&cgw_config.max_candidates, 0, CGW_MAX_ENTRIES_LIMIT,
};
module_param_cb(max_candidates, &cgw_bounded_ops, &cgw_max_candidates, 0644);
MODULE_PARM_DESC(max_candidates,
		 "Most candidates (deviations kept for review) per cgroup");

static struct cgw_bounded cgw_alert_window_ms = {
	&cgw_config.alert_window_ms, 0, CGW_ALERT_WINDOW_MS_LIMIT,
};
module_param_cb(alert_window_ms, &cgw_bounded_ops, &cgw_alert_window_ms,
		0644);
MODULE_PARM_DESC(alert_window_ms,
		 "Window in which repeats of one alert are only counted");

static struct cgw_bounded cgw_dir_names = {
	&cgw_config.dir_names, 0, CGW_MAX_ENTRIES_LIMIT,
};
module_param_cb(dir_names, &cgw_bounded_ops, &cgw_dir_names, 0644);
MODULE_PARM_DESC(dir_names,
		 "Names learned in a directory before it stands for any (0: never)");

static struct cgw_bounded cgw_net_addrs = {
	&cgw_config.net_addrs, 0, CGW_MAX_ENTRIES_LIMIT,
};
module_param_cb(net_addrs, &cgw_bounded_ops, &cgw_net_addrs, 0644);
MODULE_PARM_DESC(net_addrs,
		 "Addresses learned on a port before it stands for any (0: never)");

/* A bool in cgw_config, whose change the lock may refuse. */
static int cgw_bool_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int err = kstrtobool(val, &on);

	if (err)
		return err;
	if (cgw_lock_check_param(kp->arg, on))
		return -EPERM;
	WRITE_ONCE(*(bool *)kp->arg, on);
	return 0;
}

static const struct kernel_param_ops cgw_bool_ops = {
	.set = cgw_bool_set,
	.get = param_get_bool,
};

module_param_cb(exe_pairing, &cgw_bool_ops, &cgw_config.exe_pairing, 0644);
MODULE_PARM_DESC(exe_pairing,
		 "Bind learned files and endpoints to the program that used them");

module_param_cb(collapse_names, &cgw_bool_ops, &cgw_config.collapse_names,
		0644);
MODULE_PARM_DESC(collapse_names,
		 "Learn made-up file name parts (mkstemp suffixes) as '*'");

static void cgw_gc_fn(struct work_struct *work);
/* Not deferrable: learning that ends itself should end on time. */
static DECLARE_DELAYED_WORK(cgw_gc_work, cgw_gc_fn);

static void cgw_gc_fn(struct work_struct *work)
{
	cgw_hooks_check();
	cgw_cgroup_promote(ktime_get_ns(), cgw_alert_promoted);
	cgw_cgroup_reap(cgw_cgroup_alive);
	schedule_delayed_work(&cgw_gc_work,
			      msecs_to_jiffies(CGW_GC_INTERVAL_MS));
}

static int __init cgw_init(void)
{
	int err;

	err = cgw_model_init();
	if (err)
		return err;
	err = cgw_cgroup_init();
	if (err)
		goto err_model;
	err = cgw_created_init();
	if (err)
		goto err_cgroup;
	err = cgw_alert_init();
	if (err)
		goto err_created;
	cgw_gate_refresh();	/* the default mode given at load */
	err = cgw_netlink_init();
	if (err)
		goto err_alert;
	err = cgw_hooks_init();
	if (err)
		goto err_netlink;
	schedule_delayed_work(&cgw_gc_work,
			      msecs_to_jiffies(CGW_GC_INTERVAL_MS));
	cgw_lock_init();
	cgw_live = true;
	pr_info("%s loaded, default mode %s\n", CGW_VERSION,
		cgw_mode_name(cgw_config.default_mode));
	return 0;

err_netlink:
	cgw_netlink_exit();
err_alert:
	cgw_alert_exit();
err_created:
	cgw_created_exit();
err_cgroup:
	cgw_cgroup_exit();
err_model:
	cgw_model_exit();
	return err;
}

/*
 * The control plane first: once the family is unregistered no request
 * runs or can start (STATUS reads the hooks' per-CPU counters, which
 * cgw_hooks_exit() frees), and alerts have no event sink left.  Then the
 * hooks, so nothing new arrives; then what they used.
 */
static void __exit cgw_exit(void)
{
	cgw_lock_exit();
	cgw_netlink_exit();
	cgw_hooks_exit();
	cgw_policy_exit();
	cancel_delayed_work_sync(&cgw_gc_work);
	cgw_alert_exit();
	cgw_created_exit();
	cgw_cgroup_exit();
	cgw_model_exit();
	pr_info("unloaded\n");
}

module_init(cgw_init);
module_exit(cgw_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("cgwarden developers");
MODULE_DESCRIPTION("Per-cgroup behaviour learning and enforcement");
MODULE_VERSION(CGW_VERSION);
