// SPDX-License-Identifier: GPL-2.0
/*
 * Names: the operations that make, remove or re-point a file's name, and
 * those that change a file without opening it.  Each is a FILE object
 * whose access bit is the operation's (CGW_ACC_*), learned and matched
 * like an open.  Argument layouts (x86_64: di, si, dx, cx, r8) are the
 * security_path_*() functions', the same in 6.1 and 6.12.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/path.h>
#include "created.h"
#include "see.h"

/**
 * cgw_see_name() - a name an operation touches, as a FILE object
 * @n: the name
 * @o: set to the FILE object, with @n's access
 *
 * Return: CGW_SEEN_OBJ, or CGW_SEEN_UNKNOWN if its path cannot be built.
 */
enum cgw_seen cgw_see_name(const struct cgw_name *n, struct cgw_obj *o)
{
	const struct dentry *d = n->child ?: n->where.dentry;

	o->kind = CGW_KIND_FILE;
	o->access = n->access;
	o->inode = n->inode ?: d_inode(d);
	o->dir = n->child ? n->where.dentry : READ_ONCE(d->d_parent);
	if (n->child)
		o->path = cgw_see_child(&n->where, n->child, &o->path_len);
	else
		o->path = cgw_see_path(&n->where, &o->path_len);
	return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}

/* A name in the locked directory @dir (a struct path *) is asked @access. */
static enum cgw_seen cgw_see_in(unsigned long dir, unsigned long dentry,
				u32 access, struct cgw_obj *o)
{
	struct cgw_name n = {
		.where = *(const struct path *)dir,
		.child = (const struct dentry *)dentry,
		.access = access,
	};

	return cgw_see_name(&n, o);
}

/*
 * An existing file (a struct path *) is asked @access.  A pipe, socket or
 * anonymous file (memfd) has no name in any directory, only one made up
 * for it ("pipe:[1234]"): changing its mode, owner or size changes no
 * name, and is not mediated (runc fchowns its stdio pipes).
 */
static enum cgw_seen cgw_see_at(unsigned long path, u32 access,
				struct cgw_obj *o)
{
	struct cgw_name n = {
		.where = *(const struct path *)path,
		.access = access,
	};
	const struct dentry *d = n.where.dentry;

	if (d->d_op && d->d_op->d_dname)
		return CGW_SEEN_NONE;
	return cgw_see_name(&n, o);
}

/*
 * security_path_mknod(dir, dentry, mode, dev): mknod(2), and the creation
 * half of an open with O_CREAT of a file that does not exist, before it
 * does (may_o_create()): refusing here leaves nothing behind.
 */
enum cgw_seen cgw_see_mknod(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_in(regs->di, regs->si, CGW_ACC_CREATE, o);
}

/* security_path_mkdir(dir, dentry, mode) */
enum cgw_seen cgw_see_mkdir(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_in(regs->di, regs->si, CGW_ACC_CREATE, o);
}

/* security_path_symlink(dir, dentry, old_name): the new name is made. */
enum cgw_seen cgw_see_symlink(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_in(regs->di, regs->si, CGW_ACC_CREATE, o);
}

/* security_path_unlink(dir, dentry), security_path_rmdir(dir, dentry) */
enum cgw_seen cgw_see_unlink(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_in(regs->di, regs->si, CGW_ACC_DELETE, o);
}

/*
 * security_path_truncate(path): truncate(2); before 6.2 also ftruncate(2)
 * and an open with O_TRUNC.
 */
enum cgw_seen cgw_see_truncate(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_at(regs->di, CGW_ACC_WRITE, o);
}

/* security_file_truncate(file), 6.2+: ftruncate(2), an open with O_TRUNC. */
enum cgw_seen cgw_see_file_truncate(struct pt_regs *regs, struct cgw_obj *o)
{
	const struct file *file = (const struct file *)regs->di;

	return cgw_see_at((unsigned long)&file->f_path, CGW_ACC_WRITE, o);
}

/* security_path_chmod(path, mode) */
enum cgw_seen cgw_see_chmod(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_at(regs->di, CGW_ACC_CHMOD, o);
}

/* security_path_chown(path, uid, gid) */
enum cgw_seen cgw_see_chown(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_at(regs->di, CGW_ACC_CHOWN, o);
}

/*
 * security_path_link(old_dentry, new_dir, new_dentry).  The existing name
 * is on new_dir's mount (links do not cross mounts); its directory is not
 * locked, so its path is the dentry's own.
 */
enum cgw_seen cgw_see_link(struct pt_regs *regs, struct cgw_names *n)
{
	const struct path *dir = (const struct path *)regs->si;

	n->name[0].where.mnt = dir->mnt;
	n->name[0].where.dentry = (struct dentry *)regs->di;
	n->name[0].child = NULL;
	n->name[0].inode = NULL;
	n->name[0].access = 0;
	n->name[1].where = *dir;
	n->name[1].child = (const struct dentry *)regs->dx;
	n->name[1].inode = d_inode(n->name[0].where.dentry);
	n->name[1].access = CGW_ACC_LINK;
	n->exchange = false;
	return CGW_SEEN_OBJ;
}

/*
 * security_path_rename(old_dir, old_dentry, new_dir, new_dentry, flags).
 * Both directories are locked.  RENAME_EXCHANGE swaps the two names: each
 * is renamed from and to.
 */
enum cgw_seen cgw_see_rename(struct pt_regs *regs, struct cgw_names *n)
{
	bool exchange = regs->r8 & RENAME_EXCHANGE;
	u32 both = CGW_ACC_RENAME_FROM | CGW_ACC_RENAME_TO;

	n->name[0].where = *(const struct path *)regs->di;
	n->name[0].child = (const struct dentry *)regs->si;
	n->name[0].access = exchange ? both : CGW_ACC_RENAME_FROM;
	n->name[1].where = *(const struct path *)regs->dx;
	n->name[1].child = (const struct dentry *)regs->cx;
	n->name[1].access = exchange ? both : CGW_ACC_RENAME_TO;
	/* Each name is given the object renamed to it. */
	n->name[1].inode = d_inode(n->name[0].child);
	n->name[0].inode = exchange ? d_inode(n->name[1].child) :
				      n->name[1].inode;
	n->exchange = exchange;
	return CGW_SEEN_OBJ;
}

/*
 * security_d_instantiate(dentry, inode): a dentry gets its inode, on a
 * lookup or a creation; the creation current noted is remembered as its
 * cgroup's own (created.c).  Never refused.
 */
void cgw_see_instantiate(struct pt_regs *regs)
{
	cgw_created_instantiate((const struct dentry *)regs->di,
				(const struct inode *)regs->si);
}

/*
 * security_path_unlink(dir, dentry), _rmdir(dir, dentry), allowed: the
 * object loses a name, and is no longer anyone's own.
 */
void cgw_forget_unlinked(struct pt_regs *regs)
{
	cgw_created_forget(d_inode((const struct dentry *)regs->si));
}

/* security_path_rename(), allowed: a file renamed over is removed. */
void cgw_forget_renamed_over(struct pt_regs *regs)
{
	if (!(regs->r8 & RENAME_EXCHANGE))
		cgw_created_forget(d_inode((const struct dentry *)regs->cx));
}
