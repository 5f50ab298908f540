// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup behaviour models: a resizable RCU hash table of what a cgroup
 * was seen doing.  Keys come from strings a compromised container chooses,
 * so they are hashed with a keyed hsiphash, random per load.  Readers take
 * no lock; the per-cgroup and total caps are checked before allocating.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/rhashtable.h>
#include <linux/siphash.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/percpu.h>
#include "config.h"
#include "fault.h"
#include "generalise.h"
#include "model.h"

static hsiphash_key_t cgw_hash_key __read_mostly;
static atomic_t cgw_entries_total = ATOMIC_INIT(0);
/*
 * Counters (CGW_WILD_CNT_*) and summaries alone (CGW_WILD_SUM, and
 * CGW_EF_SUMMARY) are not entries: they take no slot of the caps, and
 * there is at most one of each per learned entry, so they are bounded by
 * them.
 */
static atomic_t cgw_counters_total = ATOMIC_INIT(0);

/* The fixed-size part of a key, hashed in one go. */
struct cgw_key_head {
	u8 kind;
	u8 proto;
	u16 family;
	u16 port;
	u16 name_len;
	u16 exe_len;
	u8 wild;
	u8 type;
	u8 addr[16];
};

static u32 cgw_obj_hash(const struct cgw_obj *o, u32 seed)
{
	struct cgw_key_head h = {
		.kind = o->kind, .proto = o->proto, .family = o->family,
		.port = o->port, .name_len = o->name_len,
		.exe_len = o->exe_len, .wild = o->wild, .type = o->type,
	};
	hsiphash_key_t k = cgw_hash_key;
	u32 hash;

	memcpy(h.addr, o->addr, sizeof(h.addr));
	k.key[0] ^= seed;
	hash = hsiphash(&h, sizeof(h), &k);
	if (o->path_len) {
		k.key[1] ^= hash;
		hash = hsiphash(o->path, o->path_len, &k);
	}
	if (o->name_len) {
		k.key[1] ^= hash;
		hash = hsiphash(o->name, o->name_len, &k);
	}
	if (o->exe_len) {
		k.key[1] ^= hash;
		hash = hsiphash(o->exe, o->exe_len, &k);
	}
	return hash;
}

/* Entries of a file with a short path fit kmalloc-96 (issue 15: <= 128 B). */
static_assert(sizeof(struct cgw_entry) <= 56);

/* A file's summary: the access bits above its entry's own (cgw_sum_key()). */
#define CGW_SUM_SHIFT	16
static_assert(CGW_ACC_ALL < (1U << CGW_SUM_SHIFT));

/* The access bits @e grants by itself (a file's, without its summary). */
static u32 cgw_entry_access(const struct cgw_entry *e)
{
	u32 acc = atomic_read(&e->access);

	if (e->kind == CGW_KIND_FILE && e->wild < CGW_WILD_COUNT)
		acc &= CGW_ACC_ALL;
	return acc;
}

/* @e's address: after its strings, or none (all zero). */
static const u8 *cgw_entry_addr(const struct cgw_entry *e)
{
	static const u8 none[16];

	if (!(e->flags & CGW_EF_ADDR))
		return none;
	return (const u8 *)e->data + e->path_len + e->name_len +
	       e->exe_len + 3;
}

void cgw_entry_to_obj(const struct cgw_entry *e, struct cgw_obj *o)
{
	o->kind = e->kind;
	o->proto = e->proto;
	o->family = e->family;
	o->port = e->port;
	o->path_len = e->path_len;
	o->name_len = e->name_len;
	o->exe_len = e->exe_len;
	o->wild = e->wild;
	o->type = e->type;
	o->access = cgw_entry_access(e);
	memcpy(o->addr, cgw_entry_addr(e), sizeof(o->addr));
	o->path = e->data;
	o->name = e->data + e->path_len + 1;
	o->exe = o->name + e->name_len + 1;
	o->ctime = 0;
	o->inode = NULL;
	o->own = false;
	o->dir = NULL;
	o->own_up = 0;
	o->cls = 0;
}

static u32 cgw_key_hashfn(const void *data, u32 len, u32 seed)
{
	return cgw_obj_hash(data, seed);
}

static u32 cgw_entry_hashfn(const void *data, u32 len, u32 seed)
{
	struct cgw_obj o;

	cgw_entry_to_obj(data, &o);
	return cgw_obj_hash(&o, seed);
}

/* Access bits are not part of the key: a file is one entry. */
static int cgw_entry_cmpfn(struct rhashtable_compare_arg *arg, const void *ptr)
{
	const struct cgw_obj *o = arg->key;
	const struct cgw_entry *e = ptr;

	const char *name = e->data + e->path_len + 1;

	if (e->kind != o->kind || e->path_len != o->path_len ||
	    e->name_len != o->name_len || e->exe_len != o->exe_len ||
	    e->wild != o->wild || e->family != o->family ||
	    e->proto != o->proto || e->port != o->port || e->type != o->type)
		return 1;
	if (memcmp(cgw_entry_addr(e), o->addr, sizeof(o->addr)))
		return 1;
	if (memcmp(e->data, o->path, o->path_len))
		return 1;
	if (memcmp(name, o->name, o->name_len))
		return 1;
	return memcmp(name + e->name_len + 1, o->exe, o->exe_len) != 0;
}

static const struct rhashtable_params cgw_model_params = {
	.head_offset = offsetof(struct cgw_entry, node),
	.hashfn = cgw_key_hashfn,
	.obj_hashfn = cgw_entry_hashfn,
	.obj_cmpfn = cgw_entry_cmpfn,
	.automatic_shrinking = true,
	/*
	 * Most models are small, and every cgroup has two (the model, its
	 * candidates): start at the smallest table, not the default 64
	 * buckets, and grow as entries come.
	 */
	.nelem_hint = 2,
};

/* Learning write implies append; nothing else implies anything. */
bool cgw_access_covers(u32 learned, u32 asked)
{
	if (learned & CGW_ACC_WRITE)
		learned |= CGW_ACC_APPEND;
	return (asked & ~learned) == 0;
}

