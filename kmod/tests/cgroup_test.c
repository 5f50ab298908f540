// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of cgroup.c: the cgroup id -> state table, its bound, mode
 * changes, model clearing and the reaper.
 */
#include <kunit/test.h>
#include "cgw_test.h"

static struct cgw_cgroup *cgw_t_add(u64 id)
{
	struct cgw_cgroup *cg;

	rcu_read_lock();
	cg = cgw_cgroup_get_or_add(id, GFP_ATOMIC);
	rcu_read_unlock();
	return cg;
}

static bool cgw_t_alive_but_302(u64 id)
{
	return id != 302;
}

static struct cgw_cgroup *cgw_t_lookup(u64 id)
{
	struct cgw_cgroup *cg;

	rcu_read_lock();
	cg = cgw_cgroup_lookup(id);
	rcu_read_unlock();
	return cg;
}

static void cgw_cgroup_add_once_test(struct kunit *test)
{
	struct cgw_config saved = cgw_config;
	struct cgw_cgroup *cg;

	cgw_config.default_mode = CGW_MODE_MONITOR;
	KUNIT_EXPECT_NULL(test, cgw_t_lookup(100));
	cg = cgw_t_add(100);
	cgw_config = saved;
	KUNIT_ASSERT_NOT_NULL(test, cg);
	KUNIT_EXPECT_EQ(test, cg->id, 100ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->mode),
			(unsigned int)CGW_MODE_MONITOR);
	KUNIT_EXPECT_NULL(test, cgw_t_model_of(cg));
	KUNIT_EXPECT_NE(test, cg->first_seen, 0ULL);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 1U);

	KUNIT_EXPECT_PTR_EQ(test, cgw_t_add(100), cg);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 1U);
	KUNIT_EXPECT_PTR_EQ(test, cgw_t_lookup(100), cg);
	KUNIT_EXPECT_NULL(test, cgw_t_lookup(101));

	/* Ids that share a bucket stay apart. */
	KUNIT_EXPECT_PTR_NE(test, cgw_t_add(100 + (1ULL << 32)), cg);
	KUNIT_EXPECT_PTR_EQ(test, cgw_t_lookup(100), cg);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 2U);
}

static void cgw_cgroup_max_test(struct kunit *test)
{
	struct cgw_config saved = cgw_config;
	s64 full = atomic64_read(&cgw_stats.cgroups_full);
	struct cgw_cgroup *a, *b;

	cgw_config.max_cgroups = 2;
	a = cgw_t_add(200);
	b = cgw_t_add(201);
	KUNIT_EXPECT_NOT_NULL(test, a);
	KUNIT_EXPECT_NOT_NULL(test, b);
	KUNIT_EXPECT_NULL(test, cgw_t_add(202));
	KUNIT_EXPECT_EQ(test, atomic64_read(&cgw_stats.cgroups_full), full + 1);
	KUNIT_EXPECT_NULL(test, cgw_t_lookup(202));
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 2U);
	/* Those already tracked are still found. */
	KUNIT_EXPECT_PTR_EQ(test, cgw_t_add(200), a);
	KUNIT_EXPECT_EQ(test, atomic64_read(&cgw_stats.cgroups_full), full + 1);
	/* Tracking a new one through a mode change fails the same way. */
	KUNIT_EXPECT_EQ(test, cgw_cgroup_set_mode(203, CGW_MODE_LEARN),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, atomic64_read(&cgw_stats.cgroups_full), full + 2);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 2U);
	cgw_config = saved;
}

static void cgw_cgroup_set_mode_test(struct kunit *test)
{
	struct cgw_cgroup *cg;
	struct cgw_model *m;

	KUNIT_EXPECT_EQ(test, cgw_cgroup_set_mode(300, CGW_MODE_COUNT),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, cgw_t_lookup(300));

	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(300, CGW_MODE_LEARN), 0);
	cg = cgw_t_lookup(300);
	KUNIT_ASSERT_NOT_NULL(test, cg);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->mode), (unsigned int)CGW_MODE_LEARN);
	m = cgw_t_model_of(cg);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 0U);

	/* Another mode keeps the model. */
	KUNIT_EXPECT_EQ(test, cgw_cgroup_set_mode(300, CGW_MODE_PROTECT), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->mode),
			(unsigned int)CGW_MODE_PROTECT);
	KUNIT_EXPECT_PTR_EQ(test, cgw_t_model_of(cg), m);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_set_mode(300, CGW_MODE_OFF), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->mode), (unsigned int)CGW_MODE_OFF);
	KUNIT_EXPECT_PTR_EQ(test, cgw_t_model_of(cg), m);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 1U);

	/* Off tracks a cgroup without a model. */
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(301, CGW_MODE_OFF), 0);
	cg = cgw_t_lookup(301);
	KUNIT_ASSERT_NOT_NULL(test, cg);
	KUNIT_EXPECT_NULL(test, cgw_t_model_of(cg));
}

