/* SPDX-License-Identifier: GPL-2.0 */
/* The verdict cache (vcache.c): allows kept per CPU, for objects seen before. */
#ifndef _CGW_VCACHE_H
#define _CGW_VCACHE_H

#include <linux/build_bug.h>
#include "obj.h"

struct cgw_cgroup;
struct file;

struct cgw_vkey {
	const void *cg;
	/* the program (exe pairing): its dentry, and inode number/generation */
	const void *exe;
	u64 exe_ino;
	/* a file: dentry, mount, root dentry, root mount; net: see vcache.c */
	u64 a, b, c, d;
	/*
	 * a file: what the dentry names (inode number; generation and
	 * device), by which name (its hash and length) and in which
	 * directory (the parent's inode number), since a freed dentry's
	 * address may come back naming another file; net: 0
	 */
	u64 ino, gen_dev, name, parent;
	u64 gen;
	u32 seq;		/* a file: rename_lock's sequence */
	u32 access;		/* a file: CGW_ACC_*; net: CGW_VKEY_NET | CGW_NET_* */
};

#define CGW_VKEY_NET	0x80000000U
/* a peer as given (cgw_vcache_lookup_peer()): a, b, c, d hold it */
#define CGW_VKEY_PEER	0x40000000U
static_assert(sizeof(struct cgw_vkey) % sizeof(u64) == 0);

void cgw_vcache_invalidate(void);
bool cgw_vcache_lookup(const struct cgw_cgroup *cg, const struct file *f,
		       u32 access, struct cgw_vkey *k);
bool cgw_vcache_lookup_net(const struct cgw_cgroup *cg,
			   const struct cgw_obj *o, struct cgw_vkey *k);
bool cgw_vcache_lookup_peer(const struct cgw_cgroup *cg, const u64 *peer,
			    struct cgw_vkey *k);
void cgw_vcache_store(const struct cgw_vkey *k);
u64 cgw_vcache_hits(void);

#endif /* _CGW_VCACHE_H */