/**
 * cgw_obj_covers() - does access @learned of an entry of @kind cover @asked
 * @kind: enum cgw_kind
 * @learned: the entry's access bits
 * @asked: the operation's
 *
 * Files: cgw_access_covers().  Sockets (NET, UNIX): each CGW_NET_* bit
 * stands for itself; 0, from a model made before there were bits, is
 * CONNECT.  Programs have no access bits.
 *
 * Return: true if every bit asked is covered.
 */
bool cgw_obj_covers(u8 kind, u32 learned, u32 asked)
{
	switch (kind) {
	case CGW_KIND_FILE:
		return cgw_access_covers(learned, asked);
	case CGW_KIND_NET:
	case CGW_KIND_UNIX:
		return ((asked ?: CGW_NET_CONNECT) &
			~(learned ?: CGW_NET_CONNECT)) == 0;
	default:
		return true;
	}
}

/* Protocols whose addresses carry a port that means something. */
static bool cgw_net_has_ports(u8 type, u8 proto)
{
	if (type == SOCK_RAW)
		return false;
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
		return true;
	default:
		return false;
	}
}

/**
 * cgw_net_normalise() - a NET key as what its socket will reach
 * @o: a NET object
 *
 * An IPv4 peer reached from an IPv6 socket as ::ffff:a.b.c.d is the IPv4
 * peer a.b.c.d; a port means nothing to raw sockets and to protocols
 * without ports (ICMP echo), so it is not part of their key.
 */
void cgw_net_normalise(struct cgw_obj *o)
{
	static const u8 mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (o->kind != CGW_KIND_NET)
		return;
	if (o->family == AF_INET6 && !memcmp(o->addr, mapped, sizeof(mapped))) {
		o->family = AF_INET;
		memmove(o->addr, o->addr + 12, 4);
		memset(o->addr + 4, 0, 12);
	}
	if (!cgw_net_has_ports(o->type, o->proto))
		o->port = 0;
}

/**
 * cgw_net_default_type() - the socket type of an entry that has none
 * @proto: its protocol
 *
 * Models exported before entries had a type: each protocol's usual
 * socket.  Raw sockets were not told apart then; their entries are taken
 * for ICMP echo (datagram) ones, and a raw workload must be learned again.
 *
 * Return: SOCK_STREAM, SOCK_DGRAM, or 0 (no socket has that type).
 */
u8 cgw_net_default_type(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_SCTP:
		return SOCK_STREAM;
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return SOCK_DGRAM;
	default:
		return 0;
	}
}

static struct workqueue_struct *cgw_model_wq;

static void cgw_entry_free(void *ptr, void *arg)
{
	kfree(ptr);
}

static void cgw_model_free_work(struct work_struct *work)
{
	struct cgw_model *m = container_of(to_rcu_work(work),
					   struct cgw_model, free_work);
	unsigned int n = atomic_read(&m->count);

	/* Entries are past a grace period: free them directly. */
	rhashtable_free_and_destroy(&m->ht, cgw_entry_free, NULL);
	atomic_sub(n, &cgw_entries_total);
	atomic_sub(atomic_read(&m->counters), &cgw_counters_total);
	kfree(m);
}

/*
 * Set up a model.  rhashtable_init() may sleep, so hooks never call this:
 * they take ready models from the pool in cgroup.c.
 */
struct cgw_model *cgw_model_new(gfp_t gfp)
{
	struct cgw_model *m = cgw_faulty(kzalloc(sizeof(*m), gfp));

	if (!m)
		return NULL;
	if (rhashtable_init(&m->ht, &cgw_model_params)) {
		kfree(m);
		return NULL;
	}
	refcount_set(&m->ref, 1);
	INIT_RCU_WORK(&m->free_work, cgw_model_free_work);
	return m;
}

struct cgw_model *cgw_model_get(struct cgw_model *m)
{
	if (m && !refcount_inc_not_zero(&m->ref))
		return NULL;
	return m;
}

/* The last put frees the model after a grace period, in process context. */
void cgw_model_put(struct cgw_model *m)
{
	if (m && refcount_dec_and_test(&m->ref))
		queue_rcu_work(cgw_model_wq, &m->free_work);
}

/* The entry, or summary alone, of key @o.  Callers hold rcu_read_lock(). */
static struct cgw_entry *cgw_model_lookup(struct cgw_model *m,
					  const struct cgw_obj *o)
{
	return rhashtable_lookup(&m->ht, o, cgw_model_params);
}

/*
 * The entry of key @o: a summary alone is none.  Its access is read
 * after its flags (cgw_entry_promote() writes them the other way round).
 * Callers hold rcu_read_lock().
 */
static struct cgw_entry *cgw_model_find(struct cgw_model *m,
					const struct cgw_obj *o)
{
	struct cgw_entry *e = cgw_model_lookup(m, o);

	/* pairs with the cmpxchg of cgw_entry_promote(): flags, then access */
	if (!e || (smp_load_acquire(&e->flags) & CGW_EF_SUMMARY))
		return NULL;
	return e;
}

/*
 * Set @set and clear @clear in @e's flags, against concurrent changes:
 * the flags as they were.
 */
static u8 cgw_entry_flags(struct cgw_entry *e, u8 set, u8 clear)
{
	u8 old = READ_ONCE(e->flags), new;

	do {
		new = (old | set) & ~clear;
		if (new == old)
			break;
	} while (!try_cmpxchg(&e->flags, &old, new));
	return old;
}

/* @o's path class (generalise.c), worked out if its caller did not. */
static u8 cgw_class(const struct cgw_obj *o)
{
	return o->cls ?: cgw_path_class(o->path, o->path_len);
}

/*
 * The key of the entry that would generalise @o (@w: CGW_WILD_DIR or
 * ADDR) or of the counter deciding it (CGW_WILD_CNT_*).  False if @o has
 * no such key.
 */
