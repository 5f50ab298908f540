// SPDX-License-Identifier: GPL-2.0
/*
 * The control channel: generic netlink family "cgwarden", in the initial
 * network namespace only, every command behind CAP_NET_ADMIN in the
 * initial user namespace (GENL_ADMIN_PERM), strict attribute policies.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include "compat.h"
#include "created.h"
#include "fault.h"
#include "hooks.h"
#include "lock.h"
#include "names.h"
#include "nl.h"
#include "policy.h"
#include "vcache.h"

static struct genl_family cgw_family;

static struct netlink_range_validation cgw_range_cgroups = {
	.min = 1, .max = CGW_MAX_CGROUPS_LIMIT,
};

static struct netlink_range_validation cgw_range_entries = {
	.min = 1, .max = CGW_MAX_ENTRIES_LIMIT,
};

static struct netlink_range_validation cgw_range_window = {
	.min = 0, .max = CGW_ALERT_WINDOW_MS_LIMIT,
};

static struct netlink_range_validation cgw_range_entries_or_0 = {
	.min = 0, .max = CGW_MAX_ENTRIES_LIMIT,
};

static struct netlink_range_validation cgw_range_created = {
	.min = 0, .max = CGW_MAX_CREATED_LIMIT,
};

static struct netlink_range_validation cgw_range_quiet_ops = {
	.min = 0, .max = CGW_QUIET_OPS_LIMIT,
};

static struct netlink_range_validation cgw_range_startup = {
	.max = CGW_STARTUP_MS_LIMIT,
};

static const struct nla_policy cgw_config_policy[CGW_CONFIG_A_MAX + 1] = {
	[CGW_CONFIG_A_DEFAULT_MODE] = NLA_POLICY_MAX(NLA_U8, CGW_MODE_COUNT - 1),
	[CGW_CONFIG_A_MAX_CGROUPS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cgw_range_cgroups),
	[CGW_CONFIG_A_MAX_ENTRIES] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cgw_range_entries),
	[CGW_CONFIG_A_MAX_ENTRIES_TOTAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cgw_range_entries),
	[CGW_CONFIG_A_ALERT_WINDOW_MS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cgw_range_window),
	[CGW_CONFIG_A_QUIET_MS] = { .type = NLA_U32 },
	[CGW_CONFIG_A_THEN_MODE] = NLA_POLICY_RANGE(NLA_U8, CGW_MODE_MONITOR,
						    CGW_MODE_PROTECT),
	[CGW_CONFIG_A_MIN_LEARN_MS] = { .type = NLA_U32 },
	[CGW_CONFIG_A_DIR_NAMES] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cgw_range_entries_or_0),
	[CGW_CONFIG_A_NET_ADDRS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cgw_range_entries_or_0),
	[CGW_CONFIG_A_EXE_PAIRING] = NLA_POLICY_MAX(NLA_U8, 1),
	[CGW_CONFIG_A_COLLAPSE_NAMES] = NLA_POLICY_MAX(NLA_U8, 1),
	[CGW_CONFIG_A_MAX_CREATED] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cgw_range_created),
	[CGW_CONFIG_A_QUIET_OPS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cgw_range_quiet_ops),
};

/*
 * One policy per command, as docs/netlink/cgwarden.yaml specifies it
 * (tests/nlspec.py checks that they agree): an attribute a command does
 * not take is refused, not ignored.  Commands that take none have no
 * policy, and genetlink refuses any attribute.
 */
static const struct nla_policy cgw_set_mode_policy[CGW_A_MAX + 1] = {
	[CGW_A_CGROUP_ID] = { .type = NLA_U64 },
	[CGW_A_MODE] = NLA_POLICY_MAX(NLA_U8, CGW_MODE_COUNT - 1),
	[CGW_A_QUIET_MS] = { .type = NLA_U32 },
	[CGW_A_THEN_MODE] = NLA_POLICY_RANGE(NLA_U8, CGW_MODE_MONITOR,
					     CGW_MODE_PROTECT),
	[CGW_A_MIN_LEARN_MS] = { .type = NLA_U32 },
	[CGW_A_BREAKER] = { .type = NLA_U32 },
	[CGW_A_QUIET_OPS] = NLA_POLICY_FULL_RANGE(NLA_U32, &cgw_range_quiet_ops),
	[CGW_A_STARTUP_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &cgw_range_startup),
};

static const struct nla_policy cgw_model_get_policy[CGW_A_MAX + 1] = {
	[CGW_A_CGROUP_ID] = { .type = NLA_U64 },
	[CGW_A_CANDIDATES] = { .type = NLA_FLAG },
};

static const struct nla_policy cgw_model_clear_policy[CGW_A_MAX + 1] = {
	[CGW_A_CGROUP_ID] = { .type = NLA_U64 },
};

static const struct nla_policy cgw_set_config_policy[CGW_A_MAX + 1] = {
	[CGW_A_CONFIG] = NLA_POLICY_NESTED(cgw_config_policy),
};

static const struct nla_policy cgw_policy_set_policy[CGW_A_MAX + 1] = {
	[CGW_A_RULE] = NLA_POLICY_NESTED(cgw_rule_policy),
};

static const struct nla_policy cgw_model_import_policy[CGW_A_MAX + 1] = {
	[CGW_A_CGROUP_ID] = { .type = NLA_U64 },
	[CGW_A_ENTRY] = NLA_POLICY_NESTED(cgw_entry_policy),
};

static const struct nla_policy cgw_model_accept_policy[CGW_A_MAX + 1] = {
	[CGW_A_CGROUP_ID] = { .type = NLA_U64 },
	[CGW_A_CAND_ID] = { .type = NLA_U32 },
	[CGW_A_ALL] = { .type = NLA_FLAG },
};

