// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of policy.c: globs, patterns, which rules apply to a
 * cgroup, and the order deny > allow > model.
 */
#include <kunit/test.h>
#include "cgw_test.h"

struct cgw_glob_case {
	const char *pat, *s;
	bool match;
};

static const struct cgw_glob_case cgw_glob_cases[] = {
	{ "/etc/passwd", "/etc/passwd", true },
	{ "/etc/passwd", "/etc/passwd2", false },
	{ "/etc/passwd", "/etc", false },
	{ "/etc/*", "/etc/passwd", true },
	{ "/etc/*", "/etc/ssl/certs", false },
	{ "/etc/*.conf", "/etc/a.conf", true },
	{ "/etc/*.conf", "/etc/a.conf.bak", false },
	{ "/etc/pass?d", "/etc/passwd", true },
	{ "/etc/pass?d", "/etc/pass/d", false },
	{ "/var/log/**", "/var/log/nginx/access.log", true },
	{ "/var/log/**", "/var/log/a", true },
	{ "/var/log/**", "/var/log", false },
	{ "/var/log/**", "/var/log/", false },
	{ "/var/log/**", "/var/logs/a", false },
	{ "/kubepods/**/cri-containerd-*.scope",
	  "/kubepods/burstable/pod1/cri-containerd-ab.scope", true },
	{ "/kubepods/**/cri-containerd-*.scope",
	  "/kubepods/cri-containerd-ab.scope", true },
	{ "/kubepods/**/cri-containerd-*.scope",
	  "/kubepods/burstable/pod1/crio-ab.scope", false },
	{ "/system.slice/docker-*.scope",
	  "/system.slice/docker-0123.scope", true },
	{ "/system.slice/docker-*.scope",
	  "/system.slice/docker-0123.scope/init", false },
	{ "/", "/", true },
	{ "/", "/a", false },
	{ "/**", "/a/b", true },
	{ "/**", "/", false },
	{ "**", "anything/at/all", true },
	{ "/a/**/b", "/a/b", true },
	{ "/a/**/b", "/a/x/y/b", true },
	{ "/a/**/b", "/a/x/y/c", false },
	{ "/a/**/b/c", "/a/b/c", true },
	{ "/a/**/b/c", "/a/c", false },
	{ "@sock*", "@sockA", true },
	{ "/*/*/*", "/a/b/c", true },
	{ "/*/*/*", "/a/b", false },
	{ "/a*b*c*d", "/axxbxxcxxd", true },
	{ "/a*b*c*d", "/axxbxxcxx", false },
};

static void cgw_glob_table_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cgw_glob_cases); i++) {
		const struct cgw_glob_case *c = &cgw_glob_cases[i];

		KUNIT_EXPECT_TRUE_MSG(test, cgw_glob_valid(c->pat), "%s", c->pat);
		KUNIT_EXPECT_EQ_MSG(test, cgw_glob_match(c->pat, c->s,
							 strlen(c->s)),
				    c->match, "%s vs %s", c->pat, c->s);
	}
}

static void cgw_glob_valid_test(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, cgw_glob_valid("/a/**/b/**"));
	KUNIT_EXPECT_FALSE(test, cgw_glob_valid("/a/x**"));
	KUNIT_EXPECT_FALSE(test, cgw_glob_valid("/a/**x"));
	KUNIT_EXPECT_FALSE(test, cgw_glob_valid("/a/***"));
	KUNIT_EXPECT_TRUE(test, cgw_glob_valid("/a/*/b*"));
}

/* A long path and many stars stay cheap: no exponential backtracking. */
static void cgw_glob_cost_test(struct kunit *test)
{
	static char s[4001];
	size_t n;

	memset(s, 'a', sizeof(s) - 1);
	s[0] = '/';
	n = strlen(s);

	KUNIT_EXPECT_FALSE(test, cgw_glob_match("/*a*a*a*a*a*a*a*a*b", s, n));
}

static void cgw_pattern_file_test(struct kunit *test)
{
	struct cgw_pattern deny = { .action = CGW_ACTION_DENY,
				    .kind = CGW_KIND_FILE,
				    .access = CGW_ACC_WRITE,
				    .path = "/etc/**" };
	struct cgw_pattern allow = { .action = CGW_ACTION_ALLOW,
				     .kind = CGW_KIND_FILE,
				     .access = CGW_ACC_WRITE,
				     .path = "/var/log/*.log" };
	struct cgw_obj o;

	cgw_t_file(&o, "/etc/shadow", CGW_ACC_READ | CGW_ACC_WRITE);
	KUNIT_EXPECT_TRUE(test, cgw_pattern_match(&deny, &o));
	cgw_t_file(&o, "/etc/shadow", CGW_ACC_READ);
	KUNIT_EXPECT_FALSE(test, cgw_pattern_match(&deny, &o));
	/* allow must cover every bit asked; write covers append */
	cgw_t_file(&o, "/var/log/a.log", CGW_ACC_APPEND);
	KUNIT_EXPECT_TRUE(test, cgw_pattern_match(&allow, &o));
	cgw_t_file(&o, "/var/log/a.log", CGW_ACC_READ | CGW_ACC_WRITE);
	KUNIT_EXPECT_FALSE(test, cgw_pattern_match(&allow, &o));
	cgw_t_exec(&o, "/var/log/a.log", "a.log");
	KUNIT_EXPECT_FALSE(test, cgw_pattern_match(&allow, &o));
}

