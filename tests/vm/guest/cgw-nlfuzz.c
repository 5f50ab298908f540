// SPDX-License-Identifier: GPL-2.0
/*
 * cgw-nlfuzz: a deterministic netlink fuzzer for the cgwarden generic
 * netlink family.  Raw AF_NETLINK, no libnl.
 *
 *   cgw-nlfuzz SEED COUNT [CGROUP-ID]
 *
 * Sends COUNT messages (send calls) to the family, the same ones for the
 * same SEED and CGROUP-ID (a private xorshift generator, nothing from the
 * replies feeds back), mixing:
 *   - random messages: every command (unknown ones and 0 too), doit and
 *     dump flags, random top-level attributes of valid and invalid types,
 *     right and wrong payload lengths, nests (CONFIG, RULE with PATTERN
 *     nests, ENTRY, EVENT, ...) with random, truncated or overlapping
 *     contents, NLA_F_NESTED set or not, strings with and without NUL,
 *     oversized strings, truncated messages (nlmsg_len shorter than the
 *     attributes: the rest is parsed as further messages; or claiming more
 *     than was sent) and several messages in one send;
 *   - real requests (SET_MODE of CGROUP-ID, SET_CONFIG with valid limits,
 *     POLICY_SET with a small valid rule, MODEL_IMPORT of valid entries,
 *     the dumps, ...) sent as they are or with a few mutated bytes.
 *
 * It reads every reply (acks, errors, dump parts up to NLMSG_DONE) without
 * blocking, and prints:
 *   nlfuzz seed=S sent=N ok=A err=E
 *   nlfuzz replies=R data=D noreply=Q send_err=X recv_err=Y secs=T rate=M/s
 *   nlfuzz errno EINVAL=... ERANGE=...
 * ok/err count terminal replies (acks and NLMSG_DONE) with and without an
 * error; data counts other replies (dump parts, STATUS answers); noreply
 * counts sends that got no terminal reply (no NLM_F_ACK, dropped as
 * malformed, not a request).  Exit status 0 unless the socket breaks.
 *
 * What it must not do is lock the VM it runs in out: SET_MODE only ever
 * reaches CGROUP-ID (other live ids are pushed out of range), and a
 * policy rule only sets modes when all its cgroup globs start with
 * "/nlfuzz" (other modes are rewritten to off).  The suite names the
 * fuzzed cgroup /nlfuzz and restores config and policy afterwards.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../../include/uapi/cgwarden.h"

#define MSG_LIMIT	32768	/* bytes built per send */
#define SAFE_PREFIX	"/nlfuzz"

static int fd;
static uint16_t family;
static uint32_t seq;
static uint64_t target;

/* --- deterministic PRNG (xorshift64*) ------------------------------------ */

static uint64_t rs;

static uint64_t rnd(void)
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return rs * 2685821657736338717ULL;
}

static uint32_t rn(uint32_t n)
{
	return n ? (uint32_t)((rnd() >> 16) % n) : 0;
}

static int chance(unsigned int pct)
{
	return rn(100) < pct;
}

/* --- message builder --------------------------------------------------- */

static unsigned char buf[MSG_LIMIT + 8192];
static size_t len;	/* bytes built so far, over all messages */
static size_t msg_start;	/* where the message being built starts */

static struct nlmsghdr *cur_nh(void)
{
	return (struct nlmsghdr *)(buf + msg_start);
}

static size_t room(void)
{
	return len + NLA_HDRLEN + 8 < MSG_LIMIT ? MSG_LIMIT - len - NLA_HDRLEN - 8 : 0;
}

static void fill_random(unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)rnd();
}

/* Start a message at len (aligned). */
static void msg_begin(uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nh;
	struct genlmsghdr *gh;

	len = NLMSG_ALIGN(len);
	msg_start = len;
	nh = cur_nh();
	memset(nh, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nh->nlmsg_type = family;
	nh->nlmsg_flags = flags;
	nh->nlmsg_seq = ++seq;
	gh = (struct genlmsghdr *)(buf + msg_start + NLMSG_HDRLEN);
	gh->cmd = cmd;
	gh->version = CGW_GENL_VERSION;
	len = msg_start + NLMSG_HDRLEN + GENL_HDRLEN;
}

static void msg_end(void)
{
	cur_nh()->nlmsg_len = (uint32_t)(len - msg_start);
}

/* Append an attribute; data NULL: random bytes. Returns its offset. */
static size_t put(uint16_t type, const void *data, size_t plen)
{
	size_t off = len, r = room();
	struct nlattr *a = (struct nlattr *)(buf + off);

	if (plen > r)
		plen = r;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + plen);
	if (data)
		memcpy(buf + off + NLA_HDRLEN, data, plen);
	else
		fill_random(buf + off + NLA_HDRLEN, plen);
	len = off + NLA_HDRLEN + plen;
	while (len & 3)
		buf[len++] = 0;
	return off;
}

static void put_u8(uint16_t t, uint8_t v) { put(t, &v, 1); }
static void put_u16(uint16_t t, uint16_t v) { put(t, &v, 2); }
static void put_u32(uint16_t t, uint32_t v) { put(t, &v, 4); }
static void put_u64(uint16_t t, uint64_t v) { put(t, &v, 8); }
static void put_str(uint16_t t, const char *s) { put(t, s, strlen(s) + 1); }

