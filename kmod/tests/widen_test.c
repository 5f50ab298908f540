// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what a model makes of what it learns: DIR entries after
 * dir_names names, ADDR entries after net_addrs addresses, never for
 * programs or sensitive writes, undone for good when removed; entries
 * bound to their program; candidates' bookkeeping.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/in.h>
#include <linux/rhashtable.h>
#include "cgw_test.h"

static struct cgw_config cgw_t_saved;

static int cgw_widen_test_init(struct kunit *test)
{
	cgw_t_saved = cgw_config;
	cgw_config.dir_names = 4;
	cgw_config.net_addrs = 3;
	return cgw_model_init();
}

static void cgw_widen_test_exit(struct kunit *test)
{
	cgw_model_exit();
	cgw_config = cgw_t_saved;
	KUNIT_EXPECT_EQ_MSG(test, cgw_model_total(), 0U,
			    "entries left behind by this test");
}

static struct cgw_model *cgw_t_new(struct kunit *test, bool cand)
{
	struct cgw_model *m = cgw_model_new(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->cand = cand;
	return m;
}

/* Learn /dir/f<from> ... /dir/f<to - 1> with @acc: all new. */
static void cgw_t_learn_range(struct kunit *test, struct cgw_model *m,
			      const char *dir, int from, int to, u32 acc)
{
	struct cgw_obj o;
	char path[64];
	int i;

	for (i = from; i < to; i++) {
		snprintf(path, sizeof(path), "%s/f%d", dir, i);
		cgw_t_file(&o, path, acc);
		KUNIT_EXPECT_EQ_MSG(test, cgw_t_learn(m, &o), CGW_LEARN_NEW,
				    "%s", path);
	}
}

static void cgw_t_learn_names(struct kunit *test, struct cgw_model *m,
			      const char *dir, int n, u32 acc)
{
	cgw_t_learn_range(test, m, dir, 0, n, acc);
}

static enum cgw_match cgw_t_match_file(struct cgw_model *m, const char *path,
				       u32 acc)
{
	struct cgw_obj o;

	cgw_t_file(&o, path, acc);
	return cgw_t_match(m, &o);
}

/* Up to dir_names names stay exact; one more makes the DIR entry. */
static void cgw_widen_dir_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_new(test, false);
	u64 made = atomic64_read(&cgw_stats.generalised);
	struct cgw_obj o;

	cgw_t_learn_names(test, m, "/tmp/w", 4, CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/tmp/w/other", CGW_ACC_WRITE),
			CGW_MATCH_MISS);
	/*
	 * 4 names; their counter is no entry, and their paths' summaries
	 * are in their entries (bound to no program)
	 */
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 4U);
	KUNIT_EXPECT_EQ(test, atomic_read(&m->counters), 1);
	cgw_t_learn_range(test, m, "/tmp/w", 4, 5, CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, atomic64_read(&cgw_stats.generalised), made + 1);
	/* 5 names and the DIR entry */
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 6U);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/tmp/w/other", CGW_ACC_WRITE),
			CGW_MATCH_HIT);
	/* The DIR entry covers its access only, and one level only. */
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/tmp/w/other", CGW_ACC_READ),
			CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/tmp/w/d/x", CGW_ACC_WRITE),
			CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/tmp/x", CGW_ACC_WRITE),
			CGW_MATCH_MISS);
	/* What it covers is known: learning adds nothing any more. */
	cgw_t_file(&o, "/tmp/w/new", CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_KNOWN);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 6U);
	cgw_model_put(m);
}

/* Reads of /etc widen to /etc/ *, which still never covers a secret. */
static void cgw_widen_secret_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_new(test, false);
	struct cgw_obj o;

	cgw_t_learn_names(test, m, "/etc", 5, CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/etc/hostname", CGW_ACC_READ),
			CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/etc/shadow", CGW_ACC_READ),
			CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/etc/gshadow", CGW_ACC_READ),
			CGW_MATCH_MISS);
	/* Nor /proc/ * /environ when /proc/ * reads were widened. */
	cgw_t_learn_names(test, m, "/proc/*", 5, CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/proc/*/stat", CGW_ACC_READ),
			CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/proc/*/environ",
					       CGW_ACC_READ), CGW_MATCH_MISS);
	/* A secret learned by name is allowed by that name alone. */
	cgw_t_file(&o, "/etc/shadow", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/etc/shadow", CGW_ACC_READ),
			CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/etc/gshadow", CGW_ACC_READ),
			CGW_MATCH_MISS);
	cgw_model_put(m);
}

