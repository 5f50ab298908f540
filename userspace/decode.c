// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "util.h"

static struct nla_policy hook_policy[CGW_HOOK_A_MAX + 1] = {
	[CGW_HOOK_A_OP] = { .type = NLA_U8 },
	[CGW_HOOK_A_SYMBOL] = { .type = NLA_STRING },
	[CGW_HOOK_A_STATE] = { .type = NLA_U8 },
	[CGW_HOOK_A_CALLS] = { .type = NLA_U64 },
	[CGW_HOOK_A_MISSED] = { .type = NLA_U64 },
	[CGW_HOOK_A_ALERTS] = { .type = NLA_U64 },
	[CGW_HOOK_A_DENIALS] = { .type = NLA_U64 },
};

static struct nla_policy stats_policy[CGW_STATS_A_MAX + 1] = {
	[CGW_STATS_A_CGROUPS] = { .type = NLA_U32 },
	[CGW_STATS_A_ENTRIES] = { .type = NLA_U32 },
	[CGW_STATS_A_CGROUPS_FULL] = { .type = NLA_U64 },
	[CGW_STATS_A_MODEL_FULL] = { .type = NLA_U64 },
	[CGW_STATS_A_NOMEM] = { .type = NLA_U64 },
	[CGW_STATS_A_UNDECIDED] = { .type = NLA_U64 },
	[CGW_STATS_A_AUDIT_RECORDS] = { .type = NLA_U64 },
	[CGW_STATS_A_AUDIT_SUPPRESSED] = { .type = NLA_U64 },
	[CGW_STATS_A_CGROUPS_RELEASED] = { .type = NLA_U64 },
	[CGW_STATS_A_TAMPER] = { .type = NLA_U64 },
	[CGW_STATS_A_EVENTS] = { .type = NLA_U64 },
	[CGW_STATS_A_EVENTS_DROPPED] = { .type = NLA_U64 },
	[CGW_STATS_A_BREAKER_TRIPS] = { .type = NLA_U64 },
	[CGW_STATS_A_VCACHE_HITS] = { .type = NLA_U64 },
	[CGW_STATS_A_GENERALISED] = { .type = NLA_U64 },
	[CGW_STATS_A_LOCK_REFUSED] = { .type = NLA_U64 },
	[CGW_STATS_A_FAULTS_INJECTED] = { .type = NLA_U64 },
	[CGW_STATS_A_CREATED] = { .type = NLA_U32 },
	[CGW_STATS_A_CREATED_FULL] = { .type = NLA_U64 },
};

static struct nla_policy config_policy[CGW_CONFIG_A_MAX + 1] = {
	[CGW_CONFIG_A_DEFAULT_MODE] = { .type = NLA_U8 },
	[CGW_CONFIG_A_MAX_CGROUPS] = { .type = NLA_U32 },
	[CGW_CONFIG_A_MAX_ENTRIES] = { .type = NLA_U32 },
	[CGW_CONFIG_A_MAX_ENTRIES_TOTAL] = { .type = NLA_U32 },
	[CGW_CONFIG_A_ALERT_WINDOW_MS] = { .type = NLA_U32 },
	[CGW_CONFIG_A_QUIET_MS] = { .type = NLA_U32 },
	[CGW_CONFIG_A_THEN_MODE] = { .type = NLA_U8 },
	[CGW_CONFIG_A_MIN_LEARN_MS] = { .type = NLA_U32 },
	[CGW_CONFIG_A_DIR_NAMES] = { .type = NLA_U32 },
	[CGW_CONFIG_A_NET_ADDRS] = { .type = NLA_U32 },
	[CGW_CONFIG_A_EXE_PAIRING] = { .type = NLA_U8 },
	[CGW_CONFIG_A_COLLAPSE_NAMES] = { .type = NLA_U8 },
	[CGW_CONFIG_A_MAX_CREATED] = { .type = NLA_U32 },
	[CGW_CONFIG_A_QUIET_OPS] = { .type = NLA_U32 },
};