static size_t nest_begin(uint16_t type)
{
	return put(type, NULL, 0);
}

static void nest_end(size_t off)
{
	size_t n = len - off;

	((struct nlattr *)(buf + off))->nla_len = (uint16_t)(n > 0xffff ? 0xffff : n);
}

/* --- attribute catalogue ----------------------------------------------- */

enum vk { V_U8, V_U16, V_U32, V_U64, V_STR, V_GLOB, V_BIN, V_NEST, V_ANY };

enum ctx { C_TOP, C_CONFIG, C_ENTRY, C_EVENT, C_RULE, C_PAT, C_GENERIC, C_COUNT };

struct adef {
	uint16_t type;
	uint8_t kind;
	uint8_t sub;	/* ctx of a nest */
};

static const struct adef top_defs[] = {
	{ CGW_A_VERSION, V_STR, 0 }, { CGW_A_HOOK, V_NEST, C_GENERIC },
	{ CGW_A_STATS, V_NEST, C_GENERIC }, { CGW_A_CONFIG, V_NEST, C_CONFIG },
	{ CGW_A_CGROUP_ID, V_U64, 0 }, { CGW_A_MODE, V_U8, 0 },
	{ CGW_A_CGROUP, V_NEST, C_GENERIC }, { CGW_A_ENTRY, V_NEST, C_ENTRY },
	{ CGW_A_PAD, V_BIN, 0 }, { CGW_A_EVENT, V_NEST, C_EVENT },
	{ CGW_A_RULE, V_NEST, C_RULE }, { CGW_A_GENERATION, V_U64, 0 },
	{ CGW_A_QUIET_MS, V_U32, 0 }, { CGW_A_THEN_MODE, V_U8, 0 },
	{ CGW_A_MIN_LEARN_MS, V_U32, 0 },
};

static const struct adef config_defs[] = {
	{ CGW_CONFIG_A_DEFAULT_MODE, V_U8, 0 },
	{ CGW_CONFIG_A_MAX_CGROUPS, V_U32, 0 },
	{ CGW_CONFIG_A_MAX_ENTRIES, V_U32, 0 },
	{ CGW_CONFIG_A_MAX_ENTRIES_TOTAL, V_U32, 0 },
	{ CGW_CONFIG_A_ALERT_WINDOW_MS, V_U32, 0 },
	{ CGW_CONFIG_A_QUIET_MS, V_U32, 0 },
	{ CGW_CONFIG_A_THEN_MODE, V_U8, 0 },
	{ CGW_CONFIG_A_MIN_LEARN_MS, V_U32, 0 },
};

static const struct adef entry_defs[] = {
	{ CGW_ENTRY_A_KIND, V_U8, 0 }, { CGW_ENTRY_A_PATH, V_STR, 0 },
	{ CGW_ENTRY_A_NAME, V_STR, 0 }, { CGW_ENTRY_A_ACCESS, V_U32, 0 },
	{ CGW_ENTRY_A_FAMILY, V_U16, 0 }, { CGW_ENTRY_A_PROTO, V_U8, 0 },
	{ CGW_ENTRY_A_ADDR, V_BIN, 0 }, { CGW_ENTRY_A_PORT, V_U16, 0 },
	{ CGW_ENTRY_A_HITS, V_U64, 0 }, { CGW_ENTRY_A_PAD, V_BIN, 0 },
};

static const struct adef event_defs[] = {
	{ CGW_EV_A_TIME, V_U64, 0 }, { CGW_EV_A_CGROUP_ID, V_U64, 0 },
	{ CGW_EV_A_CGROUP, V_STR, 0 }, { CGW_EV_A_PID, V_U32, 0 },
	{ CGW_EV_A_COMM, V_STR, 0 }, { CGW_EV_A_EXE, V_STR, 0 },
	{ CGW_EV_A_OP, V_U8, 0 }, { CGW_EV_A_MODE, V_U8, 0 },
	{ CGW_EV_A_VERDICT, V_U8, 0 }, { CGW_EV_A_REASON, V_U8, 0 },
	{ CGW_EV_A_SUPPRESSED, V_U64, 0 }, { CGW_EV_A_OBJECT, V_NEST, C_ENTRY },
	{ CGW_EV_A_PAD, V_BIN, 0 },
};

static const struct adef rule_defs[] = {
	{ CGW_RULE_A_NAME, V_STR, 0 }, { CGW_RULE_A_CGROUP, V_GLOB, 0 },
	{ CGW_RULE_A_MODE, V_U8, 0 }, { CGW_RULE_A_NEW_MODE, V_U8, 0 },
	{ CGW_RULE_A_PATTERN, V_NEST, C_PAT }, { CGW_RULE_A_INDEX, V_U32, 0 },
};

static const struct adef pat_defs[] = {
	{ CGW_PAT_A_ACTION, V_U8, 0 }, { CGW_PAT_A_KIND, V_U8, 0 },
	{ CGW_PAT_A_PATH, V_GLOB, 0 }, { CGW_PAT_A_NAME, V_GLOB, 0 },
	{ CGW_PAT_A_ACCESS, V_U32, 0 }, { CGW_PAT_A_FAMILY, V_U16, 0 },
	{ CGW_PAT_A_ADDR, V_BIN, 0 }, { CGW_PAT_A_PREFIX, V_U8, 0 },
	{ CGW_PAT_A_PORT_LO, V_U16, 0 }, { CGW_PAT_A_PORT_HI, V_U16, 0 },
	{ CGW_PAT_A_PROTO, V_U8, 0 },
};

