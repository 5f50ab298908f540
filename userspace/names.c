// SPDX-License-Identifier: GPL-2.0
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "uapi/cgwarden.h"
#include "names.h"
#include "records.h"
#include "util.h"

/* The spellings the kernel uses too (uapi/cgwarden.h). */
static const char *const mode_names[] = CGW_MODE_NAMES;
static const char *const op_names[] = CGW_OP_NAMES;
static const char *const kind_names[] = CGW_KIND_NAMES;
static const char *const hook_state_names[] = CGW_HOOK_STATE_NAMES;
static const char *const verdict_names[] = CGW_VERDICT_NAMES;
static const char *const reason_names[] = CGW_REASON_NAMES;
static const char *const wild_names[] = CGW_WILD_NAMES;
static const char *const severity_names[] = CGW_SEV_NAMES;
static const char *const net_names[] = CGW_NET_NAMES;

_Static_assert(ARRAY_SIZE(mode_names) == CGW_MODE_COUNT, "mode names");
_Static_assert(ARRAY_SIZE(op_names) == CGW_OP_COUNT, "op names");
_Static_assert(ARRAY_SIZE(kind_names) == CGW_KIND_COUNT, "kind names");
_Static_assert(ARRAY_SIZE(hook_state_names) == CGW_HOOK_STATE_COUNT, "hook state names");
_Static_assert(ARRAY_SIZE(verdict_names) == CGW_VERDICT_COUNT, "verdict names");
_Static_assert(ARRAY_SIZE(reason_names) == CGW_REASON_COUNT, "reason names");
_Static_assert(ARRAY_SIZE(wild_names) == CGW_WILD_COUNT, "wild names");
_Static_assert(ARRAY_SIZE(severity_names) == CGW_SEV_COUNT, "severity names");

static const char *lookup(const char *const *names, unsigned int n, unsigned int v)
{
	return v < n ? names[v] : NULL;
}

static int rlookup(const char *const *names, unsigned int n, const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], name))
			return (int)i;
	return -1;
}

#define NAMES(table) table, ARRAY_SIZE(table)

const char *cgw_mode_name(unsigned int v) { return lookup(NAMES(mode_names), v); }
const char *cgw_op_name(unsigned int v) { return lookup(NAMES(op_names), v); }
const char *cgw_verdict_name(unsigned int v) { return lookup(NAMES(verdict_names), v); }
const char *cgw_reason_name(unsigned int v) { return lookup(NAMES(reason_names), v); }
const char *cgw_kind_name(unsigned int v) { return lookup(NAMES(kind_names), v); }
const char *cgw_hook_state_name(unsigned int v) { return lookup(NAMES(hook_state_names), v); }
const char *cgw_severity_name(unsigned int v) { return lookup(NAMES(severity_names), v); }

const char *cgw_wild_name(unsigned int v)
{
	return v == CGW_WILD_NONE ? NULL : lookup(NAMES(wild_names), v);
}

int cgw_mode_parse(const char *s) { return rlookup(NAMES(mode_names), s); }
int cgw_op_parse(const char *s) { return rlookup(NAMES(op_names), s); }
int cgw_kind_parse(const char *s) { return rlookup(NAMES(kind_names), s); }
int cgw_hook_state_parse(const char *s) { return rlookup(NAMES(hook_state_names), s); }

int cgw_wild_parse(const char *s)
{
	return *s ? rlookup(NAMES(wild_names), s) : -1;	/* "" is NONE's name */
}

static const int known_protos[] = {
	IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_SCTP,
	IPPROTO_UDPLITE, IPPROTO_RAW,
};

int cgw_proto_parse(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(known_protos); i++)
		if (!strcmp(cgw_proto_name((unsigned int)known_protos[i]), name))
			return known_protos[i];
	return -1;
}

const char *cgw_proto_name(unsigned int proto)
{
	switch (proto) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_ICMP: return "icmp";
	case IPPROTO_ICMPV6: return "icmpv6";
	case IPPROTO_SCTP: return "sctp";
	case IPPROTO_UDPLITE: return "udplite";
	case IPPROTO_RAW: return "raw";
	default: return NULL;
	}
}