static bool cgw_wild_key(const struct cgw_obj *o, u8 w, struct cgw_obj *k)
{
	bool file = w == CGW_WILD_DIR || w == CGW_WILD_CNT_DIR ||
		    w == CGW_WILD_CREATED;

	if (o->wild || o->kind != (file ? CGW_KIND_FILE : CGW_KIND_NET))
		return false;
	/* A socket made has no address to generalise. */
	if (!file && ((o->family != AF_INET && o->family != AF_INET6) ||
		      (o->access & CGW_NET_CREATE)))
		return false;
	*k = *o;
	k->wild = w;
	if (file) {
		k->path_len = cgw_dir_len(o->path, o->path_len);
		if (!k->path_len)
			return false;
	} else {
		memset(k->addr, 0, sizeof(k->addr));
	}
	if (w == CGW_WILD_CNT_DIR) {
		/* One count per access asked. */
		k->port = o->access;
		k->access = 0;
	}
	return true;
}

/* @e, if it holds every access @o asks for. */
static struct cgw_entry *cgw_covering(struct cgw_entry *e,
				      const struct cgw_obj *o)
{
	if (e && !cgw_obj_covers(o->kind, cgw_entry_access(e), o->access))
		return NULL;
	return e;
}

/* The DIR or ADDR entry standing for @o, if the model made one. */
static struct cgw_entry *cgw_model_find_wild(struct cgw_model *m,
					     const struct cgw_obj *o)
{
	struct cgw_obj k;

	if (m->cand)
		return NULL;
	/* A secret is covered by its own entry or not at all. */
	if (o->kind == CGW_KIND_FILE && (cgw_class(o) & CGW_PATH_SECRET))
		return NULL;
	if (!cgw_wild_key(o, o->kind == CGW_KIND_FILE ? CGW_WILD_DIR :
			  CGW_WILD_ADDR, &k))
		return NULL;
	return cgw_covering(cgw_model_find(m, &k), o);
}

static bool cgw_may_widen(const struct cgw_obj *o);

/*
 * The key of the CREATED entry of the directory @up levels above @o's
 * (@o->own_up at most: those are the cgroup's own too), never the root.
 */
static bool cgw_created_key(const struct cgw_obj *o, u8 up,
			    struct cgw_obj *k)
{
	size_t n;

	if (!cgw_wild_key(o, CGW_WILD_CREATED, k))
		return false;
	while (up--) {
		n = cgw_dir_len(k->path, k->path_len);
		if (n <= 1)
			return false;
		k->path_len = n;
	}
	return true;
}

/*
 * Does @o, a file the cgroup made (or is making), have CREATED entries?
 * Never for what is never generalised (programs, secrets, writes where
 * programs live).
 */
static bool cgw_own_entry(const struct cgw_model *m, const struct cgw_obj *o)
{
	return o->own && !m->cand && o->kind == CGW_KIND_FILE &&
	       cgw_may_widen(o);
}

/*
 * The key of the CREATED entry a file the cgroup made is learned as: that
 * of the directory above those it made ("its own files, in directories
 * it made, under here").
 */
static bool cgw_own_key(const struct cgw_model *m, const struct cgw_obj *o,
			struct cgw_obj *k)
{
	return cgw_own_entry(m, o) && cgw_created_key(o, o->own_up, k);
}

/*
 * @e, a CREATED entry, if it holds every access @o asks for.  Where the
 * cgroup may make files it may remove them and rename them away (the new
 * name is judged on its own), and give them to another owner (a log
 * reopened after rotation, given to the workers' user): what it made is
 * its own to undo or hand over.  Where it may also write them, one of its
 * own files may take a name there that is free or its own too (@o is own
 * only then: a log rotated by the service itself, app.log to app.log.1):
 * no more than making that name and writing it.  Never chmod: the mode
 * given is not judged, and a set-id bit is not the cgroup's to grant.
 */
static struct cgw_entry *cgw_covering_own(struct cgw_entry *e,
					  const struct cgw_obj *o)
{
	u32 acc;

	if (!e)
		return NULL;
	acc = cgw_entry_access(e);
	if (acc & CGW_ACC_CREATE)
		acc |= CGW_ACC_DELETE | CGW_ACC_RENAME_FROM | CGW_ACC_CHOWN;
	if ((acc & CGW_ACC_CREATE) && (acc & CGW_ACC_WRITE))
		acc |= CGW_ACC_RENAME_TO;
	return cgw_obj_covers(o->kind, acc, o->access) ? e : NULL;
}

/*
 * The CREATED entry standing for @o, if @o is the cgroup's own: of its
 * directory, or of one above it made by the cgroup (learned where those
 * directories were not its own).
 */
static struct cgw_entry *cgw_model_find_own(struct cgw_model *m,
					    const struct cgw_obj *o)
{
	struct cgw_entry *e;
	struct cgw_obj k;
	int up;

	if (!cgw_own_entry(m, o))
		return NULL;
	for (up = o->own_up; up >= 0; up--) {
		if (!cgw_created_key(o, up, &k))
			continue;
		e = cgw_covering_own(cgw_model_find(m, &k), o);
		if (e)
			return e;
	}
	return NULL;
}

/* A generalisation standing for @o: DIR (ADDR), or CREATED if its own. */
static struct cgw_entry *cgw_model_find_gen(struct cgw_model *m,
					    const struct cgw_obj *o)
{
	return cgw_model_find_wild(m, o) ?: cgw_model_find_own(m, o);
}

/* Long runs of a name tried as made up: at most 2^3 - 1 lookups. */
#define CGW_LOOSE_RUNS	3

/* Where a name is spelt with some of its runs made up; per CPU. */
static char __percpu *cgw_loose_buf;

/* @o's own entry, or one bound to no program, if it covers @o. */
static struct cgw_entry *cgw_model_own(struct cgw_model *m,
				       const struct cgw_obj *o)
{
	struct cgw_entry *e = cgw_covering(cgw_model_find(m, o), o);
	struct cgw_obj any;

	if (e || !o->exe_len)
		return e;
	any = *o;
	any.exe_len = 0;
	return cgw_covering(cgw_model_find(m, &any), o);
}

