// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks: tracing another task (ptrace, process_vm_writev, /proc/pid/mem)
 * and making or entering namespaces.  A traced program is a FILE object,
 * its path with CGW_ACC_PTRACE: what a program may do is bound to it
 * (pairing), and a tracer could make it do anything.  A namespace is the
 * FILE /proc/self/ns/<type> with CGW_ACC_NS.
 */
#include <linux/binfmts.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm_types.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/string.h>
#include "compat.h"
#include "see.h"

/* The program @mm runs, as a PTRACE object; undecided if unnamed. */
static enum cgw_seen cgw_see_traced(struct mm_struct *mm, struct cgw_obj *o)
{
	struct file *f = mm ? cgw_get_mm_exe_file(mm) : NULL;

	o->kind = CGW_KIND_FILE;
	o->access = CGW_ACC_PTRACE;
	if (!f)
		return CGW_SEEN_UNKNOWN;
	o->path = cgw_see_program(&f->f_path, &o->path_len);
	fput(f);
	return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}

/*
 * security_ptrace_access_check(child, mode).  Callers hold task_lock(child),
 * so child->mm stays.  Attaching (ptrace, process_vm_readv/writev,
 * /proc/pid/mem) is mediated; reading (PTRACE_MODE_READ: /proc/pid/stat,
 * kcmp) is not.  A task's own threads never come here.
 */
enum cgw_seen cgw_see_ptrace(struct pt_regs *regs, struct cgw_obj *o)
{
	struct task_struct *child = (struct task_struct *)regs->di;
	unsigned int mode = regs->si;

	if (!(mode & PTRACE_MODE_ATTACH))
		return CGW_SEEN_NONE;
	return cgw_see_traced(READ_ONCE(child->mm), o);
}

/* security_ptrace_traceme(parent): current offers itself to its parent. */
enum cgw_seen cgw_see_traceme(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_traced(current->mm, o);
}

/*
 * security_bprm_creds_for_exec(bprm).  A traced task that executes a
 * program hands the program to its tracer: PTRACE of the program, bound
 * to the program it ran while traced (the tracer's own, after fork and
 * PTRACE_TRACEME).  Untraced, nothing.
 */
enum cgw_seen cgw_see_traced_exec(struct pt_regs *regs, struct cgw_obj *o)
{
	struct linux_binprm *bprm = (struct linux_binprm *)regs->di;

	if (!(READ_ONCE(current->ptrace) & PT_PTRACED))
		return CGW_SEEN_NONE;
	o->kind = CGW_KIND_FILE;
	o->access = CGW_ACC_PTRACE;
	o->path = cgw_see_program(&bprm->file->f_path, &o->path_len);
	return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}

static enum cgw_seen cgw_see_ns(const char *path, struct cgw_obj *o)
{
	o->kind = CGW_KIND_FILE;
	o->access = CGW_ACC_NS;
	o->path = path;
	o->path_len = strlen(path);
	return CGW_SEEN_OBJ;
}

/* security_create_user_ns(cred): unshare or clone with CLONE_NEWUSER. */
enum cgw_seen cgw_see_userns(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_ns("/proc/self/ns/user", o);
}

/*
 * copy_namespaces(flags, tsk), for clone(2); unshare_nsproxy_namespaces(
 * flags, ...), for unshare(2).  Every fork passes copy_namespaces: only a
 * new mount namespace is seen.
 */
enum cgw_seen cgw_see_newns(struct pt_regs *regs, struct cgw_obj *o)
{
	if (!(regs->di & CLONE_NEWNS))
		return CGW_SEEN_NONE;
	return cgw_see_ns("/proc/self/ns/mnt", o);
}

/* mntns_install(nsset, ns): setns(2) into a mount namespace. */
enum cgw_seen cgw_see_setns_mnt(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_ns("/proc/self/ns/mnt", o);
}

/* userns_install(nsset, ns): setns(2) into a user namespace. */
enum cgw_seen cgw_see_setns_user(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_ns("/proc/self/ns/user", o);
}