/* Socket types by the names of SOCK_*. */
static const char *const sock_type_names[] = {
	[SOCK_STREAM] = "stream", [SOCK_DGRAM] = "dgram", [SOCK_RAW] = "raw",
	[SOCK_RDM] = "rdm", [SOCK_SEQPACKET] = "seqpacket", [SOCK_DCCP] = "dccp",
	[SOCK_PACKET] = "packet",
};

const char *cgw_sock_type_name(unsigned int type)
{
	return lookup(NAMES(sock_type_names), type);
}

int cgw_sock_type_parse(const char *s)
{
	return rlookup(NAMES(sock_type_names), s);
}

unsigned int cgw_net_default_type(unsigned int proto)
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

void cgw_net_access_fmt(uint32_t access, char *buf, size_t len)
{
	size_t w = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < ARRAY_SIZE(net_names); i++)
		if (access & (1u << i) && w < len)
			w += (size_t)snprintf(buf + w, len - w, "%s%s", w ? "," : "", net_names[i]);
	if (!w)
		snprintf(buf, len, "%s", net_names[0]);
}

int cgw_net_access_parse(const char *s, uint32_t *access)
{
	char word[16];

	*access = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		int bit;

		if (!n || n >= sizeof(word))
			return -1;
		memcpy(word, s, n);
		word[n] = '\0';
		bit = rlookup(NAMES(net_names), word);
		if (bit < 0)
			return -1;
		*access |= 1u << bit;
		s += n;
		if (*s == ',' && !*++s)
			return -1;
	}
	return *access ? 0 : -1;
}

#define CFG(a, k, o, t, f) { CGW_CONFIG_A_##a, k, o, CGW_CFG_##t,		\
	sizeof(((struct cgw_config_rec *)0)->f) == 1, offsetof(struct cgw_config_rec, f) }

const struct cgw_config_field cgw_config_fields[] = {
	CFG(DEFAULT_MODE, "default_mode", "default-mode", MODE, default_mode),
	CFG(MAX_CGROUPS, "max_cgroups", "max-cgroups", NUM, max_cgroups),
	CFG(MAX_ENTRIES, "max_entries", "max-entries", NUM, max_entries),
	CFG(MAX_ENTRIES_TOTAL, "max_entries_total", "max-entries-total", NUM, max_entries_total),
	CFG(ALERT_WINDOW_MS, "alert_window_ms", "alert-window-ms", NUM, alert_window_ms),
	CFG(QUIET_MS, "until_quiet_ms", "until-quiet", MS, quiet_ms),
	CFG(THEN_MODE, "then", "then", THEN, then_mode),
	CFG(MIN_LEARN_MS, "min_learn_ms", "min-learn", MS, min_learn_ms),
	CFG(DIR_NAMES, "dir_names", "dir-names", NUM, dir_names),
	CFG(NET_ADDRS, "net_addrs", "net-addrs", NUM, net_addrs),
	CFG(EXE_PAIRING, "exe_pairing", "exe-pairing", SWITCH, exe_pairing),
	CFG(COLLAPSE_NAMES, "collapse_names", "collapse-names", SWITCH, collapse_names),
	CFG(MAX_CREATED, "max_created", "max-created", NUM, max_created),
	CFG(QUIET_OPS, "quiet_ops", "quiet-ops", NUM, quiet_ops),
};
const size_t cgw_config_nfields = ARRAY_SIZE(cgw_config_fields);

uint32_t cgw_config_get(const struct cgw_config_rec *c, const struct cgw_config_field *f)
{
	const char *p = (const char *)c + f->off;

	return f->u8 ? *(const uint8_t *)p : *(const uint32_t *)p;
}

void cgw_config_set(struct cgw_config_rec *c, const struct cgw_config_field *f, uint32_t v)
{
	char *p = (char *)c + f->off;

	if (f->u8)
		*(uint8_t *)p = (uint8_t)v;
	else
		*(uint32_t *)p = v;
	c->present |= CGW_CONFIG_HAS(f->attr);
}
