// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict cache: most opens are of a file the cgroup opened before,
 * and building its path (d_path) and hashing it is most of what an open
 * costs.  Each CPU keeps the last allows it gave, keyed by what the path
 * and the verdict are functions of: the file (dentry and mount), the
 * task's root, the access, the program (exe pairing) and the cgroup.
 *
 * Only an allow the model or an allow rule vouched for is kept.  Anything
 * that could turn one into a refusal moves the generation on, and every
 * kept allow with it: an entry removed, a model cleared, a policy loaded
 * or cleared, a mode or setting changed, a cgroup's state freed.  A
 * rename anywhere moves the kernel's rename_lock sequence, which is part
 * of the key, since it may change the path of a cached file.  Not
 * covered: a mount moved over a cached file's path keeps its allow until
 * the next rename or generation (it is the same file).
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/hash.h>
#include <linux/mm_types.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seqlock.h>
#include "cgwarden.h"

struct cgw_vcache {
	struct cgw_vkey slot[CGW_VCACHE_SLOTS];
	u64 hits;
};

static DEFINE_PER_CPU(struct cgw_vcache, cgw_vcache);
static atomic64_t cgw_vcache_gen = ATOMIC64_INIT(1);

/*
 * Forget every kept allow, on every CPU.  Any context; call it after the
 * change is visible: a hook that read the old generation cannot keep an
 * allow under the new one.
 */
void cgw_vcache_invalidate(void)
{
	/* Pairs with smp_rmb() in cgw_vkey(): the change, then the bump. */
	smp_mb__before_atomic();
	atomic64_inc(&cgw_vcache_gen);
}

/*
 * The key of an open of @f for @access by current in @cg; false when
 * none can be had (no fs, a rename in progress).  Callers hold
 * rcu_read_lock().
 */
static bool cgw_vkey(const struct cgw_cgroup *cg, const struct file *f,
		     u32 access, struct cgw_vkey *k)
{
	struct fs_struct *fs = current->fs;
	struct mm_struct *mm = current->mm;
	unsigned int seq;

	if (!fs)
		return false;
	seq = raw_read_seqcount(&rename_lock.seqcount);
	if (seq & 1)
		return false;
	k->cg = cg;
	k->dentry = f->f_path.dentry;
	k->mnt = f->f_path.mnt;
	k->root = READ_ONCE(fs->root.dentry);
	k->root_mnt = READ_ONCE(fs->root.mnt);
	k->exe = NULL;
	if (mm && READ_ONCE(cgw_config.exe_pairing) &&
	    !(access & CGW_ACC_EXEC))
		k->exe = rcu_dereference(mm->exe_file);
	/* Settings that change what a path learns as are part of it. */
	k->gen = atomic64_read(&cgw_vcache_gen) << 2 |
		 READ_ONCE(cgw_config.exe_pairing) << 1 |
		 READ_ONCE(cgw_config.collapse_names);
	smp_rmb();	/* the generation before what the decision reads */
	k->rename_seq = seq;
	k->access = access;
	return true;
}

static struct cgw_vkey *cgw_vslot(const struct cgw_vkey *k)
{
	unsigned long h = (unsigned long)k->dentry ^ (unsigned long)k->cg ^
			  k->access;

	return &this_cpu_ptr(&cgw_vcache)->slot[hash_long(h,
							  CGW_VCACHE_BITS)];
}

/*
 * Was this open allowed before, nothing having changed since?  @k gets
 * the key, taken before the decision, for cgw_vcache_store(): a rename
 * during the decision then leaves a key no later open has.
 */
bool cgw_vcache_lookup(const struct cgw_cgroup *cg, const struct file *f,
		       u32 access, struct cgw_vkey *k)
{
	memset(k, 0, sizeof(*k));
	if (!cgw_vkey(cg, f, access, k) || memcmp(cgw_vslot(k), k, sizeof(*k)))
		return false;
	this_cpu_inc(cgw_vcache.hits);
	return true;
}

u64 cgw_vcache_hits(void)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(cgw_vcache, cpu).hits;
	return sum;
}

/* Keep an allow the model or a rule vouched for, under key @k. */
void cgw_vcache_store(const struct cgw_vkey *k)
{
	if (k->cg)
		*cgw_vslot(k) = *k;
}
