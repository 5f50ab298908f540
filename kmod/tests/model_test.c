// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of model.c: what a learned entry covers, the caps, freeing,
 * and a table large enough to resize.
 */
#include <kunit/test.h>
#include <linux/in6.h>
#include <linux/kernel.h>
#include <linux/net.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include "cgw_test.h"

/*
 * Every test gets its own workqueue: cgw_model_exit() waits for every put
 * model to be freed, which is how a test sees the total go down.
 */
static struct cgw_config cgw_t_model_saved;

/* The exact table: generalisation has its own suite (widen_test.c). */
static int cgw_model_test_init(struct kunit *test)
{
	cgw_t_model_saved = cgw_config;
	cgw_config.dir_names = 0;
	cgw_config.net_addrs = 0;
	return cgw_model_init();
}

static void cgw_model_test_exit(struct kunit *test)
{
	cgw_config = cgw_t_model_saved;
	cgw_model_exit();
	KUNIT_EXPECT_EQ_MSG(test, cgw_model_total(), 0U,
			    "entries left behind by this test");
}

/*
 * Wait for put models to be freed.  The hash key changes, so no model with
 * entries may be alive across this.
 */
static void cgw_t_model_drain(struct kunit *test)
{
	cgw_model_exit();
	KUNIT_ASSERT_EQ(test, cgw_model_init(), 0);
}

static struct cgw_model *cgw_t_model_new(struct kunit *test)
{
	struct cgw_model *m = cgw_model_new(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	return m;
}

static void cgw_model_lifetime_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj o;
	char path[16];
	int i;

	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 0U);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 0U);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/tmp/%d", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	}
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 3U);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 3U);

	/* Putting a second reference leaves the first. */
	KUNIT_EXPECT_PTR_EQ(test, cgw_model_get(m), m);
	cgw_model_put(m);
	KUNIT_EXPECT_PTR_EQ(test, cgw_model_get(m), m);
	cgw_model_put(m);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 3U);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);

	/* The last put frees it, and its entries leave the total. */
	cgw_model_put(m);
	cgw_t_model_drain(test);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 0U);

	/* NULL is a no-op for both. */
	KUNIT_EXPECT_NULL(test, cgw_model_get(NULL));
	cgw_model_put(NULL);
}

static void cgw_model_exec_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj o;

	cgw_t_exec(&o, "/bin/busybox", "sh");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_KNOWN);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 1U);

	/* busybox run as sh does not allow busybox run as nc. */
	cgw_t_exec(&o, "/bin/busybox", "nc");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_exec(&o, "/bin/busybox", "s");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_exec(&o, "/bin/busybox", "");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* Nor another program invoked by the same name. */
	cgw_t_exec(&o, "/tmp/busybox", "sh");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_exec(&o, "/bin/busybo", "sh");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* Moving the split between path and name changes the key. */
	cgw_t_exec(&o, "/bin/busyboxs", "h");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* Nor a file of the same path: kinds do not mix. */
	cgw_t_file(&o, "/bin/busybox", CGW_ACC_EXEC);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	/* The second name is an entry of its own. */
	cgw_t_exec(&o, "/bin/busybox", "nc");
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 2U);
	cgw_model_put(m);
}

static enum cgw_match cgw_t_match_in(struct cgw_model *m,
				     const struct cgw_obj *o, bool starting)
{
	enum cgw_match r;

	rcu_read_lock();
	r = cgw_model_match(m, o, starting);
	rcu_read_unlock();
	return r;
}

static enum cgw_learn cgw_t_learn_in(struct cgw_model *m,
				     const struct cgw_obj *o, bool starting)
{
	enum cgw_learn r;

	rcu_read_lock();
	r = cgw_model_learn(m, o, starting, GFP_ATOMIC);
	rcu_read_unlock();
	return r;
}

/*
 * A start-up entry (learned while the cgroup started) grants only to a
 * cgroup starting, until it is learned again after a start-up; what was
 * learned outside one stays whatever a start-up sees.
 */