static const struct nla_policy cgw_model_remove_policy[CGW_A_MAX + 1] = {
	[CGW_A_CGROUP_ID] = { .type = NLA_U64 },
	[CGW_A_CAND_ID] = { .type = NLA_U32 },
};

/**
 * cgw_nl_put_header() - start a message of the cgwarden family
 * @skb: the message buffer
 * @portid: the receiver's port, 0 for a multicast
 * @seq: the request's sequence number
 * @flags: NLM_F_* flags, e.g. NLM_F_MULTI in a dump
 * @cmd: the CGW_CMD_* of the message
 *
 * Return: the user header to pass to genlmsg_end(), or NULL if @skb is full.
 */
void *cgw_nl_put_header(struct sk_buff *skb, u32 portid, u32 seq, int flags,
			u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &cgw_family, flags, cmd);
}

static int cgw_put_hook(struct sk_buff *skb, unsigned int hook)
{
	struct cgw_hook_info info;
	struct nlattr *nest = nla_nest_start(skb, CGW_A_HOOK);

	if (!nest)
		return -EMSGSIZE;
	cgw_hooks_info(hook, &info);
	if (nla_put_u8(skb, CGW_HOOK_A_OP, info.op) ||
	    nla_put_string(skb, CGW_HOOK_A_SYMBOL, info.symbol) ||
	    nla_put_u8(skb, CGW_HOOK_A_STATE, info.state) ||
	    nla_put_u64_64bit(skb, CGW_HOOK_A_CALLS,
			      cgw_hooks_sum(hook, CGW_HC_CALLS), CGW_HOOK_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_HOOK_A_MISSED,
			      cgw_hooks_sum(hook, CGW_HC_MISSED), CGW_HOOK_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_HOOK_A_ALERTS,
			      cgw_hooks_sum(hook, CGW_HC_ALERTS), CGW_HOOK_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_HOOK_A_DENIALS,
			      cgw_hooks_sum(hook, CGW_HC_DENIALS), CGW_HOOK_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int cgw_put_u64s(struct sk_buff *skb, const int *types,
			const atomic64_t *const *vals, int n, int pad)
{
	int i;

	for (i = 0; i < n; i++)
		if (nla_put_u64_64bit(skb, types[i], atomic64_read(vals[i]),
				      pad))
			return -EMSGSIZE;
	return 0;
}

static int cgw_put_stats(struct sk_buff *skb)
{
	static const int types[] = {
		CGW_STATS_A_CGROUPS_FULL, CGW_STATS_A_MODEL_FULL,
		CGW_STATS_A_NOMEM, CGW_STATS_A_UNDECIDED,
		CGW_STATS_A_AUDIT_RECORDS, CGW_STATS_A_AUDIT_SUPPRESSED,
		CGW_STATS_A_CGROUPS_RELEASED, CGW_STATS_A_TAMPER,
		CGW_STATS_A_EVENTS, CGW_STATS_A_EVENTS_DROPPED,
		CGW_STATS_A_BREAKER_TRIPS, CGW_STATS_A_GENERALISED,
		CGW_STATS_A_CREATED_FULL,
	};
	const atomic64_t *const vals[] = {
		&cgw_stats.cgroups_full, &cgw_stats.model_full,
		&cgw_stats.nomem, &cgw_stats.undecided,
		&cgw_stats.audit_records, &cgw_stats.audit_suppressed,
		&cgw_stats.cgroups_released, &cgw_stats.tamper,
		&cgw_stats.events, &cgw_stats.events_dropped,
		&cgw_stats.breaker_trips, &cgw_stats.generalised,
		&cgw_stats.created_full,
	};
	struct nlattr *nest = nla_nest_start(skb, CGW_A_STATS);

	if (!nest ||
	    nla_put_u32(skb, CGW_STATS_A_CGROUPS, cgw_cgroup_count()) ||
	    nla_put_u32(skb, CGW_STATS_A_ENTRIES, cgw_model_total()) ||
	    nla_put_u32(skb, CGW_STATS_A_CREATED, cgw_created_count()) ||
	    nla_put_u64_64bit(skb, CGW_STATS_A_VCACHE_HITS, cgw_vcache_hits(),
			      CGW_STATS_A_PAD) ||
	    cgw_put_u64s(skb, types, vals, ARRAY_SIZE(types),
			 CGW_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_STATS_A_LOCK_REFUSED,
			      cgw_lock_refused_count(), CGW_STATS_A_PAD))
		return -EMSGSIZE;
#ifdef CGW_FAULT_INJECT
	if (nla_put_u64_64bit(skb, CGW_STATS_A_FAULTS_INJECTED,
			      cgw_faults_injected_count(), CGW_STATS_A_PAD))
		return -EMSGSIZE;
#endif
	nla_nest_end(skb, nest);
	return 0;
}

static int cgw_put_config(struct sk_buff *skb)
{
	struct nlattr *nest = nla_nest_start(skb, CGW_A_CONFIG);

	if (!nest ||
	    nla_put_u8(skb, CGW_CONFIG_A_DEFAULT_MODE,
		       READ_ONCE(cgw_config.default_mode)) ||
	    nla_put_u32(skb, CGW_CONFIG_A_MAX_CGROUPS,
			READ_ONCE(cgw_config.max_cgroups)) ||
	    nla_put_u32(skb, CGW_CONFIG_A_MAX_ENTRIES,
			READ_ONCE(cgw_config.max_entries)) ||
	    nla_put_u32(skb, CGW_CONFIG_A_MAX_ENTRIES_TOTAL,
			READ_ONCE(cgw_config.max_entries_total)) ||
	    nla_put_u32(skb, CGW_CONFIG_A_ALERT_WINDOW_MS,
			READ_ONCE(cgw_config.alert_window_ms)) ||
	    nla_put_u32(skb, CGW_CONFIG_A_QUIET_MS,
			READ_ONCE(cgw_config.quiet_ms)) ||
	    nla_put_u8(skb, CGW_CONFIG_A_THEN_MODE,
		       READ_ONCE(cgw_config.then_mode)) ||
	    nla_put_u32(skb, CGW_CONFIG_A_MIN_LEARN_MS,
			READ_ONCE(cgw_config.min_learn_ms)) ||
	    nla_put_u32(skb, CGW_CONFIG_A_DIR_NAMES,
			READ_ONCE(cgw_config.dir_names)) ||
	    nla_put_u32(skb, CGW_CONFIG_A_NET_ADDRS,
			READ_ONCE(cgw_config.net_addrs)) ||
	    nla_put_u8(skb, CGW_CONFIG_A_EXE_PAIRING,
		       READ_ONCE(cgw_config.exe_pairing)) ||
	    nla_put_u8(skb, CGW_CONFIG_A_COLLAPSE_NAMES,
		       READ_ONCE(cgw_config.collapse_names)) ||
	    nla_put_u32(skb, CGW_CONFIG_A_MAX_CREATED,
			READ_ONCE(cgw_config.max_created)) ||
	    nla_put_u32(skb, CGW_CONFIG_A_QUIET_OPS,
			READ_ONCE(cgw_config.quiet_ops)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int cgw_nl_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	unsigned int hook;
	void *hdr;

	if (!msg)
		return -ENOMEM;
	cgw_hooks_check();
	hdr = cgw_nl_put_header(msg, info->snd_portid, info->snd_seq, 0,
				CGW_CMD_STATUS);
	if (!hdr)
		goto err;
	if (nla_put_string(msg, CGW_A_VERSION, CGW_VERSION) ||
	    (cgw_is_locked() && nla_put_flag(msg, CGW_A_LOCKED)))
		goto err;
	for (hook = 0; hook < CGW_HOOK_COUNT; hook++)
		if (cgw_put_hook(msg, hook))
			goto err;
	if (cgw_put_stats(msg) || cgw_put_config(msg))
		goto err;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/**
 * cgw_nl_cgroup_id() - the cgroup a request names, which must exist now
 * @info: the request
 * @id: set to its CGW_A_CGROUP_ID
 *
 * Return: 0; -EINVAL without the attribute, -ENOENT for no live cgroup of
 * that id (with an extack message).
 */
int cgw_nl_cgroup_id(struct genl_info *info, u64 *id)
{
	if (GENL_REQ_ATTR_CHECK(info, CGW_A_CGROUP_ID)) {
		NL_SET_ERR_MSG(info->extack, "missing cgroup id");
		return -EINVAL;
	}
	*id = nla_get_u64(info->attrs[CGW_A_CGROUP_ID]);
	if (!cgw_cgroup_alive(*id)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[CGW_A_CGROUP_ID],
				    "no cgroup with this id");
		return -ENOENT;
	}
	return 0;
}

/*
 * The ids of @id's live descendants, at most max_cgroups of them, into a
 * kvmalloc'ed array the caller frees; or an ERR_PTR.
 */
static u64 *cgw_descendants(u64 id, unsigned int *n)
{
	unsigned int max = READ_ONCE(cgw_config.max_cgroups), count = 0;
	struct cgroup_subsys_state *pos;
	struct cgroup *cgrp;
	u64 *ids;

	*n = 0;
	cgrp = cgroup_get_from_id(id);
	if (IS_ERR(cgrp))
		return ERR_PTR(-ENOENT);
	/* Sized to the subtree, not to max_cgroups: a mode change is cheap. */
	rcu_read_lock();
	css_for_each_descendant_pre(pos, &cgrp->self)
		count++;
	rcu_read_unlock();
	ids = kvmalloc_array(min(count, max) + 1, sizeof(*ids), GFP_KERNEL);
	if (!ids) {
		ids = ERR_PTR(-ENOMEM);
	} else {
		rcu_read_lock();
		css_for_each_descendant_pre(pos, &cgrp->self) {
			if (pos == &cgrp->self || !(pos->flags & CSS_ONLINE))
				continue;
			if (*n == min(count, max))
				break;
			ids[(*n)++] = cgroup_id(pos->cgroup);
		}
		rcu_read_unlock();
	}
	cgroup_put(cgrp);
	return ids;
}

/* The circuit breaker, like the mode, covers the subtree. */
static void cgw_set_breaker_tree(u64 id, const u64 *desc, unsigned int n,
				 u32 per_sec)
{
	unsigned int i;

	cgw_cgroup_set_breaker(id, per_sec);
	for (i = 0; i < n; i++)
		cgw_cgroup_set_breaker(desc[i], per_sec);
}

/* A mode applies to the cgroup and its whole subtree, sharing one model. */
static int cgw_nl_set_mode(struct sk_buff *skb, struct genl_info *info)
{
	struct cgw_learning l = {
		.then_mode = CGW_MODE_MONITOR,
		.quiet_ops = READ_ONCE(cgw_config.quiet_ops),
	};
	unsigned int n;
	u64 id, *desc;
	int err = cgw_nl_cgroup_id(info, &id);

	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, CGW_A_MODE)) {
		NL_SET_ERR_MSG(info->extack, "missing mode");
		return -EINVAL;
	}
	if (info->attrs[CGW_A_QUIET_MS]) {
		l.quiet_ms = nla_get_u32(info->attrs[CGW_A_QUIET_MS]);
		l.then_mode = info->attrs[CGW_A_THEN_MODE] ?
			      nla_get_u8(info->attrs[CGW_A_THEN_MODE]) :
			      CGW_MODE_MONITOR;
		if (info->attrs[CGW_A_MIN_LEARN_MS])
			l.min_learn_ms =
				nla_get_u32(info->attrs[CGW_A_MIN_LEARN_MS]);
		if (info->attrs[CGW_A_QUIET_OPS])
			l.quiet_ops = nla_get_u32(info->attrs[CGW_A_QUIET_OPS]);
	}
	if (info->attrs[CGW_A_STARTUP_MS]) {
		l.startup_set = true;
		l.startup_ms = nla_get_u32(info->attrs[CGW_A_STARTUP_MS]);
	}
	desc = cgw_descendants(id, &n);
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	err = cgw_lock_check_modes(info->extack, id, desc, n,
				   nla_get_u8(info->attrs[CGW_A_MODE]));
	if (!err && info->attrs[CGW_A_BREAKER] &&
	    nla_get_u32(info->attrs[CGW_A_BREAKER]) && cgw_is_locked())
		err = cgw_lock_refuse(info->extack, "a circuit breaker");
	/* A longer start-up lets its entries grant for longer. */
	if (!err && l.startup_set && cgw_is_locked() &&
	    l.startup_ms > cgw_cgroup_startup_ms(id))
		err = cgw_lock_refuse(info->extack, "a longer start-up");
	/* Without QUIET_MS, learning lasts until the next mode change. */
	if (!err)
		err = cgw_cgroup_set_mode_tree(id, desc, n,
					       nla_get_u8(info->attrs[CGW_A_MODE]),
					       &l);
	if (!err && info->attrs[CGW_A_BREAKER])
		cgw_set_breaker_tree(id, desc, n,
				     nla_get_u32(info->attrs[CGW_A_BREAKER]));
	kvfree(desc);
	if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack,
			       "cgroup table full: raise max_cgroups");
	return err;
}

static int cgw_nl_model_clear(struct sk_buff *skb, struct genl_info *info)
{
	u64 id;
	int err = cgw_nl_cgroup_id(info, &id);

	if (!err)
		err = cgw_lock_check_model(info->extack, id);
	if (err)
		return err;
	err = cgw_cgroup_clear_model(id);
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "cgroup is not tracked");
	return err;
}

/* The entry ids of a request (CAND_ID, repeated): their number, or -E2BIG. */
static int cgw_nl_entry_ids(struct genl_info *info, u32 *ids,
			    unsigned int max)
{
	const struct nlattr *a;
	unsigned int n = 0;
	int rem;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != CGW_A_CAND_ID)
			continue;
		if (n == max) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "at most 64 ids at once");
			return -E2BIG;
		}
		ids[n++] = nla_get_u32(a);
	}
	return n;
}