static const struct adef generic_defs[] = {
	{ 1, V_U8, 0 }, { 2, V_STR, 0 }, { 3, V_U8, 0 }, { 4, V_U64, 0 },
	{ 5, V_NEST, C_GENERIC }, { 6, V_U64, 0 },
};

/*
 * Attribute types the contract gained after the last one named above (up
 * to each enum's __*_MAX) are sent too, as scalars of every size.
 */
static const uint16_t ctx_first_new[C_COUNT] = {
	[C_TOP] = CGW_A_MIN_LEARN_MS + 1,
	[C_CONFIG] = CGW_CONFIG_A_MIN_LEARN_MS + 1,
	[C_ENTRY] = CGW_ENTRY_A_PAD + 1,
	[C_EVENT] = CGW_EV_A_PAD + 1,
	[C_RULE] = CGW_RULE_A_INDEX + 1,
	[C_PAT] = CGW_PAT_A_PROTO + 1,
	[C_GENERIC] = 7,
};

static const uint16_t ctx_max[C_COUNT] = {
	[C_TOP] = __CGW_A_MAX,
	[C_CONFIG] = __CGW_CONFIG_A_MAX,
	[C_ENTRY] = __CGW_ENTRY_A_MAX,
	[C_EVENT] = __CGW_EV_A_MAX,
	[C_RULE] = __CGW_RULE_A_MAX,
	[C_PAT] = __CGW_PAT_A_MAX,
	[C_GENERIC] = 7,
};

static const struct { const struct adef *d; unsigned int n; } catalogue[C_COUNT] = {
	[C_TOP] = { top_defs, sizeof(top_defs) / sizeof(top_defs[0]) },
	[C_CONFIG] = { config_defs, sizeof(config_defs) / sizeof(config_defs[0]) },
	[C_ENTRY] = { entry_defs, sizeof(entry_defs) / sizeof(entry_defs[0]) },
	[C_EVENT] = { event_defs, sizeof(event_defs) / sizeof(event_defs[0]) },
	[C_RULE] = { rule_defs, sizeof(rule_defs) / sizeof(rule_defs[0]) },
	[C_PAT] = { pat_defs, sizeof(pat_defs) / sizeof(pat_defs[0]) },
	[C_GENERIC] = { generic_defs, sizeof(generic_defs) / sizeof(generic_defs[0]) },
};

/* Strings and globs; never /etc/passwd, which the suite expects refused. */
static const char *const strs[] = {
	"", "/", "/etc/hostname", "/tmp/nlfuzz", "/bin/busybox", "busybox",
	"@nlfuzz", "/nlfuzz", "x", "cgw-nlfuzz", "/tmp/\xff\xfe", "/a/b/c",
	"/dev/null", "/proc/self/status", "a\nb", "%s%s%n",
};

static const char *const globs[] = {
	"/", "/**", "**", "*", "?", "/*", "/nlfuzz", "/nlfuzz/**", "/nlfuzz*",
	"/nlfuzz/**/x", "/a/**/b/**", "/a/**b", "/**/**", "a/**", "/x/**/",
	"/tmp/nlfuzz-*", "/nlfuzz/?/*", "/nlfuzz/**/", "**/**/**", "/***",
	"/a/**/b", "/tmp/**", "nlfuzz",
};

static uint64_t val_scalar(void)
{
	static const uint64_t interesting[] = {
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 17, 0x7f, 0x80, 0xfe, 0xff,
		0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 1 << 20, (1 << 20) + 1,
		1 << 24, (1 << 24) + 1, 3600 * 1000, 3600 * 1000 + 1,
		0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
		0x7fffffffffffffffULL, 0xffffffffffffffffULL,
	};

	switch (rn(4)) {
	case 0:
		return rnd();
	case 1:
		return rn(16);
	case 2:
		return target + rn(3) - 1;
	default:
		return interesting[rn(sizeof(interesting) / sizeof(interesting[0]))];
	}
}

/* A payload length that is wrong (or right) on purpose. */
static size_t odd_len(size_t right)
{
	static const size_t lens[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17, 32 };

	if (chance(10))
		return rn(3000);
	if (chance(50))
		return right + 1 + rn(3);
	return lens[rn(sizeof(lens) / sizeof(lens[0]))];
}

static void put_string_attr(uint16_t type, int glob)
{
	static char s[6200];
	size_t n;

	switch (rn(10)) {
	case 0:	/* oversized: up to and past CGW_PATH_MAX */
		n = CGW_PATH_MAX - 2 + rn(2000);
		memset(s, 'a' + rn(26), n);
		s[0] = '/';
		if (chance(30))
			for (size_t i = 1; i < n; i += 1 + rn(8))
				s[i] = '/';
		break;
	case 1:	/* random bytes */
		n = rn(64);
		fill_random((unsigned char *)s, n);
		break;
	case 2:	/* random printable */
		n = rn(300);
		for (size_t i = 0; i < n; i++)
			s[i] = "/*?ab.-x"[rn(8)];
		break;
	default:
		if (glob)
			strcpy(s, globs[rn(sizeof(globs) / sizeof(globs[0]))]);
		else
			strcpy(s, strs[rn(sizeof(strs) / sizeof(strs[0]))]);
		n = strlen(s);
		break;
	}
	if (chance(80))
		s[n++] = '\0';	/* else: no terminating NUL */
	else if (chance(30) && n)
		s[rn(n)] = '\0';	/* a NUL in the middle */
	put(type, s, n);
}