static struct nla_policy cg_policy[CGW_CG_A_MAX + 1] = {
	[CGW_CG_A_ID] = { .type = NLA_U64 },
	[CGW_CG_A_PATH] = { .type = NLA_STRING },
	[CGW_CG_A_MODE] = { .type = NLA_U8 },
	[CGW_CG_A_ENTRIES] = { .type = NLA_U32 },
	[CGW_CG_A_CALLS] = { .type = NLA_NESTED },
	[CGW_CG_A_ALERTS] = { .type = NLA_U64 },
	[CGW_CG_A_DENIALS] = { .type = NLA_U64 },
	[CGW_CG_A_MODEL_FULL] = { .type = NLA_U64 },
	[CGW_CG_A_FIRST_SEEN] = { .type = NLA_U64 },
	[CGW_CG_A_LAST_NEW] = { .type = NLA_U64 },
	[CGW_CG_A_QUIET_MS] = { .type = NLA_U32 },
	[CGW_CG_A_THEN_MODE] = { .type = NLA_U8 },
	[CGW_CG_A_LEARN_SINCE] = { .type = NLA_U64 },
	[CGW_CG_A_MIN_LEARN_MS] = { .type = NLA_U32 },
	[CGW_CG_A_NOW] = { .type = NLA_U64 },
	[CGW_CG_A_BREAKER] = { .type = NLA_U32 },
	[CGW_CG_A_HELD] = { .type = NLA_U64 },
	[CGW_CG_A_EVENTS_HELD] = { .type = NLA_U64 },
	[CGW_CG_A_QUIET_OPS] = { .type = NLA_U32 },
	[CGW_CG_A_OPS_SINCE_NEW] = { .type = NLA_U64 },
	[CGW_CG_A_CANDIDATES] = { .type = NLA_U32 },
	[CGW_CG_A_STARTUP_MS] = { .type = NLA_U32 },
	[CGW_CG_A_STARTING] = { .type = NLA_FLAG },
};

static struct nla_policy entry_policy[CGW_ENTRY_A_MAX + 1] = {
	[CGW_ENTRY_A_KIND] = { .type = NLA_U8 },
	[CGW_ENTRY_A_PATH] = { .type = NLA_STRING },
	[CGW_ENTRY_A_NAME] = { .type = NLA_STRING },
	[CGW_ENTRY_A_ACCESS] = { .type = NLA_U32 },
	[CGW_ENTRY_A_FAMILY] = { .type = NLA_U16 },
	[CGW_ENTRY_A_PROTO] = { .type = NLA_U8 },
	[CGW_ENTRY_A_TYPE] = { .type = NLA_U8 },
	[CGW_ENTRY_A_ADDR] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
	[CGW_ENTRY_A_PORT] = { .type = NLA_U16 },
	[CGW_ENTRY_A_HITS] = { .type = NLA_U64 },
	[CGW_ENTRY_A_ID] = { .type = NLA_U32 },
	[CGW_ENTRY_A_FIRST_SEEN] = { .type = NLA_U32 },
	[CGW_ENTRY_A_LAST_SEEN] = { .type = NLA_U32 },
	[CGW_ENTRY_A_NOW] = { .type = NLA_U32 },
	[CGW_ENTRY_A_EXE] = { .type = NLA_STRING },
	[CGW_ENTRY_A_WILD] = { .type = NLA_U8 },
	[CGW_ENTRY_A_STARTUP] = { .type = NLA_FLAG },
};

/* Absent counters read as 0: an older module may not send them all. */
static uint64_t u64_or_0(struct nlattr *a) { return a ? nla_get_u64(a) : 0; }
static uint32_t u32_or_0(struct nlattr *a) { return a ? nla_get_u32(a) : 0; }

static int decode_hook(struct nlattr *nest, struct cgw_hook_rec *h)
{
	struct nlattr *tb[CGW_HOOK_A_MAX + 1];

	if (nla_parse_nested(tb, CGW_HOOK_A_MAX, nest, hook_policy) || !tb[CGW_HOOK_A_OP])
		return -1;
	memset(h, 0, sizeof(*h));
	h->op = nla_get_u8(tb[CGW_HOOK_A_OP]);
	h->state = tb[CGW_HOOK_A_STATE] ? nla_get_u8(tb[CGW_HOOK_A_STATE]) : CGW_HOOK_DETACHED;
	if (tb[CGW_HOOK_A_SYMBOL])
		snprintf(h->symbol, sizeof(h->symbol), "%s", nla_get_string(tb[CGW_HOOK_A_SYMBOL]));
	h->calls = u64_or_0(tb[CGW_HOOK_A_CALLS]);
	h->missed = u64_or_0(tb[CGW_HOOK_A_MISSED]);
	h->alerts = u64_or_0(tb[CGW_HOOK_A_ALERTS]);
	h->denials = u64_or_0(tb[CGW_HOOK_A_DENIALS]);
	return 0;
}

