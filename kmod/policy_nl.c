// SPDX-License-Identifier: GPL-2.0
/*
 * Policy and model import over netlink.  A policy is checked whole before
 * anything changes: a first pass validates every rule and pattern and
 * sizes the policy, a second builds it in one allocation, and RCU swaps
 * it in.  A refusal names the offending attribute (extack) and leaves the
 * running policy as it was.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/rhashtable.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <net/genetlink.h>
#include "compat.h"
#include "glob.h"
#include "lock.h"
#include "names.h"
#include "nl.h"
#include "policy.h"
#include "vcache.h"

static DEFINE_MUTEX(cgw_policy_lock);
static u64 cgw_policy_gen;

static const struct nla_policy cgw_pat_policy[CGW_PAT_A_MAX + 1] = {
	[CGW_PAT_A_ACTION] = NLA_POLICY_MAX(NLA_U8, CGW_ACTION_COUNT - 1),
	[CGW_PAT_A_KIND] = NLA_POLICY_MAX(NLA_U8, CGW_KIND_COUNT - 1),
	[CGW_PAT_A_PATH] = { .type = NLA_NUL_STRING, .len = CGW_PATH_MAX - 1 },
	[CGW_PAT_A_NAME] = { .type = NLA_NUL_STRING, .len = CGW_NAME_MAX - 1 },
	[CGW_PAT_A_ACCESS] = NLA_POLICY_MASK(NLA_U32, CGW_ACC_ALL),
	[CGW_PAT_A_FAMILY] = { .type = NLA_U16 },
	[CGW_PAT_A_ADDR] = { .type = NLA_BINARY, .len = 16 },
	[CGW_PAT_A_PREFIX] = NLA_POLICY_MAX(NLA_U8, 128),
	[CGW_PAT_A_PORT_LO] = { .type = NLA_U16 },
	[CGW_PAT_A_PORT_HI] = { .type = NLA_U16 },
	[CGW_PAT_A_PROTO] = { .type = NLA_U8 },
};

const struct nla_policy cgw_rule_policy[CGW_RULE_A_MAX + 1] = {
	[CGW_RULE_A_NAME] = { .type = NLA_NUL_STRING,
			      .len = CGW_RULE_NAME_MAX - 1 },
	[CGW_RULE_A_CGROUP] = { .type = NLA_NUL_STRING,
				.len = CGW_PATH_MAX - 1 },
	[CGW_RULE_A_MODE] = { .type = NLA_U8 },
	[CGW_RULE_A_NEW_MODE] = { .type = NLA_U8 },
	[CGW_RULE_A_PATTERN] = NLA_POLICY_NESTED(cgw_pat_policy),
	[CGW_RULE_A_INDEX] = { .type = NLA_U32 },
};

const struct nla_policy cgw_entry_policy[CGW_ENTRY_A_MAX + 1] = {
	[CGW_ENTRY_A_KIND] = NLA_POLICY_MAX(NLA_U8, CGW_KIND_COUNT - 1),
	[CGW_ENTRY_A_PATH] = { .type = NLA_NUL_STRING,
			       .len = CGW_PATH_MAX - 1 },
	[CGW_ENTRY_A_NAME] = { .type = NLA_NUL_STRING,
			       .len = CGW_NAME_MAX - 1 },
	[CGW_ENTRY_A_ACCESS] = NLA_POLICY_MASK(NLA_U32, CGW_ACC_ALL),
	[CGW_ENTRY_A_FAMILY] = { .type = NLA_U16 },
	[CGW_ENTRY_A_PROTO] = { .type = NLA_U8 },
	[CGW_ENTRY_A_ADDR] = { .type = NLA_BINARY, .len = 16 },
	[CGW_ENTRY_A_PORT] = { .type = NLA_U16 },
	[CGW_ENTRY_A_HITS] = { .type = NLA_U64 },
	[CGW_ENTRY_A_EXE] = { .type = NLA_NUL_STRING,
			      .len = CGW_PATH_MAX - 1 },
	[CGW_ENTRY_A_WILD] = NLA_POLICY_MAX(NLA_U8, CGW_WILD_COUNT - 1),
	[CGW_ENTRY_A_TYPE] = { .type = NLA_U8 },
	[CGW_ENTRY_A_STARTUP] = { .type = NLA_FLAG },
};

/* Sizes found by the first pass. */
struct cgw_psize {
	unsigned int nrules, ncgroups, npatterns;
	size_t strings;
};

static bool cgw_mode_ok(u8 mode)
{
	return mode < CGW_MODE_COUNT || mode == CGW_MODE_NONE;
}

static u8 cgw_nla_mode(const struct nlattr *a)
{
	return a ? nla_get_u8(a) : CGW_MODE_NONE;
}

