// SPDX-License-Identifier: GPL-2.0
/*
 * Cgroups: a task placed in a cgroup, by a write to cgroup.procs or
 * cgroup.threads, or born there (clone3 with CLONE_INTO_CGROUP).  Both
 * ask cgroup_attach_permissions(src_cgrp, dst_cgrp, sb, threadgroup, ns)
 * of the kernel on Debian's 6.1 and 6.12, with the destination resolved
 * and cgroup_mutex held: nothing can change it before the move.
 */
#include <linux/cgroup.h>
#include "cgroup.h"
#include "see.h"

/* cgroup_attach_permissions(src_cgrp, dst_cgrp, ...): what leaves? */
enum cgw_seen cgw_see_move(struct pt_regs *regs, struct cgw_obj *o)
{
	struct cgroup *dst = (struct cgroup *)regs->si;
	char *buf = this_cpu_ptr(cgw_scratch)->path;
	struct cgw_cgroup *cg;
	int n;

	cg = cgw_cgroup_nearest(task_dfl_cgroup(current), true);
	if (!cg || !cgw_cgroup_fenced(dst, READ_ONCE(cg->mode)))
		return CGW_SEEN_NONE;
	o->kind = CGW_KIND_FILE;
	n = cgroup_path(dst, buf, PATH_MAX);
	if (n > 0 && n < PATH_MAX) {
		o->path = buf;
		o->path_len = n;
	}
	return CGW_SEEN_ESCAPE;
}