static void cgw_cgroup_clear_model_test(struct kunit *test)
{
	struct cgw_model *m, *old;
	struct cgw_cgroup *cg;
	struct cgw_obj o;

	KUNIT_EXPECT_EQ(test, cgw_cgroup_clear_model(400), -ENOENT);
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(400, CGW_MODE_LEARN), 0);
	cg = cgw_t_lookup(400);
	KUNIT_ASSERT_NOT_NULL(test, cg);
	old = cgw_t_model_of(cg);
	cgw_t_file(&o, "/etc/shadow", CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(old, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 1U);
	atomic64_set(&cg->model_full, 3);
	WRITE_ONCE(cg->last_new, 1);

	KUNIT_EXPECT_EQ(test, cgw_cgroup_clear_model(400), 0);
	m = cgw_t_model_of(cg);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_PTR_NE(test, m, old);
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 0U);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	KUNIT_EXPECT_EQ(test, atomic64_read(&cg->model_full), 0LL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->last_new), 0ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->mode), (unsigned int)CGW_MODE_LEARN);
	/* The new model learns as the old one did. */
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
}

static u64 cgw_t_dead_id;

static bool cgw_t_alive(u64 id)
{
	return id != cgw_t_dead_id;
}

static void cgw_cgroup_reap_test(struct kunit *test)
{
	s64 released = atomic64_read(&cgw_stats.cgroups_released);
	struct cgw_cgroup *a, *c;
	struct cgw_obj o;

	a = cgw_t_add(500);
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(501, CGW_MODE_LEARN), 0);
	c = cgw_t_add(502);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, c);
	cgw_t_exec(&o, "/bin/true", "true");
	KUNIT_ASSERT_NOT_NULL(test, cgw_t_lookup(501));
	KUNIT_EXPECT_EQ(test, cgw_t_learn(cgw_t_model_of(cgw_t_lookup(501)),
					  &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 3U);

	/* Everything alive: nothing goes. */
	cgw_t_dead_id = 0;
	cgw_cgroup_reap(cgw_t_alive);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 3U);

	cgw_t_dead_id = 501;
	cgw_cgroup_reap(cgw_t_alive);
	KUNIT_EXPECT_NULL(test, cgw_t_lookup(501));
	KUNIT_EXPECT_PTR_EQ(test, cgw_t_lookup(500), a);
	KUNIT_EXPECT_PTR_EQ(test, cgw_t_lookup(502), c);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 2U);
	KUNIT_EXPECT_EQ(test, atomic64_read(&cgw_stats.cgroups_released),
			released + 1);

	/* Reaping all is not counted as cgroups released. */
	cgw_cgroup_reap(NULL);
	KUNIT_EXPECT_NULL(test, cgw_t_lookup(500));
	KUNIT_EXPECT_NULL(test, cgw_t_lookup(502));
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 0U);
	KUNIT_EXPECT_EQ(test, atomic64_read(&cgw_stats.cgroups_released),
			released + 1);

	/* The reaped cgroup's model and its entry are freed. */
	cgw_model_exit();
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 0U);
	KUNIT_ASSERT_EQ(test, cgw_model_init(), 0);

	/* A reaped id is tracked afresh when seen again. */
	KUNIT_EXPECT_NOT_NULL(test, cgw_t_add(501));
	KUNIT_EXPECT_EQ(test, cgw_cgroup_count(), 1U);
}

/* cgw_cgroup_nth() walks every cgroup once. */
static void cgw_cgroup_nth_test(struct kunit *test)
{
	unsigned long bucket = 0, idx = 0;
	struct cgw_cgroup *cg;
	unsigned int seen = 0, n = 0, i;

	/* Some ids share a bucket. */
	for (i = 0; i < 8; i++)
		KUNIT_ASSERT_NOT_NULL(test, cgw_t_add(600 + i * 1024ULL));
	rcu_read_lock();
	while ((cg = cgw_cgroup_nth(&bucket, &idx)) && n < 100) {
		n++;
		if (cg->id >= 600 && !((cg->id - 600) % 1024) &&
		    cg->id < 600 + 8 * 1024)
			seen |= 1U << ((cg->id - 600) / 1024);
	}
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, n, 8U);
	KUNIT_EXPECT_EQ(test, seen, 0xffU);
}

