/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What cgroups made (created.c): the files, directories, fifos and unix
 * sockets a tracked cgroup created, by inode, so that a model can learn
 * "creates and then uses its own files there" (CGW_WILD_CREATED).
 */
#ifndef _CGW_CREATED_H
#define _CGW_CREATED_H

#include <linux/types.h>

struct dentry;
struct inode;

int cgw_created_init(void);
void cgw_created_exit(void);
void cgw_created_pending(u64 owner, const struct dentry *dentry);
void cgw_created_unnote(void);
void cgw_created_instantiate(const struct dentry *dentry,
			     const struct inode *inode);
bool cgw_created_by(u64 owner, const struct inode *inode);
void cgw_created_forget(const struct inode *inode);
unsigned int cgw_created_count(void);

#endif /* _CGW_CREATED_H */