/* Fold candidates into the model: by id, or all.  Replies with nothing. */
static int cgw_nl_model_accept(struct sk_buff *skb, struct genl_info *info)
{
	unsigned int n, accepted;
	u32 ids[64];
	int err;
	u64 id;

	err = cgw_nl_cgroup_id(info, &id);
	if (!err)
		err = cgw_lock_check_model(info->extack, id);
	if (err)
		return err;
	err = cgw_nl_entry_ids(info, ids, ARRAY_SIZE(ids));
	if (err < 0)
		return err;
	n = err;
	if (!n && !info->attrs[CGW_A_ALL]) {
		NL_SET_ERR_MSG(info->extack, "name candidate ids, or all");
		return -EINVAL;
	}
	err = cgw_cgroup_accept(id, ids, n, info->attrs[CGW_A_ALL], &accepted);
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "cgroup is not tracked");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack, "the model is full: some were not taken");
	else if (err == -EINVAL)
		NL_SET_ERR_MSG(info->extack,
			       "an id names no candidate (see model candidates): none taken");
	return err;
}

/* Take entries out of a model by id: undo a widening, or a mistake. */
static int cgw_nl_model_remove(struct sk_buff *skb, struct genl_info *info)
{
	unsigned int n, removed;
	u32 ids[64];
	int err;
	u64 id;

	err = cgw_nl_cgroup_id(info, &id);
	if (err)
		return err;
	err = cgw_nl_entry_ids(info, ids, ARRAY_SIZE(ids));
	if (err < 0)
		return err;
	n = err;
	if (!n) {
		NL_SET_ERR_MSG(info->extack, "name entry ids (see model show)");
		return -EINVAL;
	}
	err = cgw_cgroup_remove_entries(id, ids, n, &removed);
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "cgroup is not tracked");
	else if (err == -EINVAL)
		NL_SET_ERR_MSG(info->extack,
			       "an id names no entry (see model show): none removed");
	return err;
}