static void cgw_model_startup_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj sh, conf;

	/* initdb's "locale -a" through sh, at the first start only */
	cgw_t_exec(&sh, "/bin/busybox", "sh");
	sh.exe = "/usr/lib/postgresql/15/bin/postgres";
	sh.exe_len = strlen(sh.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_learn_in(m, &sh, true), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match_in(m, &sh, true), CGW_MATCH_STARTUP);
	KUNIT_EXPECT_EQ(test, cgw_t_match_in(m, &sh, false), CGW_MATCH_MISS);
	/* seen again in a start-up: still start-up only */
	KUNIT_EXPECT_EQ(test, cgw_t_learn_in(m, &sh, true), CGW_LEARN_KNOWN);
	KUNIT_EXPECT_EQ(test, cgw_t_match_in(m, &sh, false), CGW_MATCH_MISS);

	/* read at every start, and while serving */
	cgw_t_file(&conf, "/etc/postgresql.conf", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn_in(m, &conf, true), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match_in(m, &conf, false), CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_learn_in(m, &conf, false), CGW_LEARN_KNOWN);
	KUNIT_EXPECT_EQ(test, cgw_t_match_in(m, &conf, false), CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_t_match_in(m, &conf, true), CGW_MATCH_HIT);
	/* a steady entry seen in a later start-up stays steady */
	KUNIT_EXPECT_EQ(test, cgw_t_learn_in(m, &conf, true), CGW_LEARN_KNOWN);
	KUNIT_EXPECT_EQ(test, cgw_t_match_in(m, &conf, false), CGW_MATCH_HIT);

	/* an import says which it is; a steady copy makes it steady */
	sh.startup = true;
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, cgw_model_add(m, &sh, GFP_ATOMIC), CGW_LEARN_KNOWN);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, cgw_t_match_in(m, &sh, false), CGW_MATCH_MISS);
	sh.startup = false;
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, cgw_model_add(m, &sh, GFP_ATOMIC), CGW_LEARN_KNOWN);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, cgw_t_match_in(m, &sh, false), CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 2U);
	cgw_model_put(m);
}

static void cgw_model_file_access_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj o;

	/* Learned read does not cover write, append or exec. */
	cgw_t_file(&o, "/etc/passwd", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_t_file(&o, "/etc/passwd", CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_file(&o, "/etc/passwd", CGW_ACC_APPEND);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_file(&o, "/etc/passwd", CGW_ACC_EXEC);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_file(&o, "/etc/passwd", CGW_ACC_READ | CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* Other paths miss, whatever the access. */
	cgw_t_file(&o, "/etc/passw", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_file(&o, "/etc/passwd/", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	/* Learned write covers append, but not read. */
	cgw_t_file(&o, "/var/log/app.log", CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	cgw_t_file(&o, "/var/log/app.log", CGW_ACC_APPEND);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_t_file(&o, "/var/log/app.log", CGW_ACC_WRITE | CGW_ACC_APPEND);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_t_file(&o, "/var/log/app.log", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* Learning append is already known. */
	cgw_t_file(&o, "/var/log/app.log", CGW_ACC_APPEND);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_KNOWN);

	/* Learned append does not cover write. */
	cgw_t_file(&o, "/var/log/other.log", CGW_ACC_APPEND);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	cgw_t_file(&o, "/var/log/other.log", CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	/* An open with no access bits (e.g. O_PATH) is covered by any. */
	cgw_t_file(&o, "/etc/passwd", 0);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);

	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 3U);
	cgw_model_put(m);
}

/* A path is one entry whose access widens as more is learned. */
static void cgw_model_file_widen_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj o;

	cgw_t_file(&o, "/data/db", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_KNOWN);

	cgw_t_file(&o, "/data/db", CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 1U);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 1U);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_KNOWN);

	/* Both bits are now held, and append through write. */
	cgw_t_file(&o, "/data/db", CGW_ACC_READ | CGW_ACC_WRITE |
		   CGW_ACC_APPEND);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_KNOWN);
	cgw_t_file(&o, "/data/db", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_KNOWN);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);

	cgw_t_file(&o, "/data/db", CGW_ACC_EXEC);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	cgw_t_file(&o, "/data/db", CGW_ACC_READ | CGW_ACC_WRITE |
		   CGW_ACC_APPEND | CGW_ACC_EXEC);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 1U);
	cgw_model_put(m);
}