/*
 * A name whose made-up part was not taken for one (mkstemp's six
 * characters are letters only, a third of the time: generalise.c) is
 * covered by the entry that collapsed it for a name that was: each
 * combination of its long runs is tried as '*'.  A '*' in an entry
 * stands for a run of letters and digits, and an attacker may choose
 * one that looks made up anyway: this only makes the model as wide as
 * it reads.  Names that are never collapsed (cgw_may_collapse()) are
 * not tried.
 */
static struct cgw_entry *cgw_model_find_loose(struct cgw_model *m,
					      const struct cgw_obj *o)
{
	struct cgw_entry *e = NULL;
	unsigned int runs, mask;
	struct cgw_obj k;
	char *buf;

	if (m->cand || o->kind != CGW_KIND_FILE || o->wild || !cgw_loose_buf ||
	    !READ_ONCE(cgw_config.collapse_names) ||
	    !cgw_class_may_collapse(cgw_class(o), o->access))
		return NULL;
	runs = min(cgw_long_runs(o->path, o->path_len), CGW_LOOSE_RUNS);
	if (!runs)
		return NULL;
	k = *o;
	buf = get_cpu_ptr(cgw_loose_buf);
	k.path = buf;
	for (mask = 1; mask < (1U << runs) && !e; mask++) {
		k.path_len = cgw_generalise_runs(o->path, o->path_len, mask,
						 buf);
		e = cgw_model_own(m, &k);
	}
	put_cpu_ptr(cgw_loose_buf);
	return e;
}

/*
 * The entry that allows @o: its own, or one bound to no program (learned
 * without pairing, or imported so), or a generalisation of either.  The
 * exec of a program without a path is allowed only bound to the program
 * executing it: its own entry.
 */
static struct cgw_entry *cgw_model_cover(struct cgw_model *m,
					 const struct cgw_obj *o)
{
	struct cgw_entry *e;
	struct cgw_obj any;

	if (cgw_obj_unnamed(o))
		return cgw_covering(cgw_model_find(m, o), o);
	/* The cgroup's own file: most likely its directory's CREATED. */
	e = o->own ? cgw_model_find_own(m, o) : NULL;
	if (e)
		return e;
	e = cgw_model_own(m, o);
	if (e)
		return e;
	e = cgw_model_find_gen(m, o);
	if (!e && o->exe_len) {
		any = *o;
		any.exe_len = 0;
		e = cgw_model_find_gen(m, &any);
	}
	return e ?: cgw_model_find_loose(m, o);
}

/**
 * cgw_model_match() - does @m cover @o?
 * @m: a model
 * @o: what a hook saw
 * @starting: the deciding cgroup is in its start-up (cgw_cgroup_starting())
 *
 * Callers hold rcu_read_lock().
 *
 * Return: CGW_MATCH_HIT; CGW_MATCH_STARTUP if a start-up entry covers it
 * and the cgroup is starting (an allow not to be kept: it ends with the
 * start-up); else CGW_MATCH_MISS.
 */
enum cgw_match cgw_model_match(struct cgw_model *m, const struct cgw_obj *o,
			       bool starting)
{
	struct cgw_entry *e = cgw_model_cover(m, o);

	if (!e || (!starting && cgw_entry_startup(e)))
		return CGW_MATCH_MISS;
	/* Statistics only: a lost increment under a race is harmless. */
	data_race(e->hits++);
	return cgw_entry_startup(e) ? CGW_MATCH_STARTUP : CGW_MATCH_HIT;
}

/*
 * @e was learned (@born: made now) while its cgroup was @starting, or
 * not: an entry made in a start-up is a start-up entry until it is
 * learned again outside one, when it becomes what the service does when
 * it serves.  Flags change after birth only here, for a counter's
 * CGW_EF_PINNED and for a summary's CGW_EF_SUMMARY, by cgw_entry_flags().
 */
static void cgw_entry_phase(struct cgw_entry *e, bool starting, bool born)
{
	if (born && starting)
		cgw_entry_flags(e, CGW_EF_STARTUP, 0);
	else if (!starting)
		cgw_entry_flags(e, 0, CGW_EF_STARTUP);
}

static struct cgw_entry *cgw_entry_alloc(const struct cgw_obj *o, gfp_t gfp)
{
	bool addr = memchr_inv(o->addr, 0, sizeof(o->addr));
	size_t strs = o->path_len + o->name_len + o->exe_len + 3;
	size_t size = sizeof(struct cgw_entry) + strs +
		      (addr ? sizeof(o->addr) : 0);
	struct cgw_entry *e = cgw_faulty(kmalloc(size, gfp | __GFP_NOWARN));
	char *name;

	if (!e)
		return NULL;
	memset(e, 0, sizeof(*e));
	if (addr) {
		e->flags = CGW_EF_ADDR;
		memcpy(e->data + strs, o->addr, sizeof(o->addr));
	}
	atomic_set(&e->access, o->access);
	/* A socket entry's access 0 (models from before bits) is CONNECT. */
	if ((o->kind == CGW_KIND_NET || o->kind == CGW_KIND_UNIX) &&
	    o->wild < CGW_WILD_COUNT && !o->access)
		atomic_set(&e->access, CGW_NET_CONNECT);
	e->hits = 1;
	e->first_seen = (u32)ktime_get_seconds();
	e->last_seen = e->first_seen;
	e->kind = o->kind;
	e->proto = o->proto;
	e->family = o->family;
	e->port = o->port;
	e->path_len = o->path_len;
	e->name_len = o->name_len;
	e->exe_len = o->exe_len;
	e->wild = o->wild;
	e->type = o->type;
	memcpy(e->data, o->path, o->path_len);
	e->data[o->path_len] = '\0';
	name = e->data + o->path_len + 1;
	memcpy(name, o->name, o->name_len);
	name[o->name_len] = '\0';
	memcpy(name + o->name_len + 1, o->exe, o->exe_len);
	name[o->name_len + 1 + o->exe_len] = '\0';
	return e;
}

