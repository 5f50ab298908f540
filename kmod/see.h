/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Seeing: what a hooked call is about, made from its arguments into a
 * struct cgw_obj.  One file per kind of object: see_exec.c, see_file.c,
 * see_net.c; see.c holds the per-CPU scratch space they build names in.
 * Extractors run in the hook's context (preemption disabled, under RCU):
 * they never sleep and never allocate.
 */
#ifndef _CGW_SEE_H
#define _CGW_SEE_H

#include <linux/limits.h>
#include <linux/ptrace.h>
#include "obj.h"

struct file;
struct path;

/* What a hook made of its arguments. */
enum cgw_seen {
	CGW_SEEN_OBJ,		/* an object to decide on */
	CGW_SEEN_NONE,		/* nothing cgwarden mediates (e.g. netlink) */
	CGW_SEEN_UNKNOWN,	/* mediated, but not resolvable: undecided */
};

/*
 * The path of the last executable seen on this CPU, and what it was seen
 * as: consecutive hooks mostly come from one program, whose path is then
 * not built again.
 */
struct cgw_exe_cache {
	const void *dentry, *mnt, *inode, *root, *root_mnt;
	unsigned long ino;
	u32 generation;
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

int cgw_see_init(void);
void cgw_see_exit(void);
const char *cgw_see_path(const struct path *path, u16 *len);
const char *cgw_see_exe(u16 *len);
u32 cgw_file_access(const struct file *file);

enum cgw_seen cgw_see_exec(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_argv0(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_open(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_connect(struct pt_regs *regs, struct cgw_obj *o);
enum cgw_seen cgw_see_sendmsg(struct pt_regs *regs, struct cgw_obj *o);

#endif /* _CGW_SEE_H */
