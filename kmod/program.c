// SPDX-License-Identifier: GPL-2.0
/*
 * Program identity.  A model binds what a program does to its name, and
 * a program is allowed to run by its name: a name two different
 * programs can have is a way around both.  d_path() gives three such:
 * "/" for a file on a detached mount (runc's read-only bind of itself,
 * or open_tree(OPEN_TREE_CLONE) of any file), a path from another root
 * for a file the task's root does not reach (outside its chroot, in a
 * detached tree: "/bin/app" of a cloned /jail), and "/x (deleted)" for
 * both an unlinked /x and a file really called "x (deleted)".  A memfd
 * has no path at all ("/memfd:NAME (deleted)").  Those get a name of
 * their own, which never starts with '/', so it collides with no path:
 *
 *   memfd:NAME              a memfd (the kernel's own "memfd:" prefix)
 *   anon:NAME               another file without a name in a directory
 *                           (pipes and sockets keep "pipe:[1234]")
 *   deleted:/PATH           unlinked (O_TMPFILE, or removed while open)
 *   unreachable:/PATH       not reachable from the task's root (a detached
 *                           mount, another namespace's, e.g. the one a
 *                           task left by unshare(CLONE_NEWNS), outside a
 *                           chroot): PATH is the file's path inside its
 *                           own filesystem
 *
 * Every file is named so (cgw_see_path()); whether the task's root
 * reaches a file is asked of the mounts (a lock) for programs only,
 * other files get the checks that cost nothing.
 *
 * The program a task runs (what a model entry is bound to, a record's
 * exe=) is one program whatever the task's root does meanwhile: runc
 * unshares its mount namespace, binds itself read-only and runs that,
 * and chroots, all in one start.  A running program its root does not
 * reach is named by its path in its own mount namespace, or inside its
 * filesystem if it is on a detached mount, without the prefix: its exec
 * was judged as "unreachable:" already, bound to the program that ran
 * it, and a name a path could take here gives it nothing that exec did
 * not.  A program named so has
 * no path an operator can vouch for, and drift (its change time) cannot
 * judge it: decide.c and model.c bind its exec to the program that
 * executes it instead (cgw_obj_unnamed()).
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/limits.h>
#include <linux/mount.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include "program.h"

/* Room kept in front of a path for the longest prefix. */
#define CGW_PFX_ROOM	16

static const char cgw_deleted_sfx[] = " (deleted)";

/* The task's root, consistent against a racing chroot.  Callers hold RCU. */
static bool cgw_task_root(struct path *root)
{
	struct fs_struct *fs = current->fs;
	unsigned int seq;

	if (!fs)
		return false;
	do {
		seq = read_seqcount_begin(&fs->seq);
		*root = fs->root;
	} while (read_seqcount_retry(&fs->seq, seq));
	return root->mnt && root->dentry;
}

/*
 * Does current's root reach @path?  On its root's mount, a question of
 * dentries alone (is_subdir(), no lock); elsewhere path_is_under(), which
 * walks the mounts under mount_lock.  A detached mount or a tree of
 * another namespace is reached from no root.
 */
static bool cgw_reachable(const struct path *path)
{
	struct path root;
	bool ok = false;

	/* The root is read without a reference: RCU keeps it. */
	rcu_read_lock();
	if (!cgw_task_root(&root))
		goto out;
	if (path->mnt == root.mnt)
		ok = is_subdir(path->dentry, root.dentry);
	else
		ok = path_is_under(path, &root);
out:
	rcu_read_unlock();
	return ok;
}

/* Put @pfx in front of @p, which has CGW_PFX_ROOM bytes before it. */
static const char *cgw_prefix(const char *pfx, char *p, u16 *len)
{
	size_t n = strlen(pfx);

	memcpy(p - n, pfx, n);
	*len += n;
	return p - n;
}

/*
 * A file that lives in no directory (d_dname: memfd, SysV shm, pipes,
 * sockets).  A memfd is its dentry's own name, "memfd:" + what
 * memfd_create() was given, never renamed; the others as d_dname() has
 * them ("pipe:[1234]"), but for those it spells as paths ("/SYSV0000002a
 * (deleted)"), which are "anon:" + the dentry's name.
 */
