/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cgwarden internal interfaces.  The data path reads top to bottom:
 * hooks.c -> cgroup.c -> model.c -> decide.c -> alert.c.
 * model.c, decide.c and cgroup.c hold no hook, netlink or audit code, so
 * KUnit can build them on their own (kmod/tests/).
 */
#ifndef _CGW_CGWARDEN_H
#define _CGW_CGWARDEN_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/rhashtable-types.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>
#include <linux/sched.h>
#include <uapi/cgwarden.h>
#include "limits.h"
#include "fault.h"

#define CGW_VERSION "0.1.0"

/* Runtime configuration (module parameters, netlink SET_CONFIG). */
struct cgw_config {
	unsigned int default_mode;
	unsigned int max_cgroups;
	unsigned int max_entries;
	unsigned int max_entries_total;
	unsigned int alert_window_ms;
	/* Learning that ends itself, for cgroups that start learning. */
	unsigned int max_candidates;	/* per cgroup */
	unsigned int quiet_ms;		/* 0: learn until told otherwise */
	unsigned int then_mode;
	unsigned int min_learn_ms;
	/* Generalisation while learning: see model.c, generalise.c. */
	unsigned int dir_names;		/* 0: never make DIR entries */
	unsigned int net_addrs;		/* 0: never make ADDR entries */
	bool exe_pairing;
	bool collapse_names;
};

extern struct cgw_config cgw_config;

/* What cgw_config starts as (module parameters may change it at load). */
#define CGW_CONFIG_DEFAULTS {						\
	.default_mode = CGW_MODE_OFF,					\
	.max_cgroups = CGW_MAX_CGROUPS_DEFAULT,				\
	.max_entries = CGW_MAX_ENTRIES_DEFAULT,				\
	.max_entries_total = CGW_MAX_ENTRIES_TOTAL_DEFAULT,		\
	.alert_window_ms = CGW_ALERT_WINDOW_MS_DEFAULT,			\
	.then_mode = CGW_MODE_MONITOR,					\
	.max_candidates = CGW_MAX_CANDIDATES_DEFAULT,			\
	.dir_names = CGW_DIR_NAMES_DEFAULT,				\
	.net_addrs = CGW_NET_ADDRS_DEFAULT,				\
	.exe_pairing = true,						\
	.collapse_names = true,						\
}

/*
 * Model-internal entries, never exported: how many names (addresses) were
 * learned in a directory (on a port), to know when to generalise.
 */
enum {
	CGW_WILD_CNT_DIR = 16,	/* path: the directory, port: the access */
	CGW_WILD_CNT_PORT,	/* family, proto, port */
};

/*
 * An object an operation touches, as a hook saw it; also the lookup key of
 * a model.  Strings are not NUL-terminated in the key; lengths count bytes.
 */
struct cgw_obj {
	u8 kind;		/* enum cgw_kind */
	u8 proto;		/* IPPROTO_* for NET */
	u16 family;		/* AF_INET, AF_INET6 for NET */
	u16 port;		/* host order */
	u16 path_len;
	u16 name_len;
	u16 exe_len;
	u8 wild;		/* enum cgw_wild, or CGW_WILD_CNT_* */
	u32 access;		/* CGW_ACC_* for FILE */
	u8 addr[16];		/* network order, zero padded */
	const char *path;	/* FILE, EXEC, UNIX */
	const char *name;	/* EXEC: the name it was invoked by */
	const char *exe;	/* FILE, NET, UNIX: bound to this program */
};

/*
 * A learned model entry.  Immutable but for access, hits, last_seen and
 * flags.  Counters (CGW_WILD_CNT_*) keep their count in access.
 */
struct cgw_entry {
	struct rhash_head node;
	struct rcu_head rcu;
	u64 hits;
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
	u8 flags;		/* CGW_EF_* */
	u8 addr[16];
	char data[];		/* path, NUL, name, NUL, exe, NUL */
};

/* A counter whose generalisation an operator removed: never again. */
#define CGW_EF_PINNED	0x1

/*
 * One cgroup's model: a hash table of entries.  The same structure holds
 * a cgroup's candidates (what monitor and protect saw outside the model),
 * with its own cap.
 */
struct cgw_model {
	struct rhashtable ht;
	bool cand;
	atomic_t count;		/* entries, against the caps */
	atomic_t counters;	/* CGW_WILD_CNT_*: not entries, not capped */
	refcount_t ref;
	struct rcu_work free_work;
};