static void cgw_model_net_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj o;

	cgw_t_net4(&o, IPPROTO_TCP, 10, 0, 0, 1, 443);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_KNOWN);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);

	cgw_t_net4(&o, IPPROTO_TCP, 10, 0, 0, 1, 444);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_net4(&o, IPPROTO_UDP, 10, 0, 0, 1, 443);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_net4(&o, IPPROTO_TCP, 10, 0, 0, 2, 443);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_net4(&o, IPPROTO_TCP, 11, 0, 0, 1, 443);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* The same bytes as IPv6 are another address. */
	cgw_t_net4(&o, IPPROTO_TCP, 10, 0, 0, 1, 443);
	o.family = AF_INET6;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* A net entry is not a file, whatever the fields say. */
	cgw_t_net4(&o, IPPROTO_TCP, 10, 0, 0, 1, 443);
	o.kind = CGW_KIND_UNIX;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	cgw_t_net6(&o, IPPROTO_UDP, 1, 53);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_t_net6(&o, IPPROTO_UDP, 2, 53);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_net6(&o, IPPROTO_TCP, 1, 53);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_net6(&o, IPPROTO_UDP, 1, 5353);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_net6(&o, IPPROTO_UDP, 1, 53);
	o.family = AF_INET;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 2U);
	cgw_model_put(m);
}

static void cgw_model_unix_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj o;

	cgw_t_unix(&o, "/run/docker.sock");
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_t_unix(&o, "/run/docker.sock2");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_unix(&o, "/run/docker.soc");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* A file of the same path is another kind. */
	cgw_t_file(&o, "/run/docker.sock", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	/* Abstract names. */
	cgw_t_unix(&o, "@dbus-session");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_t_unix(&o, "@dbus-sessio");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_unix(&o, "dbus-session");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_unix(&o, "@");
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 2U);
	cgw_model_put(m);
}

static void cgw_model_cap_test(struct kunit *test)
{
	struct cgw_config saved = cgw_config;
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj o;
	char path[16];
	int i;

	cgw_config.max_entries = 8;
	for (i = 0; i < 12; i++) {
		snprintf(path, sizeof(path), "/cap/%d", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		KUNIT_EXPECT_EQ_MSG(test, cgw_t_learn(m, &o),
				    i < 8 ? CGW_LEARN_NEW : CGW_LEARN_FULL,
				    "entry %d", i);
	}
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 8U);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 8U);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	/* A full model still knows, and widens, what it holds. */
	cgw_t_file(&o, "/cap/0", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_KNOWN);
	cgw_t_file(&o, "/cap/0", CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 8U);

	/* Raising the cap makes room. */
	cgw_config.max_entries = 9;
	cgw_t_file(&o, "/cap/8", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	cgw_t_file(&o, "/cap/9", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_FULL);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 9U);

	cgw_config = saved;
	cgw_model_put(m);
}

static void cgw_model_total_cap_test(struct kunit *test)
{
	struct cgw_config saved = cgw_config;
	struct cgw_model *a = cgw_t_model_new(test);
	struct cgw_model *b = cgw_t_model_new(test);
	struct cgw_obj o;
	char path[16];
	int i;

	cgw_config.max_entries = 8;
	cgw_config.max_entries_total = 10;
	for (i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "/a/%d", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		KUNIT_EXPECT_EQ(test, cgw_t_learn(a, &o), CGW_LEARN_NEW);
	}
	for (i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "/b/%d", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		KUNIT_EXPECT_EQ_MSG(test, cgw_t_learn(b, &o),
				    i < 4 ? CGW_LEARN_NEW : CGW_LEARN_FULL,
				    "entry %d", i);
	}
	KUNIT_EXPECT_EQ(test, cgw_model_count(a), 6U);
	KUNIT_EXPECT_EQ(test, cgw_model_count(b), 4U);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 10U);
	/* A refusal by the total cap leaves no slot taken. */
	cgw_t_file(&o, "/a/new", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(a, &o), CGW_LEARN_FULL);
	KUNIT_EXPECT_EQ(test, cgw_model_count(a), 6U);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 10U);

	/* Freeing one model gives its entries back to the others. */
	cgw_model_put(a);
	cgw_model_put(b);
	cgw_t_model_drain(test);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 0U);
	a = cgw_t_model_new(test);
	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "/c/%d", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		KUNIT_EXPECT_EQ(test, cgw_t_learn(a, &o), CGW_LEARN_NEW);
	}
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 8U);

	cgw_config = saved;
	cgw_model_put(a);
}