static int cgw_check_addr(struct nlattr **tb, struct netlink_ext_ack *extack)
{
	u16 family = tb[CGW_PAT_A_FAMILY] ? nla_get_u16(tb[CGW_PAT_A_FAMILY]) : 0;
	u8 prefix = tb[CGW_PAT_A_PREFIX] ? nla_get_u8(tb[CGW_PAT_A_PREFIX]) : 0;
	int alen = family == AF_INET ? 4 : 16;

	if (family && family != AF_INET && family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CGW_PAT_A_FAMILY],
				    "family must be AF_INET, AF_INET6 or 0");
		return -EINVAL;
	}
	if (prefix && (!family || !tb[CGW_PAT_A_ADDR] ||
		       nla_len(tb[CGW_PAT_A_ADDR]) != alen ||
		       prefix > alen * 8)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CGW_PAT_A_PREFIX],
				    "a prefix needs a family and an address of its size");
		return -EINVAL;
	}
	if (tb[CGW_PAT_A_PORT_LO] && tb[CGW_PAT_A_PORT_HI] &&
	    nla_get_u16(tb[CGW_PAT_A_PORT_LO]) >
	    nla_get_u16(tb[CGW_PAT_A_PORT_HI])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CGW_PAT_A_PORT_LO],
				    "port range is reversed");
		return -EINVAL;
	}
	return 0;
}

static int cgw_check_glob(const struct nlattr *a, struct netlink_ext_ack *extack)
{
	if (cgw_glob_valid(nla_data(a)))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, a,
			    "'**' may appear once, as a whole path component");
	return -EINVAL;
}

static int cgw_check_pattern(const struct nlattr *nest, struct cgw_psize *sz,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CGW_PAT_A_MAX + 1];
	int err = nla_parse_nested(tb, CGW_PAT_A_MAX, nest, cgw_pat_policy,
				   extack);
	u8 kind;

	if (err)
		return err;
	if (!tb[CGW_PAT_A_ACTION] || !tb[CGW_PAT_A_KIND]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "a pattern needs an action and a kind");
		return -EINVAL;
	}
	/*
	 * Sized here from what cgw_fill_pattern() copies, whatever the
	 * kind: the policy is one allocation of the size this pass finds.
	 */
	if (tb[CGW_PAT_A_PATH])
		sz->strings += nla_len(tb[CGW_PAT_A_PATH]);
	if (tb[CGW_PAT_A_NAME])
		sz->strings += nla_len(tb[CGW_PAT_A_NAME]);
	kind = nla_get_u8(tb[CGW_PAT_A_KIND]);
	if (kind == CGW_KIND_NET) {
		if (tb[CGW_PAT_A_PATH] || tb[CGW_PAT_A_NAME]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[CGW_PAT_A_PATH] ?:
					    tb[CGW_PAT_A_NAME],
					    "a network pattern has no path or name");
			return -EINVAL;
		}
		return cgw_check_addr(tb, extack);
	}
	if (!tb[CGW_PAT_A_PATH]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "this kind of pattern needs a path");
		return -EINVAL;
	}
	if (tb[CGW_PAT_A_NAME] && kind != CGW_KIND_EXEC) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CGW_PAT_A_NAME],
				    "only an exec pattern has a name");
		return -EINVAL;
	}
	err = cgw_check_glob(tb[CGW_PAT_A_PATH], extack);
	if (!err && tb[CGW_PAT_A_NAME])
		err = cgw_check_glob(tb[CGW_PAT_A_NAME], extack);
	return err;
}

static int cgw_check_rule(const struct nlattr *rule, struct cgw_psize *sz,
			  struct netlink_ext_ack *extack)
{
	unsigned int ncg = 0, npat = 0;
	const struct nlattr *a;
	int rem, err;

	nla_for_each_nested(a, rule, rem) {
		switch (nla_type(a)) {
		case CGW_RULE_A_NAME:
			sz->strings += nla_len(a);
			break;
		case CGW_RULE_A_MODE:
		case CGW_RULE_A_NEW_MODE:
			if (!cgw_mode_ok(nla_get_u8(a))) {
				NL_SET_ERR_MSG_ATTR(extack, a, "no such mode");
				return -EINVAL;
			}
			break;
		case CGW_RULE_A_CGROUP:
			if (*(char *)nla_data(a) != '/') {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "cgroup globs start with '/'");
				return -EINVAL;
			}
			err = cgw_check_glob(a, extack);
			if (err)
				return err;
			sz->strings += nla_len(a);
			ncg++;
			break;
		case CGW_RULE_A_PATTERN:
			err = cgw_check_pattern(a, sz, extack);
			if (err)
				return err;
			npat++;
			break;
		}
	}
	if (!ncg || ncg > CGW_RULE_MAX_CGROUPS || npat > CGW_RULE_MAX_PATTERNS) {
		NL_SET_ERR_MSG_ATTR(extack, rule,
				    "a rule needs 1 to 64 cgroups and at most 1024 patterns");
		return -EINVAL;
	}
	sz->ncgroups += ncg;
	sz->npatterns += npat;
	return 0;
}