static void cgw_pattern_exec_test(struct kunit *test)
{
	struct cgw_pattern p = { .action = CGW_ACTION_DENY,
				 .kind = CGW_KIND_EXEC,
				 .path = "/bin/busybox", .name = "nc" };
	struct cgw_obj o;

	cgw_t_exec(&o, "/bin/busybox", "nc");
	KUNIT_EXPECT_TRUE(test, cgw_pattern_match(&p, &o));
	cgw_t_exec(&o, "/bin/busybox", "sh");
	KUNIT_EXPECT_FALSE(test, cgw_pattern_match(&p, &o));
	p.name = NULL;
	KUNIT_EXPECT_TRUE(test, cgw_pattern_match(&p, &o));
}

static void cgw_pattern_net_test(struct kunit *test)
{
	struct cgw_pattern p = { .action = CGW_ACTION_DENY,
				 .kind = CGW_KIND_NET, .family = AF_INET,
				 .prefix = 12, .addr = { 172, 16 },
				 .port_lo = 80, .port_hi = 443,
				 .proto = IPPROTO_TCP };
	struct cgw_obj o;

	cgw_t_net4(&o, IPPROTO_TCP, 172, 31, 255, 1, 443);
	KUNIT_EXPECT_TRUE(test, cgw_pattern_match(&p, &o));
	cgw_t_net4(&o, IPPROTO_TCP, 172, 32, 0, 1, 443);
	KUNIT_EXPECT_FALSE(test, cgw_pattern_match(&p, &o));
	cgw_t_net4(&o, IPPROTO_TCP, 172, 16, 0, 1, 444);
	KUNIT_EXPECT_FALSE(test, cgw_pattern_match(&p, &o));
	cgw_t_net4(&o, IPPROTO_UDP, 172, 16, 0, 1, 80);
	KUNIT_EXPECT_FALSE(test, cgw_pattern_match(&p, &o));
	cgw_t_net6(&o, IPPROTO_TCP, 1, 80);
	KUNIT_EXPECT_FALSE(test, cgw_pattern_match(&p, &o));
	/* any family, address, port and protocol */
	p.family = 0;
	p.prefix = 0;
	p.proto = 0;
	p.port_lo = 0;
	p.port_hi = U16_MAX;
	KUNIT_EXPECT_TRUE(test, cgw_pattern_match(&p, &o));

	/* Socket access: a deny names a shared bit, an allow every bit. */
	p.access = CGW_NET_BIND | CGW_NET_LISTEN;
	o.access = CGW_NET_CONNECT;
	KUNIT_EXPECT_FALSE(test, cgw_pattern_match(&p, &o));
	o.access = CGW_NET_LISTEN | CGW_NET_ACCEPT;
	KUNIT_EXPECT_TRUE(test, cgw_pattern_match(&p, &o));
	p.action = CGW_ACTION_ALLOW;
	KUNIT_EXPECT_FALSE(test, cgw_pattern_match(&p, &o));
	o.access = CGW_NET_LISTEN;
	KUNIT_EXPECT_TRUE(test, cgw_pattern_match(&p, &o));
	/* any access */
	p.access = 0;
	o.access = CGW_NET_CREATE;
	KUNIT_EXPECT_TRUE(test, cgw_pattern_match(&p, &o));
}

static void cgw_policy_order_test(struct kunit *test)
{
	struct cgw_pattern pats[] = {
		{ .action = CGW_ACTION_ALLOW, .kind = CGW_KIND_FILE,
		  .path = "/etc/**" },
		{ .action = CGW_ACTION_DENY, .kind = CGW_KIND_FILE,
		  .path = "/etc/shadow" },
	};
	static const char *const web[] = { "/system.slice/docker-*.scope" };
	static const char *const host[] = { "/" };
	struct cgw_rule rules[] = {
		{ .name = "web", .mode = CGW_MODE_NONE,
		  .new_mode = CGW_MODE_PROTECT, .ncgroups = 1, .cgroups = web,
		  .npatterns = 2, .patterns = pats },
		{ .name = "host", .mode = CGW_MODE_MONITOR,
		  .new_mode = CGW_MODE_NONE, .ncgroups = 1, .cgroups = host },
	};
	struct cgw_policy pol = { .gen = 1, .nrules = 2, .rules = rules };
	const char *cg = "/system.slice/docker-ab.scope";
	DECLARE_BITMAP(on, CGW_POLICY_MAX_RULES);
	struct cgw_obj o;

	cgw_policy_rules_for(&pol, cg, strlen(cg), on);
	KUNIT_EXPECT_TRUE(test, test_bit(0, on));
	KUNIT_EXPECT_FALSE(test, test_bit(1, on));
	cgw_t_file(&o, "/etc/shadow", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_policy_check(&pol, on, &o),
			(int)CGW_ACTION_DENY);
	cgw_t_file(&o, "/etc/hosts", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_policy_check(&pol, on, &o),
			(int)CGW_ACTION_ALLOW);
	cgw_t_file(&o, "/srv/x", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_policy_check(&pol, on, &o), -1);
	KUNIT_EXPECT_EQ(test, cgw_policy_new_mode(&pol, cg, strlen(cg)),
			(u8)CGW_MODE_PROTECT);
	KUNIT_EXPECT_EQ(test, cgw_policy_new_mode(&pol, "/", 1),
			(u8)CGW_MODE_MONITOR);
	KUNIT_EXPECT_EQ(test, cgw_policy_new_mode(&pol, "/x", 2),
			(u8)CGW_MODE_NONE);
	cgw_policy_rules_for(&pol, "/", 1, on);
	KUNIT_EXPECT_EQ(test, cgw_policy_check(&pol, on, &o), -1);
}

