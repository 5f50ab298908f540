// SPDX-License-Identifier: GPL-2.0
/*
 * Policies and model entries as the contract's attributes, both ways.
 * No socket here: the tests encode, decode and compare.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>

#include "policy.h"
#include "util.h"

static struct nla_policy pat_policy[CGW_PAT_A_MAX + 1] = {
	[CGW_PAT_A_ACTION] = { .type = NLA_U8 },
	[CGW_PAT_A_KIND] = { .type = NLA_U8 },
	[CGW_PAT_A_PATH] = { .type = NLA_STRING, .maxlen = CGW_PATH_MAX },
	[CGW_PAT_A_NAME] = { .type = NLA_STRING, .maxlen = CGW_NAME_MAX },
	[CGW_PAT_A_ACCESS] = { .type = NLA_U32 },
	[CGW_PAT_A_FAMILY] = { .type = NLA_U16 },
	[CGW_PAT_A_ADDR] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
	[CGW_PAT_A_PREFIX] = { .type = NLA_U8 },
	[CGW_PAT_A_PORT_LO] = { .type = NLA_U16 },
	[CGW_PAT_A_PORT_HI] = { .type = NLA_U16 },
	[CGW_PAT_A_PROTO] = { .type = NLA_U8 },
};

static int put_pattern(struct nl_msg *msg, const struct cgw_pattern *pat)
{
	struct nlattr *nest = nla_nest_start(msg, CGW_RULE_A_PATTERN);

	if (!nest || nla_put_u8(msg, CGW_PAT_A_ACTION, pat->action) ||
	    nla_put_u8(msg, CGW_PAT_A_KIND, pat->kind))
		return -NLE_NOMEM;
	switch (pat->kind) {
	case CGW_KIND_EXEC:
		if (pat->name && nla_put_string(msg, CGW_PAT_A_NAME, pat->name))
			return -NLE_NOMEM;
		/* fallthrough */
	case CGW_KIND_UNIX:
		if (nla_put_string(msg, CGW_PAT_A_PATH, pat->path))
			return -NLE_NOMEM;
		break;
	case CGW_KIND_FILE:
		if (nla_put_string(msg, CGW_PAT_A_PATH, pat->path) ||
		    nla_put_u32(msg, CGW_PAT_A_ACCESS, pat->access))
			return -NLE_NOMEM;
		break;
	case CGW_KIND_NET:
		if (nla_put_u16(msg, CGW_PAT_A_FAMILY, pat->family) ||
		    (pat->family && nla_put(msg, CGW_PAT_A_ADDR, pat->family == AF_INET ? 4 : 16,
					    pat->addr)) ||
		    nla_put_u8(msg, CGW_PAT_A_PREFIX, pat->prefix) ||
		    nla_put_u16(msg, CGW_PAT_A_PORT_LO, pat->port_lo) ||
		    nla_put_u16(msg, CGW_PAT_A_PORT_HI, pat->port_hi) ||
		    nla_put_u8(msg, CGW_PAT_A_PROTO, pat->proto) ||
		    (pat->access && nla_put_u32(msg, CGW_PAT_A_ACCESS, pat->access)))
			return -NLE_NOMEM;
		break;
	default:
		return -NLE_INVAL;
	}
	return nla_nest_end(msg, nest);
}

int cgw_policy_put(struct nl_msg *msg, const struct cgw_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct cgw_rule *r = &p->rules[i];
		struct nlattr *nest = nla_nest_start(msg, CGW_A_RULE);
		int err;

		if (!nest || (r->name && nla_put_string(msg, CGW_RULE_A_NAME, r->name)))
			return -NLE_NOMEM;
		for (size_t j = 0; j < r->ncgroups; j++)
			if (nla_put_string(msg, CGW_RULE_A_CGROUP, r->cgroups[j]))
				return -NLE_NOMEM;
		if (nla_put_u8(msg, CGW_RULE_A_MODE, r->mode) ||
		    nla_put_u8(msg, CGW_RULE_A_NEW_MODE, r->new_mode))
			return -NLE_NOMEM;
		for (size_t j = 0; j < r->npats; j++) {
			err = put_pattern(msg, &r->pats[j]);
			if (err)
				return err;
		}
		/*
		 * A nest's length is 16 bits: libnl drops a rule of more than
		 * 64 KiB of attributes and says -NLE_ATTRSIZE, which must not
		 * go unheard (the rest of the policy would load without it).
		 */
		err = nla_nest_end(msg, nest);
		if (err)
			return err;
	}
	return 0;
}

