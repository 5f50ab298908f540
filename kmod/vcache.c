// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict cache: most opens are of a file the cgroup opened before,
 * and building its path (d_path) and hashing it is most of what an open
 * costs.  Each CPU keeps the last allows it gave, keyed by what the path
 * and the verdict are functions of: the file (dentry and mount), the
 * task's root, the access, the program (exe pairing) and the cgroup.
 * Addresses are not identities: a dentry freed and its memory reused for
 * another file's would inherit its allow.  So the key also holds what
 * the dentry names (the inode's number, generation and device), its name
 * and its directory's inode: a reused address names something else, and
 * misses.  A socket operation on a network address (family as
 * cgw_net_normalise() made it, socket type, protocol, address, port, and
 * the CGW_NET_* access: a connect allowed says nothing of a bind) is kept
 * the same way, without the hashing of a model lookup; a connect or send,
 * by the peer as given (its address's bytes, and the family, type and
 * protocol of the socket), before any object is made of it.
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
#include "config.h"
#include "vcache.h"

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

/* Settings that change what an object learns as are part of the key. */
static u64 cgw_vgen(void)
{
	u64 gen = atomic64_read(&cgw_vcache_gen) << 2 |
		  READ_ONCE(cgw_config.exe_pairing) << 1 |
		  READ_ONCE(cgw_config.collapse_names);

	smp_rmb();	/* the generation before what the decision reads */
	return gen;
}

/*
 * The program current runs, for keys of paired objects (@paired, with
 * exe pairing on), and always for an open to run (@bound: a program
 * without a path is bound to the program running it, see program.c): not
 * its struct file, which the next exec may reuse, but its dentry and
 * inode, which another program would not have both of.
 */
static void cgw_vexe(bool paired, bool bound, struct cgw_vkey *k)
{
	struct mm_struct *mm = current->mm;
	struct file *f;

	k->exe = NULL;
	k->exe_ino = 0;
	if (!mm || (!bound && (!paired || !READ_ONCE(cgw_config.exe_pairing))))
		return;
	f = rcu_dereference(mm->exe_file);
	if (!f)
		return;
	k->exe = f->f_path.dentry;
	k->exe_ino = file_inode(f)->i_ino ^
		     (u64)file_inode(f)->i_generation << 32;
}

/* A file's part of a key: the name and what it names, not just where. */
static void cgw_vfile(const struct file *f, struct cgw_vkey *k)
{
	const struct dentry *dentry = f->f_path.dentry;
	const struct dentry *parent = READ_ONCE(dentry->d_parent);
	const struct inode *inode = file_inode(f);
	const struct inode *dir = READ_ONCE(parent->d_inode);

	k->a = (unsigned long)dentry;
	k->b = (unsigned long)f->f_path.mnt;
	k->ino = inode->i_ino;
	k->gen_dev = (u64)inode->i_generation << 32 | inode->i_sb->s_dev;
	k->name = READ_ONCE(dentry->d_name.hash_len);
	k->parent = dir ? dir->i_ino : 0;
}

static struct cgw_vkey *cgw_vslot(const struct cgw_vkey *k)
{
	unsigned long h = (unsigned long)k->cg ^ k->a ^ k->b ^ k->access;

	return &this_cpu_ptr(&cgw_vcache)->slot[hash_long(h,
							  CGW_VCACHE_BITS)];
}

#define CGW_VKEY_WORDS	(sizeof(struct cgw_vkey) / sizeof(u64))
static_assert(CGW_VKEY_WORDS <= 16);	/* the unroll below */

/*
 * Keys compared a word at a time: the kernel's memcmp() goes byte by
 * byte, which was most of what a hit cost.  Unrolled: a loop's counter
 * and branch were half of what the comparison cost.
 */
static __always_inline bool cgw_vkey_eq(const struct cgw_vkey *x,
					const struct cgw_vkey *y)
{
	const u64 *a = (const u64 *)x, *b = (const u64 *)y;
	u64 diff = 0;
	unsigned int i;

#pragma GCC unroll 16
	for (i = 0; i < CGW_VKEY_WORDS; i++)
		diff |= a[i] ^ b[i];
	return !diff;
}

static __always_inline bool cgw_vcache_hit(const struct cgw_vkey *k)
{
	if (!cgw_vkey_eq(cgw_vslot(k), k))
		return false;
	this_cpu_inc(cgw_vcache.hits);
	return true;
}

/*
 * Was this open of @f for @access by current in @cg allowed before,
 * nothing having changed since?  @k gets the key, taken before the
 * decision, for cgw_vcache_store(): a rename during the decision then
 * leaves a key no later open has.  Callers hold rcu_read_lock().
 */
bool cgw_vcache_lookup(const struct cgw_cgroup *cg, const struct file *f,
		       u32 access, struct cgw_vkey *k)
{
	struct fs_struct *fs = current->fs;
	unsigned int seq = raw_read_seqcount(&rename_lock.seqcount);

	k->cg = NULL;
	if (!fs || (seq & 1))
		return false;	/* no key: nothing kept either */
	cgw_vexe(!(access & CGW_ACC_EXEC), access & CGW_ACC_EXEC, k);
	cgw_vfile(f, k);
	k->c = (unsigned long)READ_ONCE(fs->root.dentry);
	k->d = (unsigned long)READ_ONCE(fs->root.mnt);
	k->gen = cgw_vgen();
	k->seq = seq;
	k->access = access;
	k->cg = cg;
	return cgw_vcache_hit(k);
}

/* A network key, of four words and @access, looked up. */
static __always_inline bool cgw_vnet(const struct cgw_cgroup *cg, u64 a,
				     u64 b, u64 c, u64 d, u32 access,
				     struct cgw_vkey *k)
{
	cgw_vexe(true, false, k);
	k->a = a;
	k->b = b;
	k->c = c;
	k->d = d;
	k->ino = 0;
	k->gen_dev = 0;
	k->name = 0;
	k->parent = 0;
	k->gen = cgw_vgen();
	k->seq = 0;
	k->access = access;
	k->cg = cg;
	return cgw_vcache_hit(k);
}

/*
 * The same for a network destination @o (not a unix path: those are
 * paths).  Callers hold rcu_read_lock().
 */
bool cgw_vcache_lookup_net(const struct cgw_cgroup *cg,
			   const struct cgw_obj *o, struct cgw_vkey *k)
{
	u64 a, b;

	k->cg = NULL;
	if (o->kind != CGW_KIND_NET)
		return false;
	memcpy(&a, o->addr, 8);
	memcpy(&b, o->addr + 8, 8);
	return cgw_vnet(cg, a, b,
			(u64)o->family << 32 | (u64)o->proto << 16 | o->port,
			o->type, CGW_VKEY_NET | o->access, k);
}

/**
 * cgw_vcache_lookup_peer() - a connect or send to a peer, kept from before?
 * @cg: current's cgroup's state
 * @peer: the peer as the caller gave it, and the socket that will read
 *        it (see_net.c): all that the decision is a function of
 * @k: the key, for cgw_vcache_store()
 *
 * Before the address is read into an object: a spelling of the peer that
 * was decided the long way before hits, any other spelling misses.
 * Callers hold rcu_read_lock().
 *
 * Return: true if an allow was kept for it.
 */
bool cgw_vcache_lookup_peer(const struct cgw_cgroup *cg, const u64 *peer,
			    struct cgw_vkey *k)
{
	return cgw_vnet(cg, peer[0], peer[1], peer[2], peer[3],
			CGW_VKEY_PEER | CGW_NET_CONNECT, k);
}

/* Keep an allow the model or a rule vouched for, under key @k. */
void cgw_vcache_store(const struct cgw_vkey *k)
{
	if (k->cg)
		*cgw_vslot(k) = *k;
}

u64 cgw_vcache_hits(void)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(cgw_vcache, cpu).hits;
	return sum;
}
