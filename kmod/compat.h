/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels cgwarden builds for (6.1 and 6.12),
 * kept to this one file and selected by feature tests of the kernel's
 * headers in Kbuild, not by version numbers: distributions backport.
 */
#ifndef _CGW_COMPAT_H
#define _CGW_COMPAT_H

#include <linux/fs.h>
#include <linux/ftrace.h>
#include <linux/mm_types.h>
#include <net/genetlink.h>

/* 6.2 moved the parsed attributes of a dump into a struct genl_info. */
#ifdef CGW_HAVE_DUMPIT_INFO_INFO
#define cgw_dump_attrs(cb) (genl_dumpit_info(cb)->info.attrs)
#else
#define cgw_dump_attrs(cb) (genl_dumpit_info(cb)->attrs)
#endif

/*
 * A reference on @mm's executable, or NULL.  Since 6.7 files are
 * SLAB_TYPESAFE_BY_RCU and get_file_rcu() takes the __rcu pointer.
 */
static inline struct file *cgw_get_mm_exe_file(struct mm_struct *mm)
{
	struct file *f;

	rcu_read_lock();
#ifdef CGW_HAVE_GET_FILE_RCU_PP
	f = get_file_rcu(&mm->exe_file);
#else
	f = rcu_dereference(mm->exe_file);
	if (f && !get_file_rcu(f))
		f = NULL;
#endif
	rcu_read_unlock();
	return f;
}

/*
 * An ftrace callback without FTRACE_OPS_FL_SAVE_REGS (x86_64 has
 * DYNAMIC_FTRACE_WITH_ARGS): the argument registers, the stack pointer
 * and the ip are saved, the rest is not.  6.12 made struct ftrace_regs
 * opaque, with arch_ftrace_regs() to reach the pt_regs inside.
 */
static inline struct pt_regs *cgw_fregs_args(struct ftrace_regs *fregs)
{
#ifdef arch_ftrace_regs
	return &arch_ftrace_regs(fregs)->regs;
#else
	return &fregs->regs;
#endif
}

/* Where the hooked function's caller goes on: livepatch's way of refusing. */
static inline void cgw_fregs_set_ip(struct ftrace_regs *fregs,
				    unsigned long ip)
{
#ifdef ftrace_regs_set_instruction_pointer
	ftrace_regs_set_instruction_pointer(fregs, ip);
#else
	ftrace_instruction_pointer_set(fregs, ip);
#endif
}

/* An inode's change time: 6.6 hid i_ctime behind an accessor. */
static inline s64 cgw_inode_ctime(const struct inode *inode)
{
#ifdef CGW_HAVE_INODE_GET_CTIME
	struct timespec64 ts = inode_get_ctime(inode);
#else
	struct timespec64 ts = inode->i_ctime;
#endif

	return timespec64_to_ns(&ts);
}

#endif /* _CGW_COMPAT_H */