/*
 * The layout of a policy's one allocation: the structures first, every
 * one a multiple of a pointer's size so each starts aligned, then the
 * strings, which need no alignment.
 */
static_assert(sizeof(struct cgw_policy) % sizeof(void *) == 0);
static_assert(sizeof(struct cgw_rule) % sizeof(void *) == 0);
static_assert(sizeof(struct cgw_pattern) % sizeof(void *) == 0);

static size_t cgw_policy_struct_bytes(const struct cgw_psize *sz)
{
	return sizeof(struct cgw_policy) +
	       sz->nrules * sizeof(struct cgw_rule) +
	       sz->ncgroups * sizeof(char *) +
	       sz->npatterns * sizeof(struct cgw_pattern);
}

static size_t cgw_policy_bytes(const struct cgw_psize *sz)
{
	return cgw_policy_struct_bytes(sz) + sz->strings;
}

/*
 * Bump allocator over the one allocation a policy lives in: structures
 * from @next up to @strs, strings from @strs up to @end.  A request past
 * either end (the first pass sized it wrong) is refused and remembered,
 * never written.
 */
struct cgw_arena {
	char *next, *strs, *structs_end, *end;
	bool overrun;
};

static void *cgw_take(struct cgw_arena *ar, size_t n)
{
	void *p = ar->next;

	if (n > ar->structs_end - ar->next) {
		ar->overrun = true;
		return NULL;
	}
	ar->next += n;
	return p;
}

static const char *cgw_take_str(struct cgw_arena *ar, const struct nlattr *a)
{
	char *s = ar->strs;

	if (nla_len(a) > ar->end - ar->strs) {
		ar->overrun = true;
		return "";
	}
	ar->strs += nla_len(a);
	nla_strscpy(s, a, nla_len(a));
	return s;
}

static void cgw_fill_pattern(struct cgw_pattern *p, const struct nlattr *nest,
			     struct cgw_arena *ar)
{
	struct nlattr *tb[CGW_PAT_A_MAX + 1];

	/* Validated by the first pass. */
	nla_parse_nested(tb, CGW_PAT_A_MAX, nest, cgw_pat_policy, NULL);
	p->action = nla_get_u8(tb[CGW_PAT_A_ACTION]);
	p->kind = nla_get_u8(tb[CGW_PAT_A_KIND]);
	p->access = tb[CGW_PAT_A_ACCESS] ? nla_get_u32(tb[CGW_PAT_A_ACCESS]) : 0;
	p->family = tb[CGW_PAT_A_FAMILY] ? nla_get_u16(tb[CGW_PAT_A_FAMILY]) : 0;
	p->prefix = tb[CGW_PAT_A_PREFIX] ? nla_get_u8(tb[CGW_PAT_A_PREFIX]) : 0;
	p->proto = tb[CGW_PAT_A_PROTO] ? nla_get_u8(tb[CGW_PAT_A_PROTO]) : 0;
	p->port_lo = tb[CGW_PAT_A_PORT_LO] ? nla_get_u16(tb[CGW_PAT_A_PORT_LO]) : 0;
	p->port_hi = tb[CGW_PAT_A_PORT_HI] ?
		     nla_get_u16(tb[CGW_PAT_A_PORT_HI]) : U16_MAX;
	if (tb[CGW_PAT_A_ADDR])
		nla_memcpy(p->addr, tb[CGW_PAT_A_ADDR], sizeof(p->addr));
	if (tb[CGW_PAT_A_PATH])
		p->path = cgw_take_str(ar, tb[CGW_PAT_A_PATH]);
	if (tb[CGW_PAT_A_NAME])
		p->name = cgw_take_str(ar, tb[CGW_PAT_A_NAME]);
}

static unsigned int cgw_count_type(const struct nlattr *nest, int type)
{
	const struct nlattr *a;
	unsigned int n = 0;
	int rem;

	nla_for_each_nested(a, nest, rem)
		n += nla_type(a) == type;
	return n;
}