static void gen_attrs(enum ctx c, int depth, unsigned int max);

static void gen_attr(enum ctx c, int depth)
{
	const struct adef *d = NULL;
	uint16_t type;
	uint64_t v;
	size_t off, n;

	static struct adef any;

	if (ctx_max[c] > ctx_first_new[c] && chance(10)) {
		any.type = (uint16_t)(ctx_first_new[c] + rn(ctx_max[c] - ctx_first_new[c]));
		any.kind = V_ANY;
		d = &any;
		type = d->type;
	} else if (chance(85)) {
		d = &catalogue[c].d[rn(catalogue[c].n)];
		type = d->type;
	} else if (chance(50)) {
		type = (uint16_t)rn(40);	/* near the valid ones, and 0 */
	} else {
		type = (uint16_t)rnd();
	}
	if (chance(5))
		type ^= NLA_F_NET_BYTEORDER;
	if (d && d->kind == V_NEST) {
		if (chance(85))
			type |= NLA_F_NESTED;
	} else if (chance(5)) {
		type |= NLA_F_NESTED;
	}
	if (!d) {
		n = chance(30) ? odd_len(8) : rn(24);
		if (n && chance(30) && depth < 3) {	/* something nest-like */
			off = nest_begin(type);
			gen_attrs(C_GENERIC, depth + 1, 4);
			nest_end(off);
		} else {
			put(type, NULL, n);
		}
		return;
	}
	switch (d->kind) {
	case V_U8: case V_U16: case V_U32: case V_U64: case V_ANY:
		v = val_scalar();
		n = d->kind == V_U8 ? 1 : d->kind == V_U16 ? 2 : d->kind == V_U32 ? 4 : 8;
		if (d->kind == V_ANY)
			n = "\0\1\2\4\x08"[rn(5)];
		if (chance(12)) {
			n = odd_len(n);
			put(type, NULL, n);
			if (n <= 8)
				memcpy(buf + len - NLA_ALIGN(n), &v, n);
		} else {
			put(type, &v, n);
		}
		break;
	case V_STR:
	case V_GLOB:
		put_string_attr(type, d->kind == V_GLOB);
		break;
	case V_BIN:
		n = chance(70) ? (chance(50) ? 4 : 16) : odd_len(16);
		put(type, NULL, n);
		break;
	case V_NEST:
		if (depth >= 4 || chance(5)) {
			put(type, NULL, chance(50) ? rn(16) : odd_len(8));	/* garbage */
			break;
		}
		off = nest_begin(type);
		gen_attrs((enum ctx)d->sub, depth + 1, d->sub == C_RULE ? 8 : 6);
		nest_end(off);
		break;
	}
}

/* Corrupt the attribute (or nest) at @off in place. */
static void corrupt_attr(size_t off)
{
	struct nlattr *a = (struct nlattr *)(buf + off);
	size_t have = len - off;

	switch (rn(5)) {
	case 0:	/* shorter than its contents: the rest is read as siblings */
		a->nla_len = (uint16_t)rn(have + 1);
		break;
	case 1:	/* longer: it swallows what follows, or passes the end */
		a->nla_len = (uint16_t)(have + 1 + rn(64));
		break;
	case 2:	/* shorter than a header */
		a->nla_len = (uint16_t)rn(NLA_HDRLEN);
		break;
	case 3:	/* unaligned */
		a->nla_len = (uint16_t)(a->nla_len | (1 + rn(3)));
		break;
	default:	/* a random byte inside */
		if (have > NLA_HDRLEN)
			buf[off + NLA_HDRLEN + rn(have - NLA_HDRLEN)] = (unsigned char)rnd();
		break;
	}
}

static void gen_attrs(enum ctx c, int depth, unsigned int max)
{
	unsigned int i, n = rn(max + 1);
	size_t off;

	for (i = 0; i < n && room() > 64; i++) {
		off = len;
		gen_attr(c, depth);
		if (chance(4))
			corrupt_attr(off);
	}
}

static uint8_t rand_cmd(void)
{
	if (chance(80))
		return (uint8_t)rn(__CGW_CMD_MAX + 1);	/* 0 .. one past the last */
	return (uint8_t)rnd();
}

static uint16_t rand_flags(void)
{
	uint16_t f = NLM_F_REQUEST;

	if (chance(3))
		f = 0;
	if (chance(70))
		f |= NLM_F_ACK;
	if (chance(35))
		f |= NLM_F_DUMP;
	if (chance(5))
		f |= (uint16_t)rnd();
	return f;
}