enum { CGW_T_MANY = 20000 };

/* Enough entries that the table resizes several times as it grows. */
static void cgw_model_many_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	unsigned int learned = 0, found = 0;
	struct cgw_obj o;
	char path[32];
	int i;

	for (i = 0; i < CGW_T_MANY; i++) {
		snprintf(path, sizeof(path), "/usr/lib/many/%d.so", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		learned += cgw_t_learn(m, &o) == CGW_LEARN_NEW;
		if (!(i % 1000))
			cond_resched();
	}
	KUNIT_EXPECT_EQ(test, learned, (unsigned int)CGW_T_MANY);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), (unsigned int)CGW_T_MANY);

	for (i = 0; i < CGW_T_MANY; i++) {
		snprintf(path, sizeof(path), "/usr/lib/many/%d.so", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		found += cgw_t_match(m, &o) == CGW_MATCH_HIT;
		if (!(i % 1000))
			cond_resched();
	}
	KUNIT_EXPECT_EQ(test, found, (unsigned int)CGW_T_MANY);
	cgw_t_file(&o, "/usr/lib/many/20000.so", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_file(&o, "/usr/lib/many/1.so", CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	cgw_model_put(m);
	cgw_t_model_drain(test);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 0U);
}

enum { CGW_T_NEIGHBOURS = 2000 };

/*
 * Object @i of a family that differs in one field only, so that equality
 * and not just the hash tells them apart.
 */
static void cgw_t_neighbour(struct cgw_obj *o, unsigned int kind,
			    unsigned int i, char *buf, size_t len)
{
	switch (kind) {
	case 0:	/* invoked names of one executable */
		snprintf(buf, len, "n%u", i);
		cgw_t_exec(o, "/bin/busybox", buf);
		break;
	case 1:	/* paths of one length */
		snprintf(buf, len, "/f/%05u", i);
		cgw_t_file(o, buf, CGW_ACC_READ);
		break;
	case 2:	/* ports */
		cgw_t_net4(o, IPPROTO_TCP, 10, 0, 0, 1, 1024 + i);
		break;
	case 3:	/* addresses */
		cgw_t_net6(o, IPPROTO_UDP, 0, 53);
		o->addr[14] = i >> 8;
		o->addr[15] = i;
		break;
	default: /* abstract unix names of one length */
		snprintf(buf, len, "@s%05u", i);
		cgw_t_unix(o, buf);
		break;
	}
}

/*
 * Learn every other neighbour: the rest must miss.  With thousands of
 * entries many share a bucket, so this checks the compare function.
 */
static void cgw_model_neighbours_test(struct kunit *test)
{
	unsigned int kind, i, wrong;
	struct cgw_model *m;
	struct cgw_obj o;
	char buf[16];

	for (kind = 0; kind < 5; kind++) {
		m = cgw_t_model_new(test);
		for (i = 0; i < CGW_T_NEIGHBOURS; i += 2) {
			cgw_t_neighbour(&o, kind, i, buf, sizeof(buf));
			KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
		}
		wrong = 0;
		for (i = 0; i < CGW_T_NEIGHBOURS; i++) {
			cgw_t_neighbour(&o, kind, i, buf, sizeof(buf));
			wrong += cgw_t_match(m, &o) !=
				 (i % 2 ? CGW_MATCH_MISS : CGW_MATCH_HIT);
		}
		KUNIT_EXPECT_EQ_MSG(test, wrong, 0U, "kind %u", kind);
		KUNIT_EXPECT_EQ(test, cgw_model_count(m),
				(unsigned int)CGW_T_NEIGHBOURS / 2);
		cgw_model_put(m);
	}
}

/* Whether bit @b of @asked is granted by @learned, bit by bit. */
static bool cgw_t_bit_covered(u32 learned, u32 asked, u32 b)
{
	if (!(asked & b) || (learned & b))
		return true;
	return b == CGW_ACC_APPEND && (learned & CGW_ACC_WRITE);
}

static void cgw_access_covers_test(struct kunit *test)
{
	u32 l, a, b;
	bool want;

	KUNIT_EXPECT_TRUE(test, cgw_access_covers(CGW_ACC_READ, CGW_ACC_READ));
	KUNIT_EXPECT_FALSE(test, cgw_access_covers(CGW_ACC_READ, CGW_ACC_WRITE));
	KUNIT_EXPECT_FALSE(test, cgw_access_covers(CGW_ACC_READ, CGW_ACC_APPEND));
	KUNIT_EXPECT_TRUE(test, cgw_access_covers(CGW_ACC_WRITE, CGW_ACC_APPEND));
	KUNIT_EXPECT_FALSE(test, cgw_access_covers(CGW_ACC_APPEND, CGW_ACC_WRITE));
	KUNIT_EXPECT_FALSE(test, cgw_access_covers(CGW_ACC_WRITE, CGW_ACC_READ));
	KUNIT_EXPECT_FALSE(test, cgw_access_covers(CGW_ACC_READ, CGW_ACC_EXEC));
	KUNIT_EXPECT_FALSE(test, cgw_access_covers(CGW_ACC_EXEC, CGW_ACC_READ));
	KUNIT_EXPECT_TRUE(test, cgw_access_covers(CGW_ACC_READ | CGW_ACC_WRITE,
						  CGW_ACC_READ | CGW_ACC_WRITE |
						  CGW_ACC_APPEND));
	KUNIT_EXPECT_TRUE(test, cgw_access_covers(0, 0));
	KUNIT_EXPECT_FALSE(test, cgw_access_covers(0, CGW_ACC_READ));

	/*
	 * Every pair of open's four bits and the first name bit; then each
	 * bit beyond, which implies and is implied by nothing (every pair of
	 * all 16 bits would be 2^32 cases).
	 */
	for (l = 0; l < 0x20; l++) {
		for (a = 0; a < 0x20; a++) {
			want = true;
			for (b = 1; b <= CGW_ACC_ALL; b <<= 1)
				want &= cgw_t_bit_covered(l, a, b);
			KUNIT_EXPECT_EQ_MSG(test, cgw_access_covers(l, a), want,
					    "learned %#x asked %#x", l, a);
		}
	}
	for (b = 0x20; b <= CGW_ACC_ALL; b <<= 1) {
		KUNIT_EXPECT_TRUE(test, cgw_access_covers(b, b));
		KUNIT_EXPECT_FALSE_MSG(test, cgw_access_covers(0x1f, b),
				       "bit %#x", b);
		KUNIT_EXPECT_FALSE_MSG(test,
				       cgw_access_covers(CGW_ACC_ALL & ~b, b),
				       "bit %#x", b);
	}
}

/*
 * What a name grants, by any program: the summaries the link rule reads.
 * They are not entries.
 */
static void cgw_model_grants_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj o;
	u32 g;

	cgw_t_file(&o, "/srv/a", CGW_ACC_READ);
	o.exe = "/bin/x";
	o.exe_len = 6;
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	cgw_t_file(&o, "/srv/a", CGW_ACC_WRITE | CGW_ACC_LINK);
	o.exe = "/bin/y";
	o.exe_len = 6;
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 2U);

	cgw_t_file(&o, "/srv/a", 0);
	rcu_read_lock();
	g = cgw_model_grants(m, &o);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, g, CGW_ACC_READ | CGW_ACC_WRITE |
			CGW_ACC_APPEND | CGW_ACC_LINK);
	cgw_t_file(&o, "/srv/b", 0);
	rcu_read_lock();
	g = cgw_model_grants(m, &o);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, g, 0U);

	/* A directory entry grants its access to every name in it. */
	cgw_t_file(&o, "/srv/d", CGW_ACC_EXEC);
	o.wild = CGW_WILD_DIR;
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, cgw_model_add(m, &o, GFP_ATOMIC), CGW_LEARN_NEW);
	cgw_t_file(&o, "/srv/d/f", 0);
	g = cgw_model_grants(m, &o);
	cgw_t_file(&o, "/srv/d/e/f", 0);
	KUNIT_EXPECT_EQ(test, cgw_model_grants(m, &o), 0U);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, g, CGW_ACC_EXEC);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 3U);
	cgw_model_put(m);
}