static void cgw_fill_rule(struct cgw_policy *pol, struct cgw_rule *r,
			  const struct nlattr *rule, struct cgw_arena *ar)
{
	unsigned int ncg = cgw_count_type(rule, CGW_RULE_A_CGROUP);
	unsigned int npat = cgw_count_type(rule, CGW_RULE_A_PATTERN);
	const struct nlattr *a;
	const char **cgroups;
	int rem;

	r->name = "";
	r->mode = CGW_MODE_NONE;
	r->new_mode = CGW_MODE_NONE;
	cgroups = cgw_take(ar, ncg * sizeof(char *));
	r->patterns = cgw_take(ar, npat * sizeof(struct cgw_pattern));
	r->cgroups = cgroups;
	if ((ncg && !cgroups) || (npat && !r->patterns))
		return;
	nla_for_each_nested(a, rule, rem) {
		switch (nla_type(a)) {
		case CGW_RULE_A_NAME:
			r->name = cgw_take_str(ar, a);
			break;
		case CGW_RULE_A_MODE:
			r->mode = cgw_nla_mode(a);
			break;
		case CGW_RULE_A_NEW_MODE:
			r->new_mode = cgw_nla_mode(a);
			break;
		case CGW_RULE_A_CGROUP:
			cgroups[r->ncgroups++] = cgw_take_str(ar, a);
			break;
		case CGW_RULE_A_PATTERN:
			cgw_fill_pattern(&r->patterns[r->npatterns++], a, ar);
			break;
		}
	}
	if (r->mode != CGW_MODE_NONE || r->new_mode != CGW_MODE_NONE)
		pol->has_modes = true;
}

/* First pass: check everything, and size the policy. */
static int cgw_policy_check_msg(struct genl_info *info, struct cgw_psize *sz)
{
	const struct nlattr *a;
	int rem, err;

	memset(sz, 0, sizeof(*sz));
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != CGW_A_RULE)
			continue;
		if (++sz->nrules > CGW_POLICY_MAX_RULES) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "more than 256 rules");
			return -E2BIG;
		}
		err = cgw_check_rule(a, sz, info->extack);
		if (err)
			return err;
	}
	if (cgw_policy_bytes(sz) > CGW_POLICY_MAX_BYTES) {
		NL_SET_ERR_MSG(info->extack, "policy larger than 4 MiB");
		return -E2BIG;
	}
	return 0;
}

static struct cgw_policy *cgw_policy_build(struct genl_info *info,
					   const struct cgw_psize *sz)
{
	size_t bytes = cgw_policy_bytes(sz);
	struct cgw_policy *pol = kvzalloc(bytes, GFP_KERNEL);
	struct cgw_arena ar;
	const struct nlattr *a;
	int rem;

	if (!pol)
		return ERR_PTR(-ENOMEM);
	ar.next = (char *)(pol + 1);
	ar.structs_end = (char *)pol + cgw_policy_struct_bytes(sz);
	ar.strs = ar.structs_end;
	ar.end = (char *)pol + bytes;
	ar.overrun = false;
	pol->rules = cgw_take(&ar, sz->nrules * sizeof(struct cgw_rule));
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != CGW_A_RULE || ar.overrun)
			continue;
		if (pol->nrules == sz->nrules) {
			ar.overrun = true;
			break;
		}
		cgw_fill_rule(pol, &pol->rules[pol->nrules++], a, &ar);
	}
	if (WARN_ON_ONCE(ar.overrun)) {
		kvfree(pol);
		return ERR_PTR(-EINVAL);
	}
	return pol;
}

/*
 * Give existing cgroups the mode of the first rule with one that applies
 * to them.  The walk collects (id, mode) pairs under RCU, then sets them.
 */
static void cgw_policy_apply_modes(const struct cgw_policy *pol)
{
	unsigned int i, n = 0, max = READ_ONCE(cgw_config.max_cgroups);
	struct cgroup_subsys_state *pos;
	struct cgroup *root;
	char *buf;
	u64 *ids;
	u8 *modes;
	int len;

	root = cgroup_get_from_id(1);
	if (IS_ERR(root))
		return;
	/* Sized to the cgroups there are, not to max_cgroups. */
	i = 0;
	rcu_read_lock();
	css_for_each_descendant_pre(pos, &root->self)
		i++;
	rcu_read_unlock();
	max = min(max, i);
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	ids = kvmalloc_array(max + 1, sizeof(*ids), GFP_KERNEL);
	modes = kvmalloc(max + 1, GFP_KERNEL);
	if (!buf || !ids || !modes)
		goto out;
	rcu_read_lock();
	css_for_each_descendant_pre(pos, &root->self) {
		if (!(pos->flags & CSS_ONLINE) || n == max)
			continue;
		len = cgroup_path(pos->cgroup, buf, PATH_MAX);
		if (len <= 0 || len >= PATH_MAX)
			continue;
		for (i = 0; i < pol->nrules; i++) {
			const struct cgw_rule *r = &pol->rules[i];

			if (r->mode == CGW_MODE_NONE)
				continue;
			if (cgw_rule_applies(r, buf, len)) {
				ids[n] = cgroup_id(pos->cgroup);
				modes[n++] = r->mode;
				break;
			}
		}
	}
	rcu_read_unlock();
	for (i = 0; i < n; i++)
		cgw_cgroup_set_mode(ids[i], modes[i]);
out:
	kvfree(modes);
	kvfree(ids);
	kfree(buf);
	cgroup_put(root);
}