static void gen_random_msg(void)
{
	enum ctx c = C_TOP;
	uint8_t cmd = rand_cmd();

	msg_begin(cmd, rand_flags());
	if (chance(5))
		((struct genlmsghdr *)(buf + msg_start + NLMSG_HDRLEN))->version = (uint8_t)rnd();
	if (chance(3))
		((struct genlmsghdr *)(buf + msg_start + NLMSG_HDRLEN))->reserved = (uint16_t)rnd();
	/* Mostly what the command takes, to get past the first checks. */
	if (cmd == CGW_CMD_SET_MODE || cmd == CGW_CMD_MODEL_GET ||
	    cmd == CGW_CMD_MODEL_CLEAR || cmd == CGW_CMD_MODEL_IMPORT)
		if (chance(70))
			put_u64(CGW_A_CGROUP_ID, chance(80) ? target : val_scalar());
	if (cmd == CGW_CMD_SET_MODE && chance(70))
		put_u8(CGW_A_MODE, (uint8_t)rn(6));
	if (cmd == CGW_CMD_MODEL_IMPORT || cmd == CGW_CMD_POLICY_SET ||
	    cmd == CGW_CMD_SET_CONFIG) {
		unsigned int i, n = 1 + rn(6);

		for (i = 0; i < n && room() > 64; i++) {
			enum ctx sub = cmd == CGW_CMD_MODEL_IMPORT ? C_ENTRY :
				       cmd == CGW_CMD_POLICY_SET ? C_RULE : C_CONFIG;
			uint16_t t = sub == C_ENTRY ? CGW_A_ENTRY :
				     sub == C_RULE ? CGW_A_RULE : CGW_A_CONFIG;
			size_t off = nest_begin(t | (chance(90) ? NLA_F_NESTED : 0));

			gen_attrs(sub, 1, sub == C_RULE ? 8 : 6);
			nest_end(off);
			if (chance(3))
				corrupt_attr(off);
		}
	}
	gen_attrs(c, 0, 6);
	msg_end();
}

/* --- real requests ------------------------------------------------------ */

static const char *const safe_globs[] = { "/nlfuzz", "/nlfuzz/**", "/nlfuzz*" };

static void v_pattern(void)
{
	static const uint8_t a4[4] = { 10, 0, 0, 0 };
	size_t p = nest_begin(CGW_RULE_A_PATTERN | NLA_F_NESTED);

	put_u8(CGW_PAT_A_ACTION, (uint8_t)rn(CGW_ACTION_COUNT));
	switch (rn(4)) {
	case 0:
		put_u8(CGW_PAT_A_KIND, CGW_KIND_FILE);
		put_str(CGW_PAT_A_PATH, "/tmp/nlfuzz-*");
		put_u32(CGW_PAT_A_ACCESS, CGW_ACC_READ | CGW_ACC_WRITE);
		break;
	case 1:
		put_u8(CGW_PAT_A_KIND, CGW_KIND_EXEC);
		put_str(CGW_PAT_A_PATH, "/tmp/**");
		put_str(CGW_PAT_A_NAME, "nlfuzz?");
		break;
	case 2:
		put_u8(CGW_PAT_A_KIND, CGW_KIND_NET);
		put_u16(CGW_PAT_A_FAMILY, 2 /* AF_INET */);
		put(CGW_PAT_A_ADDR, a4, 4);
		put_u8(CGW_PAT_A_PREFIX, 8);
		put_u16(CGW_PAT_A_PORT_LO, 1);
		put_u16(CGW_PAT_A_PORT_HI, 1024);
		put_u8(CGW_PAT_A_PROTO, 6);
		break;
	default:
		put_u8(CGW_PAT_A_KIND, CGW_KIND_UNIX);
		put_str(CGW_PAT_A_PATH, "@nlfuzz*");
		break;
	}
	nest_end(p);
}

static void v_entry(void)
{
	static const uint8_t lo[4] = { 127, 0, 0, 1 };
	size_t e = nest_begin(CGW_A_ENTRY | NLA_F_NESTED);

	switch (rn(4)) {
	case 0:
		put_u8(CGW_ENTRY_A_KIND, CGW_KIND_FILE);
		put_str(CGW_ENTRY_A_PATH, "/tmp/nlfuzz-import");
		put_u32(CGW_ENTRY_A_ACCESS, CGW_ACC_READ);
		break;
	case 1:
		put_u8(CGW_ENTRY_A_KIND, CGW_KIND_EXEC);
		put_str(CGW_ENTRY_A_PATH, "/tmp/nlfuzz-bin");
		put_str(CGW_ENTRY_A_NAME, "nlfuzz");
		break;
	case 2:
		put_u8(CGW_ENTRY_A_KIND, CGW_KIND_NET);
		put_u16(CGW_ENTRY_A_FAMILY, 2 /* AF_INET */);
		put_u8(CGW_ENTRY_A_PROTO, 17);
		put(CGW_ENTRY_A_ADDR, lo, 4);
		put_u16(CGW_ENTRY_A_PORT, 9);
		break;
	default:
		put_u8(CGW_ENTRY_A_KIND, CGW_KIND_UNIX);
		put_str(CGW_ENTRY_A_PATH, "@nlfuzz");
		break;
	}
	if (chance(20))
		put_u64(CGW_ENTRY_A_HITS, 1 + rn(100));
	nest_end(e);
}

