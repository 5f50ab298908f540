// SPDX-License-Identifier: GPL-2.0
/* Files: opens, with the access they ask for. */
#include <linux/fs.h>
#include "compat.h"
#include "see.h"
#include "vcache.h"

/**
 * cgw_file_access() - the access an open is asked for, as CGW_ACC_*
 * @file: the file being opened
 *
 * As the kernel means the flags: O_TRUNC writes (it truncates, whatever
 * the access mode); O_ACCMODE 3, which grants neither read nor write but
 * lets ioctl() do both, is both; O_APPEND is an append.  Creating a file
 * that does not exist (O_CREAT) is decided before, at path_mknod.
 *
 * Return: the access bits.
 */
static u32 cgw_file_access(const struct file *file)
{
	unsigned int flags = file->f_flags;
	u32 acc = 0;

	if (file->f_mode & FMODE_READ)
		acc |= CGW_ACC_READ;
	if (file->f_mode & FMODE_WRITE)
		acc |= flags & O_APPEND ? CGW_ACC_APPEND : CGW_ACC_WRITE;
	if ((flags & O_ACCMODE) == O_ACCMODE)
		acc |= CGW_ACC_READ | CGW_ACC_WRITE;
	if (flags & O_TRUNC)
		acc |= CGW_ACC_WRITE;
	/* Set by open_exec() for a program and its ELF interpreter. */
	if (flags & __FMODE_EXEC)
		acc |= CGW_ACC_EXEC;
	return acc;
}

/**
 * cgw_see_open_cached() - an open of a file opened before, in the verdict cache
 * @cg: current's cgroup's state
 * @regs: security_file_open()'s arguments
 * @vk: the key, for cgw_vcache_store()
 *
 * Before any path is built.  Callers hold rcu_read_lock().
 *
 * Return: true if an allow was kept for it.
 */
bool cgw_see_open_cached(const struct cgw_cgroup *cg, struct pt_regs *regs,
			 struct cgw_vkey *vk)
{
	struct file *f = (struct file *)regs->di;

	return cgw_vcache_lookup(cg, f, cgw_file_access(f), vk);
}

/* security_file_open(file) */
enum cgw_seen cgw_see_open(struct pt_regs *regs, struct cgw_obj *o)
{
	struct file *file = (struct file *)regs->di;

	o->kind = CGW_KIND_FILE;
	o->access = cgw_file_access(file);
	o->inode = d_inode(file->f_path.dentry);
	o->dir = READ_ONCE(file->f_path.dentry->d_parent);
	/* A program (and its ELF interpreter) is named as one: program.c */
	if (o->access & CGW_ACC_EXEC) {
		o->path = cgw_see_program(&file->f_path, &o->path_len);
		o->ctime = cgw_inode_ctime(file_inode(file));
	} else {
		o->path = cgw_see_path(&file->f_path, &o->path_len);
	}
	return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}