/*
 * A name made (create) then opened (rw) counts for both accesses: files
 * made with mkstemp generalise to a directory entry for both.
 */
static void cgw_widen_second_access_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_new(test, false);
	struct cgw_obj o;
	char path[32];
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "/srv/t/f%d", i);
		cgw_t_file(&o, path, CGW_ACC_CREATE);
		KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
		cgw_t_file(&o, path, CGW_ACC_READ | CGW_ACC_WRITE);
		KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	}
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/srv/t/new", CGW_ACC_CREATE),
			CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/srv/t/new",
					       CGW_ACC_READ | CGW_ACC_WRITE),
			CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/srv/t/new", CGW_ACC_EXEC),
			CGW_MATCH_MISS);
	/* one DIR entry, for both */
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 6U);
	cgw_model_put(m);
}

/* Programs and writes where programs and configuration live stay exact. */
static void cgw_widen_never_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_new(test, false);

	cgw_t_learn_names(test, m, "/etc/app", 8, CGW_ACC_WRITE);
	cgw_t_learn_names(test, m, "/usr/lib/x", 8, CGW_ACC_APPEND);
	cgw_t_learn_names(test, m, "/srv/bin", 8, CGW_ACC_EXEC | CGW_ACC_READ);
	cgw_t_learn_names(test, m, "/home/u/.ssh/k", 8, CGW_ACC_WRITE);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/etc/app/x", CGW_ACC_WRITE),
			CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/usr/lib/x/y", CGW_ACC_APPEND),
			CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/srv/bin/y",
					       CGW_ACC_EXEC | CGW_ACC_READ),
			CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/home/u/.ssh/k/z",
					       CGW_ACC_WRITE), CGW_MATCH_MISS);
	/* No counters either: 32 exact entries. */
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 32U);
	/* Reads there do widen. */
	cgw_t_learn_names(test, m, "/etc/app2", 5, CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/etc/app2/x", CGW_ACC_READ),
			CGW_MATCH_HIT);
	cgw_model_put(m);
}

/* What an operator adds (import, accept) is kept as given. */
static void cgw_widen_add_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_new(test, false);
	struct cgw_obj o;
	char path[32];
	int i;

	for (i = 0; i < 10; i++) {
		snprintf(path, sizeof(path), "/srv/in/f%d", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		rcu_read_lock();
		KUNIT_EXPECT_EQ(test, cgw_model_add(m, &o, GFP_ATOMIC),
				CGW_LEARN_NEW);
		rcu_read_unlock();
	}
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 10U);
	/* No counter, and the paths' summaries are in the entries. */
	KUNIT_EXPECT_EQ(test, atomic_read(&m->counters), 0);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/srv/in/new", CGW_ACC_READ),
			CGW_MATCH_MISS);
	cgw_model_put(m);
}

/* dir_names 0 turns it off; candidates never generalise. */
static void cgw_widen_off_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_new(test, false), *c = cgw_t_new(test, true);

	cgw_config.dir_names = 0;
	cgw_t_learn_names(test, m, "/tmp/o", 10, CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 10U);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/tmp/o/x", CGW_ACC_READ),
			CGW_MATCH_MISS);
	cgw_config.dir_names = 4;
	cgw_t_learn_names(test, c, "/tmp/c", 10, CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_model_count(c), 10U);
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(c, "/tmp/c/x", CGW_ACC_READ),
			CGW_MATCH_MISS);
	cgw_model_put(m);
	cgw_model_put(c);
}

/* After net_addrs addresses on a port, any address on it. */
static void cgw_widen_addr_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_new(test, false);
	struct cgw_obj o;
	int i;

	for (i = 1; i <= 3; i++) {
		cgw_t_net4(&o, IPPROTO_TCP, 10, 0, 0, i, 443);
		KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	}
	cgw_t_net4(&o, IPPROTO_TCP, 10, 9, 9, 9, 443);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_net4(&o, IPPROTO_TCP, 10, 0, 0, 4, 443);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	cgw_t_net4(&o, IPPROTO_TCP, 10, 9, 9, 9, 443);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	/* Only that port, protocol and family. */
	cgw_t_net4(&o, IPPROTO_TCP, 10, 9, 9, 9, 444);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_net4(&o, IPPROTO_UDP, 10, 9, 9, 9, 443);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_net6(&o, IPPROTO_TCP, 9, 443);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_model_put(m);
}