/*
 * A cgroup first seen below a tracked one takes its mode and shares its
 * model; below an untracked one it gets the default.
 */
static void cgw_cgroup_inherit_test(struct kunit *test)
{
	const u64 anc[] = { 301, 300, 1 };
	struct cgw_cgroup *parent, *child, *other;
	struct cgw_obj o;

	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(300, CGW_MODE_PROTECT), 0);
	parent = cgw_t_lookup(300);
	KUNIT_ASSERT_NOT_NULL(test, parent);
	cgw_t_file(&o, "/etc/passwd", CGW_ACC_READ);
	KUNIT_ASSERT_EQ(test, cgw_t_learn(cgw_t_model_of(parent), &o),
			CGW_LEARN_NEW);

	/* 302 is a grandchild of 300; 301 (its parent) was never seen. */
	rcu_read_lock();
	child = cgw_cgroup_get_or_inherit(302, anc, ARRAY_SIZE(anc),
					  CGW_MODE_NONE, GFP_ATOMIC);
	other = cgw_cgroup_get_or_inherit(303, anc + 2, 1, CGW_MODE_NONE,
					  GFP_ATOMIC);
	rcu_read_unlock();
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, READ_ONCE(child->mode),
			(unsigned int)CGW_MODE_PROTECT);
	KUNIT_EXPECT_PTR_EQ(test, cgw_t_model_of(child),
			    cgw_t_model_of(parent));
	KUNIT_EXPECT_EQ(test, cgw_t_match(cgw_t_model_of(child), &o),
			CGW_MATCH_HIT);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_EXPECT_EQ(test, READ_ONCE(other->mode),
			READ_ONCE(cgw_config.default_mode));
	KUNIT_EXPECT_NULL(test, cgw_t_model_of(other));

	/* The child's state going away leaves the parent's model whole. */
	cgw_cgroup_reap(cgw_t_alive_but_302);
	KUNIT_EXPECT_NULL(test, cgw_t_lookup(302));
	KUNIT_EXPECT_EQ(test, cgw_t_match(cgw_t_model_of(parent), &o),
			CGW_MATCH_HIT);
}

/* A mode set on a cgroup covers its subtree, with one shared model. */
static void cgw_cgroup_set_mode_tree_test(struct kunit *test)
{
	const u64 desc[] = { 401, 402 };
	struct cgw_cgroup *top, *d1, *d2;

	/* 401 was seen before, with a model of its own. */
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(401, CGW_MODE_LEARN), 0);
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode_tree(400, desc,
						       ARRAY_SIZE(desc),
						       CGW_MODE_PROTECT, NULL), 0);
	top = cgw_t_lookup(400);
	d1 = cgw_t_lookup(401);
	d2 = cgw_t_lookup(402);
	KUNIT_ASSERT_NOT_NULL(test, top);
	KUNIT_ASSERT_NOT_NULL(test, d1);
	KUNIT_ASSERT_NOT_NULL(test, d2);
	KUNIT_EXPECT_EQ(test, READ_ONCE(d1->mode),
			(unsigned int)CGW_MODE_PROTECT);
	KUNIT_EXPECT_EQ(test, READ_ONCE(d2->mode),
			(unsigned int)CGW_MODE_PROTECT);
	KUNIT_EXPECT_NOT_NULL(test, cgw_t_model_of(top));
	KUNIT_EXPECT_PTR_EQ(test, cgw_t_model_of(d1), cgw_t_model_of(top));
	KUNIT_EXPECT_PTR_EQ(test, cgw_t_model_of(d2), cgw_t_model_of(top));
}

/*
 * The gate is open exactly while something may need deciding; a cgroup
 * with state is never missed by the ancestor bits; calls are counted
 * per CPU and summed.
 */