static int decode_stats(struct nlattr *nest, struct cgw_stats_rec *s)
{
	struct nlattr *tb[CGW_STATS_A_MAX + 1];

	if (nla_parse_nested(tb, CGW_STATS_A_MAX, nest, stats_policy))
		return -1;
	s->cgroups = u32_or_0(tb[CGW_STATS_A_CGROUPS]);
	s->entries = u32_or_0(tb[CGW_STATS_A_ENTRIES]);
	s->cgroups_full = u64_or_0(tb[CGW_STATS_A_CGROUPS_FULL]);
	s->model_full = u64_or_0(tb[CGW_STATS_A_MODEL_FULL]);
	s->nomem = u64_or_0(tb[CGW_STATS_A_NOMEM]);
	s->undecided = u64_or_0(tb[CGW_STATS_A_UNDECIDED]);
	s->audit_records = u64_or_0(tb[CGW_STATS_A_AUDIT_RECORDS]);
	s->audit_suppressed = u64_or_0(tb[CGW_STATS_A_AUDIT_SUPPRESSED]);
	s->cgroups_released = u64_or_0(tb[CGW_STATS_A_CGROUPS_RELEASED]);
	s->tamper = u64_or_0(tb[CGW_STATS_A_TAMPER]);
	s->events = u64_or_0(tb[CGW_STATS_A_EVENTS]);
	s->events_dropped = u64_or_0(tb[CGW_STATS_A_EVENTS_DROPPED]);
	s->breaker_trips = u64_or_0(tb[CGW_STATS_A_BREAKER_TRIPS]);
	s->vcache_hits = u64_or_0(tb[CGW_STATS_A_VCACHE_HITS]);
	s->generalised = u64_or_0(tb[CGW_STATS_A_GENERALISED]);
	s->created = u32_or_0(tb[CGW_STATS_A_CREATED]);
	s->created_full = u64_or_0(tb[CGW_STATS_A_CREATED_FULL]);
	s->lock_refused = u64_or_0(tb[CGW_STATS_A_LOCK_REFUSED]);
	s->has_faults = tb[CGW_STATS_A_FAULTS_INJECTED] != NULL;
	s->faults_injected = u64_or_0(tb[CGW_STATS_A_FAULTS_INJECTED]);
	return 0;
}

static int decode_config(struct nlattr *nest, struct cgw_config_rec *c)
{
	struct nlattr *tb[CGW_CONFIG_A_MAX + 1];

	if (nla_parse_nested(tb, CGW_CONFIG_A_MAX, nest, config_policy))
		return -1;
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < cgw_config_nfields; i++) {
		const struct cgw_config_field *f = &cgw_config_fields[i];

		if (tb[f->attr])
			cgw_config_set(c, f, f->u8 ? nla_get_u8(tb[f->attr]) :
				       nla_get_u32(tb[f->attr]));
	}
	return 0;
}

static bool is_string(const struct nlattr *a)
{
	return nla_len(a) > 0 && ((const char *)nla_data(a))[nla_len(a) - 1] == '\0';
}

int cgw_decode_status(struct nlattr *attrs, int len, struct cgw_status_rec *st)
{
	struct nlattr *a;
	int rem;

	memset(st, 0, sizeof(*st));
	nla_for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case CGW_A_VERSION:
			if (!is_string(a))
				return -1;
			snprintf(st->version, sizeof(st->version), "%s", nla_get_string(a));
			break;
		case CGW_A_HOOK:
			if (st->nhooks == CGW_MAX_HOOKS)
				break;
			if (decode_hook(a, &st->hooks[st->nhooks++]))
				return -1;
			break;
		case CGW_A_STATS:
			if (decode_stats(a, &st->stats))
				return -1;
			break;
		case CGW_A_CONFIG:
			if (decode_config(a, &st->config))
				return -1;
			break;
		case CGW_A_LOCKED:
			st->locked = true;
			break;
		}
	}
	/* An attribute header left over means one overran: truncated. */
	return rem >= NLA_HDRLEN ? -1 : 0;
}

static int decode_calls(struct nlattr *nest, uint64_t calls[CGW_OP_COUNT])
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		int op = nla_type(a) - CGW_CG_CALLS_A(0);

		if (op < 0 || op >= CGW_OP_COUNT)
			continue;		/* an op newer than this CLI */
		if (nla_len(a) < (int)sizeof(uint64_t))
			return -1;
		calls[op] = nla_get_u64(a);
	}
	return rem >= NLA_HDRLEN ? -1 : 0;
}

