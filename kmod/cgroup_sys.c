// SPDX-License-Identifier: GPL-2.0
/*
 * What cgwarden asks of the kernel's cgroups: whether one still exists,
 * and the mode of a task whose cgroup has no state.  Not in the KUnit
 * build, which has no real cgroups (kmod/tests/kunit_env.c stands in).
 *
 * A task whose cgroup has no state (the table is full, or its state could
 * not be allocated) is decided without a model.  Which mode applies must
 * not depend on that failure: a cgroup made below a protected one would
 * otherwise fall back to the default mode (off, usually) and leave
 * protection by a failed allocation.  So it gets what it would have
 * inherited (cgw_cgroup_inherit()): the stronger of the default mode and
 * the mode of its nearest tracked ancestor that is not off.
 */
#include <linux/cgroup.h>
#include "cgroup.h"

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
 * cgw_untracked_mode() - current's mode when its cgroup is untracked
 *
 * Callers hold rcu_read_lock().
 *
 * Return: the mode, enum cgw_mode.
 */
unsigned int cgw_untracked_mode(void)
{
	unsigned int mode = READ_ONCE(cgw_config.default_mode), n = 0;
	struct cgroup *p = cgroup_parent(task_dfl_cgroup(current));
	struct cgw_cgroup *a;

	for (; p && n < CGW_INHERIT_DEPTH; p = cgroup_parent(p), n++) {
		a = cgw_cgroup_lookup(cgroup_id(p));
		if (a && READ_ONCE(a->mode) != CGW_MODE_OFF)
			return max(mode, READ_ONCE(a->mode));
	}
	return mode;
}