/* Take one slot of both caps, or none. */
static bool cgw_model_reserve(struct cgw_model *m)
{
	unsigned int cap = m->cand ? READ_ONCE(cgw_config.max_candidates) :
				     READ_ONCE(cgw_config.max_entries);

	if (atomic_inc_return(&m->count) > cap)
		goto undo_model;
	if (atomic_inc_return(&cgw_entries_total) >
	    READ_ONCE(cgw_config.max_entries_total))
		goto undo_total;
	return true;
undo_total:
	atomic_dec(&cgw_entries_total);
undo_model:
	atomic_dec(&m->count);
	return false;
}

static void cgw_model_unreserve(struct cgw_model *m)
{
	atomic_dec(&cgw_entries_total);
	atomic_dec(&m->count);
}

/*
 * Put @e, made for key @o, in @m: NULL if it went in; else the entry a
 * concurrent learner put there first (or an ERR_PTR), and @e is freed.
 */
static struct cgw_entry *cgw_model_publish(struct cgw_model *m,
					   const struct cgw_obj *o,
					   struct cgw_entry *e)
{
	struct cgw_entry *old;

	old = rhashtable_lookup_get_insert_key(&m->ht, o, &e->node,
					       cgw_model_params);
	if (old)
		kfree(e);
	return old;
}

/* Counters and summaries alone: in both counts, or in neither. */
static void cgw_model_counted(struct cgw_model *m, int n)
{
	atomic_add(n, &m->counters);
	atomic_add(n, &cgw_counters_total);
}

/*
 * @e, found where @o (an entry, whose slot the caller holds) goes: if it
 * is its path's summary alone, make it @o's entry.  True if this call
 * did; a concurrent learner of @o may have done it first.
 */
static bool cgw_entry_promote(struct cgw_model *m, struct cgw_entry *e,
			      const struct cgw_obj *o)
{
	if (!(READ_ONCE(e->flags) & CGW_EF_SUMMARY))
		return false;
	/* its access first: it grants as soon as it is found */
	atomic_or(o->access & CGW_ACC_ALL, &e->access);
	if (!(cgw_entry_flags(e, 0, CGW_EF_SUMMARY) & CGW_EF_SUMMARY))
		return false;
	cgw_model_counted(m, -1);
	return true;
}

/*
 * Add @o as a new entry, or find the one a concurrent learner added
 * (@*ep).  The table keeps one entry; the loser frees its copy.  An
 * entry takes over its path's summary alone (CGW_EF_SUMMARY).
 */
static enum cgw_learn cgw_model_insert(struct cgw_model *m,
				       const struct cgw_obj *o, gfp_t gfp,
				       struct cgw_entry **ep)
{
	bool counter = o->wild >= CGW_WILD_COUNT;
	struct cgw_entry *e, *old;

	if (!counter && !cgw_model_reserve(m))
		return CGW_LEARN_FULL;
	e = cgw_entry_alloc(o, gfp);
	if (!e) {
		if (!counter)
			cgw_model_unreserve(m);
		return CGW_LEARN_NOMEM;
	}
	old = cgw_model_publish(m, o, e);
	if (!old) {
		if (counter)
			cgw_model_counted(m, 1);
		*ep = e;
		return CGW_LEARN_NEW;
	}
	if (IS_ERR(old)) {
		if (!counter)
			cgw_model_unreserve(m);
		return CGW_LEARN_NOMEM;
	}
	*ep = old;
	if (!counter && cgw_entry_promote(m, old, o))
		return CGW_LEARN_NEW;
	if (!counter)
		cgw_model_unreserve(m);
	return CGW_LEARN_KNOWN;
}

/*
 * The key of what holds the summary of @o's path, or of a DIR or CREATED
 * entry's directory: every access learned there by any program, what the
 * name grants the cgroup (the link rule).  A file's is the entry of the
 * same key bound to no program, in its access bits above CGW_SUM_SHIFT;
 * where there is no such entry, one made for the summary alone
 * (CGW_EF_SUMMARY).  One lookup reads it, and a model imported (bound to
 * no program) takes no more memory for it.
 */
static bool cgw_sum_key(const struct cgw_obj *o, struct cgw_obj *k)
{
	/* A program run by a given one: by which (any) program, for audit. */
	if (o->kind == CGW_KIND_EXEC && o->wild == CGW_WILD_NONE &&
	    o->exe_len) {
		*k = *o;
		k->exe = NULL;
		k->exe_len = 0;
		k->wild = CGW_WILD_SUM;
		return true;
	}
	if (o->kind != CGW_KIND_FILE || (o->wild != CGW_WILD_NONE &&
					 o->wild != CGW_WILD_DIR &&
					 o->wild != CGW_WILD_CREATED))
		return false;
	*k = *o;
	k->exe = NULL;
	k->exe_len = 0;
	return true;
}

/* The summary @e holds (a file's entry bound to no program, or alone). */
static u32 cgw_sum_read(const struct cgw_entry *e)
{
	return (u32)atomic_read(&e->access) >> CGW_SUM_SHIFT;
}

/* Add the summary alone of a file's path @k: it, or the entry there. */
static struct cgw_entry *cgw_model_add_sum(struct cgw_model *m,
					   const struct cgw_obj *k, gfp_t gfp)
{
	struct cgw_entry *e = cgw_entry_alloc(k, gfp), *old;

	if (!e)
		return NULL;
	atomic_set(&e->access, 0);
	e->flags |= CGW_EF_SUMMARY;
	old = cgw_model_publish(m, k, e);
	if (!old) {
		cgw_model_counted(m, 1);
		return e;
	}
	return IS_ERR(old) ? NULL : old;
}

/*
 * Add what @o (learned, or an entry made) grants to its path's summary.
 * Summaries are not entries: like counters, at most one per entry.
 */
static void cgw_model_sum(struct cgw_model *m, const struct cgw_obj *o,
			  gfp_t gfp)
{
	struct cgw_entry *e = NULL;
	struct cgw_obj k;
	u32 bits = o->access;

	if (m->cand || !cgw_sum_key(o, &k))
		return;
	e = cgw_model_lookup(m, &k);
	if (k.kind == CGW_KIND_FILE) {
		bits = (o->access & CGW_ACC_ALL) << CGW_SUM_SHIFT;
		if (!e)
			e = cgw_model_add_sum(m, &k, gfp);
	} else if (!e) {
		cgw_model_insert(m, &k, gfp, &e);
	}
	/* read first: a summary that has the access is not written */
	if (e && (atomic_read(&e->access) & bits) != bits)
		atomic_or(bits, &e->access);
}