static int cgw_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[CGW_CONFIG_A_MAX + 1];
	unsigned int *dst[CGW_CONFIG_A_MAX + 1] = {
		[CGW_CONFIG_A_MAX_CGROUPS] = &cgw_config.max_cgroups,
		[CGW_CONFIG_A_MAX_ENTRIES] = &cgw_config.max_entries,
		[CGW_CONFIG_A_MAX_ENTRIES_TOTAL] = &cgw_config.max_entries_total,
		[CGW_CONFIG_A_ALERT_WINDOW_MS] = &cgw_config.alert_window_ms,
		[CGW_CONFIG_A_QUIET_MS] = &cgw_config.quiet_ms,
		[CGW_CONFIG_A_MIN_LEARN_MS] = &cgw_config.min_learn_ms,
		[CGW_CONFIG_A_DIR_NAMES] = &cgw_config.dir_names,
		[CGW_CONFIG_A_NET_ADDRS] = &cgw_config.net_addrs,
		[CGW_CONFIG_A_MAX_CREATED] = &cgw_config.max_created,
		[CGW_CONFIG_A_QUIET_OPS] = &cgw_config.quiet_ops,
	};
	int i, err;

	if (GENL_REQ_ATTR_CHECK(info, CGW_A_CONFIG)) {
		NL_SET_ERR_MSG(info->extack, "missing config");
		return -EINVAL;
	}
	/* Validated whole by the policy before anything is applied. */
	err = nla_parse_nested(tb, CGW_CONFIG_A_MAX, info->attrs[CGW_A_CONFIG],
			       cgw_config_policy, info->extack);
	if (!err)
		err = cgw_lock_check_config(info->extack, tb);
	if (err)
		return err;
	if (tb[CGW_CONFIG_A_DEFAULT_MODE]) {
		u8 mode = nla_get_u8(tb[CGW_CONFIG_A_DEFAULT_MODE]);

		if (mode != CGW_MODE_OFF)
			cgw_gate_open();
		cgw_default_set(mode, mode != CGW_MODE_OFF ?
				cgw_cgroup_next_id() : 0);
		cgw_gate_refresh();
	}
	if (tb[CGW_CONFIG_A_THEN_MODE])
		WRITE_ONCE(cgw_config.then_mode,
			   nla_get_u8(tb[CGW_CONFIG_A_THEN_MODE]));
	if (tb[CGW_CONFIG_A_EXE_PAIRING])
		WRITE_ONCE(cgw_config.exe_pairing,
			   nla_get_u8(tb[CGW_CONFIG_A_EXE_PAIRING]));
	if (tb[CGW_CONFIG_A_COLLAPSE_NAMES])
		WRITE_ONCE(cgw_config.collapse_names,
			   nla_get_u8(tb[CGW_CONFIG_A_COLLAPSE_NAMES]));
	for (i = 0; i <= CGW_CONFIG_A_MAX; i++)
		if (dst[i] && tb[i])
			WRITE_ONCE(*dst[i], nla_get_u32(tb[i]));
	return 0;
}

