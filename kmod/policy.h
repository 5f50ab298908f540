/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Explicit policy (policy.c): rules, immutable once built, replaced whole
 * under RCU by policy_nl.c.
 */
#ifndef _CGW_POLICY_H
#define _CGW_POLICY_H

#include <linux/bitmap.h>
#include <linux/rcupdate.h>
#include "obj.h"

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

#endif /* _CGW_POLICY_H */