/*
 * Under rcu_read_lock(): the entry (or summary alone) of file @path
 * bound to no program.
 */
static struct cgw_entry *cgw_t_base(struct cgw_model *m, const char *path)
{
	struct rhashtable_iter it;
	struct cgw_entry *e;

	rhashtable_walk_enter(&m->ht, &it);
	rhashtable_walk_start(&it);
	while ((e = rhashtable_walk_next(&it)))
		if (!IS_ERR(e) && e->kind == CGW_KIND_FILE && !e->exe_len &&
		    e->wild == CGW_WILD_NONE && !strcmp(e->data, path))
			break;
	rhashtable_walk_stop(&it);
	rhashtable_walk_exit(&it);
	return e;
}

/* What @m's name @path grants, by any program. */
static u32 cgw_t_grants(struct cgw_model *m, const char *path)
{
	struct cgw_obj o;
	u32 g;

	cgw_t_file(&o, path, 0);
	rcu_read_lock();
	g = cgw_model_grants(m, &o);
	rcu_read_unlock();
	return g;
}

/*
 * A path's summary lives in its entry bound to no program: alone (no
 * entry, grants nothing itself) until that entry is learned, and left
 * behind when it is removed.  Only summaries alone are counted apart.
 */
static void cgw_model_sum_fold_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_entry *e;
	struct cgw_obj o;

	cgw_t_file(&o, "/srv/a", CGW_ACC_READ);
	o.exe = "/bin/x";
	o.exe_len = 6;
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&m->counters), 1);
	/* The summary alone grants nothing to another program. */
	o.exe = "/bin/z";
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	o.exe = NULL;
	o.exe_len = 0;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	/* The entry bound to no program takes the summary over. */
	cgw_t_file(&o, "/srv/a", CGW_ACC_WRITE);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, cgw_model_add(m, &o, GFP_ATOMIC), CGW_LEARN_NEW);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 2U);
	KUNIT_EXPECT_EQ(test, atomic_read(&m->counters), 0);
	KUNIT_EXPECT_EQ(test, cgw_t_grants(m, "/srv/a"), CGW_ACC_READ |
			CGW_ACC_WRITE | CGW_ACC_APPEND);
	o.exe = "/bin/z";
	o.exe_len = 6;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	o.access = CGW_ACC_READ;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	/* Its own access only, on export; removed, the summary stays. */
	rcu_read_lock();
	e = cgw_t_base(m, "/srv/a");
	KUNIT_ASSERT_NOT_NULL(test, e);
	cgw_entry_to_obj(e, &o);
	KUNIT_EXPECT_EQ(test, o.access, (u32)CGW_ACC_WRITE);
	KUNIT_EXPECT_TRUE(test, cgw_entry_listed(e));
	KUNIT_EXPECT_EQ(test, cgw_model_remove(m, e), 0);
	KUNIT_EXPECT_FALSE(test, cgw_entry_listed(e));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&m->counters), 1);
	KUNIT_EXPECT_EQ(test, cgw_t_grants(m, "/srv/a"), CGW_ACC_READ |
			CGW_ACC_WRITE | CGW_ACC_APPEND);
	cgw_t_file(&o, "/srv/a", CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* ... and is taken over again by the entry learned again. */
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 2U);
	KUNIT_EXPECT_EQ(test, atomic_read(&m->counters), 0);

	/* An import (bound to no program) makes no summary apart. */
	cgw_t_file(&o, "/srv/b", CGW_ACC_READ);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, cgw_model_add(m, &o, GFP_ATOMIC), CGW_LEARN_NEW);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, atomic_read(&m->counters), 0);
	KUNIT_EXPECT_EQ(test, cgw_t_grants(m, "/srv/b"), (u32)CGW_ACC_READ);
	cgw_model_put(m);
}