static bool is_string(const struct nlattr *a, int max)
{
	int n = nla_len(a);

	return n > 0 && n <= max && ((const char *)nla_data(a))[n - 1] == '\0' &&
		strlen(nla_data(a)) == (size_t)n - 1;
}

static int decode_pattern(struct nlattr *nest, struct cgw_rule *r)
{
	struct nlattr *tb[CGW_PAT_A_MAX + 1];
	struct cgw_pattern *pat;
	unsigned int alen;

	if (nla_parse_nested(tb, CGW_PAT_A_MAX, nest, pat_policy) ||
	    !tb[CGW_PAT_A_ACTION] || !tb[CGW_PAT_A_KIND])
		return -1;
	pat = cgw_rule_add_pattern(r);
	pat->action = nla_get_u8(tb[CGW_PAT_A_ACTION]);
	pat->kind = nla_get_u8(tb[CGW_PAT_A_KIND]);
	/* An action or kind this CLI does not know would be shown wrong. */
	if (pat->action >= CGW_ACTION_COUNT || pat->kind >= CGW_KIND_COUNT)
		return -1;
	if (pat->kind != CGW_KIND_NET) {
		if (!tb[CGW_PAT_A_PATH] || !is_string(tb[CGW_PAT_A_PATH], CGW_PATH_MAX))
			return -1;
		pat->path = xstrdup(nla_get_string(tb[CGW_PAT_A_PATH]));
	}
	if (pat->kind == CGW_KIND_EXEC && tb[CGW_PAT_A_NAME]) {
		if (!is_string(tb[CGW_PAT_A_NAME], CGW_NAME_MAX))
			return -1;
		pat->name = xstrdup(nla_get_string(tb[CGW_PAT_A_NAME]));
	}
	if ((pat->kind == CGW_KIND_FILE || pat->kind == CGW_KIND_NET) && tb[CGW_PAT_A_ACCESS])
		pat->access = nla_get_u32(tb[CGW_PAT_A_ACCESS]) & CGW_ACC_ALL;
	if (pat->kind != CGW_KIND_NET)
		return 0;
	if (tb[CGW_PAT_A_FAMILY])
		pat->family = nla_get_u16(tb[CGW_PAT_A_FAMILY]);
	if (tb[CGW_PAT_A_PORT_LO])
		pat->port_lo = nla_get_u16(tb[CGW_PAT_A_PORT_LO]);
	if (tb[CGW_PAT_A_PORT_HI])
		pat->port_hi = nla_get_u16(tb[CGW_PAT_A_PORT_HI]);
	if (tb[CGW_PAT_A_PROTO])
		pat->proto = nla_get_u8(tb[CGW_PAT_A_PROTO]);
	if (pat->port_lo > pat->port_hi)
		return -1;
	if (!pat->family)
		return 0;
	alen = pat->family == AF_INET ? 4 : pat->family == AF_INET6 ? 16 : 0;
	pat->prefix = tb[CGW_PAT_A_PREFIX] ? nla_get_u8(tb[CGW_PAT_A_PREFIX]) : 0;
	if (!alen || pat->prefix > alen * 8)
		return -1;
	/* The kernel leaves the address out of a /0: any address of the family. */
	if (!tb[CGW_PAT_A_ADDR])
		return pat->prefix ? -1 : 0;
	if (nla_len(tb[CGW_PAT_A_ADDR]) != (int)alen)
		return -1;
	memcpy(pat->addr, nla_data(tb[CGW_PAT_A_ADDR]), alen);
	return 0;
}

static int decode_mode(struct nlattr *a, uint8_t *mode)
{
	if (nla_len(a) < 1)
		return -1;
	*mode = nla_get_u8(a);
	return *mode < CGW_MODE_COUNT || *mode == CGW_MODE_NONE ? 0 : -1;
}