/*
 * What the summaries of @k's path grant, its long runs taken as made up
 * (as cgw_model_find_loose() covers a name): the summary of "x.*" for
 * "x.AWSkvY".
 */
static u32 cgw_model_grants_loose(struct cgw_model *m, const struct cgw_obj *k)
{
	unsigned int runs, mask;
	struct cgw_entry *e;
	struct cgw_obj l = *k;
	u32 acc = 0;
	char *buf;

	if (!cgw_loose_buf || !READ_ONCE(cgw_config.collapse_names) ||
	    !cgw_class_may_collapse(cgw_class(k), CGW_ACC_READ))
		return 0;
	runs = min(cgw_long_runs(k->path, k->path_len), CGW_LOOSE_RUNS);
	if (!runs)
		return 0;
	buf = get_cpu_ptr(cgw_loose_buf);
	l.path = buf;
	for (mask = 1; mask < (1U << runs); mask++) {
		l.path_len = cgw_generalise_runs(k->path, k->path_len, mask,
						 buf);
		e = cgw_model_lookup(m, &l);
		if (e)
			acc |= cgw_sum_read(e);
	}
	put_cpu_ptr(cgw_loose_buf);
	return acc;
}

/* What the summaries of the CREATED entries that may cover @o grant. */
static u32 cgw_model_grants_own(struct cgw_model *m, const struct cgw_obj *o)
{
	struct cgw_entry *e;
	struct cgw_obj k;
	u32 acc = 0;
	int up;

	if (!o->own)
		return 0;
	for (up = o->own_up; up >= 0; up--) {
		if (!cgw_created_key(o, up, &k))
			continue;
		k.exe = NULL;
		k.exe_len = 0;
		e = cgw_model_lookup(m, &k);
		if (e)
			acc |= cgw_sum_read(e);
	}
	return acc;
}

/**
 * cgw_model_grants() - what a file's name grants, by any program
 * @m: the model
 * @o: the FILE object (its path, as the model spells it)
 *
 * The accesses learned (or imported) for the path or for a DIR entry of
 * its directory, bound to any program: what the name would give an
 * object linked or renamed to it.  Callers hold rcu_read_lock().
 *
 * Return: CGW_ACC_* bits; WRITE implies APPEND.
 */
u32 cgw_model_grants(struct cgw_model *m, const struct cgw_obj *o)
{
	struct cgw_entry *e;
	struct cgw_obj k;
	u32 acc = 0;

	if (o->kind != CGW_KIND_FILE || !cgw_sum_key(o, &k))
		return 0;
	e = cgw_model_lookup(m, &k);
	if (e)
		acc |= cgw_sum_read(e);
	else
		acc |= cgw_model_grants_loose(m, &k);
	k.wild = CGW_WILD_DIR;
	k.path_len = cgw_dir_len(o->path, o->path_len);
	e = k.path_len ? cgw_model_lookup(m, &k) : NULL;
	if (e)
		acc |= cgw_sum_read(e);
	/*
	 * The object is the cgroup's own: what CREATED gives in its
	 * directory, or in one above that the cgroup made it in.
	 */
	acc |= cgw_model_grants_own(m, o);
	return acc & CGW_ACC_WRITE ? acc | CGW_ACC_APPEND : acc;
}

/**
 * cgw_model_ran_other() - is @o, an exec by a given program, learned for another?
 * @m: the model
 * @o: the EXEC object, bound to the program running it
 *
 * Callers hold rcu_read_lock().
 *
 * Return: true if some program (not necessarily @o's) was learned running
 * @o's program by @o's name.
 */
bool cgw_model_ran_other(struct cgw_model *m, const struct cgw_obj *o)
{
	struct cgw_obj k;

	return cgw_sum_key(o, &k) && o->kind == CGW_KIND_EXEC &&
	       cgw_model_find(m, &k);
}

/*
 * Generalising never widens a program, a secret, a mount point, a root,
 * a traced program or a namespace (CGW_ACC_EXACT), nor writes where
 * programs and configuration live: those stay exact, whatever their
 * number.
 */
static bool cgw_may_widen(const struct cgw_obj *o)
{
	if (o->kind != CGW_KIND_FILE)
		return true;
	if (o->access & CGW_ACC_EXACT)
		return false;
	return cgw_class_may_collapse(cgw_class(o), o->access);
}

/* Widen @e to the access @o asks for: NEW if that added any. */
static enum cgw_learn cgw_entry_widen(struct cgw_entry *e,
				      const struct cgw_obj *o)
{
	u32 had;

	if (o->kind == CGW_KIND_EXEC || !o->access)
		return CGW_LEARN_KNOWN;
	/* A repeat in learn mode writes nothing shared: read first. */
	if ((atomic_read(&e->access) & o->access) == o->access)
		return CGW_LEARN_KNOWN;
	had = atomic_fetch_or(o->access, &e->access);
	return cgw_obj_covers(o->kind, had, o->access) ? CGW_LEARN_KNOWN :
							  CGW_LEARN_NEW;
}

/*
 * A new name was learned in a directory (a new address on a port): count
 * it, and past the configured number make the entry that stands for all
 * of them.  Every step is an entry, counted against the caps.
 */
