// SPDX-License-Identifier: GPL-2.0
/* Files: opens, with the access the kernel grants. */
#include <linux/fs.h>
#include "compat.h"
#include "see.h"

/**
 * cgw_file_access() - the access an open file was granted, as CGW_ACC_*
 * @file: the file being opened
 *
 * Return: the access bits.
 */
u32 cgw_file_access(const struct file *file)
{
	u32 acc = 0;

	if (file->f_mode & FMODE_READ)
		acc |= CGW_ACC_READ;
	if (file->f_mode & FMODE_WRITE)
		acc |= file->f_flags & O_APPEND ? CGW_ACC_APPEND :
						  CGW_ACC_WRITE;
	/* Set by open_exec() for a program and its ELF interpreter. */
	if (file->f_flags & __FMODE_EXEC)
		acc |= CGW_ACC_EXEC;
	return acc;
}

/* security_file_open(file) */
enum cgw_seen cgw_see_open(struct pt_regs *regs, struct cgw_obj *o)
{
	struct file *file = (struct file *)regs->di;

	o->kind = CGW_KIND_FILE;
	o->access = cgw_file_access(file);
	o->path = cgw_see_path(&file->f_path, &o->path_len);
	if (o->access & CGW_ACC_EXEC)
		o->ctime = cgw_inode_ctime(file_inode(file));
	return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}