/* Swap in @pol (NULL: no policy); the old one is freed after a GP. */
static void cgw_policy_install(struct cgw_policy *pol)
{
	struct cgw_policy *old;

	if (pol && pol->has_modes)
		cgw_gate_open();	/* before a hook can meet its modes */
	mutex_lock(&cgw_policy_lock);
	if (pol)
		pol->gen = ++cgw_policy_gen;
	old = rcu_replace_pointer(cgw_policy, pol,
				  lockdep_is_held(&cgw_policy_lock));
	cgw_vcache_invalidate();
	if (pol && pol->has_modes)
		cgw_policy_apply_modes(pol);
	mutex_unlock(&cgw_policy_lock);
	cgw_gate_refresh();
	if (old)
		kvfree_rcu(old, rcu);
}

/**
 * cgw_nl_policy_set() - CGW_CMD_POLICY_SET: replace the policy, whole
 * @skb: the request
 * @info: its parsed attributes
 *
 * Return: 0, or an error (with an extack message) and the old policy
 * still in place.
 */
int cgw_nl_policy_set(struct sk_buff *skb, struct genl_info *info)
{
	struct cgw_policy *pol;
	struct cgw_psize sz;
	int err = cgw_lock_check_policy(info->extack);

	if (!err)
		err = cgw_policy_check_msg(info, &sz);
	if (err)
		return err;
	pol = cgw_policy_build(info, &sz);
	if (IS_ERR(pol))
		return PTR_ERR(pol);
	cgw_policy_install(pol);
	return 0;
}

/**
 * cgw_nl_policy_clear() - CGW_CMD_POLICY_CLEAR: no policy from now on
 * @skb: the request
 * @info: its parsed attributes
 *
 * Return: 0, or -EPERM when locked.
 */
int cgw_nl_policy_clear(struct sk_buff *skb, struct genl_info *info)
{
	int err = cgw_lock_check_policy(info->extack);

	if (err)
		return err;
	cgw_policy_install(NULL);
	return 0;
}

