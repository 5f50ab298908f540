// SPDX-License-Identifier: GPL-2.0
/*
 * Explicit policy: operator rules on top of learned models.  Deny beats
 * allow beats the model.  Pure logic (KUnit tests it): globs, patterns,
 * which rules apply to a cgroup, and the policy's say on an object.  A
 * policy is immutable once built; policy_nl.c replaces it whole under
 * RCU, so a hook sees the old one or the new one, never a mix.  Globs
 * are in glob.c, which the CLI compiles too.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "glob.h"
#include "model.h"
#include "policy.h"

struct cgw_policy __rcu *cgw_policy;

static bool cgw_cidr_match(const u8 *net, const u8 *addr, unsigned int prefix)
{
	unsigned int bytes = prefix / 8, bits = prefix % 8;

	if (memcmp(net, addr, bytes))
		return false;
	return !bits || !((net[bytes] ^ addr[bytes]) & (0xff << (8 - bits)));
}

/*
 * A deny pattern names an access if it shares a bit with the one asked;
 * an allow pattern must allow every bit asked.  0 stands for any access.
 */
static bool cgw_access_match(const struct cgw_pattern *p, u32 asked)
{
	if (!p->access)
		return true;
	if (p->action == CGW_ACTION_DENY)
		return p->access & asked;
	return cgw_obj_covers(p->kind, p->access, asked);
}

/* A socket made (CGW_NET_CREATE) has no address: port 0, address 0. */
static bool cgw_net_match(const struct cgw_pattern *p, const struct cgw_obj *o)
{
	if (!cgw_access_match(p, o->access))
		return false;
	if (p->family && p->family != o->family)
		return false;
	if (p->proto && p->proto != o->proto)
		return false;
	if (o->port < p->port_lo || o->port > p->port_hi)
		return false;
	return !p->prefix || cgw_cidr_match(p->addr, o->addr, p->prefix);
}

bool cgw_pattern_match(const struct cgw_pattern *p, const struct cgw_obj *o)
{
	if (p->kind != o->kind)
		return false;
	switch (o->kind) {
	case CGW_KIND_NET:
		return cgw_net_match(p, o);
	case CGW_KIND_FILE:
	case CGW_KIND_UNIX:
		if (!cgw_access_match(p, o->access))
			return false;
		break;
	case CGW_KIND_EXEC:
		if (p->name && !cgw_glob_match(p->name, o->name, o->name_len))
			return false;
		break;
	}
	return cgw_glob_match(p->path, o->path, o->path_len);
}

/* Does a cgroup glob of @r match the @len bytes at @path? */
static bool cgw_rule_names(const struct cgw_rule *r, const char *path,
			   size_t len)
{
	unsigned int i;

	for (i = 0; i < r->ncgroups; i++)
		if (cgw_glob_match(r->cgroups[i], path, len))
			return true;
	return false;
}

/*
 * Does @r apply to the cgroup @path?  A rule written for a cgroup holds
 * for its whole subtree: a child cgroup (which container root can make
 * with cgroup delegation) must not escape its parent's denies.  So @r
 * applies if a cgroup glob matches @path or one of its ancestors.  The
 * root is the exception: "/" names the host's own processes, as it always
 * did; "/" followed by "**" names every cgroup.
 */
bool cgw_rule_applies(const struct cgw_rule *r, const char *path, size_t len)
{
	size_t i;

	for (i = 1; i <= len; i++)
		if ((i == len || path[i] == '/') && cgw_rule_names(r, path, i))
			return true;
	return false;
}

/* Mark in @rules (CGW_POLICY_MAX_RULES bits) the rules for cgroup @path. */
void cgw_policy_rules_for(const struct cgw_policy *pol, const char *path,
			  size_t len, unsigned long *rules)
{
	unsigned int i;

	bitmap_zero(rules, CGW_POLICY_MAX_RULES);
	for (i = 0; i < pol->nrules; i++)
		if (cgw_rule_applies(&pol->rules[i], path, len))
			__set_bit(i, rules);
}

/*
 * The mode a cgroup first seen at @path starts in by the policy: the
 * first applying rule with a NEW_MODE (or else a MODE), or
 * CGW_MODE_NONE.
 */
u8 cgw_policy_new_mode(const struct cgw_policy *pol, const char *path,
		       size_t len)
{
	const struct cgw_rule *r;
	unsigned int i;

	for (i = 0; i < pol->nrules; i++) {
		r = &pol->rules[i];
		if (r->new_mode == CGW_MODE_NONE && r->mode == CGW_MODE_NONE)
			continue;
		if (cgw_rule_applies(r, path, len))
			return r->new_mode != CGW_MODE_NONE ? r->new_mode : r->mode;
	}
	return CGW_MODE_NONE;
}

static bool cgw_rules_say(const struct cgw_policy *pol,
			  const unsigned long *rules, const struct cgw_obj *o,
			  u8 action)
{
	const struct cgw_rule *r;
	unsigned int i, j;

	for_each_set_bit(i, rules, pol->nrules) {
		r = &pol->rules[i];
		for (j = 0; j < r->npatterns; j++)
			if (r->patterns[j].action == action &&
			    cgw_pattern_match(&r->patterns[j], o))
				return true;
	}
	return false;
}

/*
 * What the rules in @rules say of @o: CGW_ACTION_DENY if any denies it,
 * else CGW_ACTION_ALLOW if any allows it, else -1 (the model decides).
 */
int cgw_policy_check(const struct cgw_policy *pol, const unsigned long *rules,
		     const struct cgw_obj *o)
{
	if (cgw_rules_say(pol, rules, o, CGW_ACTION_DENY))
		return CGW_ACTION_DENY;
	if (cgw_rules_say(pol, rules, o, CGW_ACTION_ALLOW))
		return CGW_ACTION_ALLOW;
	return -1;
}
