// SPDX-License-Identifier: GPL-2.0
/*
 * cgw-nlbad: sends malformed, truncated, oversized and type-confused
 * requests to the cgwarden generic netlink family, one per case, and
 * prints for each: NAME ERRNO-NAME "EXTACK MESSAGE".  Raw netlink, no
 * libnl, so that what goes on the wire is exactly what is written here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../../include/uapi/cgwarden.h"

struct req {
	struct nlmsghdr nh;
	struct genlmsghdr gh;
	char buf[16384];
};

static int fd;
static uint16_t family;
static uint32_t seq;

/* Append an attribute; returns where its payload starts. */
static char *put(struct req *r, uint16_t type, const void *data, uint16_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (data)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return (char *)a + NLA_HDRLEN;
}

static struct nlattr *nest_start(struct req *r, uint16_t type)
{
	struct nlattr *a = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	put(r, type | NLA_F_NESTED, NULL, 0);
	return a;
}

static void nest_end(struct req *r, struct nlattr *a)
{
	a->nla_len = (char *)r + r->nh.nlmsg_len - (char *)a;
}

static void init(struct req *r, uint16_t type, uint8_t cmd)
{
	memset(r, 0, sizeof(*r));
	r->nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->nh.nlmsg_type = type;
	r->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r->nh.nlmsg_seq = ++seq;
	r->gh.cmd = cmd;
	r->gh.version = 1;
}

/* Send; return the errno of the ack (0 = accepted) and its extack text. */
static int xfer(struct req *r, char *msg, size_t msglen)
{
	char buf[65536];
	struct nlmsghdr *nh;
	ssize_t n;

	msg[0] = '\0';
	if (send(fd, r, r->nh.nlmsg_len, 0) < 0)
		return errno;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return errno;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
			struct nlmsgerr *e = NLMSG_DATA(nh);
			struct nlattr *a;
			int rem;

			if (nh->nlmsg_type != NLMSG_ERROR)
				continue;
			/* extack attributes follow the (capped) request */
			a = (struct nlattr *)((char *)e + sizeof(*e));
			rem = (char *)nh + nh->nlmsg_len - (char *)a;
			while (rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
			       a->nla_len <= rem) {
				if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
					snprintf(msg, msglen, "%s", (char *)a + NLA_HDRLEN);
				rem -= NLA_ALIGN(a->nla_len);
				a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
			}
			return -e->error;
		}
	}
}