static void cgw_cgroup_gate_test(struct kunit *test)
{
	struct cgw_config saved = cgw_config;
	struct cgw_cgroup *cg;

	cgw_config.default_mode = CGW_MODE_OFF;
	cgw_gate_refresh();
	KUNIT_EXPECT_FALSE(test, static_key_enabled(&cgw_gate));
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(500, CGW_MODE_PROTECT), 0);
	KUNIT_EXPECT_TRUE(test, static_key_enabled(&cgw_gate));
	KUNIT_EXPECT_TRUE(test, cgw_cgroup_maybe_held(500));
	cg = cgw_t_lookup(500);
	KUNIT_ASSERT_NOT_NULL(test, cg);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_calls(cg, CGW_OP_OPEN), 0ULL);
	this_cpu_inc(cg->calls->n[CGW_OP_OPEN]);
	this_cpu_inc(cg->calls->n[CGW_OP_OPEN]);
	this_cpu_inc(cg->calls->n[CGW_OP_EXEC]);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_calls(cg, CGW_OP_OPEN), 2ULL);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_calls(cg, CGW_OP_EXEC), 1ULL);
	/* Off, but with state: still decided (counted). */
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(500, CGW_MODE_OFF), 0);
	KUNIT_EXPECT_TRUE(test, static_key_enabled(&cgw_gate));
	cgw_cgroup_reap(NULL);
	KUNIT_EXPECT_FALSE(test, static_key_enabled(&cgw_gate));
	/* A default mode needs deciding with nothing tracked. */
	cgw_config.default_mode = CGW_MODE_LEARN;
	cgw_gate_refresh();
	KUNIT_EXPECT_TRUE(test, static_key_enabled(&cgw_gate));
	cgw_config = saved;
	cgw_gate_refresh();
}

/*
 * A default mode that leaves off is for cgroups made from then on: those
 * there before (lower ids) stay off, as they would have with the state
 * their first call gave them.  From one non-off mode to another, the
 * line stays where it was.
 */
static void cgw_cgroup_default_test(struct kunit *test)
{
	struct cgw_config saved = cgw_config;
	u64 from = cgw_default_from_id;
	struct cgw_cgroup *cg;

	cgw_config.default_mode = CGW_MODE_OFF;
	cgw_default_set(CGW_MODE_LEARN, 600);
	KUNIT_EXPECT_EQ(test, cgw_default_for(599), (unsigned int)CGW_MODE_OFF);
	KUNIT_EXPECT_EQ(test, cgw_default_for(600), (unsigned int)CGW_MODE_LEARN);
	cgw_default_set(CGW_MODE_PROTECT, 700);
	KUNIT_EXPECT_EQ(test, cgw_default_for(650),
			(unsigned int)CGW_MODE_PROTECT);
	KUNIT_EXPECT_EQ(test, cgw_default_for(599), (unsigned int)CGW_MODE_OFF);
	cg = cgw_t_add(599);
	KUNIT_ASSERT_NOT_NULL(test, cg);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->mode), (unsigned int)CGW_MODE_OFF);
	cg = cgw_t_add(601);
	KUNIT_ASSERT_NOT_NULL(test, cg);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->mode),
			(unsigned int)CGW_MODE_PROTECT);
	cgw_default_set(CGW_MODE_OFF, 0);
	KUNIT_EXPECT_EQ(test, cgw_default_for(650), (unsigned int)CGW_MODE_OFF);
	cgw_cgroup_reap(NULL);
	cgw_default_from_id = from;
	cgw_config = saved;
	cgw_gate_refresh();
}

static struct kunit_case cgw_cgroup_test_cases[] = {
	KUNIT_CASE(cgw_cgroup_gate_test),
	KUNIT_CASE(cgw_cgroup_default_test),
	KUNIT_CASE(cgw_cgroup_add_once_test),
	KUNIT_CASE(cgw_cgroup_max_test),
	KUNIT_CASE(cgw_cgroup_set_mode_test),
	KUNIT_CASE(cgw_cgroup_clear_model_test),
	KUNIT_CASE(cgw_cgroup_reap_test),
	KUNIT_CASE(cgw_cgroup_nth_test),
	KUNIT_CASE(cgw_cgroup_inherit_test),
	KUNIT_CASE(cgw_cgroup_set_mode_tree_test),
	{}
};

static struct kunit_suite cgw_cgroup_test_suite = {
	.name = "cgwarden_cgroup",
	.init = cgw_t_table_init,
	.exit = cgw_t_table_exit,
	.test_cases = cgw_cgroup_test_cases,
};

kunit_test_suite(cgw_cgroup_test_suite);