/* A rule written for a cgroup holds for its subtree, however deep. */
static void cgw_policy_subtree_test(struct kunit *test)
{
	static const char *const rc[] = { "/rc" };
	static const char *const host[] = { "/" };
	struct cgw_rule r = { .name = "rc", .mode = CGW_MODE_NONE,
			      .new_mode = CGW_MODE_PROTECT, .ncgroups = 1,
			      .cgroups = rc };
	struct cgw_policy pol = { .gen = 1, .nrules = 1, .rules = &r };
	char deep[256] = "/rc";
	int i;

	for (i = 0; i < 40; i++)
		snprintf(deep + strlen(deep), sizeof(deep) - strlen(deep),
			 "/l%d", i);
	KUNIT_EXPECT_TRUE(test, cgw_rule_applies(&r, "/rc", 3));
	KUNIT_EXPECT_TRUE(test, cgw_rule_applies(&r, "/rc/a", 5));
	KUNIT_EXPECT_TRUE(test, cgw_rule_applies(&r, deep, strlen(deep)));
	KUNIT_EXPECT_EQ(test, cgw_policy_new_mode(&pol, deep, strlen(deep)),
			(u8)CGW_MODE_PROTECT);
	/* a name that only starts the same is another cgroup */
	KUNIT_EXPECT_FALSE(test, cgw_rule_applies(&r, "/rcx", 4));
	KUNIT_EXPECT_FALSE(test, cgw_rule_applies(&r, "/rcx/rc", 7));
	KUNIT_EXPECT_FALSE(test, cgw_rule_applies(&r, "/", 1));
	/* "/" names the host's own processes, not every cgroup */
	r.cgroups = host;
	KUNIT_EXPECT_TRUE(test, cgw_rule_applies(&r, "/", 1));
	KUNIT_EXPECT_FALSE(test, cgw_rule_applies(&r, "/rc", 3));
}

/* What decide makes of the policy's word, per mode. */
static void cgw_policy_verdict_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cgw_verdict_for(CGW_MODE_LEARN,
					      CGW_REASON_POLICY_DENY),
			(u8)CGW_VERDICT_DENY);
	KUNIT_EXPECT_EQ(test, cgw_verdict_for(CGW_MODE_MONITOR,
					      CGW_REASON_POLICY_DENY),
			(u8)CGW_VERDICT_ALERT);
	KUNIT_EXPECT_EQ(test, cgw_verdict_for(CGW_MODE_PROTECT,
					      CGW_REASON_POLICY_DENY),
			(u8)CGW_VERDICT_DENY);
	KUNIT_EXPECT_EQ(test, cgw_verdict_for(CGW_MODE_OFF,
					      CGW_REASON_POLICY_DENY),
			(u8)CGW_VERDICT_ALLOW);
	KUNIT_EXPECT_EQ(test, cgw_verdict_for(CGW_MODE_PROTECT,
					      CGW_REASON_POLICY_ALLOW),
			(u8)CGW_VERDICT_ALLOW);
}

static struct kunit_case cgw_policy_test_cases[] = {
	KUNIT_CASE(cgw_policy_subtree_test),
	KUNIT_CASE(cgw_glob_table_test),
	KUNIT_CASE(cgw_glob_valid_test),
	KUNIT_CASE(cgw_glob_cost_test),
	KUNIT_CASE(cgw_pattern_file_test),
	KUNIT_CASE(cgw_pattern_exec_test),
	KUNIT_CASE(cgw_pattern_net_test),
	KUNIT_CASE(cgw_policy_order_test),
	KUNIT_CASE(cgw_policy_verdict_test),
	{}
};

static struct kunit_suite cgw_policy_test_suite = {
	.name = "cgwarden-policy",
	.test_cases = cgw_policy_test_cases,
};

kunit_test_suite(cgw_policy_test_suite);