/* Result of a model lookup. */
enum cgw_match {
	CGW_MATCH_HIT,		/* in the model, with every access asked */
	CGW_MATCH_MISS,		/* not in the model */
};

/* Result of learning an object. */
enum cgw_learn {
	CGW_LEARN_KNOWN,	/* already in the model */
	CGW_LEARN_NEW,		/* added */
	CGW_LEARN_FULL,		/* per-cgroup or total cap reached */
	CGW_LEARN_NOMEM,	/* allocation failed */
};

/* model.c */
int cgw_model_init(void);
void cgw_model_exit(void);
struct cgw_model *cgw_model_new(gfp_t gfp);
void cgw_model_put(struct cgw_model *m);
struct cgw_model *cgw_model_get(struct cgw_model *m);
enum cgw_match cgw_model_match(struct cgw_model *m, const struct cgw_obj *o);
enum cgw_learn cgw_model_learn(struct cgw_model *m, const struct cgw_obj *o,
			       gfp_t gfp);
enum cgw_learn cgw_model_add(struct cgw_model *m, const struct cgw_obj *o,
			     gfp_t gfp);
unsigned int cgw_model_count(const struct cgw_model *m);
void cgw_model_note(struct cgw_model *m, const struct cgw_obj *o, gfp_t gfp);
u32 cgw_entry_id(const struct cgw_entry *e);
int cgw_model_remove(struct cgw_model *m, struct cgw_entry *e);
unsigned int cgw_model_total(void);
unsigned int cgw_model_counters(void);
void cgw_model_unwiden(struct cgw_model *m, const struct cgw_entry *e);
void cgw_entry_to_obj(const struct cgw_entry *e, struct cgw_obj *o);
bool cgw_access_covers(u32 learned, u32 asked);

/* Per-cgroup state. */
struct cgw_cgroup {
	struct hlist_node node;
	struct rcu_head rcu;
	u64 id;
	unsigned int mode;		/* READ_ONCE/WRITE_ONCE */
	bool dead;			/* removed; under cgw_cg_lock */
	struct cgw_model __rcu *model;	/* NULL until the cgroup is tracked */
	struct cgw_view __rcu *view;	/* policy rules that apply, cached */
	struct cgw_model __rcu *cand;	/* deviations seen, for review */
	atomic64_t calls[CGW_OP_COUNT];
	atomic64_t alerts;
	atomic64_t denials;
	atomic64_t model_full;
	/* Circuit breaker: denials in the current one-second window. */
	u32 breaker;			/* denials per second; 0: off */
	atomic_t breaker_count;
	u64 breaker_start;		/* ns; cmpxchg */
	/* Files written in the cgroup (a Bloom filter), for severity. */
	DECLARE_BITMAP(written, CGW_WRITTEN_BITS);
	u64 first_seen;			/* ktime_get_ns() */
	u64 last_new;			/* ktime_get_ns() of the last new entry */
	/* Learning that ends itself: see cgw_learn_done(). */
	u64 learn_since;		/* ktime_get_ns() learning began */
	u32 quiet_ms;			/* 0: never by itself */
	u32 min_learn_ms;
	u8 then_mode;
};

/* How a cgroup learns: until told, or until quiet for a while. */
struct cgw_learning {
	u32 quiet_ms;
	u32 min_learn_ms;
	u8 then_mode;
};

/* cgroup.c: the cgroup id -> state table. */
int cgw_cgroup_init(void);
void cgw_cgroup_exit(void);
struct cgw_cgroup *cgw_cgroup_lookup(u64 id);
struct cgw_cgroup *cgw_cgroup_get_or_add(u64 id, gfp_t gfp);
struct cgw_cgroup *cgw_cgroup_get_or_inherit(u64 id, const u64 *anc,
					     unsigned int n, u8 base_mode,
					     gfp_t gfp);
struct cgw_model *cgw_cgroup_model(struct cgw_cgroup *cg);
void cgw_cgroup_set_view(struct cgw_cgroup *cg, struct cgw_view *v);
int cgw_cgroup_import(u64 id, const struct cgw_obj *objs, unsigned int n);
struct cgw_model *cgw_cgroup_cand(struct cgw_cgroup *cg);
int cgw_cgroup_accept(u64 id, const u32 *ids, unsigned int n, bool all,
		      unsigned int *accepted);
int cgw_cgroup_remove_entries(u64 id, const u32 *ids, unsigned int n,
			      unsigned int *removed);
