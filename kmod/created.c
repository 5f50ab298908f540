// SPDX-License-Identifier: GPL-2.0
/*
 * What a cgroup created is its own.  A file a task of a tracked cgroup
 * made (open with O_CREAT of a missing name, mknod of a fifo, a unix
 * socket's bind, mkdir; not a device node) is remembered by the inode it got, with the
 * cgroup (the top of its subtree) that made it: a name the cgroup made
 * itself can then match a model entry "its own files in this directory"
 * (CGW_WILD_CREATED) whatever random characters the name has, while a
 * file that existed before, or that the host or another cgroup made,
 * never does.
 *
 * Why not an inode security blob: a module cannot register LSM blob
 * sizes (they are fixed at boot), so the set is a table of its own.
 *
 * The inode does not exist when the creation is decided (path_mknod and
 * path_mkdir run before it), so an allowed creation leaves a pending
 * note, for the task, of the dentry it makes (and its directory and
 * name); security_d_instantiate(), which every filesystem's create
 * reaches with the new inode, completes it for the same task, dentry,
 * directory and name.  Lookups reach security_d_instantiate() too: a
 * note is dropped at the task's next hooked call (a creation that failed
 * must not leave it for a later lookup of a dentry at the same address),
 * and one made by a lookup still in progress (d_in_lookup()) is never
 * taken.  A note lost (another task's took the slot) only means the file
 * is not known as the cgroup's own: fail closed.
 *
 * Keys: the superblock, the inode's address, number and generation.  A
 * freed inode's memory reused for another file on the same superblock
 * with the same number and generation is what it would take to match
 * falsely; entries are also dropped when their name is removed (unlink,
 * rmdir, a rename over it, whoever does it) and when the owning cgroup's
 * state is gone.  Bounded by max_created over all cgroups: full, a new
 * file is not remembered (counted), so it is not the cgroup's own.
 * Entries are charged to the memory cgroup of the task that made the
 * file.  Readers take RCU only; nothing here sleeps.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include "cgroup.h"
#include "config.h"
#include "created.h"
#include "fault.h"

struct cgw_ckey {
	const void *sb;
	const void *inode;
	u64 ino;
	u32 gen;
	u32 zero;		/* no padding in a hashed key */
};

struct cgw_created {
	struct rhash_head node;
	struct rcu_head rcu;
	struct cgw_ckey key;
	u64 owner;		/* cgroup id: the top of the maker's subtree */
};

static const struct rhashtable_params cgw_created_params = {
	.head_offset = offsetof(struct cgw_created, node),
	.key_offset = offsetof(struct cgw_created, key),
	.key_len = sizeof(struct cgw_ckey),
	.automatic_shrinking = true,
};

static struct rhashtable cgw_created_ht;
static atomic_t cgw_created_n = ATOMIC_INIT(0);

/* One creation in flight per task, in a small table indexed by task. */
struct cgw_pending {
	const struct task_struct *task;
	const struct dentry *dentry;
	const struct dentry *parent;
	u64 name;		/* d_name.hash_len */
	u64 owner;
};

static struct cgw_pending cgw_pending[CGW_CREATED_PENDING];
static DEFINE_SPINLOCK(cgw_pending_lock);

static void cgw_created_gc(struct work_struct *work);
static DECLARE_DEFERRABLE_WORK(cgw_created_gc_work, cgw_created_gc);

static struct cgw_pending *cgw_pending_slot(const struct task_struct *t)
{
	return &cgw_pending[hash_ptr(t, ilog2(CGW_CREATED_PENDING))];
}

static void cgw_ckey_of(const struct inode *inode, struct cgw_ckey *k)
{
	k->sb = inode->i_sb;
	k->inode = inode;
	k->ino = inode->i_ino;
	k->gen = inode->i_generation;
	k->zero = 0;
}

/**
 * cgw_created_pending() - current is about to make @dentry's file
 * @owner: the cgroup it is made for (the top of current's subtree)
 * @dentry: the (negative) dentry the creation fills
 *
 * Called when a creation was allowed; cgw_created_instantiate() completes
 * it once the inode exists.
 */
void cgw_created_pending(u64 owner, const struct dentry *dentry)
{
	struct cgw_pending *p = cgw_pending_slot(current);

	spin_lock(&cgw_pending_lock);
	p->task = current;
	p->dentry = dentry;
	p->parent = READ_ONCE(dentry->d_parent);
	p->name = READ_ONCE(dentry->d_name.hash_len);
	p->owner = owner;
	spin_unlock(&cgw_pending_lock);
}

/**
 * cgw_created_unnote() - current's creation, if any, is over
 *
 * Called on every hooked call but the instantiation: a note not used by
 * then belongs to a creation that failed.
 */
void cgw_created_unnote(void)
{
	struct cgw_pending *p = cgw_pending_slot(current);

	if (likely(READ_ONCE(p->task) != current))
		return;
	spin_lock(&cgw_pending_lock);
	if (p->task == current)
		p->task = NULL;
	spin_unlock(&cgw_pending_lock);
}