int cgw_decode_cgroup(struct nlattr *nest, struct cgw_cgroup_rec *cg)
{
	struct nlattr *tb[CGW_CG_A_MAX + 1];

	memset(cg, 0, sizeof(*cg));
	if (nla_parse_nested(tb, CGW_CG_A_MAX, nest, cg_policy) || !tb[CGW_CG_A_ID])
		return -1;
	if (tb[CGW_CG_A_CALLS] && decode_calls(tb[CGW_CG_A_CALLS], cg->calls))
		return -1;
	cg->id = nla_get_u64(tb[CGW_CG_A_ID]);
	if (tb[CGW_CG_A_MODE])
		cg->mode = nla_get_u8(tb[CGW_CG_A_MODE]);
	cg->entries = u32_or_0(tb[CGW_CG_A_ENTRIES]);
	cg->candidates = u32_or_0(tb[CGW_CG_A_CANDIDATES]);
	cg->alerts = u64_or_0(tb[CGW_CG_A_ALERTS]);
	cg->denials = u64_or_0(tb[CGW_CG_A_DENIALS]);
	cg->model_full = u64_or_0(tb[CGW_CG_A_MODEL_FULL]);
	cg->first_seen_ns = u64_or_0(tb[CGW_CG_A_FIRST_SEEN]);
	cg->last_new_ns = u64_or_0(tb[CGW_CG_A_LAST_NEW]);
	cg->learn_since_ns = u64_or_0(tb[CGW_CG_A_LEARN_SINCE]);
	cg->now_ns = u64_or_0(tb[CGW_CG_A_NOW]);
	cg->quiet_ms = u32_or_0(tb[CGW_CG_A_QUIET_MS]);
	cg->min_learn_ms = u32_or_0(tb[CGW_CG_A_MIN_LEARN_MS]);
	cg->quiet_ops = u32_or_0(tb[CGW_CG_A_QUIET_OPS]);
	cg->startup_ms = u32_or_0(tb[CGW_CG_A_STARTUP_MS]);
	cg->starting = tb[CGW_CG_A_STARTING] != NULL;
	cg->ops_since_new = u64_or_0(tb[CGW_CG_A_OPS_SINCE_NEW]);
	cg->then_mode = tb[CGW_CG_A_THEN_MODE] ? nla_get_u8(tb[CGW_CG_A_THEN_MODE]) : 0;
	cg->breaker = u32_or_0(tb[CGW_CG_A_BREAKER]);
	cg->held = u64_or_0(tb[CGW_CG_A_HELD]);
	cg->events_held = u64_or_0(tb[CGW_CG_A_EVENTS_HELD]);
	if (tb[CGW_CG_A_PATH])
		cg->path = xstrdup(nla_get_string(tb[CGW_CG_A_PATH]));
	return 0;
}

void cgw_cgroup_rec_free(struct cgw_cgroup_rec *cg)
{
	free(cg->path);
	cg->path = NULL;
}

int cgw_decode_entry(struct nlattr *nest, struct cgw_entry_rec *e)
{
	struct nlattr *tb[CGW_ENTRY_A_MAX + 1];

	memset(e, 0, sizeof(*e));
	if (nla_parse_nested(tb, CGW_ENTRY_A_MAX, nest, entry_policy) || !tb[CGW_ENTRY_A_KIND])
		return -1;
	if (tb[CGW_ENTRY_A_ADDR]) {
		int n = nla_len(tb[CGW_ENTRY_A_ADDR]);

		if (n != 4 && n != 16)
			return -1;
		e->addrlen = (uint8_t)n;
		memcpy(e->addr, nla_data(tb[CGW_ENTRY_A_ADDR]), (size_t)n);
	}
	e->kind = nla_get_u8(tb[CGW_ENTRY_A_KIND]);
	e->access = u32_or_0(tb[CGW_ENTRY_A_ACCESS]);
	if (tb[CGW_ENTRY_A_FAMILY])
		e->family = nla_get_u16(tb[CGW_ENTRY_A_FAMILY]);
	if (tb[CGW_ENTRY_A_PROTO])
		e->proto = nla_get_u8(tb[CGW_ENTRY_A_PROTO]);
	if (tb[CGW_ENTRY_A_PORT])
		e->port = nla_get_u16(tb[CGW_ENTRY_A_PORT]);
	if (tb[CGW_ENTRY_A_TYPE])
		e->type = nla_get_u8(tb[CGW_ENTRY_A_TYPE]);
	e->hits = u64_or_0(tb[CGW_ENTRY_A_HITS]);
	e->id = u32_or_0(tb[CGW_ENTRY_A_ID]);
	e->first_seen = u32_or_0(tb[CGW_ENTRY_A_FIRST_SEEN]);
	e->last_seen = u32_or_0(tb[CGW_ENTRY_A_LAST_SEEN]);
	e->now = u32_or_0(tb[CGW_ENTRY_A_NOW]);
	if (tb[CGW_ENTRY_A_WILD])
		e->wild = nla_get_u8(tb[CGW_ENTRY_A_WILD]);
	e->startup = tb[CGW_ENTRY_A_STARTUP] != NULL;
	if (tb[CGW_ENTRY_A_EXE])
		e->exe = xstrdup(nla_get_string(tb[CGW_ENTRY_A_EXE]));
	if (tb[CGW_ENTRY_A_PATH])
		e->path = xstrdup(nla_get_string(tb[CGW_ENTRY_A_PATH]));
	if (tb[CGW_ENTRY_A_NAME])
		e->name = xstrdup(nla_get_string(tb[CGW_ENTRY_A_NAME]));
	return 0;
}

void cgw_entry_rec_free(struct cgw_entry_rec *e)
{
	free(e->path);
	free(e->name);
	free(e->exe);
	e->path = e->name = e->exe = NULL;
}
