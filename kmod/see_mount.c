// SPDX-License-Identifier: GPL-2.0
/*
 * The mount family: what changes which file a name reaches.  Each is a
 * FILE object, the path with the access bit of the operation, so a model
 * says where a cgroup may mount, unmount and change its root.
 */
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/path.h>
#include "see.h"

/* @path, for access @acc: an object, or undecided if no name fits. */
static enum cgw_seen cgw_see_at(const struct path *path, u32 acc,
				struct cgw_obj *o)
{
	o->kind = CGW_KIND_FILE;
	o->access = acc;
	o->path = cgw_see_path(path, &o->path_len);
	return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
}

/*
 * security_sb_mount(dev_name, path, type, flags, data): the mount point,
 * for every mount(2): a new mount, a bind, a move (MS_MOVE), a remount and
 * a change of propagation.  A bind's source: cgw_see_bind_source().
 */
enum cgw_seen cgw_see_mount(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_at((const struct path *)regs->si, CGW_ACC_MOUNT, o);
}

/*
 * __do_loopback(old_path, recurse): the source of a bind mount (mount
 * --bind, open_tree(OPEN_TREE_CLONE)), resolved, before it is copied.
 * What a bind shows under the mount point is read from its source: the
 * source needs read access.
 */
enum cgw_seen cgw_see_bind_source(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_at((const struct path *)regs->di, CGW_ACC_READ, o);
}

/*
 * security_move_mount(from_path, to_path): move_mount(2) attaches a tree
 * made by open_tree(2) or fsmount(2), or moves a mount, to @to_path.
 */
enum cgw_seen cgw_see_move_mount(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_at((const struct path *)regs->si, CGW_ACC_MOUNT, o);
}

/* security_sb_umount(mnt, flags): where @mnt is mounted. */
enum cgw_seen cgw_see_umount(struct pt_regs *regs, struct cgw_obj *o)
{
	struct vfsmount *mnt = (struct vfsmount *)regs->di;
	struct path p = { .mnt = mnt, .dentry = mnt->mnt_root };

	return cgw_see_at(&p, CGW_ACC_UMOUNT, o);
}

/*
 * security_sb_pivotroot(old_path, new_path): the new root, as a mount
 * point; the old root goes under it, at @old_path.
 */
enum cgw_seen cgw_see_pivot_root(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_at((const struct path *)regs->si, CGW_ACC_MOUNT, o);
}

/* security_path_chroot(path) */
enum cgw_seen cgw_see_chroot(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_at((const struct path *)regs->di, CGW_ACC_CHROOT, o);
}