static int cgw_put_pattern(struct sk_buff *skb, const struct cgw_pattern *p)
{
	struct nlattr *nest = nla_nest_start(skb, CGW_RULE_A_PATTERN);
	int alen = p->family == AF_INET ? 4 : 16;

	if (!nest || nla_put_u8(skb, CGW_PAT_A_ACTION, p->action) ||
	    nla_put_u8(skb, CGW_PAT_A_KIND, p->kind) ||
	    (p->path && nla_put_string(skb, CGW_PAT_A_PATH, p->path)) ||
	    (p->name && nla_put_string(skb, CGW_PAT_A_NAME, p->name)) ||
	    (p->access && nla_put_u32(skb, CGW_PAT_A_ACCESS, p->access)))
		return -EMSGSIZE;
	if (p->kind == CGW_KIND_NET &&
	    (nla_put_u16(skb, CGW_PAT_A_FAMILY, p->family) ||
	     (p->prefix && nla_put(skb, CGW_PAT_A_ADDR, alen, p->addr)) ||
	     nla_put_u8(skb, CGW_PAT_A_PREFIX, p->prefix) ||
	     nla_put_u16(skb, CGW_PAT_A_PORT_LO, p->port_lo) ||
	     nla_put_u16(skb, CGW_PAT_A_PORT_HI, p->port_hi) ||
	     nla_put_u8(skb, CGW_PAT_A_PROTO, p->proto)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * One message of a rule: its header and patterns from *@pat on, as many
 * as fit; *@pat is where the next message starts.
 */
static int cgw_put_rule(struct sk_buff *skb, const struct cgw_rule *r,
			u32 idx, unsigned int *pat)
{
	struct nlattr *nest = nla_nest_start(skb, CGW_A_RULE), *mark;
	unsigned int i, first = *pat;

	if (!nest || nla_put_u32(skb, CGW_RULE_A_INDEX, idx) ||
	    nla_put_string(skb, CGW_RULE_A_NAME, r->name) ||
	    nla_put_u8(skb, CGW_RULE_A_MODE, r->mode) ||
	    nla_put_u8(skb, CGW_RULE_A_NEW_MODE, r->new_mode))
		return -EMSGSIZE;
	for (i = 0; i < r->ncgroups; i++)
		if (nla_put_string(skb, CGW_RULE_A_CGROUP, r->cgroups[i]))
			return -EMSGSIZE;
	for (; *pat < r->npatterns; (*pat)++) {
		mark = (struct nlattr *)skb_tail_pointer(skb);
		if (cgw_put_pattern(skb, &r->patterns[*pat])) {
			nlmsg_trim(skb, mark);
			if (*pat == first)
				return -EMSGSIZE;	/* not even one */
			break;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * cgw_nl_policy_get() - CGW_CMD_POLICY_GET: dump the policy
 * @skb: the message buffer of this part of the dump
 * @cb: the dump; args[0] the rule, [1] its first pattern, [2] the
 *	generation dumped
 *
 * Return: the bytes written, 0 at the end, or -EAGAIN if the policy
 * changed under the dump.
 */
int cgw_nl_policy_get(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned int rule = cb->args[0], pat = cb->args[1];
	struct cgw_policy *pol;
	void *hdr;
	int err = 0;

	rcu_read_lock();
	pol = rcu_dereference(cgw_policy);
	if (cb->args[2] && (!pol || pol->gen != cb->args[2])) {
		err = -EAGAIN;	/* the policy changed under the dump */
		goto out;
	}
	if (!pol)
		goto out;
	cb->args[2] = pol->gen;
	while (rule < pol->nrules) {
		hdr = cgw_nl_put_header(skb, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					CGW_CMD_POLICY_GET);
		if (!hdr || nla_put_u64_64bit(skb, CGW_A_GENERATION, pol->gen,
					      CGW_A_PAD) ||
		    cgw_put_rule(skb, &pol->rules[rule], rule, &pat)) {
			if (hdr)
				genlmsg_cancel(skb, hdr);
			if (!skb->len)
				err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		if (pat == pol->rules[rule].npatterns) {
			rule++;
			pat = 0;
		}
	}
	cb->args[0] = rule;
	cb->args[1] = pat;
out:
	rcu_read_unlock();
	return err ? err : skb->len;
}

/*
 * A NET entry's key: an inet address, or none for a socket made
 * (CGW_NET_CREATE only) of any mediated family.  An entry from before
 * socket types gets its protocol's usual one; addresses as the kernel
 * keys them (cgw_net_normalise()).  Nonzero if incomplete.
 */
static int cgw_import_net(struct nlattr **tb, struct cgw_obj *o)
{
	struct nlattr *a = tb[CGW_ENTRY_A_ADDR];
	bool inet;

	if (!tb[CGW_ENTRY_A_FAMILY])
		return -EINVAL;
	o->family = nla_get_u16(tb[CGW_ENTRY_A_FAMILY]);
	inet = o->family == AF_INET || o->family == AF_INET6;
	if (!inet && (o->family != AF_UNIX || o->access != CGW_NET_CREATE ||
		      a || o->wild))
		return -EINVAL;
	if (inet && !a && o->access != CGW_NET_CREATE)
		return -EINVAL;
	if (a && nla_len(a) != (o->family == AF_INET ? 4 : 16))
		return -EINVAL;
	if (a)
		nla_memcpy(o->addr, a, sizeof(o->addr));
	o->proto = tb[CGW_ENTRY_A_PROTO] ? nla_get_u8(tb[CGW_ENTRY_A_PROTO]) : 0;
	o->port = tb[CGW_ENTRY_A_PORT] ? nla_get_u16(tb[CGW_ENTRY_A_PORT]) : 0;
	o->type = tb[CGW_ENTRY_A_TYPE] ? nla_get_u8(tb[CGW_ENTRY_A_TYPE]) :
					  cgw_net_default_type(o->proto);
	if (o->wild == CGW_WILD_ADDR)
		memset(o->addr, 0, sizeof(o->addr));
	cgw_net_normalise(o);
	return 0;
}

static int cgw_import_entry(const struct nlattr *nest, struct cgw_obj *o,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CGW_ENTRY_A_MAX + 1];
	int err = nla_parse_nested(tb, CGW_ENTRY_A_MAX, nest, cgw_entry_policy,
				   extack);

	if (err)
		return err;
	memset(o, 0, sizeof(*o));
	if (!tb[CGW_ENTRY_A_KIND])
		goto bad;
	o->kind = nla_get_u8(tb[CGW_ENTRY_A_KIND]);
	if (tb[CGW_ENTRY_A_WILD])
		o->wild = nla_get_u8(tb[CGW_ENTRY_A_WILD]);
	o->startup = nla_get_flag(tb[CGW_ENTRY_A_STARTUP]);
	if (((o->wild == CGW_WILD_DIR || o->wild == CGW_WILD_CREATED) &&
	     o->kind != CGW_KIND_FILE) ||
	    (o->wild == CGW_WILD_ADDR && o->kind != CGW_KIND_NET))
		goto bad;
	/* Every kind may be bound to a program: an exec, to who runs it. */
	if (tb[CGW_ENTRY_A_EXE]) {
		o->exe = nla_data(tb[CGW_ENTRY_A_EXE]);
		o->exe_len = strlen(o->exe);
	}
	if (o->kind == CGW_KIND_NET || o->kind == CGW_KIND_UNIX) {
		/* 0, as models had before there were bits, is CONNECT */
		o->access = tb[CGW_ENTRY_A_ACCESS] ?
			    nla_get_u32(tb[CGW_ENTRY_A_ACCESS]) : 0;
		if (o->access & ~CGW_NET_ALL)
			goto bad;
		o->access = o->access ?: CGW_NET_CONNECT;
	}
	if (o->kind == CGW_KIND_NET)
		return cgw_import_net(tb, o) ? -EINVAL : 0;
	if (!tb[CGW_ENTRY_A_PATH] || (o->kind == CGW_KIND_EXEC &&
				      !tb[CGW_ENTRY_A_NAME]))
		goto bad;
	o->path = nla_data(tb[CGW_ENTRY_A_PATH]);
	o->path_len = strlen(o->path);
	if (o->kind == CGW_KIND_EXEC) {
		o->name = nla_data(tb[CGW_ENTRY_A_NAME]);
		o->name_len = strlen(o->name);
	}
	if (o->kind == CGW_KIND_UNIX && o->access & CGW_NET_CREATE)
		goto bad;
	if (o->kind == CGW_KIND_FILE)
		o->access = tb[CGW_ENTRY_A_ACCESS] ?
			    nla_get_u32(tb[CGW_ENTRY_A_ACCESS]) : 0;
	if (o->kind == CGW_KIND_FILE && !o->access)
		goto bad;
	return 0;
bad:
	NL_SET_ERR_MSG_ATTR(extack, nest,
			    "entry incomplete for its kind (see model show)");
	return -EINVAL;
}

/*
 * What a model held of an import's objects before it, so that an import
 * failing half-way (no memory, or learning filled the model under it)
 * can be undone: an open-addressing table from object to its index, and
 * per object the access its entry had, or CGW_IMPORT_ABSENT.
 */
#define CGW_IMPORT_ABSENT	U32_MAX

struct cgw_import {
	const struct cgw_obj *objs;
	unsigned int n, mask;
	u32 *slot;		/* index + 1 into objs; 0: empty */
	u32 *had;
};

static u32 cgw_import_hash(const struct cgw_obj *o)
{
	u32 h = jhash_3words(o->kind | o->wild << 8 | o->proto << 16,
			     o->family | o->port << 16, o->path_len, 0);

	h = jhash(o->addr, sizeof(o->addr), h);
	h = jhash(o->path, o->path_len, h);
	h = jhash(o->name, o->name_len, h);
	return jhash(o->exe, o->exe_len, h);
}

/* The model's key: what cgw_entry_cmpfn() compares. */
static bool cgw_obj_same(const struct cgw_obj *a, const struct cgw_obj *b)
{
	return a->kind == b->kind && a->wild == b->wild &&
	       a->proto == b->proto && a->family == b->family &&
	       a->port == b->port && a->path_len == b->path_len &&
	       a->name_len == b->name_len && a->exe_len == b->exe_len &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr)) &&
	       !memcmp(a->path, b->path, a->path_len) &&
	       !memcmp(a->name, b->name, a->name_len) &&
	       !memcmp(a->exe, b->exe, a->exe_len);
}

/* The index of the first object equal to @o, or -1. */
static int cgw_import_find(const struct cgw_import *im, const struct cgw_obj *o)
{
	unsigned int i = cgw_import_hash(o) & im->mask;

	for (; im->slot[i]; i = (i + 1) & im->mask)
		if (cgw_obj_same(&im->objs[im->slot[i] - 1], o))
			return im->slot[i] - 1;
	return -1;
}

static int cgw_import_index(struct cgw_import *im, const struct cgw_obj *objs,
			    unsigned int n)
{
	unsigned int i, j;

	im->objs = objs;
	im->n = n;
	im->mask = roundup_pow_of_two(2 * n + 1) - 1;
	im->slot = kvcalloc(im->mask + 1, sizeof(*im->slot), GFP_KERNEL);
	im->had = kvmalloc_array(n + 1, sizeof(*im->had), GFP_KERNEL);
	if (!im->slot || !im->had)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		im->had[i] = CGW_IMPORT_ABSENT;
		if (cgw_import_find(im, &objs[i]) >= 0)
			continue;	/* a repeat: the first stands for it */
		for (j = cgw_import_hash(&objs[i]) & im->mask; im->slot[j];
		     j = (j + 1) & im->mask)
			;
		im->slot[j] = i + 1;
	}
	return 0;
}

static void cgw_import_free(struct cgw_import *im)
{
	kvfree(im->slot);
	kvfree(im->had);
}

/*
 * Walk the model of cgroup @id; for each entry an import names, record
 * its access (@undo false) or put it back as it was (@undo true): remove
 * what the import added, narrow what it widened.  A resize restarts the
 * walk, which then sees entries twice: both are idempotent.
 */
static void cgw_import_walk(struct cgw_import *im, u64 id, bool undo)
{
	struct rhashtable_iter it;
	struct cgw_cgroup *cg;
	struct cgw_model *m;
	struct cgw_entry *e;
	struct cgw_obj o;
	int i;

	rcu_read_lock();
	cg = cgw_cgroup_lookup(id);
	m = cg ? cgw_model_get(rcu_dereference(cg->model)) : NULL;
	rcu_read_unlock();
	if (!m)
		return;
	rhashtable_walk_enter(&m->ht, &it);
	rhashtable_walk_start(&it);
	while ((e = rhashtable_walk_next(&it))) {
		if (IS_ERR(e) || !cgw_entry_listed(e))
			continue;
		cgw_entry_to_obj(e, &o);
		i = cgw_import_find(im, &o);
		if (i < 0)
			continue;
		if (!undo)
			im->had[i] = atomic_read(&e->access);
		else if (im->had[i] == CGW_IMPORT_ABSENT)
			cgw_model_remove(m, e);
		else
			atomic_set(&e->access, im->had[i]);
	}
	rhashtable_walk_stop(&it);
	rhashtable_walk_exit(&it);
	cgw_model_put(m);
	if (undo)
		cgw_vcache_invalidate();
}

static int cgw_import_count(struct genl_info *info)
{
	const struct nlattr *a;
	int rem, n = 0;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != CGW_A_ENTRY)
			continue;
		if (n == CGW_IMPORT_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "more than 65536 entries in one message");
			return -E2BIG;
		}
		n++;
	}
	return n;
}