int cgw_cgroup_set_breaker(u64 id, u32 per_sec);
int cgw_cgroup_set_mode(u64 id, unsigned int mode);
int cgw_cgroup_set_mode_tree(u64 id, const u64 *desc, unsigned int n,
			     unsigned int mode, const struct cgw_learning *l);
void cgw_cgroup_promote(u64 now, void (*told)(const struct cgw_cgroup *cg));
int cgw_cgroup_clear_model(u64 id);
unsigned int cgw_cgroup_count(void);
void cgw_cgroup_reap(bool (*alive)(u64 id));
bool cgw_cgroup_alive(u64 id);
void cgw_cgroup_pool_refill(void);
/* Iterate under rcu_read_lock(): bucket by bucket, for dumps. */
struct cgw_cgroup *cgw_cgroup_nth(unsigned long *bucket, unsigned long *idx);

/* Global statistics, exported through status. */
struct cgw_stats {
	atomic64_t cgroups_full;
	atomic64_t model_full;
	atomic64_t nomem;
	atomic64_t undecided;
	atomic64_t audit_records;
	atomic64_t audit_suppressed;
	atomic64_t cgroups_released;
	atomic64_t tamper;
	atomic64_t events;
	atomic64_t events_dropped;
	atomic64_t breaker_trips;
	atomic64_t generalised;
};

extern struct cgw_stats cgw_stats;

/* policy.c: explicit rules, immutable once built, replaced under RCU. */
struct cgw_pattern {
	u8 action;		/* enum cgw_action */
	u8 kind;		/* enum cgw_kind */
	u8 prefix;		/* NET: CIDR prefix length, 0 = any */
	u8 proto;		/* NET: 0 = any */
	u16 family;		/* NET: 0 = any */
	u16 port_lo, port_hi;	/* NET */
	u32 access;		/* FILE: 0 = any */
	u8 addr[16];		/* NET */
	const char *path;	/* glob: FILE, EXEC, UNIX */
	const char *name;	/* glob or NULL: EXEC */
};

struct cgw_rule {
	const char *name;
	u8 mode, new_mode;	/* or CGW_MODE_NONE */
	unsigned int ncgroups, npatterns;
	const char *const *cgroups;	/* globs */
	struct cgw_pattern *patterns;
};

struct cgw_policy {
	struct rcu_head rcu;
	u64 gen;		/* new for every policy loaded */
	bool has_modes;		/* a rule sets a mode */
	unsigned int nrules;
	struct cgw_rule *rules;
};

/* Which rules apply to a cgroup, for the policy of generation gen. */
struct cgw_view {
	struct rcu_head rcu;
	u64 gen;
	DECLARE_BITMAP(rules, CGW_POLICY_MAX_RULES);
};

extern struct cgw_policy __rcu *cgw_policy;

bool cgw_pattern_match(const struct cgw_pattern *p, const struct cgw_obj *o);
bool cgw_rule_applies(const struct cgw_rule *r, const char *path, size_t len);
void cgw_policy_rules_for(const struct cgw_policy *pol, const char *path,
			  size_t len, unsigned long *rules);
u8 cgw_policy_new_mode(const struct cgw_policy *pol, const char *path,
		       size_t len);
int cgw_policy_check(const struct cgw_policy *pol, const unsigned long *rules,
		     const struct cgw_obj *o);

/* decide.c */
struct cgw_decision {
	u8 verdict;		/* enum cgw_verdict */
	u8 reason;		/* enum cgw_reason */
	u8 severity;		/* enum cgw_severity, for alerts */
	bool learned;		/* a new entry was added */
	bool tripped;		/* this denial tripped the circuit breaker */
};

void cgw_decide(struct cgw_cgroup *cg, const struct cgw_obj *o,
		struct cgw_decision *d, gfp_t gfp);
void cgw_decide_policy(struct cgw_cgroup *cg, const struct cgw_obj *o,
		       int action, struct cgw_decision *d, gfp_t gfp);
u8 cgw_verdict_for(unsigned int mode, u8 reason);
u8 cgw_severity(const struct cgw_cgroup *cg, const struct cgw_obj *o,
		u8 reason);
void cgw_note_written(struct cgw_cgroup *cg, const struct cgw_obj *o);
bool cgw_breaker_trip(struct cgw_cgroup *cg, u64 now);
extern bool cgw_breakers_held;
bool cgw_learn_done(const struct cgw_cgroup *cg, u64 now);

