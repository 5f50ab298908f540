/* SPDX-License-Identifier: GPL-2.0 */
/* Per-cgroup behaviour models (model.c): learned entries in a hash table. */
#ifndef _CGW_MODEL_H
#define _CGW_MODEL_H

#include <linux/atomic.h>
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>
#include "obj.h"

/*
 * A learned model entry.  Immutable but for access, hits, last_seen and
 * flags.  Counters (CGW_WILD_CNT_*) keep their count in access.  A file's
 * entry bound to no program also keeps its path's summary there, above
 * CGW_ACC_ALL (model.c, cgw_sum_key()).
 */
struct cgw_entry {
	struct rhash_head node;
	struct rcu_head rcu;
	u32 hits;		/* statistics: wraps, racy */
	atomic_t access;
	u32 first_seen;		/* seconds since boot */
	u32 last_seen;		/* seconds since boot: candidates */
	u8 kind;
	u8 proto;
	u16 family;
	u16 port;
	u16 path_len;
	u16 name_len;
	u16 exe_len;
	u8 wild;
	u8 type;		/* NET: the socket type */
	u8 flags;		/* CGW_EF_* */
	u8 sev;			/* candidates: enum cgw_severity, highest seen */
	/*
	 * path, NUL, name, NUL, exe, NUL; then with CGW_EF_ADDR, the
	 * 16-byte address (cgw_entry_addr()): a file's entry carries none,
	 * so that an entry is 56 bytes and its strings.
	 */
	char data[];
};

/* A counter whose generalisation an operator removed: never again. */
#define CGW_EF_PINNED	0x1
/* The entry holds an address after its strings; set once, at birth. */
#define CGW_EF_ADDR	0x2
/*
 * Learned only in start-ups (cgw_cgroup_starting()): it grants only to a
 * cgroup in its start-up.  Set at birth, cleared when learned again
 * outside one (cgw_entry_phase()).
 */
#define CGW_EF_STARTUP	0x4
/*
 * Its path's summary alone: no entry, it grants nothing by itself.  Made
 * when a program's entry is learned for a path no entry bound to no
 * program has; that entry, learned, takes it over, and leaves it behind
 * when removed.  Changed under cmpxchg (model.c, cgw_entry_flags()).
 */
#define CGW_EF_SUMMARY	0x8

static inline bool cgw_entry_startup(const struct cgw_entry *e)
{
	return READ_ONCE(e->flags) & CGW_EF_STARTUP;
}

/* Is @e an entry an operator sees (not a counter, nor a summary alone)? */
static inline bool cgw_entry_listed(const struct cgw_entry *e)
{
	return e->wild < CGW_WILD_COUNT &&
	       !(READ_ONCE(e->flags) & CGW_EF_SUMMARY);
}

/*
 * One cgroup's model: a hash table of entries.  The same structure holds
 * a cgroup's candidates (what monitor and protect saw outside the model),
 * with its own cap.
 */
struct cgw_model {
	struct rhashtable ht;
	bool cand;
	atomic_t count;		/* entries, against the caps */
	/* counters, summaries (CGW_WILD_SUM, alone): not entries, not capped */
	atomic_t counters;
	atomic_t sevs[CGW_SEV_COUNT];	/* candidates per severity */
	refcount_t ref;
	struct rcu_work free_work;
};

/* Result of a model lookup. */
enum cgw_match {
	CGW_MATCH_HIT,		/* in the model, with every access asked */
	CGW_MATCH_MISS,		/* not in the model */
	CGW_MATCH_STARTUP,	/* by a start-up entry, for a cgroup starting */
};

/* Result of learning an object. */
enum cgw_learn {
	CGW_LEARN_KNOWN,	/* already in the model */
	CGW_LEARN_NEW,		/* added */
	CGW_LEARN_FULL,		/* per-cgroup or total cap reached */
	CGW_LEARN_NOMEM,	/* allocation failed */
};

int cgw_model_init(void);
void cgw_model_exit(void);
struct cgw_model *cgw_model_new(gfp_t gfp);
void cgw_model_put(struct cgw_model *m);
struct cgw_model *cgw_model_get(struct cgw_model *m);
enum cgw_match cgw_model_match(struct cgw_model *m, const struct cgw_obj *o,
			       bool starting);
enum cgw_learn cgw_model_learn(struct cgw_model *m, const struct cgw_obj *o,
			       bool starting, gfp_t gfp);
enum cgw_learn cgw_model_add(struct cgw_model *m, const struct cgw_obj *o,
			     gfp_t gfp);
unsigned int cgw_model_count(const struct cgw_model *m);
void cgw_model_note(struct cgw_model *m, const struct cgw_obj *o, u8 sev,
		    gfp_t gfp);
u32 cgw_entry_id(const struct cgw_entry *e);
int cgw_model_remove(struct cgw_model *m, struct cgw_entry *e);
unsigned int cgw_model_total(void);
void cgw_model_unwiden(struct cgw_model *m, const struct cgw_entry *e);
void cgw_entry_to_obj(const struct cgw_entry *e, struct cgw_obj *o);
bool cgw_access_covers(u32 learned, u32 asked);
u32 cgw_model_grants(struct cgw_model *m, const struct cgw_obj *o);
bool cgw_model_ran_other(struct cgw_model *m, const struct cgw_obj *o);
bool cgw_obj_covers(u8 kind, u32 learned, u32 asked);
void cgw_net_normalise(struct cgw_obj *o);
u8 cgw_net_default_type(u8 proto);

#endif /* _CGW_MODEL_H */