static uint16_t resolve(void)
{
	struct req r;
	char buf[8192];
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	ssize_t n;

	init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	r.nh.nlmsg_flags = NLM_F_REQUEST;
	put(&r, CTRL_ATTR_FAMILY_NAME, CGW_GENL_NAME, sizeof(CGW_GENL_NAME));
	send(fd, &r, r.nh.nlmsg_len, 0);
	n = recv(fd, buf, sizeof(buf), 0);
	if (n > 0 && nh->nlmsg_type == GENL_ID_CTRL) {
		struct nlattr *a = (struct nlattr *)((char *)NLMSG_DATA(nh) + GENL_HDRLEN);
		int rem = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

		for (; rem >= NLA_HDRLEN; rem -= NLA_ALIGN(a->nla_len),
		     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
			if (a->nla_type == CTRL_ATTR_FAMILY_ID)
				return *(uint16_t *)((char *)a + NLA_HDRLEN);
	}
	fprintf(stderr, "cgw-nlbad: no cgwarden family\n");
	exit(1);
}

static void report(const char *name, struct req *r)
{
	char msg[512];
	int err = xfer(r, msg, sizeof(msg));

	printf("%s %s \"%s\"\n", name, err ? strerrorname_np(err) : "OK", msg);
}

int main(int argc, char **argv)
{
	uint64_t id = argc > 1 ? strtoull(argv[1], NULL, 10) : 1;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	static char big[6000];
	struct nlattr *rule, *pat;
	uint32_t u32;
	uint8_t u8;
	int one = 1;
	struct req r;

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return 1;
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	family = resolve();

	init(&r, family, CGW_CMD_SET_MODE);	/* u32 where a u64 belongs */
	u32 = (uint32_t)id;
	put(&r, CGW_A_CGROUP_ID, &u32, 4);
	u8 = CGW_MODE_OFF;
	put(&r, CGW_A_MODE, &u8, 1);
	report("short-u64", &r);

	init(&r, family, CGW_CMD_SET_MODE);	/* mode out of range */
	put(&r, CGW_A_CGROUP_ID, &id, 8);
	u8 = 9;
	put(&r, CGW_A_MODE, &u8, 1);
	report("mode-range", &r);

	init(&r, family, CGW_CMD_SET_MODE);	/* mode missing */
	put(&r, CGW_A_CGROUP_ID, &id, 8);
	report("mode-missing", &r);

	init(&r, family, CGW_CMD_SET_MODE);	/* unknown attribute */
	put(&r, CGW_A_CGROUP_ID, &id, 8);
	put(&r, 200, &id, 8);
	report("unknown-attr", &r);

	init(&r, family, CGW_CMD_SET_MODE);	/* attribute longer than the message */
	put(&r, CGW_A_CGROUP_ID, &id, 8);
	((struct nlattr *)((char *)&r + NLMSG_LENGTH(GENL_HDRLEN)))->nla_len = 200;
	report("truncated", &r);

	init(&r, family, CGW_CMD_SET_CONFIG);	/* a limit of 0 */
	rule = nest_start(&r, CGW_A_CONFIG);
	u32 = 0;
	put(&r, CGW_CONFIG_A_MAX_ENTRIES, &u32, 4);
	nest_end(&r, rule);
	report("config-zero", &r);

	init(&r, family, CGW_CMD_POLICY_SET);	/* rule without cgroups */
	rule = nest_start(&r, CGW_A_RULE);
	put(&r, CGW_RULE_A_NAME, "x", 2);
	nest_end(&r, rule);
	report("rule-no-cgroup", &r);

	init(&r, family, CGW_CMD_POLICY_SET);	/* path longer than PATH_MAX */
	rule = nest_start(&r, CGW_A_RULE);
	put(&r, CGW_RULE_A_CGROUP, "/x", 3);
	pat = nest_start(&r, CGW_RULE_A_PATTERN);
	u8 = CGW_ACTION_DENY;
	put(&r, CGW_PAT_A_ACTION, &u8, 1);
	u8 = CGW_KIND_FILE;
	put(&r, CGW_PAT_A_KIND, &u8, 1);
	memset(big, 'a', sizeof(big) - 1);
	big[0] = '/';
	put(&r, CGW_PAT_A_PATH, big, sizeof(big));
	nest_end(&r, pat);
	nest_end(&r, rule);
	report("path-too-long", &r);

	init(&r, family, CGW_CMD_POLICY_SET);	/* a bad glob */
	rule = nest_start(&r, CGW_A_RULE);
	put(&r, CGW_RULE_A_CGROUP, "/a/**/b/**", 11);
	nest_end(&r, rule);
	report("bad-glob", &r);

	init(&r, family, CGW_CMD_POLICY_SET);	/* garbage in a nest */
	put(&r, CGW_A_RULE | NLA_F_NESTED, "\xff\xff\x01\x00garbage!", 12);
	report("nest-garbage", &r);

	init(&r, family, CGW_CMD_MODEL_IMPORT);	/* file entry without a path */
	put(&r, CGW_A_CGROUP_ID, &id, 8);
	rule = nest_start(&r, CGW_A_ENTRY);
	u8 = CGW_KIND_FILE;
	put(&r, CGW_ENTRY_A_KIND, &u8, 1);
	u32 = CGW_ACC_READ;
	put(&r, CGW_ENTRY_A_ACCESS, &u32, 4);
	nest_end(&r, rule);
	report("import-no-path", &r);

	/*
	 * A network pattern with a path and a name: the kernel once sized
	 * the policy without them and then copied them past its end.
	 */
	init(&r, family, CGW_CMD_POLICY_SET);
	rule = nest_start(&r, CGW_A_RULE);
	put(&r, CGW_RULE_A_CGROUP, "/x", 3);
	pat = nest_start(&r, CGW_RULE_A_PATTERN);
	u8 = CGW_ACTION_DENY;
	put(&r, CGW_PAT_A_ACTION, &u8, 1);
	u8 = CGW_KIND_NET;
	put(&r, CGW_PAT_A_KIND, &u8, 1);
	memset(big, 'n', 2000);
	big[0] = '/';
	big[2000] = '\0';
	put(&r, CGW_PAT_A_PATH, big, 2001);
	put(&r, CGW_PAT_A_NAME, big + 1800, 201);
	nest_end(&r, pat);
	nest_end(&r, rule);
	report("net-path", &r);

	/* Nine good entries, then one without its access: none is taken. */
	init(&r, family, CGW_CMD_MODEL_IMPORT);
	put(&r, CGW_A_CGROUP_ID, &id, 8);
	for (int i = 0; i < 10; i++) {
		char path[32];

		rule = nest_start(&r, CGW_A_ENTRY);
		u8 = CGW_KIND_FILE;
		put(&r, CGW_ENTRY_A_KIND, &u8, 1);
		snprintf(path, sizeof(path), "/tmp/nlbad-%d", i);
		put(&r, CGW_ENTRY_A_PATH, path, strlen(path) + 1);
		u32 = CGW_ACC_READ;
		if (i < 9)
			put(&r, CGW_ENTRY_A_ACCESS, &u32, 4);
		nest_end(&r, rule);
	}
	report("import-last-bad", &r);

	init(&r, family, 99);			/* no such command */
	report("no-command", &r);
	return 0;
}