static void gen_valid_msg(void)
{
	uint16_t ack = NLM_F_REQUEST | NLM_F_ACK;
	uint16_t dump = NLM_F_REQUEST | NLM_F_DUMP | (chance(50) ? NLM_F_ACK : 0);
	size_t off;
	unsigned int i;

	switch (rn(12)) {
	case 0:
		msg_begin(CGW_CMD_STATUS, ack);
		break;
	case 1:
	case 2:
		msg_begin(CGW_CMD_SET_MODE, ack);
		put_u64(CGW_A_CGROUP_ID, target);
		put_u8(CGW_A_MODE, (uint8_t)rn(CGW_MODE_COUNT));
		if (chance(30)) {	/* learning that ends itself */
			put_u32(CGW_A_QUIET_MS, chance(50) ? 1 + rn(3000) : (uint32_t)rnd());
			if (chance(70))
				put_u8(CGW_A_THEN_MODE, CGW_MODE_MONITOR + rn(2));
			if (chance(50))
				put_u32(CGW_A_MIN_LEARN_MS, rn(5000));
		}
		break;
	case 3:
		msg_begin(CGW_CMD_LIST, dump);
		break;
	case 4:
		msg_begin(CGW_CMD_MODEL_GET, dump);
		put_u64(CGW_A_CGROUP_ID, target);
		break;
	case 5:
		msg_begin(CGW_CMD_MODEL_CLEAR, ack);
		put_u64(CGW_A_CGROUP_ID, target);
		break;
	case 6:
		msg_begin(CGW_CMD_SET_CONFIG, ack);
		off = nest_begin(CGW_A_CONFIG | NLA_F_NESTED);
		if (chance(50))
			put_u8(CGW_CONFIG_A_DEFAULT_MODE, (uint8_t)rn(CGW_MODE_COUNT));
		if (chance(50))
			/*
			 * Mostly small: SET_MODE and a POLICY_SET with modes
			 * allocate max_cgroups ids each, megabytes at the top.
			 */
			put_u32(CGW_CONFIG_A_MAX_CGROUPS, chance(50) ? 4096 :
				chance(60) ? 1 + rn(64) : chance(97) ? 1 + rn(65536) : 1 << 20);
		if (chance(50))
			put_u32(CGW_CONFIG_A_MAX_ENTRIES, chance(50) ? 65536 : 1 + rn(1 << 24));
		if (chance(50))
			put_u32(CGW_CONFIG_A_MAX_ENTRIES_TOTAL, chance(50) ? 1 << 20 : 1 + rn(1 << 24));
		if (chance(50))
			put_u32(CGW_CONFIG_A_ALERT_WINDOW_MS, rn(3600 * 1000 + 1));
		if (chance(20))
			put_u32(CGW_CONFIG_A_QUIET_MS, chance(50) ? 0 : 1 + rn(60000));
		if (chance(20))
			put_u8(CGW_CONFIG_A_THEN_MODE, CGW_MODE_MONITOR + rn(2));
		if (chance(20))
			put_u32(CGW_CONFIG_A_MIN_LEARN_MS, rn(60000));
		nest_end(off);
		break;
	case 7:
	case 8: {
		unsigned int nrules = 1 + rn(2);

		msg_begin(CGW_CMD_POLICY_SET, ack);
		for (i = 0; i < nrules; i++) {
			size_t r = nest_begin(CGW_A_RULE | NLA_F_NESTED);
			unsigned int j, np = rn(3);

			put_str(CGW_RULE_A_NAME, "nlfuzz");
			put_str(CGW_RULE_A_CGROUP, safe_globs[rn(3)]);
			if (chance(20))
				put_u8(CGW_RULE_A_MODE, (uint8_t)rn(CGW_MODE_COUNT));
			if (chance(20))
				put_u8(CGW_RULE_A_NEW_MODE, chance(50) ? CGW_MODE_NONE :
					(uint8_t)rn(CGW_MODE_COUNT));
			for (j = 0; j < np; j++)
				v_pattern();
			nest_end(r);
		}
		break;
	}
	case 9:
		msg_begin(CGW_CMD_POLICY_GET, dump);
		break;
	case 10:
		msg_begin(CGW_CMD_POLICY_CLEAR, ack);
		break;
	default: {
		unsigned int n = 1 + rn(3);

		msg_begin(CGW_CMD_MODEL_IMPORT, ack);
		put_u64(CGW_A_CGROUP_ID, target);
		for (i = 0; i < n; i++)
			v_entry();
		break;
	}
	}
	msg_end();
}

/* Mutate a few bytes of the message just built; never its nlmsg_type. */
static void mutate_msg(unsigned int nbytes)
{
	size_t n = len - msg_start, at;
	unsigned int i;

	for (i = 0; i < nbytes; i++) {
		do
			at = rn(n);
		while (at == 4 || at == 5);
		switch (rn(4)) {
		case 0:
			buf[msg_start + at] ^= (unsigned char)(1 << rn(8));
			break;
		case 1:
			buf[msg_start + at] = (unsigned char)rnd();
			break;
		case 2:
			buf[msg_start + at] = 0;
			break;
		default:
			buf[msg_start + at] = "\xff\x7f\x80\x01\x04"[rn(5)];
			break;
		}
	}
}

/* --- guards: what the kernel will see must not lock the VM out ----------- */

/* Attributes as nla_for_each_attr() walks them; NULL at the end. */
static struct nlattr *attr_next(unsigned char *p, int *rem)
{
	struct nlattr *a = (struct nlattr *)p;

	if (*rem < NLA_HDRLEN || a->nla_len < NLA_HDRLEN || a->nla_len > *rem)
		return NULL;
	return a;
}