/* Sockets: v4-mapped IPv6 is IPv4, a port means nothing without ports. */
static void cgw_net_normalise_test(struct kunit *test)
{
	static const u8 mapped[16] = { [10] = 0xff, [11] = 0xff,
				       127, 0, 0, 9 };
	struct cgw_obj o, want;

	cgw_t_net6(&o, IPPROTO_UDP, 1, 53);
	memcpy(o.addr, mapped, 16);
	o.type = SOCK_DGRAM;
	cgw_net_normalise(&o);
	cgw_t_net4(&want, IPPROTO_UDP, 127, 0, 0, 9, 53);
	want.type = SOCK_DGRAM;
	KUNIT_EXPECT_EQ(test, o.family, (u16)AF_INET);
	KUNIT_EXPECT_EQ(test, memcmp(o.addr, want.addr, 16), 0);
	KUNIT_EXPECT_EQ(test, o.port, (u16)53);

	/* Not mapped: ::ffff:0:0:1 style and 2001:db8:: stay IPv6. */
	cgw_t_net6(&o, IPPROTO_UDP, 1, 53);
	cgw_net_normalise(&o);
	KUNIT_EXPECT_EQ(test, o.family, (u16)AF_INET6);
	cgw_t_net6(&o, IPPROTO_UDP, 1, 53);
	memcpy(o.addr, mapped, 16);
	o.addr[9] = 1;
	cgw_net_normalise(&o);
	KUNIT_EXPECT_EQ(test, o.family, (u16)AF_INET6);

	/* Raw sockets and ICMP echo have no ports. */
	cgw_t_net4(&o, IPPROTO_UDP, 10, 0, 0, 1, 53);
	o.type = SOCK_RAW;
	cgw_net_normalise(&o);
	KUNIT_EXPECT_EQ(test, o.port, (u16)0);
	cgw_t_net4(&o, IPPROTO_ICMP, 10, 0, 0, 1, 7);
	o.type = SOCK_DGRAM;
	cgw_net_normalise(&o);
	KUNIT_EXPECT_EQ(test, o.port, (u16)0);
	cgw_t_net4(&o, IPPROTO_SCTP, 10, 0, 0, 1, 5000);
	o.type = SOCK_SEQPACKET;
	cgw_net_normalise(&o);
	KUNIT_EXPECT_EQ(test, o.port, (u16)5000);

	/* Files and unix names are not touched. */
	cgw_t_file(&o, "/x", CGW_ACC_READ);
	o.port = 7;
	cgw_net_normalise(&o);
	KUNIT_EXPECT_EQ(test, o.port, (u16)7);

	KUNIT_EXPECT_EQ(test, cgw_net_default_type(IPPROTO_TCP), (u8)SOCK_STREAM);
	KUNIT_EXPECT_EQ(test, cgw_net_default_type(IPPROTO_UDP), (u8)SOCK_DGRAM);
	KUNIT_EXPECT_EQ(test, cgw_net_default_type(IPPROTO_ICMPV6), (u8)SOCK_DGRAM);
	KUNIT_EXPECT_EQ(test, cgw_net_default_type(IPPROTO_RAW), (u8)0);
}