/* Under rcu_read_lock(): the DIR or ADDR entry of @m. */
static struct cgw_entry *cgw_t_find_wild(struct cgw_model *m)
{
	struct rhashtable_iter it;
	struct cgw_entry *e;

	rhashtable_walk_enter(&m->ht, &it);
	rhashtable_walk_start(&it);
	while ((e = rhashtable_walk_next(&it)))
		if (!IS_ERR(e) && (e->wild == CGW_WILD_DIR ||
				   e->wild == CGW_WILD_ADDR))
			break;
	rhashtable_walk_stop(&it);
	rhashtable_walk_exit(&it);
	return e;
}

/* Under rcu_read_lock(): some entry of @m. */
static struct cgw_entry *cgw_t_first(struct cgw_model *m)
{
	struct rhashtable_iter it;
	struct cgw_entry *e;

	rhashtable_walk_enter(&m->ht, &it);
	rhashtable_walk_start(&it);
	do {
		e = rhashtable_walk_next(&it);
	} while (IS_ERR(e));
	rhashtable_walk_stop(&it);
	rhashtable_walk_exit(&it);
	return e;
}

/* Removing a DIR entry pins its counter: it is not made again. */
static void cgw_widen_undo_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_new(test, false);
	struct cgw_entry *w;
	struct cgw_obj o;
	char path[32];
	int i;

	cgw_t_learn_names(test, m, "/var/tmp/u", 5, CGW_ACC_READ);
	rcu_read_lock();
	w = cgw_t_find_wild(m);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_EXPECT_EQ(test, w->wild, CGW_WILD_DIR);
	KUNIT_EXPECT_STREQ(test, w->data, "/var/tmp/u");
	cgw_model_unwiden(m, w);
	KUNIT_EXPECT_EQ(test, cgw_model_remove(m, w), 0);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/var/tmp/u/x", CGW_ACC_READ),
			CGW_MATCH_MISS);
	for (i = 10; i < 20; i++) {
		snprintf(path, sizeof(path), "/var/tmp/u/g%d", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	}
	KUNIT_EXPECT_EQ(test, cgw_t_match_file(m, "/var/tmp/u/x", CGW_ACC_READ),
			CGW_MATCH_MISS);
	cgw_model_put(m);
}

/* Entries bound to a program cover that program only. */
static void cgw_widen_exe_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_new(test, false);
	struct cgw_obj o;

	cgw_t_file(&o, "/etc/ssl/private/key.pem", CGW_ACC_READ);
	o.exe = "/usr/sbin/nginx";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	o.exe = "/tmp/sh";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	o.exe_len = 0;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_net4(&o, IPPROTO_TCP, 10, 1, 2, 3, 5432);
	o.exe = "/usr/sbin/nginx";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	o.exe = "/usr/sbin/nginy";
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);

	/* An entry bound to no program (imported, no pairing) covers all. */
	cgw_t_file(&o, "/etc/hosts", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	o.exe = "/tmp/sh";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_KNOWN);
	cgw_model_put(m);
}

/*
 * Candidates: one entry per deviation, its accesses merged, hits counted,
 * last seen moving on; full tables stop recording.
 */
static void cgw_cand_bookkeeping_test(struct kunit *test)
{
	struct cgw_model *c = cgw_t_new(test, true);
	unsigned int saved = cgw_config.max_candidates;
	struct cgw_entry *e;
	struct cgw_obj o;
	char path[32];
	u32 first;
	int i;

	cgw_t_file(&o, "/data/x", CGW_ACC_READ);
	rcu_read_lock();
	cgw_model_note(c, &o, CGW_SEV_LOW, GFP_ATOMIC);
	KUNIT_EXPECT_EQ(test, cgw_model_count(c), 1U);
	e = cgw_t_first(c);
	KUNIT_ASSERT_NOT_NULL(test, e);
	first = e->first_seen;
	KUNIT_EXPECT_EQ(test, e->hits, 1ULL);
	rcu_read_unlock();

	cgw_t_file(&o, "/data/x", CGW_ACC_WRITE);
	rcu_read_lock();
	cgw_model_note(c, &o, CGW_SEV_LOW, GFP_ATOMIC);
	cgw_model_note(c, &o, CGW_SEV_LOW, GFP_ATOMIC);
	KUNIT_EXPECT_EQ(test, e->hits, 3ULL);
	KUNIT_EXPECT_EQ(test, (u32)atomic_read(&e->access),
			(u32)(CGW_ACC_READ | CGW_ACC_WRITE));
	KUNIT_EXPECT_EQ(test, e->first_seen, first);
	KUNIT_EXPECT_GE(test, e->last_seen, first);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, cgw_model_count(c), 1U);

	cgw_config.max_candidates = 4;
	for (i = 0; i < 10; i++) {
		snprintf(path, sizeof(path), "/data/y%d", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		rcu_read_lock();
		cgw_model_note(c, &o, CGW_SEV_LOW, GFP_ATOMIC);
		rcu_read_unlock();
	}
	KUNIT_EXPECT_EQ(test, cgw_model_count(c), 4U);
	cgw_config.max_candidates = saved;
	cgw_model_put(c);
}