static void cgw_created_add(u64 owner, const struct inode *inode)
{
	struct cgw_created *c, *old;

	if (atomic_inc_return(&cgw_created_n) >
	    READ_ONCE(cgw_config.max_created)) {
		atomic64_inc(&cgw_stats.created_full);
		goto undo;
	}
	c = cgw_faulty(kmalloc(sizeof(*c), CGW_GFP_HOOK));
	if (!c) {
		atomic64_inc(&cgw_stats.nomem);
		goto undo;
	}
	cgw_ckey_of(inode, &c->key);
	c->owner = owner;
	old = rhashtable_lookup_get_insert_fast(&cgw_created_ht, &c->node,
						cgw_created_params);
	if (!old)
		return;
	kfree(c);
	/* The same identity made again: the newest maker owns it. */
	if (!IS_ERR(old))
		WRITE_ONCE(old->owner, owner);
	else
		atomic64_inc(&cgw_stats.nomem);
undo:
	atomic_dec(&cgw_created_n);
}

/**
 * cgw_created_instantiate() - a dentry got its inode
 * @dentry: the dentry
 * @inode: its inode
 *
 * From security_d_instantiate(): lookups come here too; only the dentry
 * current noted as the one it creates is taken.
 */
void cgw_created_instantiate(const struct dentry *dentry,
			     const struct inode *inode)
{
	struct cgw_pending *p = cgw_pending_slot(current);
	u64 owner = 0;

	if (READ_ONCE(p->task) != current || !inode || d_in_lookup(dentry))
		return;
	/* A device node made is no file of its own: it opens a device. */
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode))
		return;
	spin_lock(&cgw_pending_lock);
	if (p->task == current && p->dentry == dentry &&
	    p->parent == READ_ONCE(dentry->d_parent) &&
	    p->name == READ_ONCE(dentry->d_name.hash_len)) {
		owner = p->owner;
		p->task = NULL;
	}
	spin_unlock(&cgw_pending_lock);
	if (owner)
		cgw_created_add(owner, inode);
}

/**
 * cgw_created_by() - did cgroup @owner make @inode?
 * @owner: a cgroup id (the top of a subtree), 0 for none
 * @inode: the inode, or NULL
 *
 * Callers hold rcu_read_lock().
 *
 * Return: true if @owner made it and its name was not removed since.
 */
bool cgw_created_by(u64 owner, const struct inode *inode)
{
	struct cgw_created *c;
	struct cgw_ckey k;

	if (!owner || !inode || !atomic_read(&cgw_created_n))
		return false;
	cgw_ckey_of(inode, &k);
	c = rhashtable_lookup(&cgw_created_ht, &k, cgw_created_params);
	return c && READ_ONCE(c->owner) == owner;
}

static void cgw_created_remove(struct cgw_created *c)
{
	if (rhashtable_remove_fast(&cgw_created_ht, &c->node,
				   cgw_created_params))
		return;		/* another remover won */
	atomic_dec(&cgw_created_n);
	kfree_rcu(c, rcu);
}

/**
 * cgw_created_forget() - @inode loses a name: no longer anyone's own
 * @inode: the inode unlinked, removed or renamed over, or NULL
 *
 * Any context a hook runs in.
 */
void cgw_created_forget(const struct inode *inode)
{
	struct cgw_created *c;
	struct cgw_ckey k;

	if (!inode || !atomic_read(&cgw_created_n))
		return;
	cgw_ckey_of(inode, &k);
	rcu_read_lock();
	c = rhashtable_lookup(&cgw_created_ht, &k, cgw_created_params);
	if (c)
		cgw_created_remove(c);
	rcu_read_unlock();
}

unsigned int cgw_created_count(void)
{
	return atomic_read(&cgw_created_n);
}

/* Drop what cgroups whose state is gone made. */
static void cgw_created_gc(struct work_struct *work)
{
	struct rhashtable_iter it;
	struct cgw_created *c;

	rhashtable_walk_enter(&cgw_created_ht, &it);
	rhashtable_walk_start(&it);
	while ((c = rhashtable_walk_next(&it))) {
		if (IS_ERR(c))
			continue;	/* -EAGAIN: a resize; go on */
		if (!cgw_cgroup_lookup(READ_ONCE(c->owner)))
			cgw_created_remove(c);
	}
	rhashtable_walk_stop(&it);
	rhashtable_walk_exit(&it);
	schedule_delayed_work(&cgw_created_gc_work,
			      msecs_to_jiffies(CGW_GC_INTERVAL_MS));
}

int cgw_created_init(void)
{
	int err = rhashtable_init(&cgw_created_ht, &cgw_created_params);

	if (err)
		return err;
	schedule_delayed_work(&cgw_created_gc_work,
			      msecs_to_jiffies(CGW_GC_INTERVAL_MS));
	return 0;
}

static void cgw_created_free(void *ptr, void *arg)
{
	kfree(ptr);
}

/* After the hooks are gone: nothing adds any more. */
void cgw_created_exit(void)
{
	cancel_delayed_work_sync(&cgw_created_gc_work);
	rcu_barrier();		/* kfree_rcu()s of removed entries */
	rhashtable_free_and_destroy(&cgw_created_ht, cgw_created_free, NULL);
	atomic_set(&cgw_created_n, 0);
}