/*
 * A socket entry's access bits: each stands for itself, and 0 (models
 * from before) is CONNECT.  The socket type is part of the key.
 */
static void cgw_model_net_access_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj o;
	u32 a, b;

	cgw_t_net4(&o, IPPROTO_TCP, 0, 0, 0, 0, 8080);
	o.type = SOCK_STREAM;
	o.access = CGW_NET_BIND;
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	o.access = CGW_NET_LISTEN;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	o.access = CGW_NET_CONNECT;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	o.access = CGW_NET_LISTEN;
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	o.access = CGW_NET_BIND | CGW_NET_LISTEN;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 1U);

	/* The same protocol and address from a raw socket is another key. */
	o.type = SOCK_RAW;
	o.access = CGW_NET_BIND;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	/* An entry learned with access 0 holds CONNECT, and only that. */
	cgw_t_net4(&o, IPPROTO_UDP, 10, 0, 0, 1, 53);
	o.type = SOCK_DGRAM;
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	o.access = CGW_NET_CONNECT;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	o.access = CGW_NET_BIND;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	o.access = CGW_NET_CONNECT;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_model_put(m);

	for (a = 0; a <= CGW_NET_ALL; a++)
		for (b = 0; b <= CGW_NET_ALL; b++)
			KUNIT_EXPECT_EQ_MSG(test, cgw_obj_covers(CGW_KIND_NET, a, b),
					    !((b ?: CGW_NET_CONNECT) &
					      ~(a ?: CGW_NET_CONNECT)),
					    "learned %#x asked %#x", a, b);
	KUNIT_EXPECT_TRUE(test, cgw_obj_covers(CGW_KIND_FILE, CGW_ACC_WRITE,
					       CGW_ACC_APPEND));
	KUNIT_EXPECT_FALSE(test, cgw_obj_covers(CGW_KIND_NET, CGW_NET_BIND,
						CGW_NET_LISTEN));
}