/*
 * Full candidates keep what matters most: a flood of low ones fills
 * them, a high one still gets in (a low one leaves), and no low one can
 * push a high one out.
 */
static void cgw_cand_evict_test(struct kunit *test)
{
	struct cgw_model *c = cgw_t_new(test, true);
	unsigned int saved = cgw_config.max_candidates;
	struct cgw_obj o;
	char path[32];
	int i;

	cgw_config.max_candidates = 8;
	rcu_read_lock();
	for (i = 0; i < 1000; i++) {
		snprintf(path, sizeof(path), "/flood/%d", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		cgw_model_note(c, &o, CGW_SEV_LOW, GFP_ATOMIC);
	}
	KUNIT_EXPECT_EQ(test, cgw_model_count(c), 8U);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->sevs[CGW_SEV_LOW]), 8);
	cgw_t_file(&o, "/etc/shadow", CGW_ACC_READ);
	cgw_model_note(c, &o, CGW_SEV_HIGH, GFP_ATOMIC);
	KUNIT_EXPECT_EQ(test, cgw_model_match(c, &o, false), CGW_MATCH_HIT);
	KUNIT_EXPECT_EQ(test, cgw_model_count(c), 8U);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->sevs[CGW_SEV_LOW]), 7);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->sevs[CGW_SEV_HIGH]), 1);
	for (i = 0; i < 7; i++) {
		snprintf(path, sizeof(path), "/usr/bin/x%d", i);
		cgw_t_file(&o, path, CGW_ACC_WRITE);
		cgw_model_note(c, &o, CGW_SEV_HIGH, GFP_ATOMIC);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&c->sevs[CGW_SEV_HIGH]), 8);
	/* all high now: neither a low nor a high one gets in */
	cgw_t_file(&o, "/flood/new", CGW_ACC_READ);
	cgw_model_note(c, &o, CGW_SEV_LOW, GFP_ATOMIC);
	KUNIT_EXPECT_EQ(test, cgw_model_match(c, &o, false), CGW_MATCH_MISS);
	cgw_t_file(&o, "/etc/gshadow", CGW_ACC_READ);
	cgw_model_note(c, &o, CGW_SEV_HIGH, GFP_ATOMIC);
	KUNIT_EXPECT_EQ(test, cgw_model_match(c, &o, false), CGW_MATCH_MISS);
	cgw_t_file(&o, "/etc/shadow", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_model_match(c, &o, false), CGW_MATCH_HIT);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, cgw_model_count(c), 8U);
	cgw_config.max_candidates = saved;
	cgw_model_put(c);
}

static struct kunit_case cgw_widen_test_cases[] = {
	KUNIT_CASE(cgw_widen_dir_test),
	KUNIT_CASE(cgw_widen_second_access_test),
	KUNIT_CASE(cgw_widen_never_test),
	KUNIT_CASE(cgw_widen_secret_test),
	KUNIT_CASE(cgw_widen_off_test),
	KUNIT_CASE(cgw_widen_add_test),
	KUNIT_CASE(cgw_widen_addr_test),
	KUNIT_CASE(cgw_widen_undo_test),
	KUNIT_CASE(cgw_widen_exe_test),
	KUNIT_CASE(cgw_cand_evict_test),
	KUNIT_CASE(cgw_cand_bookkeeping_test),
	{}
};

static struct kunit_suite cgw_widen_test_suite = {
	.name = "cgwarden-widen",
	.init = cgw_widen_test_init,
	.exit = cgw_widen_test_exit,
	.test_cases = cgw_widen_test_cases,
};

kunit_test_suite(cgw_widen_test_suite);