static void cgw_model_generalise(struct cgw_model *m, const struct cgw_obj *o,
				 bool starting, gfp_t gfp)
{
	bool file = o->kind == CGW_KIND_FILE;
	unsigned int max = file ? READ_ONCE(cgw_config.dir_names) :
				  READ_ONCE(cgw_config.net_addrs);
	struct cgw_entry *c = NULL, *w = NULL;
	enum cgw_learn r;
	struct cgw_obj k;

	if (!max || !cgw_may_widen(o) ||
	    !cgw_wild_key(o, file ? CGW_WILD_CNT_DIR : CGW_WILD_CNT_PORT, &k))
		return;
	k.access = 1;	/* a counter's count */
	c = cgw_model_find(m, &k);
	if (!c) {
		cgw_model_insert(m, &k, gfp, &c);
		return;
	}
	if ((READ_ONCE(c->flags) & CGW_EF_PINNED) ||
	    atomic_inc_return(&c->access) != max + 1)
		return;
	cgw_wild_key(o, file ? CGW_WILD_DIR : CGW_WILD_ADDR, &k);
	r = cgw_model_insert(m, &k, gfp, &w);
	if (r <= CGW_LEARN_NEW)
		cgw_entry_phase(w, starting, r == CGW_LEARN_NEW);
	/* The directory's entry made for another access: widen it. */
	if (r == CGW_LEARN_KNOWN)
		r = cgw_entry_widen(w, &k);
	if (r == CGW_LEARN_NEW) {
		atomic64_inc(&cgw_stats.generalised);
		cgw_model_sum(m, &k, gfp);
	} else if (r != CGW_LEARN_KNOWN) {
		atomic_dec(&c->access);	/* try again on the next name */
	}
}

/*
 * Learn @o, a file the cgroup made, as its directory's CREATED entry @k:
 * never as its name (which is made up per instance, and counts for no
 * DIR generalisation: a DIR entry would take in files made by others).
 */
static enum cgw_learn cgw_model_learn_own(struct cgw_model *m,
					  const struct cgw_obj *o,
					  const struct cgw_obj *k,
					  bool starting, gfp_t gfp)
{
	struct cgw_entry *e = cgw_model_find(m, k);
	enum cgw_learn r;

	if (e) {
		cgw_entry_phase(e, starting, false);
		return cgw_entry_widen(e, k);
	}
	e = cgw_model_cover(m, o);
	if (e) {
		/* Statistics: a lost update under a race is harmless. */
		data_race(e->hits++);
		cgw_entry_phase(e, starting, false);
		return CGW_LEARN_KNOWN;
	}
	r = cgw_model_insert(m, k, gfp, &e);
	if (r > CGW_LEARN_NEW)
		return r;
	cgw_entry_phase(e, starting, r == CGW_LEARN_NEW);
	return r == CGW_LEARN_KNOWN ? cgw_entry_widen(e, k) : r;
}

/* Learn @o by its name (or its generalisation's). */
static enum cgw_learn cgw_model_learn_name(struct cgw_model *m,
					   const struct cgw_obj *o,
					   bool starting, gfp_t gfp)
{
	struct cgw_entry *e = cgw_model_find(m, o), *w;
	enum cgw_learn r;

	if (e) {
		cgw_entry_phase(e, starting, false);
		/*
		 * A name learned again for a new access counts for that
		 * access: a file made (create) is then opened (rw).
		 */
		r = cgw_entry_widen(e, o);
		if (r == CGW_LEARN_NEW && !m->cand && !o->wild)
			cgw_model_generalise(m, o, starting, gfp);
		return r;
	}
	w = cgw_model_cover(m, o);
	if (w) {
		/* Statistics: a lost update under a race is harmless. */
		data_race(w->hits++);
		cgw_entry_phase(w, starting, false);
		return CGW_LEARN_KNOWN;
	}
	r = cgw_model_insert(m, o, gfp, &e);
	if (r > CGW_LEARN_NEW)
		return r;
	cgw_entry_phase(e, starting, r == CGW_LEARN_NEW);
	if (r == CGW_LEARN_NEW && !m->cand && !o->wild)
		cgw_model_generalise(m, o, starting, gfp);
	return r == CGW_LEARN_KNOWN ? cgw_entry_widen(e, o) : r;
}

/*
 * Learn what a hook saw: add it to the model, or widen the access of its
 * entry; what a generalisation covers is known already.  What it was
 * learned as adds to its path's summary.  Callers hold rcu_read_lock().
 * Safe against concurrent learners of the same object.  A model (not
 * candidates) generalises: see cgw_model_generalise.
 */
enum cgw_learn cgw_model_learn(struct cgw_model *m, const struct cgw_obj *o,
			       bool starting, gfp_t gfp)
{
	enum cgw_learn r;
	struct cgw_obj k;

	if (cgw_own_key(m, o, &k)) {
		r = cgw_model_learn_own(m, o, &k, starting, gfp);
		o = &k;
	} else {
		r = cgw_model_learn_name(m, o, starting, gfp);
	}
	if (r <= CGW_LEARN_NEW)
		cgw_model_sum(m, o, gfp);
	return r;
}

/*
 * Add @o exactly as an operator gave it (import, accept): no
 * generalisation, so a model exported and imported again is the same
 * model.  Callers hold rcu_read_lock().
 */
enum cgw_learn cgw_model_add(struct cgw_model *m, const struct cgw_obj *o,
			     gfp_t gfp)
{
	struct cgw_entry *e = cgw_model_find(m, o);
	enum cgw_learn r = CGW_LEARN_KNOWN;

	if (!e)
		r = cgw_model_insert(m, o, gfp, &e);
	if (r > CGW_LEARN_NEW)
		return r;
	/* A start-up entry given again as a steady one is steady. */
	cgw_entry_phase(e, o->startup, r == CGW_LEARN_NEW);
	if (r == CGW_LEARN_KNOWN)
		r = cgw_entry_widen(e, o);
	cgw_model_sum(m, o, gfp);
	return r;
}

/*
 * An operator removed @e, a DIR or ADDR entry: pin its counter so the
 * model does not make it again.  Callers hold rcu_read_lock().
 */
void cgw_model_unwiden(struct cgw_model *m, const struct cgw_entry *e)
{
	struct cgw_obj o, k;
	struct cgw_entry *c;

	if (e->wild != CGW_WILD_DIR && e->wild != CGW_WILD_ADDR)
		return;
	cgw_entry_to_obj(e, &o);
	k = o;
	k.wild = e->wild == CGW_WILD_DIR ? CGW_WILD_CNT_DIR : CGW_WILD_CNT_PORT;
	if (e->wild == CGW_WILD_DIR) {
		k.port = o.access;
		k.access = 0;
	}
	c = cgw_model_find(m, &k);
	if (c)
		cgw_entry_flags(c, CGW_EF_PINNED, 0);
}