/*
 * All or nothing: every entry is checked before the model changes, and
 * an import that fails half-way is undone.  Netlink requests are
 * serialised, so no other request changes the model meanwhile; a hook
 * learning in the cgroup at that moment may lose what it learned of the
 * same objects.
 */
static int cgw_import_apply(struct genl_info *info, u64 id,
			    const struct cgw_obj *objs, unsigned int n)
{
	struct cgw_import im = {};
	int err = cgw_import_index(&im, objs, n);

	if (err)
		goto out;
	cgw_import_walk(&im, id, false);
	err = cgw_cgroup_import(id, objs, n);
	if (err)
		cgw_import_walk(&im, id, true);
	if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack,
			       "the model would pass max_entries or max_entries_total: nothing imported");
out:
	cgw_import_free(&im);
	return err;
}

/**
 * cgw_nl_model_import() - CGW_CMD_MODEL_IMPORT: seed a cgroup's model
 * @skb: the request
 * @info: its parsed attributes: CGW_A_CGROUP_ID and CGW_A_ENTRY nests
 *
 * All or nothing: see cgw_import_apply().
 *
 * Return: 0, or an error and the model as it was.
 */
int cgw_nl_model_import(struct sk_buff *skb, struct genl_info *info)
{
	struct cgw_obj *objs;
	unsigned int n = 0;
	const struct nlattr *a;
	int rem, err;
	u64 id;

	err = cgw_nl_cgroup_id(info, &id);
	if (!err)
		err = cgw_lock_check_model(info->extack, id);
	if (!err)
		err = cgw_import_count(info);
	if (err <= 0)
		return err;
	objs = kvmalloc_array(err, sizeof(*objs), GFP_KERNEL);
	if (!objs)
		return -ENOMEM;
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != CGW_A_ENTRY)
			continue;
		err = cgw_import_entry(a, &objs[n++], info->extack);
		if (err)
			goto out;
	}
	err = cgw_import_apply(info, id, objs, n);
out:
	kvfree(objs);
	return err;
}

/**
 * cgw_policy_exit() - drop the policy at unload
 *
 * After the hooks and netlink are gone.
 */
void cgw_policy_exit(void)
{
	cgw_policy_install(NULL);
}