static int cgw_put_cgroup_path(struct sk_buff *skb, u64 id)
{
	struct cgroup *cgrp = cgroup_get_from_id(id);
	char *buf;
	int n, err = 0;

	if (IS_ERR(cgrp))
		return 0;	/* gone: the id says it all */
	buf = kmalloc(PATH_MAX, GFP_ATOMIC);
	if (buf) {
		n = cgroup_path(cgrp, buf, PATH_MAX);
		if (n > 0 && n < PATH_MAX)
			err = nla_put_string(skb, CGW_CG_A_PATH, buf);
		kfree(buf);
	}
	cgroup_put(cgrp);
	return err;
}

static int cgw_put_calls(struct sk_buff *skb, struct cgw_cgroup *cg)
{
	struct nlattr *nest = nla_nest_start(skb, CGW_CG_A_CALLS);
	unsigned int op;

	if (!nest)
		return -EMSGSIZE;
	for (op = 0; op < CGW_OP_COUNT; op++)
		if (nla_put_u64_64bit(skb, CGW_CG_CALLS_A(op),
				      cgw_cgroup_calls(cg, op), 0))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Called under rcu_read_lock(). */
static int cgw_put_cgroup(struct sk_buff *skb, struct cgw_cgroup *cg)
{
	struct cgw_model *m = rcu_dereference(cg->model);
	struct cgw_model *c = rcu_dereference(cg->cand);
	struct nlattr *nest = nla_nest_start(skb, CGW_A_CGROUP);

	if (!nest ||
	    nla_put_u64_64bit(skb, CGW_CG_A_ID, cg->id, CGW_CG_A_PAD) ||
	    cgw_put_cgroup_path(skb, cg->id) ||
	    nla_put_u8(skb, CGW_CG_A_MODE, READ_ONCE(cg->mode)) ||
	    nla_put_u32(skb, CGW_CG_A_ENTRIES, m ? cgw_model_count(m) : 0) ||
	    nla_put_u32(skb, CGW_CG_A_CANDIDATES, c ? cgw_model_count(c) : 0) ||
	    nla_put_u32(skb, CGW_CG_A_STARTUP_MS, READ_ONCE(cg->startup_ms)) ||
	    (cgw_cgroup_starting(cg) && nla_put_flag(skb, CGW_CG_A_STARTING)) ||
	    cgw_put_calls(skb, cg) ||
	    nla_put_u64_64bit(skb, CGW_CG_A_ALERTS,
			      atomic64_read(&cg->alerts), CGW_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_CG_A_DENIALS,
			      atomic64_read(&cg->denials), CGW_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_CG_A_MODEL_FULL,
			      atomic64_read(&cg->model_full), CGW_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_CG_A_FIRST_SEEN, cg->first_seen,
			      CGW_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_CG_A_LAST_NEW, READ_ONCE(cg->last_new),
			      CGW_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_CG_A_LEARN_SINCE,
			      READ_ONCE(cg->learn_since), CGW_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_CG_A_NOW, ktime_get_ns(), CGW_CG_A_PAD) ||
	    nla_put_u32(skb, CGW_CG_A_QUIET_MS, cg->quiet_ms) ||
	    nla_put_u32(skb, CGW_CG_A_MIN_LEARN_MS, cg->min_learn_ms) ||
	    nla_put_u8(skb, CGW_CG_A_THEN_MODE, cg->then_mode) ||
	    nla_put_u32(skb, CGW_CG_A_BREAKER, READ_ONCE(cg->breaker)) ||
	    nla_put_u64_64bit(skb, CGW_CG_A_HELD, atomic64_read(&cg->held),
			      CGW_CG_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_CG_A_EVENTS_HELD,
			      atomic64_read(&cg->events_held), CGW_CG_A_PAD) ||
	    nla_put_u32(skb, CGW_CG_A_QUIET_OPS, cg->quiet_ops) ||
	    nla_put_u64_64bit(skb, CGW_CG_A_OPS_SINCE_NEW,
			      cgw_cgroup_ops(cg) - READ_ONCE(cg->ops_mark),
			      CGW_CG_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* cb->args[0]: hash bucket, args[1]: index within it. */
static int cgw_nl_list(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned long bucket = cb->args[0], idx = cb->args[1];
	struct cgw_cgroup *cg;
	void *hdr;
	int err = 0;

	rcu_read_lock();
	while ((cg = cgw_cgroup_nth(&bucket, &idx))) {
		hdr = cgw_nl_put_header(skb, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					CGW_CMD_LIST);
		if (!hdr || cgw_put_cgroup(skb, cg)) {
			if (hdr)
				genlmsg_cancel(skb, hdr);
			idx--;	/* send it again in the next part */
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = bucket;
		cb->args[1] = idx;
	}
	rcu_read_unlock();
	if (err && !skb->len)
		return err;
	return skb->len;
}

struct cgw_dump_model {
	struct cgw_model *model;
	bool cand;
	struct rhashtable_iter iter;
};

static int cgw_nl_model_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = cgw_dump_attrs(cb);
	struct cgw_dump_model *dm;
	struct cgw_cgroup *cg;
	struct cgw_model *m = NULL;

	if (!attrs[CGW_A_CGROUP_ID]) {
		NL_SET_ERR_MSG(cb->extack, "missing cgroup id");
		return -EINVAL;
	}
	rcu_read_lock();
	cg = cgw_cgroup_lookup(nla_get_u64(attrs[CGW_A_CGROUP_ID]));
	if (cg && attrs[CGW_A_CANDIDATES])
		m = cgw_model_get(rcu_dereference(cg->cand));
	else if (cg)
		m = cgw_model_get(rcu_dereference(cg->model));
	rcu_read_unlock();
	if (!cg) {
		NL_SET_ERR_MSG(cb->extack, "cgroup is not tracked");
		return -ENOENT;
	}
	dm = kzalloc(sizeof(*dm), GFP_KERNEL);
	if (!dm) {
		cgw_model_put(m);
		return -ENOMEM;
	}
	dm->model = m;
	dm->cand = attrs[CGW_A_CANDIDATES];
	if (m)
		rhashtable_walk_enter(&m->ht, &dm->iter);
	cb->args[0] = (unsigned long)dm;
	return 0;
}

static int cgw_nl_model_done(struct netlink_callback *cb)
{
	struct cgw_dump_model *dm = (void *)cb->args[0];

	if (!dm)
		return 0;
	if (dm->model) {
		rhashtable_walk_exit(&dm->iter);
		cgw_model_put(dm->model);
	}
	kfree(dm);
	return 0;
}

/* @len bytes of @s, which need not be NUL-terminated, as a string. */
static int cgw_put_strn(struct sk_buff *skb, int type, const char *s, u16 len)
{
	struct nlattr *a = nla_reserve(skb, type, len + 1);

	if (!a)
		return -EMSGSIZE;
	memcpy(nla_data(a), s, len);
	((char *)nla_data(a))[len] = '\0';
	return 0;
}

/* An object as a nest of CGW_ENTRY_A_* of type @type. */
static int cgw_put_obj(struct sk_buff *skb, int type, const struct cgw_obj *o,
		       u64 hits)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	int alen = o->family == AF_INET ? 4 : 16;

	if (!nest || nla_put_u8(skb, CGW_ENTRY_A_KIND, o->kind) ||
	    (hits && nla_put_u64_64bit(skb, CGW_ENTRY_A_HITS, hits,
				       CGW_ENTRY_A_PAD)) ||
	    (o->exe_len && cgw_put_strn(skb, CGW_ENTRY_A_EXE, o->exe,
					o->exe_len)) ||
	    (o->wild && nla_put_u8(skb, CGW_ENTRY_A_WILD, o->wild)))
		return -EMSGSIZE;
	switch (o->kind) {
	case CGW_KIND_EXEC:
		if (cgw_put_strn(skb, CGW_ENTRY_A_NAME, o->name, o->name_len))
			return -EMSGSIZE;
		fallthrough;
	case CGW_KIND_FILE:
		if (o->access && nla_put_u32(skb, CGW_ENTRY_A_ACCESS, o->access))
			return -EMSGSIZE;
		fallthrough;
	case CGW_KIND_UNIX:
		if (cgw_put_strn(skb, CGW_ENTRY_A_PATH, o->path, o->path_len))
			return -EMSGSIZE;
		break;
	case CGW_KIND_NET:
		/* An AF_UNIX (or unknown) socket made has no address. */
		if (nla_put_u16(skb, CGW_ENTRY_A_FAMILY, o->family) ||
		    nla_put_u8(skb, CGW_ENTRY_A_PROTO, o->proto) ||
		    ((o->family == AF_INET || o->family == AF_INET6) &&
		     nla_put(skb, CGW_ENTRY_A_ADDR, alen, o->addr)) ||
		    nla_put_u16(skb, CGW_ENTRY_A_PORT, o->port) ||
		    (o->type && nla_put_u8(skb, CGW_ENTRY_A_TYPE, o->type)))
			return -EMSGSIZE;
		break;
	}
	/* Socket entries' CGW_NET_* (file entries' were put above). */
	if ((o->kind == CGW_KIND_NET || o->kind == CGW_KIND_UNIX) &&
	    o->access && o->wild < CGW_WILD_COUNT &&
	    nla_put_u32(skb, CGW_ENTRY_A_ACCESS, o->access))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int cgw_put_entry(struct sk_buff *skb, const struct cgw_entry *e,
			 bool cand)
{
	struct nlattr *nest = (struct nlattr *)skb_tail_pointer(skb);
	struct cgw_obj o;

	cgw_entry_to_obj(e, &o);
	/* hits: statistics, bumped by hooks without a lock. */
	if (cgw_put_obj(skb, CGW_A_ENTRY, &o, max_t(u64, data_race(e->hits), 1)) ||
	    nla_put_u32(skb, CGW_ENTRY_A_ID, cgw_entry_id(e)) ||
	    (cgw_entry_startup(e) && nla_put_flag(skb, CGW_ENTRY_A_STARTUP)))
		return -EMSGSIZE;
	if (!cand)
		goto out;
	/* A candidate also says when it was seen. */
	if (nla_put_u32(skb, CGW_ENTRY_A_FIRST_SEEN, e->first_seen) ||
	    nla_put_u32(skb, CGW_ENTRY_A_LAST_SEEN, READ_ONCE(e->last_seen)) ||
	    nla_put_u32(skb, CGW_ENTRY_A_NOW, (u32)ktime_get_seconds()))
		return -EMSGSIZE;
out:
	nest->nla_len = skb_tail_pointer(skb) - (unsigned char *)nest;
	return 0;
}

static int cgw_nl_model_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cgw_dump_model *dm = (void *)cb->args[0];
	struct cgw_entry *e;
	void *hdr;

	if (!dm->model)
		return 0;
	rhashtable_walk_start(&dm->iter);
	for (;;) {
		e = rhashtable_walk_peek(&dm->iter);
		if (IS_ERR(e) && PTR_ERR(e) == -EAGAIN) {
			e = rhashtable_walk_next(&dm->iter);
			continue;	/* the table was resized: go on */
		}
		if (!e)
			break;
		if (!cgw_entry_listed(e)) {	/* model-internal */
			rhashtable_walk_next(&dm->iter);
			continue;
		}
		hdr = cgw_nl_put_header(skb, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					CGW_CMD_MODEL_GET);
		if (!hdr)
			break;
		if (cgw_put_entry(skb, e, dm->cand)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		rhashtable_walk_next(&dm->iter);
	}
	rhashtable_walk_stop(&dm->iter);
	return skb->len;
}

/*
 * Only a host administrator may listen (CAP_SYS_ADMIN in the initial
 * user namespace, not CAP_NET_ADMIN alone): events name every process
 * and file a container touches.  Kernels whose genetlink cannot restrict a
 * group get no event group at all rather than one anybody can join.
 */
static const struct genl_multicast_group cgw_mcgrps[] = {
#ifdef GENL_MCAST_CAP_SYS_ADMIN
	{ .name = CGW_MCGRP_EVENTS,
	  .flags = GENL_MCAST_CAP_NET_ADMIN | GENL_MCAST_CAP_SYS_ADMIN },
#endif
};

static int cgw_put_event(struct sk_buff *skb, const struct cgw_event *ev,
			 const struct cgw_task_ctx *t, u64 suppressed)
{
	struct nlattr *nest = nla_nest_start(skb, CGW_A_EVENT);

	if (!nest ||
	    nla_put_u64_64bit(skb, CGW_EV_A_TIME, ktime_get_real_ns(),
			      CGW_EV_A_PAD) ||
	    nla_put_u64_64bit(skb, CGW_EV_A_CGROUP_ID, ev->cgroup_id,
			      CGW_EV_A_PAD) ||
	    nla_put_string(skb, CGW_EV_A_CGROUP, t->cgroup) ||
	    nla_put_u32(skb, CGW_EV_A_PID, t->pid) ||
	    nla_put_string(skb, CGW_EV_A_COMM, t->comm) ||
	    nla_put_string(skb, CGW_EV_A_EXE, t->exe) ||
	    nla_put_u8(skb, CGW_EV_A_OP, ev->op) ||
	    nla_put_u8(skb, CGW_EV_A_MODE, ev->mode) ||
	    nla_put_u8(skb, CGW_EV_A_VERDICT, ev->d->verdict) ||
	    nla_put_u8(skb, CGW_EV_A_REASON, ev->d->reason) ||
	    nla_put_u8(skb, CGW_EV_A_SEVERITY, ev->d->severity) ||
	    nla_put_u64_64bit(skb, CGW_EV_A_SUPPRESSED, suppressed,
			      CGW_EV_A_PAD) ||
	    (ev->obj && cgw_put_obj(skb, CGW_EV_A_OBJECT, ev->obj, 0)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Multicast an alert to the listeners, if any: the sink of alert.c while
 * the family is registered.  Any context a hook runs in; never waits: a
 * listener whose socket is full misses the event, and that is counted.
 */
static void cgw_netlink_event(const struct cgw_event *ev,
			      const struct cgw_task_ctx *t, u64 suppressed)
{
	struct sk_buff *skb;
	void *hdr;
	int err;

	if (!ARRAY_SIZE(cgw_mcgrps) ||
	    !genl_has_listeners(&cgw_family, &init_net, 0))
		return;
	skb = cgw_faulty(genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC | __GFP_NOWARN));
	if (!skb)
		goto dropped;
	hdr = cgw_nl_put_header(skb, 0, 0, 0, CGW_CMD_EVENT);
	if (!hdr || cgw_put_event(skb, ev, t, suppressed)) {
		nlmsg_free(skb);
		goto dropped;
	}
	genlmsg_end(skb, hdr);
	err = genlmsg_multicast(&cgw_family, skb, 0, 0, GFP_ATOMIC);
	if (err && err != -ESRCH)
		goto dropped;
	atomic64_inc(&cgw_stats.events);
	return;
dropped:
	atomic64_inc(&cgw_stats.events_dropped);
}

/*
 * Whether current, the sender (genetlink runs a request in the context of
 * the task that sent it), runs in a cgroup cgwarden watches: its own or
 * an ancestor's mode is not off.  What is watched may be compromised, and
 * must not steer what watches it, whatever its capabilities.  The root
 * cgroup is the host's own, where its administrator is, and no container:
 * a default mode other than off tracks it, and must not lock everybody
 * out.
 */
static bool cgw_nl_sender_watched(void)
{
	struct cgw_cgroup *cg;
	struct cgroup *p;
	bool watched = false;

	rcu_read_lock();
	for (p = task_dfl_cgroup(current); p && cgroup_parent(p) && !watched;
	     p = cgroup_parent(p)) {
		cg = cgw_cgroup_lookup(cgroup_id(p));
		watched = cg && READ_ONCE(cg->mode) != CGW_MODE_OFF;
	}
	rcu_read_unlock();
	return watched;
}

/*
 * A request that changes state: the sender needs CAP_SYS_ADMIN or
 * CAP_MAC_ADMIN in the initial user namespace (on the socket's opener
 * and on the sender both, as netlink_ns_capable() checks), on top of the
 * CAP_NET_ADMIN every command needs, and must not run in a watched
 * cgroup.
 */
static int cgw_nl_may_change(struct sk_buff *skb, struct genl_info *info)
{
	if (!netlink_ns_capable(skb, &init_user_ns, CAP_SYS_ADMIN) &&
	    !netlink_ns_capable(skb, &init_user_ns, CAP_MAC_ADMIN)) {
		NL_SET_ERR_MSG(info->extack,
			       "changing cgwarden needs CAP_SYS_ADMIN or CAP_MAC_ADMIN");
		return -EPERM;
	}
	if (cgw_nl_sender_watched()) {
		NL_SET_ERR_MSG(info->extack,
			       "refused from a cgroup cgwarden watches (mode not off)");
		return -EPERM;
	}
	return 0;
}

/* The commands that change state: every one goes through cgw_nl_change(). */
static int (*const cgw_changes[CGW_CMD_MAX + 1])(struct sk_buff *skb,
						  struct genl_info *info) = {
	[CGW_CMD_SET_MODE] = cgw_nl_set_mode,
	[CGW_CMD_MODEL_CLEAR] = cgw_nl_model_clear,
	[CGW_CMD_SET_CONFIG] = cgw_nl_set_config,
	[CGW_CMD_POLICY_SET] = cgw_nl_policy_set,
	[CGW_CMD_POLICY_CLEAR] = cgw_nl_policy_clear,
	[CGW_CMD_MODEL_IMPORT] = cgw_nl_model_import,
	[CGW_CMD_MODEL_ACCEPT] = cgw_nl_model_accept,
	[CGW_CMD_MODEL_REMOVE] = cgw_nl_model_remove,
	[CGW_CMD_LOCK] = cgw_nl_lock,
};

static int cgw_nl_change(struct sk_buff *skb, struct genl_info *info)
{
	int err = cgw_nl_may_change(skb, info);

	return err ? err : cgw_changes[info->genlhdr->cmd](skb, info);
}

/* Read-only commands: CAP_NET_ADMIN in the initial user namespace. */
#define CGW_READ_OP(c, ...) \
	{ .cmd = (c), .flags = GENL_ADMIN_PERM, __VA_ARGS__ }
/* Commands that change state: see cgw_nl_may_change(). */
#define CGW_CHANGE_OP(c, ...) \
	{ .cmd = (c), .doit = cgw_nl_change, .flags = GENL_ADMIN_PERM, \
	  __VA_ARGS__ }
#define CGW_POLICY(p) .policy = (p), .maxattr = CGW_A_MAX

static const struct genl_ops cgw_ops[] = {
	CGW_READ_OP(CGW_CMD_STATUS, .doit = cgw_nl_status),
	CGW_READ_OP(CGW_CMD_LIST, .dumpit = cgw_nl_list),
	CGW_READ_OP(CGW_CMD_MODEL_GET, .start = cgw_nl_model_start,
		    .dumpit = cgw_nl_model_dump, .done = cgw_nl_model_done,
		    CGW_POLICY(cgw_model_get_policy)),
	CGW_READ_OP(CGW_CMD_POLICY_GET, .dumpit = cgw_nl_policy_get),
	CGW_CHANGE_OP(CGW_CMD_SET_MODE, CGW_POLICY(cgw_set_mode_policy)),
	CGW_CHANGE_OP(CGW_CMD_MODEL_CLEAR, CGW_POLICY(cgw_model_clear_policy)),
	CGW_CHANGE_OP(CGW_CMD_SET_CONFIG, CGW_POLICY(cgw_set_config_policy)),
	CGW_CHANGE_OP(CGW_CMD_POLICY_SET, CGW_POLICY(cgw_policy_set_policy)),
	CGW_CHANGE_OP(CGW_CMD_POLICY_CLEAR),
	CGW_CHANGE_OP(CGW_CMD_MODEL_IMPORT,
		      CGW_POLICY(cgw_model_import_policy)),
	CGW_CHANGE_OP(CGW_CMD_MODEL_ACCEPT,
		      CGW_POLICY(cgw_model_accept_policy)),
	CGW_CHANGE_OP(CGW_CMD_MODEL_REMOVE,
		      CGW_POLICY(cgw_model_remove_policy)),
	CGW_CHANGE_OP(CGW_CMD_LOCK),
};

static struct genl_family cgw_family __ro_after_init = {
	.name = CGW_GENL_NAME,
	.version = CGW_GENL_VERSION,
	.maxattr = CGW_A_MAX,
	.netnsok = false,
	.module = THIS_MODULE,
	.ops = cgw_ops,
	.n_ops = ARRAY_SIZE(cgw_ops),
	.mcgrps = cgw_mcgrps,
	.n_mcgrps = ARRAY_SIZE(cgw_mcgrps),
};

/**
 * cgw_netlink_init() - register the generic netlink family
 *
 * Return: 0 or the error of genl_register_family().
 */
int cgw_netlink_init(void)
{
	int err = genl_register_family(&cgw_family);

	if (!err)
		cgw_alert_set_sink(cgw_netlink_event);
	return err;
}

/**
 * cgw_netlink_exit() - unregister the family
 *
 * Returns once no request runs; called first at unload (see main.c).
 */
void cgw_netlink_exit(void)
{
	cgw_alert_set_sink(NULL);
	genl_unregister_family(&cgw_family);
}