/*
 * A program without a path (program.c) is allowed to run only by the
 * program that ran it while learning: its own entry, never one bound to
 * no program.
 */
static void cgw_model_unnamed_exec_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj o;

	cgw_t_exec(&o, "memfd:runc_cloned:/proc/self/exe", "3");
	o.exe = "unreachable:/usr/sbin/runc";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	o.exe = "/bin/busybox";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* An entry bound to no program (imported so) does not vouch for it. */
	o.exe_len = 0;
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* Its open to run, the same. */
	cgw_t_file(&o, "memfd:x", CGW_ACC_EXEC | CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	o.exe = "/bin/busybox";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* A file read (not run) stays covered by an unbound entry. */
	cgw_t_file(&o, "memfd:x", CGW_ACC_READ);
	o.exe = "/bin/busybox";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_model_put(m);
}

/*
 * A made-up name of letters only (one mkstemp suffix in three) is covered
 * by the entry a made-up name collapsed to; names never collapsed are not.
 */
static void cgw_model_loose_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_model_new(test);
	struct cgw_obj o;

	cgw_t_file(&o, "/run/runc/ctr1/runc.*", CGW_ACC_CREATE);
	o.exe = "/usr/sbin/runc";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	o.path = "/run/runc/ctr1/runc.AWSkvY";
	o.path_len = strlen(o.path);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	/* Learning it again adds nothing. */
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_KNOWN);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 1U);
	/* Another program, another directory, a short run: not covered. */
	o.exe = "/bin/sh";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	o.exe = "/usr/sbin/runc";
	o.exe_len = strlen(o.exe);
	o.path = "/run/runc/ctr2/runc.AWSkvY";
	o.path_len = strlen(o.path);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	o.path = "/run/runc/ctr1/runc.AWSkv";
	o.path_len = strlen(o.path);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* What the name grants (the link rule): the collapsed entry's. */
	cgw_t_file(&o, "/run/runc/ctr1/runc.AWSkvY", CGW_ACC_READ);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, cgw_model_grants(m, &o), (u32)CGW_ACC_CREATE);
	rcu_read_unlock();
	/* A write where programs live is never collapsed, nor tried so. */
	cgw_t_file(&o, "/usr/bin/app.*", CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	o.path = "/usr/bin/app.AWSkvY";
	o.path_len = strlen(o.path);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_model_put(m);
}

static struct kunit_case cgw_model_test_cases[] = {
	KUNIT_CASE(cgw_model_lifetime_test),
	KUNIT_CASE(cgw_model_exec_test),
	KUNIT_CASE(cgw_model_startup_test),
	KUNIT_CASE(cgw_model_unnamed_exec_test),
	KUNIT_CASE(cgw_model_loose_test),
	KUNIT_CASE(cgw_model_file_access_test),
	KUNIT_CASE(cgw_model_file_widen_test),
	KUNIT_CASE(cgw_model_net_test),
	KUNIT_CASE(cgw_model_unix_test),
	KUNIT_CASE(cgw_model_cap_test),
	KUNIT_CASE(cgw_model_total_cap_test),
	KUNIT_CASE(cgw_model_many_test),
	KUNIT_CASE(cgw_model_neighbours_test),
	KUNIT_CASE(cgw_access_covers_test),
	KUNIT_CASE(cgw_model_grants_test),
	KUNIT_CASE(cgw_model_sum_fold_test),
	KUNIT_CASE(cgw_net_normalise_test),
	KUNIT_CASE(cgw_model_net_access_test),
	{}
};

static struct kunit_suite cgw_model_test_suite = {
	.name = "cgwarden_model",
	.init = cgw_model_test_init,
	.exit = cgw_model_test_exit,
	.test_cases = cgw_model_test_cases,
};

kunit_test_suite(cgw_model_test_suite);