/* alert.c */
struct cgw_event {
	u8 op;
	u64 cgroup_id;
	const struct cgw_obj *obj;
	const struct cgw_decision *d;
	unsigned int mode;
};

/* Who did what an alert is about. */
struct cgw_task_ctx {
	pid_t pid;
	char comm[TASK_COMM_LEN];
	const char *cgroup;	/* "" when unknown */
	const char *exe;	/* "" when unknown */
};

int cgw_alert_init(void);
void cgw_alert_exit(void);
void cgw_alert(const struct cgw_event *ev);
void cgw_alert_tamper(const char *what);
void cgw_alert_promoted(const struct cgw_cgroup *cg);
void cgw_alert_breaker(const struct cgw_cgroup *cg);

/* ratelimit.c: dedup + token bucket, pure logic. */
struct cgw_dedup_slot {
	u64 key;
	u64 window_start;	/* ns */
	u64 suppressed;
};

struct cgw_bucket {
	u64 last;		/* ns */
	u64 tokens;		/* in ns of credit, capped at burst */
};

void cgw_ratelimit_init(void);
u64 cgw_dedup_key(u64 cgroup_id, u8 op, u8 verdict, const struct cgw_obj *o);
bool cgw_dedup_admit(struct cgw_dedup_slot *s, u64 key, u64 now,
		     u64 window, u64 *flushed);
bool cgw_bucket_take(struct cgw_bucket *b, u64 now, u64 per_sec, u64 burst);

/* generalise.c */
size_t cgw_generalise_numbers(char *path, size_t len);
size_t cgw_generalise_name(const char *path, size_t len, char *out);
bool cgw_sensitive_path(const char *path, size_t len);
bool cgw_executable_path(const char *path, size_t len);
size_t cgw_dir_len(const char *path, size_t len);

/* vcache.c: allows kept per CPU, for opens seen before. */
struct file;
struct cgw_vkey {
	const void *cg;
	/* the program (exe pairing): its dentry, and inode number/generation */
	const void *exe;
	u64 exe_ino;
	/* a file: dentry, mount, root dentry, root mount; net: see vcache.c */
	u64 a, b, c, d;
	u64 gen;
	u32 seq;		/* a file: rename_lock's sequence */
	u32 access;		/* a file: CGW_ACC_*; net: CGW_VKEY_NET */
};

#define CGW_VKEY_NET	0x80000000U
static_assert(sizeof(struct cgw_vkey) % sizeof(u64) == 0);

void cgw_vcache_invalidate(void);
bool cgw_vcache_lookup(const struct cgw_cgroup *cg, const struct file *f,
		       u32 access, struct cgw_vkey *k);
bool cgw_vcache_lookup_net(const struct cgw_cgroup *cg,
			   const struct cgw_obj *o, struct cgw_vkey *k);
void cgw_vcache_store(const struct cgw_vkey *k);
u64 cgw_vcache_hits(void);

/* hooks.c */
struct cgw_hook_info {
	const char *symbol;
	u8 op;			/* enum cgw_op */
	u8 state;		/* enum cgw_hook_state */
};

/* exec, exec's argv[0], open, connect, sendmsg */
enum { CGW_HOOK_COUNT = 5 };

unsigned int cgw_untracked_mode(void);	/* untracked.c */
int cgw_hooks_init(void);
void cgw_hooks_exit(void);
void cgw_hooks_check(void);
void cgw_hooks_info(unsigned int hook, struct cgw_hook_info *info);
u64 cgw_hooks_sum(unsigned int hook, unsigned int what);
enum { CGW_HC_CALLS, CGW_HC_MISSED, CGW_HC_ALERTS, CGW_HC_DENIALS, CGW_HC_N };

/* netlink.c, policy_nl.c (more in nl.h) */
int cgw_netlink_init(void);
void cgw_netlink_exit(void);
void cgw_policy_exit(void);
void cgw_netlink_event(const struct cgw_event *ev,
		       const struct cgw_task_ctx *t, u64 suppressed);

/* Names, for messages and audit records. */
const char *cgw_op_name(unsigned int op);
const char *cgw_mode_name(unsigned int mode);
const char *cgw_verdict_name(unsigned int v);
const char *cgw_reason_name(unsigned int r);
const char *cgw_severity_name(unsigned int sev);
int cgw_mode_parse(const char *s);

#endif /* _CGW_CGWARDEN_H */