#define for_each_attr(a, head, hlen, rem)				\
	for ((rem) = (hlen), (a) = attr_next((head), &(rem)); (a);	\
	     (rem) -= NLA_ALIGN((a)->nla_len),				\
	     (a) = attr_next((unsigned char *)(a) + NLA_ALIGN((a)->nla_len), &(rem)))

static void guard_rule(struct nlattr *rule)
{
	unsigned char *head = (unsigned char *)rule + NLA_HDRLEN;
	int hlen = rule->nla_len - NLA_HDRLEN, rem, safe = 1;
	struct nlattr *a;

	for_each_attr(a, head, hlen, rem)
		if ((a->nla_type & NLA_TYPE_MASK) == CGW_RULE_A_CGROUP &&
		    (a->nla_len < NLA_HDRLEN + sizeof(SAFE_PREFIX) - 1 ||
		     memcmp((char *)a + NLA_HDRLEN, SAFE_PREFIX, sizeof(SAFE_PREFIX) - 1)))
			safe = 0;
	if (safe)
		return;
	for_each_attr(a, head, hlen, rem) {
		uint16_t t = a->nla_type & NLA_TYPE_MASK;
		unsigned char *v = (unsigned char *)a + NLA_HDRLEN;

		if ((t == CGW_RULE_A_MODE || t == CGW_RULE_A_NEW_MODE) &&
		    a->nla_len > NLA_HDRLEN && *v != CGW_MODE_OFF && *v < CGW_MODE_COUNT)
			*v = CGW_MODE_OFF;
	}
}

static void guard_one(struct nlmsghdr *nh)
{
	struct genlmsghdr *gh = NLMSG_DATA(nh);
	unsigned char *head = (unsigned char *)gh + GENL_HDRLEN;
	int hlen = (int)nh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, rem;
	struct nlattr *a;
	uint64_t id;

	if (nh->nlmsg_type != family || hlen < 0)
		return;
	/* The lock lasts until reboot: the suite must unload afterwards. */
	if (gh->cmd == CGW_CMD_LOCK)
		gh->cmd = CGW_CMD_STATUS;
	for_each_attr(a, head, hlen, rem) {
		uint16_t t = a->nla_type & NLA_TYPE_MASK;

		if (gh->cmd == CGW_CMD_SET_MODE && t == CGW_A_CGROUP_ID &&
		    a->nla_len >= NLA_HDRLEN + 8) {
			memcpy(&id, (char *)a + NLA_HDRLEN, 8);
			if (id != target && id != 0 && id < (1ULL << 32)) {
				id |= 1ULL << 40;	/* no such cgroup */
				memcpy((char *)a + NLA_HDRLEN, &id, 8);
			}
		}
		if (gh->cmd == CGW_CMD_POLICY_SET && t == CGW_A_RULE)
			guard_rule(a);
	}
}

/*
 * Walk the send buffer as netlink_rcv_skb() does: every message it will
 * pass on is addressed to cgwarden (a cut-short message leaves the rest to
 * be read as more messages, which must not reach other families) and is
 * guarded.
 */
static unsigned int guard(size_t sendlen)
{
	size_t off = 0, mlen;
	unsigned int n = 0;

	while (sendlen - off >= NLMSG_HDRLEN) {
		struct nlmsghdr *nh = (struct nlmsghdr *)(buf + off);

		if (nh->nlmsg_len < NLMSG_HDRLEN || nh->nlmsg_len > sendlen - off)
			break;
		if (nh->nlmsg_type >= NLMSG_MIN_TYPE)
			nh->nlmsg_type = family;
		guard_one(nh);
		n++;
		mlen = NLMSG_ALIGN(nh->nlmsg_len);
		if (mlen > sendlen - off)
			mlen = sendlen - off;
		off += mlen;
	}
	return n;
}

/* --- replies ------------------------------------------------------------ */

static unsigned long long n_sent, n_ok, n_err, n_data, n_replies, n_noreply;
static unsigned long long n_send_err, n_recv_err;
static unsigned long long errs[4096];

static void count_err(int e)
{
	if (e < 0)
		e = -e;
	errs[e < 4096 ? e : 4095]++;
}

/*
 * Read everything the kernel queued for us; returns terminal replies.
 * Each of the @visible messages the kernel reads gets at most one
 * terminal reply (ack, error or NLMSG_DONE), all queued before send()
 * returns, the parts of a dump as the previous part is read: so once
 * there are @visible of them, there is nothing more to wait for.
 */
static unsigned int drain(unsigned int visible)
{
	static unsigned char rbuf[1 << 17];
	unsigned int terminal = 0;
	int dump_open = 0, waited = 0;
	ssize_t n;

	while (!visible || terminal < visible) {
		struct nlmsghdr *nh;

		n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				struct pollfd p = { .fd = fd, .events = POLLIN };

				/* a dump part should always be followed at once */
				if (!dump_open || waited || poll(&p, 1, 200) <= 0)
					break;
				waited = 1;
				continue;
			}
			if (errno == EBADF || errno == ENOTSOCK) {
				perror("cgw-nlfuzz: recv");
				exit(1);
			}
			n_recv_err++;
			count_err(errno);
			continue;	/* ENOBUFS & co: the socket goes on */
		}
		if (n == 0)
			break;
		for (nh = (struct nlmsghdr *)rbuf; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
			n_replies++;
			if (nh->nlmsg_type == NLMSG_ERROR || nh->nlmsg_type == NLMSG_DONE) {
				int e = 0;

				if (nh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					memcpy(&e, NLMSG_DATA(nh), sizeof(e));
				terminal++;
				if (nh->nlmsg_type == NLMSG_DONE)
					dump_open = 0;
				if (e) {
					n_err++;
					count_err(e);
				} else {
					n_ok++;
				}
			} else {
				n_data++;
				if (nh->nlmsg_flags & NLM_F_MULTI)
					dump_open = 1;
			}
		}
	}
	return terminal;
}

