// SPDX-License-Identifier: GPL-2.0
/* Programs: the one being executed, and the one current runs. */
#include <linux/binfmts.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/mm_types.h>
#include <linux/mount.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "compat.h"
#include "program.h"
#include "limits.h"
#include "see.h"

/* security_bprm_check(bprm) */
enum cgw_seen cgw_see_exec(struct pt_regs *regs, struct cgw_obj *o)
{
	struct linux_binprm *bprm = (struct linux_binprm *)regs->di;

	/* interp is what was asked for: the file, or the #! interpreter. */
	o->kind = CGW_KIND_EXEC;
	o->name = kbasename(bprm->interp);
	o->name_len = strnlen(o->name, CGW_NAME_MAX);
	if (o->name_len > CGW_NAME_MAX - 1)
		return CGW_SEEN_TOO_LONG;	/* never compared truncated */
	o->path = cgw_see_program(&bprm->file->f_path, &o->path_len);
	o->ctime = cgw_inode_ctime(file_inode(bprm->file));
	return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}

/*
 * argv[0], at @p in the new mm, into @buf: read a chunk at a time up to
 * its end, not the whole @len (most of an exec's cost was copying 4 KiB
 * of arguments and environment to find a short name).  Its length, or
 * -ENAMETOOLONG with no end within @len, or -EFAULT.
 */
static long cgw_read_argv0(char *buf, unsigned long p, unsigned long len)
{
	unsigned long off, n;
	const char *end;

	for (off = 0; off < len; off += n) {
		n = min_t(unsigned long, len - off, CGW_ARGV0_CHUNK);
		if (copy_from_user_nofault(buf + off,
					   (const void __user *)(p + off), n))
			return -EFAULT;
		end = memchr(buf + off, '\0', n);
		if (end)
			return end - buf;
	}
	return -ENAMETOOLONG;
}

/*
 * security_bprm_committing_creds(bprm).  A multi-call binary (busybox,
 * toybox) picks what to run from argv[0], which need not match the name
 * it was executed by: busybox's shell runs applets as /proc/self/exe, and
 * execve(busybox, {"nc", ...}) runs nc.  By the time creds are committed
 * the arguments are in the new mm, which is current's and has no other
 * thread, so argv[0] is read as the program will see it.  Only a name
 * that differs from the one checked at security_bprm_check is decided
 * here.  A name longer than a model keeps (CGW_NAME_MAX - 1), or an
 * argv[0] longer than PATH_MAX, is never compared truncated: its tail
 * could name another applet.  It is CGW_SEEN_TOO_LONG, refused in
 * protect.  current already runs the new program here: the entry of a
 * program without a path (program.c) is bound to itself; the exec's own
 * entry, decided at bprm check, binds it to the program that ran it.
 */
enum cgw_seen cgw_see_argv0(struct pt_regs *regs, struct cgw_obj *o)
{
	struct linux_binprm *bprm = (struct linux_binprm *)regs->di;
	struct cgw_scratch *s = this_cpu_ptr(cgw_scratch);
	unsigned long len = PATH_MAX;
	const char *base;
	long got;
	size_t n;

	if (bprm->vma && bprm->vma->vm_end - bprm->p < len)
		len = bprm->vma->vm_end - bprm->p;
	got = cgw_read_argv0(s->path, bprm->p, len);
	if (got == -ENAMETOOLONG)
		return CGW_SEEN_TOO_LONG;	/* no end within what was read */
	if (got < 0)
		return CGW_SEEN_UNKNOWN;
	base = kbasename(s->path);
	n = strlen(base);
	if (n > CGW_NAME_MAX - 1)
		return CGW_SEEN_TOO_LONG;
	if (!strcmp(base, kbasename(bprm->interp)))
		return CGW_SEEN_NONE;
	/* The path is built in s->path next: keep the name apart. */
	memcpy(s->name, base, n + 1);
	o->kind = CGW_KIND_EXEC;
	o->name = s->name;
	o->name_len = n;
	o->path = cgw_see_program(&bprm->file->f_path, &o->path_len);
	return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}

/**
 * cgw_see_exe() - the program current runs, by its name (program.c)
 * @len: set to the name's length
 *
 * For entries bound to a program (exe pairing), and for the exec of a
 * program without a path (bound to the program executing it).  Cached
 * per CPU by the executable's identity, whether it is still linked and
 * mounted, and the task's root.  Callers hold rcu_read_lock().
 *
 * Return: the name; "" without a program; NULL if it cannot be built.
 */
const char *cgw_see_exe(u16 *len)
{
	struct cgw_exe_cache *c = &this_cpu_ptr(cgw_scratch)->exe;
	struct mm_struct *mm = current->mm;
	struct fs_struct *fs = current->fs;
	struct file *f = mm ? rcu_dereference(mm->exe_file) : NULL;
	const char *p;

	*len = 0;
	if (!f || !fs)
		return "";
	/* Same file, seen from the same root: the same name. */
	if (c->exe && c->dentry == f->f_path.dentry &&
	    c->mnt == f->f_path.mnt && c->inode == f->f_inode &&
	    c->ino == f->f_inode->i_ino &&
	    c->generation == f->f_inode->i_generation &&
	    c->unlinked == !!d_unlinked(f->f_path.dentry) &&
	    c->umounted == !!(f->f_path.mnt->mnt_flags & MNT_UMOUNT) &&
	    c->root == READ_ONCE(fs->root.dentry) &&
	    c->root_mnt == READ_ONCE(fs->root.mnt)) {
		*len = c->len;
		return c->exe;
	}
	c->exe = NULL;
	f = cgw_get_mm_exe_file(mm);
	if (!f)
		return "";
	c->unlinked = d_unlinked(f->f_path.dentry);
	c->umounted = f->f_path.mnt->mnt_flags & MNT_UMOUNT;
	p = cgw_name_path(&f->f_path, c->buf, &c->len, CGW_NAME_RUNNING);
	if (p) {
		c->dentry = f->f_path.dentry;
		c->mnt = f->f_path.mnt;
		c->inode = f->f_inode;
		c->ino = f->f_inode->i_ino;
		c->generation = f->f_inode->i_generation;
		c->root = READ_ONCE(fs->root.dentry);
		c->root_mnt = READ_ONCE(fs->root.mnt);
		c->exe = p;
	}
	fput(f);
	*len = p ? c->len : 0;
	return p;
}