int cgw_rule_decode(struct nlattr *nest, struct cgw_policy *p)
{
	struct nlattr *idx = nla_find(nla_data(nest), nla_len(nest), CGW_RULE_A_INDEX);
	struct cgw_rule *r = p->nrules ? &p->rules[p->nrules - 1] : NULL;
	struct nlattr *a;
	int rem;

	if (idx && nla_len(idx) < (int)sizeof(uint32_t))
		return -1;
	if (idx && r && r->indexed && r->index == nla_get_u32(idx)) {
		/* More patterns of the last rule; its header is repeated. */
		nla_for_each_nested(a, nest, rem)
			if (nla_type(a) == CGW_RULE_A_PATTERN && decode_pattern(a, r))
				return -1;
		return rem >= NLA_HDRLEN ? -1 : 0;
	}
	r = cgw_policy_add_rule(p);
	if (idx) {
		r->indexed = true;
		r->index = nla_get_u32(idx);
	}
	/* CGROUP and PATTERN repeat: walk the stream, not a table. */
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case CGW_RULE_A_NAME:
			if (r->name || !is_string(a, CGW_RULE_NAME_MAX))
				return -1;
			/* the kernel names an unnamed rule "" */
			if (nla_len(a) > 1)
				r->name = xstrdup(nla_get_string(a));
			break;
		case CGW_RULE_A_CGROUP:
			if (!is_string(a, CGW_PATH_MAX))
				return -1;
			cgw_rule_add_cgroup(r, nla_get_string(a));
			break;
		case CGW_RULE_A_MODE:
			if (decode_mode(a, &r->mode))
				return -1;
			break;
		case CGW_RULE_A_NEW_MODE:
			if (decode_mode(a, &r->new_mode))
				return -1;
			break;
		case CGW_RULE_A_PATTERN:
			if (decode_pattern(a, r))
				return -1;
			break;
		}
	}
	return rem >= NLA_HDRLEN ? -1 : 0;
}

int cgw_entry_put(struct nl_msg *msg, int type, const struct cgw_entry_rec *e)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest || nla_put_u8(msg, CGW_ENTRY_A_KIND, e->kind) ||
	    (e->wild && nla_put_u8(msg, CGW_ENTRY_A_WILD, e->wild)) ||
	    (e->exe && nla_put_string(msg, CGW_ENTRY_A_EXE, e->exe)) ||
	    (e->startup && nla_put_flag(msg, CGW_ENTRY_A_STARTUP)))
		return -NLE_NOMEM;
	switch (e->kind) {
	case CGW_KIND_EXEC:
		if (e->name && nla_put_string(msg, CGW_ENTRY_A_NAME, e->name))
			return -NLE_NOMEM;
		/* fallthrough */
	case CGW_KIND_FILE:
	case CGW_KIND_UNIX:
		if (e->access && nla_put_u32(msg, CGW_ENTRY_A_ACCESS, e->access))
			return -NLE_NOMEM;
		if (!e->path || nla_put_string(msg, CGW_ENTRY_A_PATH, e->path))
			return e->path ? -NLE_NOMEM : -NLE_INVAL;
		break;
	case CGW_KIND_NET:
		/* a socket made (create) of AF_UNIX has no address */
		if (nla_put_u16(msg, CGW_ENTRY_A_FAMILY, e->family) ||
		    nla_put_u8(msg, CGW_ENTRY_A_PROTO, e->proto) ||
		    (e->addrlen && nla_put(msg, CGW_ENTRY_A_ADDR, e->addrlen, e->addr)) ||
		    nla_put_u16(msg, CGW_ENTRY_A_PORT, e->port) ||
		    (e->type && nla_put_u8(msg, CGW_ENTRY_A_TYPE, e->type)) ||
		    (e->access && nla_put_u32(msg, CGW_ENTRY_A_ACCESS, e->access)))
			return -NLE_NOMEM;
		break;
	default:
		return -NLE_INVAL;
	}
	return nla_nest_end(msg, nest);
}

size_t cgw_entry_put_size(const struct cgw_entry_rec *e)
{
	size_t n = (size_t)nla_total_size(0) + (size_t)nla_total_size(1);

	if (e->path)
		n += (size_t)nla_total_size((int)strlen(e->path) + 1);
	if (e->name)
		n += (size_t)nla_total_size((int)strlen(e->name) + 1);
	if (e->exe)
		n += (size_t)nla_total_size((int)strlen(e->exe) + 1);
	/* access, family, proto, address, port, wild, type: whichever apply */
	return n + (size_t)(nla_total_size(4) + nla_total_size(2) + nla_total_size(1) +
			    nla_total_size(16) + nla_total_size(2) + nla_total_size(1) +
			    nla_total_size(1));
}