/* Count @e, a candidate, as of severity @sev (raised only). */
static void cgw_cand_rank(struct cgw_model *m, struct cgw_entry *e, u8 sev)
{
	u8 old = READ_ONCE(e->sev);

	if (sev <= old || sev >= CGW_SEV_COUNT || cmpxchg(&e->sev, old, sev) != old)
		return;
	atomic_dec(&m->sevs[old]);
	atomic_inc(&m->sevs[sev]);
}

/*
 * Make room in full candidates @m for one of severity @sev: take out one
 * of lower severity, if the counts say there is one.  The search starts
 * in a random bucket, so no entry is safe by its place.  Callers hold
 * rcu_read_lock().
 */
static bool cgw_cand_evict(struct cgw_model *m, u8 sev)
{
	struct bucket_table *tbl;
	struct rhash_head *pos;
	struct cgw_entry *e;
	unsigned int i, n, b;
	u8 low = CGW_SEV_LOW;

	while (low < sev && !atomic_read(&m->sevs[low]))
		low++;
	if (low >= sev)
		return false;
	/* A resize may have moved entries to the next table: walk them all. */
	for (tbl = rht_dereference_rcu(m->ht.tbl, &m->ht); tbl;
	     tbl = rht_dereference_rcu(tbl->future_tbl, &m->ht)) {
		b = get_random_u32_below(tbl->size);
		for (n = 0; n < tbl->size; n++) {
			i = (b + n) & (tbl->size - 1);
			rht_for_each_entry_rcu(e, pos, tbl, i, node) {
				if (e->wild < CGW_WILD_COUNT &&
				    READ_ONCE(e->sev) < sev &&
				    !cgw_model_remove(m, e))
					return true;
			}
		}
	}
	return false;
}

/*
 * Record @o, of severity @sev, among candidates: a new entry, or one
 * more sighting of a known one.  Full, they keep what matters most: a new
 * one takes the place of one of lower severity, or is not recorded.
 * Callers hold rcu_read_lock().
 */
void cgw_model_note(struct cgw_model *m, const struct cgw_obj *o, u8 sev,
		    gfp_t gfp)
{
	struct cgw_entry *e = cgw_model_find(m, o);
	enum cgw_learn r;

	if (!e) {
		r = cgw_model_insert(m, o, gfp, &e);
		if (r == CGW_LEARN_FULL && cgw_cand_evict(m, sev))
			r = cgw_model_insert(m, o, gfp, &e);
		if (r == CGW_LEARN_NEW) {
			atomic_inc(&m->sevs[CGW_SEV_LOW]);
			cgw_cand_rank(m, e, sev);
		}
		if (r != CGW_LEARN_KNOWN)
			return;
	}
	cgw_cand_rank(m, e, sev);
	atomic_or(o->access, &e->access);
	/* Statistics: a lost update under a race is harmless. */
	data_race(e->hits++);
	WRITE_ONCE(e->last_seen, (u32)ktime_get_seconds());
}

/*
 * @e, an entry removed, leaves its path's summary behind, as a summary
 * alone: what a name grants does not shrink (cgw_sum_key()).  True if
 * it did.  Its access goes before it hides: a learner of it meanwhile
 * may lose what it learned, which fails closed.
 */
static bool cgw_entry_demote(struct cgw_model *m, struct cgw_entry *e)
{
	if (m->cand || e->kind != CGW_KIND_FILE || e->exe_len ||
	    e->wild >= CGW_WILD_COUNT || !cgw_sum_read(e) ||
	    (READ_ONCE(e->flags) & CGW_EF_SUMMARY))
		return false;
	atomic_andnot(CGW_ACC_ALL, &e->access);
	cgw_entry_flags(e, CGW_EF_SUMMARY, 0);
	cgw_model_unreserve(m);
	cgw_model_counted(m, 1);
	return true;
}

/*
 * Take @e out of @m: 0, or -ENOENT if it was not (or no longer) there.
 * Freed after a grace period; callers hold rcu_read_lock() and a lock
 * that keeps other removers out.
 */
int cgw_model_remove(struct cgw_model *m, struct cgw_entry *e)
{
	int err;

	if (cgw_entry_demote(m, e))
		return 0;
	err = rhashtable_remove_fast(&m->ht, &e->node, cgw_model_params);
	if (err)
		return err;
	if (e->wild >= CGW_WILD_COUNT) {
		atomic_dec(&m->counters);
		atomic_dec(&cgw_counters_total);
	} else {
		cgw_model_unreserve(m);
	}
	if (m->cand)
		atomic_dec(&m->sevs[READ_ONCE(e->sev)]);
	kfree_rcu(e, rcu);
	return 0;
}

/* A stable (per boot) short id for an entry: its keyed hash. */
u32 cgw_entry_id(const struct cgw_entry *e)
{
	struct cgw_obj o;

	cgw_entry_to_obj(e, &o);
	return cgw_obj_hash(&o, 0);
}

unsigned int cgw_model_count(const struct cgw_model *m)
{
	return atomic_read(&m->count);
}

unsigned int cgw_model_total(void)
{
	return atomic_read(&cgw_entries_total);
}

/* Counters and summaries, over all models (at most two per entry). */

int cgw_model_init(void)
{
	get_random_bytes(&cgw_hash_key, sizeof(cgw_hash_key));
	cgw_loose_buf = __alloc_percpu(PATH_MAX, 1);
	if (!cgw_loose_buf)
		return -ENOMEM;
	cgw_model_wq = alloc_workqueue("cgwarden_model", WQ_UNBOUND, 0);
	if (cgw_model_wq)
		return 0;
	free_percpu(cgw_loose_buf);
	cgw_loose_buf = NULL;
	return -ENOMEM;
}

/* Every model must be put before; wait for their freeing. */
void cgw_model_exit(void)
{
	rcu_barrier();
	destroy_workqueue(cgw_model_wq);
	free_percpu(cgw_loose_buf);
	cgw_loose_buf = NULL;
}