static const char *cgw_anon_name(const struct path *path, char *buf,
				 u16 *len)
{
	const struct dentry *d = path->dentry;
	const char *name = (const char *)d->d_name.name;
	u32 n = d->d_name.len;
	char *p = buf + CGW_PFX_ROOM;

	if (n + CGW_PFX_ROOM + 1 > PATH_MAX)
		return NULL;
	if (n < 6 || memcmp(name, "memfd:", 6)) {
		p = d_path(path, buf, PATH_MAX);
		if (IS_ERR(p))
			return NULL;
		*len = buf + PATH_MAX - 1 - p;
		if (*p != '/')
			return p;
		p = buf + CGW_PFX_ROOM;
	}
	memcpy(p, name, n);
	p[n] = '\0';
	*len = n;
	if (n >= 6 && !memcmp(name, "memfd:", 6))
		return p;
	return cgw_prefix("anon:", p, len);
}

/* The file's path inside its filesystem, after @pfx. */
static const char *cgw_inside(const struct dentry *d, char *buf, u16 *len,
			      const char *pfx)
{
	char *p = dentry_path_raw(d, buf + CGW_PFX_ROOM,
				  PATH_MAX - CGW_PFX_ROOM);

	if (IS_ERR(p))
		return NULL;
	*len = strlen(p);
	return cgw_prefix(pfx, p, len);
}

/**
 * cgw_name_path() - a file's name in models and records
 * @path: the file
 * @buf: PATH_MAX bytes to build the name in
 * @len: set to the name's length, without the NUL
 * @as: what the file is to the task: CGW_NAME_FILE, any file (which gets
 *	the checks that cost no lock: a lazily unmounted mount, a file
 *	d_path() calls "/"); CGW_NAME_PROGRAM, a program run or traced, and
 *	CGW_NAME_RUNNING, the program current runs: whether current's root
 *	reaches them is asked of the mounts (path_is_under() off the
 *	root's mount).
 *
 * The path as current sees it (d_path()) if its root reaches the file
 * and the file is linked; else a name of its own, which does not start
 * with '/' (see the top of this file), but for a running program, which
 * keeps its path (in its namespace, or in its filesystem).  Never sleeps.
 *
 * Return: the name, in @buf; NULL if it cannot be built (too long, or
 * the file was unlinked while it was being named).
 */
const char *cgw_name_path(const struct path *path, char *buf, u16 *len,
			  enum cgw_name_as as)
{
	const char *away = as == CGW_NAME_RUNNING ? "" : "unreachable:";
	const struct dentry *d = path->dentry;
	size_t sfx = sizeof(cgw_deleted_sfx) - 1;
	bool unlinked;
	char *p;

	if (d->d_op && d->d_op->d_dname)
		return cgw_anon_name(path, buf, len);
	if ((path->mnt->mnt_flags & MNT_UMOUNT) ||
	    (as == CGW_NAME_PROGRAM && !cgw_reachable(path)))
		return cgw_inside(d, buf, len, away);
	unlinked = d_unlinked(d);
	/* Out of its root's reach, d_path() goes on to its namespace's. */
	p = d_path(path, buf + CGW_PFX_ROOM, PATH_MAX - CGW_PFX_ROOM);
	if (IS_ERR(p) || d_unlinked(d) != unlinked)
		return NULL;
	*len = buf + PATH_MAX - 1 - p;
	/* Only a directory is the root: a file called "/" is detached. */
	if (*len == 1 && !d_is_dir(d))
		return cgw_inside(d, buf, len, away);
	if (!unlinked)
		return p;
	/* d_path() marked it: the mark goes, the prefix says it. */
	if (*len < sfx || memcmp(p + *len - sfx, cgw_deleted_sfx, sfx))
		return NULL;
	*len -= sfx;
	p[*len] = '\0';
	return cgw_prefix("deleted:", p, len);
}