/* --- family lookup ------------------------------------------------------ */

static uint16_t resolve(void)
{
	unsigned char rb[8192];
	struct nlmsghdr *nh = (struct nlmsghdr *)rb;
	ssize_t n;

	family = GENL_ID_CTRL;
	len = 0;
	msg_begin(CTRL_CMD_GETFAMILY, NLM_F_REQUEST);
	put_str(CTRL_ATTR_FAMILY_NAME, CGW_GENL_NAME);
	msg_end();
	if (send(fd, buf, len, 0) < 0)
		return 0;
	n = recv(fd, rb, sizeof(rb), 0);
	if (n > 0 && NLMSG_OK(nh, n) && nh->nlmsg_type == GENL_ID_CTRL) {
		struct nlattr *a;
		int rem;

		for_each_attr(a, (unsigned char *)NLMSG_DATA(nh) + GENL_HDRLEN,
			      (int)nh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, rem)
			if (a->nla_type == CTRL_ATTR_FAMILY_ID)
				return *(uint16_t *)((char *)a + NLA_HDRLEN);
	}
	return 0;
}

/* --- main --------------------------------------------------------------- */

static void one_round(void)
{
	size_t sendlen;
	unsigned int i, nmsg = 1, visible;
	ssize_t n;

	len = 0;
	if (chance(4))
		nmsg = 2 + rn(3);	/* several messages in one send */
	for (i = 0; i < nmsg && room() > 256; i++) {
		if (chance(45)) {
			gen_valid_msg();
			if (chance(85))
				mutate_msg(chance(80) ? 1 : 2 + rn(3));
		} else {
			gen_random_msg();
		}
	}
	sendlen = len;
	switch (rn(25)) {
	case 0:	/* nlmsg_len shorter than the attributes */
		cur_nh()->nlmsg_len = (uint32_t)rn(len - msg_start + 1);
		break;
	case 1:	/* nlmsg_len claims more than is sent */
		cur_nh()->nlmsg_len += 1 + rn(256);
		break;
	case 2:	/* the send cut short */
		sendlen = rn(len + 1);
		break;
	case 3:	/* trailing garbage */
		n = (ssize_t)rn(64);
		fill_random(buf + len, (size_t)n);
		sendlen = len + (size_t)n;
		break;
	}
	visible = guard(sendlen);
	for (;;) {
		n = send(fd, buf, sendlen, 0);
		if (n >= 0 || errno != EINTR)
			break;
	}
	n_sent++;
	if (n < 0) {
		if (errno == EBADF || errno == ENOTSOCK || errno == ECONNREFUSED) {
			perror("cgw-nlfuzz: send");
			exit(1);
		}
		n_send_err++;
		count_err(errno);
	}
	if (!drain(visible))
		n_noreply++;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	unsigned long long seed, count, i;
	int one = 1, rcvbuf = 1 << 20;
	struct timespec t0, t1;
	double secs;
	int e;

	if (argc < 3) {
		fprintf(stderr, "usage: cgw-nlfuzz SEED COUNT [CGROUP-ID]\n");
		return 2;
	}
	seed = strtoull(argv[1], NULL, 0);
	count = strtoull(argv[2], NULL, 0);
	target = argc > 3 ? strtoull(argv[3], NULL, 0) : 1ULL << 41;
	rs = (seed + 1) * 0x9E3779B97F4A7C15ULL;
	if (!rs)
		rs = 1;
	for (i = 0; i < 16; i++)
		rnd();

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("cgw-nlfuzz: socket");
		return 1;
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	family = resolve();
	if (!family) {
		fprintf(stderr, "cgw-nlfuzz: no %s family\n", CGW_GENL_NAME);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < count; i++) {
		/* half the acks echo the request, half are capped */
		if ((i & 0xffff) == 0) {
			int cap = (i >> 16) & 1;

			setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &cap, sizeof(cap));
		}
		one_round();
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;

	printf("nlfuzz seed=%llu sent=%llu ok=%llu err=%llu\n", seed, n_sent, n_ok, n_err);
	printf("nlfuzz replies=%llu data=%llu noreply=%llu send_err=%llu recv_err=%llu secs=%.1f rate=%.0f/s\n",
	       n_replies, n_data, n_noreply, n_send_err, n_recv_err, secs,
	       secs > 0 ? n_sent / secs : 0.0);
	printf("nlfuzz errno");
	for (e = 1; e < 4096; e++)
		if (errs[e]) {
			const char *name = strerrorname_np(e);

			if (name)
				printf(" %s=%llu", name, errs[e]);
			else
				printf(" E%d=%llu", e, errs[e]);
		}
	printf("\n");
	return 0;
}
