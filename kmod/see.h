/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Seeing: what a hooked call is about, made from its arguments into a
 * struct cgw_obj.  One file per kind of object: see_exec.c, see_file.c
 * (opens), see_path.c (names made, removed, re-pointed), see_net.c,
 * see_cgroup.c (moves between cgroups), see_mount.c (mounts, chroot),
 * see_task.c (ptrace, namespaces); see.c holds the per-CPU scratch space
 * they build names in.
 * Extractors run in the hook's context (preemption disabled, under RCU):
 * they never sleep and never allocate.
 */
#ifndef _CGW_SEE_H
#define _CGW_SEE_H

#include <linux/limits.h>
#include <linux/path.h>
#include <linux/ptrace.h>
#include "obj.h"

struct cgw_cgroup;
struct cgw_vkey;
struct dentry;
struct file;

/* What a hook made of its arguments. */
enum cgw_seen {
	CGW_SEEN_OBJ,		/* an object to decide on */
	CGW_SEEN_NONE,		/* nothing cgwarden mediates (e.g. netlink) */
	CGW_SEEN_UNKNOWN,	/* mediated, but not resolvable: undecided */
	/* a task placed outside its cgroup's closed subtree: the path */
	CGW_SEEN_ESCAPE,
	/* a name longer than cgwarden compares: undecided, reason too-long */
	CGW_SEEN_TOO_LONG,
	CGW_SEEN_END,		/* no n-th object (cgw_hook_def.see_nth) */
};

/*
 * The name (program.c) of the last executable seen on this CPU, and what
 * it was seen as: consecutive hooks mostly come from one program, whose path is then
 * not built again.
 */
struct cgw_exe_cache {
	const void *dentry, *mnt, *inode, *root, *root_mnt;
	unsigned long ino;
	u32 generation;
	/* what makes the name change without a new file: program.c */
	bool unlinked, umounted;
	const char *exe;	/* into ->buf */
	u16 len;
	char buf[PATH_MAX];
};

/* Names are built here: hooks run with preemption disabled. */
struct cgw_scratch {
	char path[PATH_MAX];
	char name[CGW_NAME_MAX];
	char cgroup[PATH_MAX];
	char gen[PATH_MAX];	/* a path as its model entry spells it */
	struct cgw_exe_cache exe;
};

extern struct cgw_scratch __percpu *cgw_scratch;

/*
 * One name an operation makes, removes or re-points (see_path.c): @where
 * is the name, or with @child, its directory (locked by the caller: the
 * name may not exist yet, and is built from the directory's path and
 * @child's name).  @access: what is asked of it, 0 for a name only
 * compared (a hard link's existing name).
 */
struct cgw_name {
	struct path where;
	const struct dentry *child;
	/* the object the name is given (link, rename); NULL: its own */
	const struct inode *inode;
	u32 access;
};

/*
 * An operation that gives an existing object a new name (link, rename):
 * name[0] is the object's existing name, name[1] the new one.  @exchange:
 * each name is given the other's object (RENAME_EXCHANGE).
 */
struct cgw_names {
	struct cgw_name name[2];
	bool exchange;
};

int cgw_see_init(void);
void cgw_see_exit(void);
const char *cgw_see_path(const struct path *path, u16 *len);
const char *cgw_see_exe(u16 *len);
const char *cgw_see_program(const struct path *path, u16 *len);
const char *cgw_see_child(const struct path *dir,
			  const struct dentry *child, u16 *len);
enum cgw_seen cgw_see_name(const struct cgw_name *n, struct cgw_obj *o);

enum cgw_seen cgw_see_exec(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_argv0(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_open(struct pt_regs *regs, struct cgw_obj *o);
bool cgw_see_open_cached(const struct cgw_cgroup *cg, struct pt_regs *regs,
			 struct cgw_vkey *vk);
enum cgw_seen cgw_see_file_truncate(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_mknod(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_mkdir(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_symlink(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_unlink(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_truncate(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_chmod(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_chown(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_link(struct pt_regs *regs, struct cgw_names *n);
enum cgw_seen cgw_see_rename(struct pt_regs *regs, struct cgw_names *n);
void cgw_see_instantiate(struct pt_regs *regs);
void cgw_forget_unlinked(struct pt_regs *regs);
void cgw_forget_renamed_over(struct pt_regs *regs);
enum cgw_seen cgw_see_connect(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_sendmsg(struct pt_regs *regs, struct cgw_obj *o);
bool cgw_see_connect_cached(const struct cgw_cgroup *cg, struct pt_regs *regs,
			    struct cgw_vkey *vk);
bool cgw_see_sendmsg_cached(const struct cgw_cgroup *cg, struct pt_regs *regs,
			    struct cgw_vkey *vk);
enum cgw_seen cgw_see_move(struct pt_regs *regs, struct cgw_obj *o);

/* see_mount.c */
enum cgw_seen cgw_see_mount(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_bind_source(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_move_mount(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_umount(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_pivot_root(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_chroot(struct pt_regs *regs, struct cgw_obj *o);

/* see_task.c */
enum cgw_seen cgw_see_ptrace(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_traceme(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_traced_exec(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_userns(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_newns(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_setns_mnt(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_setns_user(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_socket(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_bind(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_listen(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_accept(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_sctp(struct pt_regs *regs, unsigned int n,
			   struct cgw_obj *o);
enum cgw_seen cgw_see_unix_connect(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_unix_send(struct pt_regs *regs, struct cgw_obj *o);

#endif /* _CGW_SEE_H */
