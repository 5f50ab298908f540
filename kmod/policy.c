// SPDX-License-Identifier: GPL-2.0
/*
 * Explicit policy: operator rules on top of learned models.  Deny beats
 * allow beats the model.  Pure logic (KUnit tests it): globs, patterns,
 * which rules apply to a cgroup, and the policy's say on an object.  A
 * policy is immutable once built; policy_nl.c replaces it whole under
 * RCU, so a hook sees the old one or the new one, never a mix.
 *
 * Globs work component by component, so their cost stays linear in the
 * path: '*' and '?' stay within one component, and one component may be
 * "**", which spans any number of components (at least one at the end:
 * "/dir/" followed by "**" is what lies below /dir).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "model.h"
#include "policy.h"

struct cgw_policy __rcu *cgw_policy;

/* '*' and '?' within one component; backtracks only to the last '*'. */
static bool cgw_comp_match(const char *p, size_t pn, const char *s, size_t sn)
{
	size_t pi = 0, si = 0, star = SIZE_MAX, mark = 0;

	while (si < sn) {
		if (pi < pn && (p[pi] == '?' || p[pi] == s[si])) {
			pi++;
			si++;
		} else if (pi < pn && p[pi] == '*') {
			star = pi++;
			mark = si;
		} else if (star != SIZE_MAX) {
			pi = star + 1;
			si = ++mark;
		} else {
			return false;
		}
	}
	while (pi < pn && p[pi] == '*')
		pi++;
	return pi == pn;
}

/* Length of the component at @s, up to '/' or @end. */
static size_t cgw_comp_len(const char *s, const char *end)
{
	const char *slash = memchr(s, '/', end - s);

	return (slash ? slash : end) - s;
}

/*
 * Match the components of [p, pend) against the first ones of
 * [*sp, send), moving *sp past them.
 */
static bool cgw_match_head(const char *p, const char *pend, const char **sp,
			   const char *send)
{
	const char *s = *sp;
	size_t pn, sn;

	for (;;) {
		pn = cgw_comp_len(p, pend);
		sn = cgw_comp_len(s, send);
		if (!cgw_comp_match(p, pn, s, sn))
			return false;
		p += pn;
		s += sn;
		if (p == pend)
			break;
		if (s == send)
			return false;
		p++;	/* past the '/' of both */
		s++;
	}
	*sp = s;
	return true;
}

/* Start of the last @k components of [s, send), or NULL if fewer. */
static const char *cgw_skip_back(const char *s, const char *send,
				 unsigned int k)
{
	const char *c = send;

	for (; c > s; c--)
		if (c[-1] == '/' && --k == 0)
			return c;
	return k == 1 ? s : NULL;
}

/* The "**" component of @pat, or NULL. */
static const char *cgw_glob_dstar(const char *pat)
{
	const char *d = strstr(pat, "**");

	return d && (d == pat || d[-1] == '/') && (!d[2] || d[2] == '/') ?
	       d : NULL;
}

/* A glob cgw_glob_match() takes: one "**" at most, as a whole component. */
bool cgw_glob_valid(const char *pat)
{
	const char *d = strstr(pat, "**");

	if (!d)
		return true;
	return cgw_glob_dstar(pat) == d && !strstr(d + 2, "**");
}

/* Does the valid glob @pat match the @len bytes at @s? */
bool cgw_glob_match(const char *pat, const char *s, size_t len)
{
	const char *pend = pat + strlen(pat), *send = s + len, *ds, *t, *c;
	unsigned int k = 1;

	ds = cgw_glob_dstar(pat);
	if (!ds)
		return cgw_match_head(pat, pend, &s, send) && s == send;
	if (ds > pat) {
		if (!cgw_match_head(pat, ds - 1, &s, send) || s == send)
			return false;
		s++;	/* the '/' before what "**" spans */
	}
	if (ds + 2 == pend)
		return s < send;
	for (c = ds + 3; c < pend; c++)
		k += *c == '/';
	t = cgw_skip_back(s, send, k);
	return t && cgw_match_head(ds + 3, pend, &t, send) && t == send;
}

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
