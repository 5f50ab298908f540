// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection, in test builds only (make CGW_FAULT_INJECT=1): the
 * module parameter fault_rate makes that many allocations per million
 * fail on purpose, at every allocation site of the hooks and of cgroup
 * and model setup, each of which asks cgw_fault() first.  The VM suite
 * 88-faults.sh uses it to show that learn mode counts what it could not
 * record, that protect mode fails closed and that nothing leaks.
 * Production modules are built without this file: they have no such
 * parameter, and cgw_fault() is a constant false (fault.h).
 */
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include "fault.h"

enum { CGW_FAULT_SCALE = 1000000 };

static unsigned int cgw_fault_rate;
static atomic64_t cgw_faults_injected = ATOMIC64_INIT(0);

static int cgw_fault_rate_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int err = kstrtouint(val, 0, &n);

	if (err)
		return err;
	if (n > CGW_FAULT_SCALE)
		return -ERANGE;
	WRITE_ONCE(cgw_fault_rate, n);
	return 0;
}

static const struct kernel_param_ops cgw_fault_rate_ops = {
	.set = cgw_fault_rate_set,
	.get = param_get_uint,
};

module_param_cb(fault_rate, &cgw_fault_rate_ops, &cgw_fault_rate, 0644);
MODULE_PARM_DESC(fault_rate,
		 "Test builds: allocations made to fail, per million (0..1000000)");

/* Should this allocation fail?  Any context; counted when it says yes. */
bool cgw_fault(void)
{
	unsigned int rate = READ_ONCE(cgw_fault_rate);

	if (likely(!rate))
		return false;
	if (rate < CGW_FAULT_SCALE &&
	    get_random_u32_below(CGW_FAULT_SCALE) >= rate)
		return false;
	atomic64_inc(&cgw_faults_injected);
	return true;
}

u64 cgw_faults_injected_count(void)
{
	return atomic64_read(&cgw_faults_injected);
}
