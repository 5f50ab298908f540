// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of decide.c: the verdict table, and cgw_decide() on a real
 * cgroup entry and model in every mode.
 */
#include <kunit/test.h>
#include "cgw_test.h"

static u64 cgw_t_next_id = 0x1000;

/* A tracked cgroup with a fresh id, in @mode. */
static struct cgw_cgroup *cgw_t_cgroup(struct kunit *test, unsigned int mode)
{
	u64 id = cgw_t_next_id++;
	struct cgw_cgroup *cg;

	rcu_read_lock();
	cg = cgw_cgroup_get_or_add(id, GFP_ATOMIC);
	rcu_read_unlock();
	KUNIT_ASSERT_NOT_NULL(test, cg);
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(id, mode), 0);
	KUNIT_ASSERT_EQ(test, READ_ONCE(cg->mode), mode);
	return cg;
}

static void cgw_t_decide(struct cgw_cgroup *cg, const struct cgw_obj *o,
			 struct cgw_decision *d)
{
	memset(d, 0xa5, sizeof(*d));
	rcu_read_lock();
	cgw_decide(cg, o, d, GFP_ATOMIC);
	rcu_read_unlock();
}

static void cgw_t_expect_decision(struct kunit *test,
				  const struct cgw_decision *d, u8 verdict,
				  u8 reason, bool learned, int line)
{
	KUNIT_EXPECT_EQ_MSG(test, d->verdict, verdict, "line %d: %s, not %s",
			    line, cgw_verdict_name(d->verdict),
			    cgw_verdict_name(verdict));
	KUNIT_EXPECT_EQ_MSG(test, d->reason, reason, "line %d: %s, not %s",
			    line, cgw_reason_name(d->reason),
			    cgw_reason_name(reason));
	KUNIT_EXPECT_EQ_MSG(test, d->learned, learned, "line %d", line);
}

/* Failures name the line of the check, not of the helper. */
#define CGW_T_EXPECT_DECISION(test, d, v, r, l) \
	cgw_t_expect_decision(test, d, v, r, l, __LINE__)

static void cgw_verdict_for_test(struct kunit *test)
{
	static const u8 want[CGW_MODE_COUNT][CGW_REASON_COUNT] = {
		/*
		 * model, new, full, nomem, undecided, deny, allow, drift,
		 * escape, widens, too-long, other-program
		 */
		[CGW_MODE_OFF] = {
			CGW_VERDICT_ALLOW, CGW_VERDICT_ALLOW, CGW_VERDICT_ALLOW,
			CGW_VERDICT_ALLOW, CGW_VERDICT_ALLOW, CGW_VERDICT_ALLOW,
			CGW_VERDICT_ALLOW, CGW_VERDICT_ALLOW, CGW_VERDICT_ALLOW,
			CGW_VERDICT_ALLOW, CGW_VERDICT_ALLOW, CGW_VERDICT_ALLOW,
		},
		/* An explicit deny refuses even while learning. */
		[CGW_MODE_LEARN] = {
			CGW_VERDICT_ALLOW, CGW_VERDICT_ALERT, CGW_VERDICT_ALERT,
			CGW_VERDICT_ALERT, CGW_VERDICT_ALERT, CGW_VERDICT_DENY,
			CGW_VERDICT_ALLOW, CGW_VERDICT_ALERT, CGW_VERDICT_ALERT,
			CGW_VERDICT_ALERT, CGW_VERDICT_ALERT, CGW_VERDICT_ALERT,
		},
		[CGW_MODE_MONITOR] = {
			CGW_VERDICT_ALLOW, CGW_VERDICT_ALERT, CGW_VERDICT_ALERT,
			CGW_VERDICT_ALERT, CGW_VERDICT_ALERT, CGW_VERDICT_ALERT,
			CGW_VERDICT_ALLOW, CGW_VERDICT_ALERT, CGW_VERDICT_ALERT,
			CGW_VERDICT_ALERT, CGW_VERDICT_ALERT, CGW_VERDICT_ALERT,
		},
		/* Fail closed: nothing unchecked passes protect. */
		[CGW_MODE_PROTECT] = {
			CGW_VERDICT_ALLOW, CGW_VERDICT_DENY, CGW_VERDICT_DENY,
			CGW_VERDICT_DENY, CGW_VERDICT_DENY, CGW_VERDICT_DENY,
			CGW_VERDICT_ALLOW, CGW_VERDICT_DENY, CGW_VERDICT_DENY,
			CGW_VERDICT_DENY, CGW_VERDICT_DENY, CGW_VERDICT_DENY,
		},
	};
	unsigned int mode;
	u8 reason;

	BUILD_BUG_ON(CGW_REASON_COUNT != 12);
	for (mode = 0; mode < CGW_MODE_COUNT; mode++)
		for (reason = 0; reason < CGW_REASON_COUNT; reason++)
			KUNIT_EXPECT_EQ_MSG(test, cgw_verdict_for(mode, reason),
					    want[mode][reason],
					    "mode %s reason %s",
					    cgw_mode_name(mode),
					    cgw_reason_name(reason));
}

/*
 * Who runs what: an exec learned as run by one program, run by another,
 * is refused as other-program (high); one never learned, as new.
 */
static void cgw_decide_other_exe_test(struct kunit *test)
{
	struct cgw_cgroup *cg = cgw_t_cgroup(test, CGW_MODE_LEARN);
	struct cgw_decision d;
	struct cgw_obj o;

	cgw_t_exec(&o, "/bin/dash", "sh");
	o.exe = "/usr/bin/pg_ctlcluster";
	o.exe_len = strlen(o.exe);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      true);
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_PROTECT), 0);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);
	o.exe = "/usr/lib/postgresql/15/bin/postgres";
	o.exe_len = strlen(o.exe);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY,
			      CGW_REASON_OTHER_EXE, false);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_HIGH);
	cgw_t_exec(&o, "/usr/bin/id", "id");
	o.exe = "/usr/lib/postgresql/15/bin/postgres";
	o.exe_len = strlen(o.exe);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY, CGW_REASON_NEW,
			      false);
}

/*
 * Drift: a program changed after the cgroup began to protect does not
 * run, learned or not; one older than that runs as the model says.
 */
static void cgw_decide_drift_test(struct kunit *test)
{
	struct cgw_cgroup *cg = cgw_t_cgroup(test, CGW_MODE_LEARN);
	struct cgw_decision d;
	struct cgw_obj o;
	u64 since;

	cgw_t_exec(&o, "/srv/app", "app");
	o.ctime = 1000;
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      true);
	/* Learning judges no drift: it has no "since". */
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->drift_since), 0ULL);
	o.ctime = S64_MAX;
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);

	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_PROTECT), 0);
	since = READ_ONCE(cg->drift_since);
	KUNIT_EXPECT_GT(test, since, 0ULL);
	o.ctime = since - 1;
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);
	o.ctime = since;
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY, CGW_REASON_DRIFT,
			      false);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_HIGH);
	/* Opened to run (the ELF interpreter, say): the same. */
	cgw_t_file(&o, "/srv/app", CGW_ACC_EXEC | CGW_ACC_READ);
	o.ctime = since + 1;
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY, CGW_REASON_DRIFT,
			      false);
	/*
	 * A program without a path (a memfd is always new) is judged by
	 * the program running it, not by drift: learned so, it runs.
	 */
	cgw_t_exec(&o, "memfd:copy", "3");
	o.exe = "/srv/app";
	o.exe_len = strlen(o.exe);
	KUNIT_ASSERT_EQ(test, cgw_t_learn(cgw_t_model_of(cg), &o),
			CGW_LEARN_NEW);
	o.ctime = since + 1;
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);
	/* Run by another program: a known program, not its runner. */
	o.exe = "/bin/sh";
	o.exe_len = strlen(o.exe);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY, CGW_REASON_OTHER_EXE,
			      false);
	/* A read is no drift: reads of changed files are the model's. */
	cgw_t_file(&o, "/srv/data", CGW_ACC_READ);
	o.ctime = since + 1;
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY, CGW_REASON_NEW,
			      false);
	/* Monitor keeps the same since and alerts. */
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_MONITOR), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->drift_since), since);
	cgw_t_exec(&o, "/srv/app", "app");
	o.ctime = since + 1;
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALERT, CGW_REASON_DRIFT,
			      false);
	/* Learning again forgets it. */
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_LEARN), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->drift_since), 0ULL);
}

static void cgw_decide_off_test(struct kunit *test)
{
	struct cgw_cgroup *cg = cgw_t_cgroup(test, CGW_MODE_OFF);
	u64 undecided = atomic64_read(&cgw_stats.undecided);
	struct cgw_decision d;
	struct cgw_obj o;

	cgw_t_exec(&o, "/usr/bin/nc", "nc");
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);
	cgw_t_decide(cg, NULL, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);
	/* Off records nothing: no model was even attached. */
	KUNIT_EXPECT_NULL(test, cgw_t_model_of(cg));
	KUNIT_EXPECT_EQ(test, atomic64_read(&cgw_stats.undecided), undecided);
	KUNIT_EXPECT_EQ(test, cgw_model_total(), 0U);
}

static void cgw_decide_learn_test(struct kunit *test)
{
	struct cgw_cgroup *cg = cgw_t_cgroup(test, CGW_MODE_LEARN);
	struct cgw_decision d;
	struct cgw_obj o;

	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->last_new), 0ULL);
	cgw_t_file(&o, "/etc/hosts", CGW_ACC_READ);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      true);
	KUNIT_EXPECT_NE(test, READ_ONCE(cg->last_new), 0ULL);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);

	/* Widening the access of a known file is something learned. */
	cgw_t_file(&o, "/etc/hosts", CGW_ACC_WRITE);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      true);
	KUNIT_EXPECT_EQ(test, cgw_model_count(cgw_t_model_of(cg)), 1U);

	cgw_t_net4(&o, IPPROTO_TCP, 192, 0, 2, 1, 80);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      true);
	KUNIT_EXPECT_EQ(test, cgw_model_count(cgw_t_model_of(cg)), 2U);
	KUNIT_EXPECT_EQ(test, cgw_t_match(cgw_t_model_of(cg), &o),
			CGW_MATCH_HIT);
}

static void cgw_decide_monitor_test(struct kunit *test)
{
	struct cgw_cgroup *cg = cgw_t_cgroup(test, CGW_MODE_LEARN);
	struct cgw_decision d;
	struct cgw_obj o;

	cgw_t_exec(&o, "/bin/busybox", "sh");
	cgw_t_decide(cg, &o, &d);
	KUNIT_ASSERT_TRUE(test, d.learned);
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_MONITOR), 0);

	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);
	cgw_t_exec(&o, "/bin/busybox", "nc");
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALERT, CGW_REASON_NEW,
			      false);
	/* Monitor does not learn: the same object alerts again. */
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALERT, CGW_REASON_NEW,
			      false);
	KUNIT_EXPECT_EQ(test, cgw_model_count(cgw_t_model_of(cg)), 1U);
}

static void cgw_decide_protect_test(struct kunit *test)
{
	struct cgw_cgroup *cg = cgw_t_cgroup(test, CGW_MODE_LEARN);
	struct cgw_decision d;
	struct cgw_obj o;

	cgw_t_file(&o, "/srv/data", CGW_ACC_READ);
	cgw_t_decide(cg, &o, &d);
	cgw_t_unix(&o, "@app");
	cgw_t_decide(cg, &o, &d);
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_PROTECT), 0);

	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);
	cgw_t_file(&o, "/srv/data", CGW_ACC_READ);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);
	/* More access than learned is new. */
	cgw_t_file(&o, "/srv/data", CGW_ACC_READ | CGW_ACC_WRITE);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY, CGW_REASON_NEW,
			      false);
	cgw_t_unix(&o, "@other");
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY, CGW_REASON_NEW,
			      false);
	KUNIT_EXPECT_EQ(test, cgw_model_count(cgw_t_model_of(cg)), 2U);

	/* Back to learn, the denied object is learned. */
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_LEARN), 0);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      true);
}

static void cgw_decide_undecided_test(struct kunit *test)
{
	static const u8 want[CGW_MODE_COUNT] = {
		[CGW_MODE_LEARN] = CGW_VERDICT_ALERT,
		[CGW_MODE_MONITOR] = CGW_VERDICT_ALERT,
		[CGW_MODE_PROTECT] = CGW_VERDICT_DENY,
	};
	struct cgw_cgroup *cg;
	struct cgw_decision d;
	unsigned int mode;
	s64 undecided;

	for (mode = CGW_MODE_LEARN; mode < CGW_MODE_COUNT; mode++) {
		cg = cgw_t_cgroup(test, mode);
		undecided = atomic64_read(&cgw_stats.undecided);
		cgw_t_decide(cg, NULL, &d);
		CGW_T_EXPECT_DECISION(test, &d, want[mode],
				      CGW_REASON_UNDECIDED, false);
		KUNIT_EXPECT_EQ(test, atomic64_read(&cgw_stats.undecided),
				undecided + 1);
		KUNIT_EXPECT_EQ(test, cgw_model_count(cgw_t_model_of(cg)), 0U);
	}
}

static void cgw_decide_full_test(struct kunit *test)
{
	struct cgw_config saved = cgw_config;
	struct cgw_cgroup *cg = cgw_t_cgroup(test, CGW_MODE_LEARN);
	s64 full = atomic64_read(&cgw_stats.model_full);
	struct cgw_decision d;
	struct cgw_obj o;

	cgw_config.max_entries = 1;
	cgw_t_file(&o, "/one", CGW_ACC_READ);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      true);
	cgw_t_file(&o, "/two", CGW_ACC_READ);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALERT, CGW_REASON_FULL,
			      false);
	KUNIT_EXPECT_EQ(test, atomic64_read(&cg->model_full), 1LL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&cgw_stats.model_full), full + 1);
	/* What is known still passes. */
	cgw_t_file(&o, "/one", CGW_ACC_READ);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);

	/* In protect, a full model refuses what it does not hold. */
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_PROTECT), 0);
	cgw_t_file(&o, "/two", CGW_ACC_READ);
	cgw_t_decide(cg, &o, &d);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY, CGW_REASON_NEW,
			      false);
	cgw_config = saved;
}

/* A cgroup first met by a hook gets its model from the ready pool. */
static void cgw_decide_first_sight_test(struct kunit *test)
{
	struct cgw_config saved = cgw_config;
	u64 id = cgw_t_next_id++;
	struct cgw_cgroup *cg;
	struct cgw_decision d;
	struct cgw_obj o;

	cgw_config.default_mode = CGW_MODE_LEARN;
	cgw_t_exec(&o, "/usr/bin/curl", "curl");
	rcu_read_lock();
	cg = cgw_cgroup_get_or_add(id, GFP_ATOMIC);
	if (cg)
		cgw_decide(cg, &o, &d, GFP_ATOMIC);
	rcu_read_unlock();
	cgw_config = saved;
	KUNIT_ASSERT_NOT_NULL(test, cg);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->mode), (unsigned int)CGW_MODE_LEARN);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      true);
	KUNIT_ASSERT_NOT_NULL(test, cgw_t_model_of(cg));
	KUNIT_EXPECT_EQ(test, cgw_t_match(cgw_t_model_of(cg), &o),
			CGW_MATCH_HIT);
}

/* Learning that ends itself, with a fake clock (ns since boot). */
static void cgw_learn_done_test(struct kunit *test)
{
	const u64 s = NSEC_PER_SEC;
	struct cgw_cgroup cg = {
		.mode = CGW_MODE_LEARN, .learn_since = 100 * s,
		.quiet_ms = 30000, .min_learn_ms = 60000,
		.then_mode = CGW_MODE_PROTECT,
	};

	cg.calls = alloc_percpu(struct cgw_calls);
	KUNIT_ASSERT_NOT_NULL(test, cg.calls);
	/* quiet long enough, but not learned long enough */
	KUNIT_EXPECT_FALSE(test, cgw_learn_done(&cg, 150 * s));
	/* both: done, and not a nanosecond before */
	KUNIT_EXPECT_FALSE(test, cgw_learn_done(&cg, 160 * s - 1));
	KUNIT_EXPECT_TRUE(test, cgw_learn_done(&cg, 160 * s));
	/* a new entry restarts the quiet time */
	cg.last_new = 155 * s;
	KUNIT_EXPECT_FALSE(test, cgw_learn_done(&cg, 184 * s));
	KUNIT_EXPECT_TRUE(test, cgw_learn_done(&cg, 185 * s));
	/* only learning cgroups that asked for it */
	cg.quiet_ms = 0;
	KUNIT_EXPECT_FALSE(test, cgw_learn_done(&cg, 1000 * s));
	cg.quiet_ms = 30000;
	cg.mode = CGW_MODE_MONITOR;
	KUNIT_EXPECT_FALSE(test, cgw_learn_done(&cg, 1000 * s));
	free_percpu(cg.calls);
}

/* Severity: what a written program, a deny or a blind spot rank. */
static void cgw_decide_severity_test(struct kunit *test)
{
	struct cgw_cgroup *cg = cgw_t_cgroup(test, CGW_MODE_PROTECT);
	struct cgw_decision d;
	struct cgw_obj o;

	cgw_t_file(&o, "/srv/data", CGW_ACC_READ);
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_LOW);
	cgw_t_file(&o, "/srv/data", CGW_ACC_WRITE);
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_MEDIUM);
	cgw_t_file(&o, "/usr/bin/ls", CGW_ACC_WRITE);
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_HIGH);
	cgw_t_exec(&o, "/tmp/dropped", "dropped");
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_MEDIUM);
	/* Once written in the cgroup, running it ranks high. */
	cgw_t_file(&o, "/tmp/dropped", CGW_ACC_WRITE);
	cgw_note_written(cg, &o);
	cgw_t_exec(&o, "/tmp/dropped", "dropped");
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_HIGH);
	cgw_t_exec(&o, "/tmp/other", "other");
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_MEDIUM);
	/* Reading a file does not mark it written. */
	cgw_t_file(&o, "/tmp/read", CGW_ACC_READ);
	cgw_note_written(cg, &o);
	cgw_t_exec(&o, "/tmp/read", "read");
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_MEDIUM);
	cgw_t_decide(cg, NULL, &d);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_HIGH);
}

/*
 * The circuit breaker trips on the denial past the limit within a second,
 * once: protect becomes monitor, and counting starts again next second.
 */
static void cgw_decide_breaker_test(struct kunit *test)
{
	struct cgw_cgroup *cg = cgw_t_cgroup(test, CGW_MODE_PROTECT);
	u64 trips = atomic64_read(&cgw_stats.breaker_trips);
	struct cgw_decision d;
	struct cgw_obj o;
	char path[32];
	int i;

	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_breaker(cg->id, 5), 0);
	KUNIT_EXPECT_EQ(test, cgw_cgroup_set_breaker(0xdead0000, 5), -ENOENT);
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "/x/%d", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		cgw_t_decide(cg, &o, &d);
		KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_DENY);
		KUNIT_EXPECT_FALSE(test, d.tripped);
	}
	cgw_t_file(&o, "/x/last", CGW_ACC_READ);
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_DENY);
	KUNIT_EXPECT_TRUE(test, d.tripped);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->mode), CGW_MODE_MONITOR);
	KUNIT_EXPECT_EQ(test, atomic64_read(&cgw_stats.breaker_trips), trips + 1);
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_ALERT);
	KUNIT_EXPECT_FALSE(test, d.tripped);

	/* A new second starts a new count (a fake clock). */
	WRITE_ONCE(cg->mode, CGW_MODE_PROTECT);
	KUNIT_EXPECT_FALSE(test, cgw_breaker_trip(cg, cg->breaker_start +
						   NSEC_PER_SEC));
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_FALSE(test, cgw_breaker_trip(cg, cg->breaker_start));
	KUNIT_EXPECT_TRUE(test, cgw_breaker_trip(cg, cg->breaker_start));
	KUNIT_EXPECT_FALSE(test, cgw_breaker_trip(cg, cg->breaker_start));

	/* Off: never. */
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_breaker(cg->id, 0), 0);
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_FALSE(test, cgw_breaker_trip(cg, cg->breaker_start));
}

/*
 * After a trip the breaker lets through what monitor lets through, but
 * never an explicit deny or what ranks high; an operator's mode ends it.
 */
static void cgw_decide_breaker_hold_test(struct kunit *test)
{
	struct cgw_cgroup *cg = cgw_t_cgroup(test, CGW_MODE_PROTECT);
	struct cgw_decision d;
	struct cgw_obj o;
	char path[32];
	int i;

	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_breaker(cg->id, 2), 0);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/x/%d", i);
		cgw_t_file(&o, path, CGW_ACC_READ);
		cgw_t_decide(cg, &o, &d);
	}
	KUNIT_ASSERT_TRUE(test, d.tripped);
	KUNIT_EXPECT_EQ(test, READ_ONCE(cg->mode), CGW_MODE_MONITOR);

	cgw_t_file(&o, "/x/new", CGW_ACC_READ);
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_ALERT);
	rcu_read_lock();
	cgw_decide_policy(cg, &o, CGW_ACTION_DENY, &d, GFP_ATOMIC);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_DENY);
	KUNIT_EXPECT_EQ(test, d.reason, CGW_REASON_POLICY_DENY);
	cgw_t_file(&o, "/etc/shadow", CGW_ACC_READ);
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_HIGH);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_DENY);
	cgw_t_decide(cg, NULL, &d);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_DENY);

	/* An operator's monitor is monitor: the hold ends. */
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_MONITOR), 0);
	cgw_t_decide(cg, &o, &d);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_ALERT);
}

/*
 * Without state (the table is full) the policy still speaks, and what it
 * does not vouch for gets no more than the mode allows.
 */
static void cgw_decide_stateless_test(struct kunit *test)
{
	struct cgw_decision d;
	struct cgw_obj o;

	cgw_t_file(&o, "/srv/data", CGW_ACC_READ);
	rcu_read_lock();
	cgw_decide_mode(NULL, CGW_MODE_PROTECT, &o, -1, &d, GFP_ATOMIC);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY, CGW_REASON_FULL, false);
	cgw_decide_mode(NULL, CGW_MODE_PROTECT, &o, CGW_ACTION_ALLOW, &d,
			GFP_ATOMIC);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW,
			      CGW_REASON_POLICY_ALLOW, false);
	cgw_decide_mode(NULL, CGW_MODE_LEARN, &o, CGW_ACTION_DENY, &d,
			GFP_ATOMIC);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY,
			      CGW_REASON_POLICY_DENY, false);
	cgw_decide_mode(NULL, CGW_MODE_MONITOR, &o, -1, &d, GFP_ATOMIC);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALERT, CGW_REASON_FULL,
			      false);
	cgw_decide_mode(NULL, CGW_MODE_OFF, &o, CGW_ACTION_DENY, &d,
			GFP_ATOMIC);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_ALLOW);
	rcu_read_unlock();
}

/* A task placed outside the subtree: no model or rule can allow it. */
static void cgw_decide_escape_test(struct kunit *test)
{
	static const u8 want[CGW_MODE_COUNT] = {
		[CGW_MODE_OFF] = CGW_VERDICT_ALLOW,
		[CGW_MODE_LEARN] = CGW_VERDICT_ALERT,
		[CGW_MODE_MONITOR] = CGW_VERDICT_ALERT,
		[CGW_MODE_PROTECT] = CGW_VERDICT_DENY,
	};
	struct cgw_decision d;
	unsigned int mode;

	for (mode = 0; mode < CGW_MODE_COUNT; mode++) {
		cgw_decide_escape(mode, &d);
		KUNIT_EXPECT_EQ_MSG(test, d.verdict, want[mode], "mode %u", mode);
		KUNIT_EXPECT_EQ(test, d.reason, CGW_REASON_ESCAPE);
		KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_HIGH);
	}
}

/* The link subset rule, per mode. */
static void cgw_decide_subset_test(struct kunit *test)
{
	struct cgw_cgroup *cg = cgw_t_cgroup(test, CGW_MODE_PROTECT);
	struct cgw_grants rd = { .granted = CGW_ACC_READ };
	struct cgw_grants rx = { .granted = CGW_ACC_READ | CGW_ACC_EXEC };
	struct cgw_grants none = { 0 };
	struct cgw_grants denied = { .denied = CGW_ACC_READ };
	struct cgw_decision d;

	KUNIT_EXPECT_EQ(test, cgw_decide_subset(cg, READ_ONCE(cg->mode), &rx, &rd, &d), 0U);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALLOW, CGW_REASON_MODEL,
			      false);
	KUNIT_EXPECT_EQ(test, cgw_decide_subset(cg, READ_ONCE(cg->mode), &rd, &rd, &d), 0U);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_ALLOW);
	/* A new name that grants more: refused, with what it would add. */
	KUNIT_EXPECT_EQ(test, cgw_decide_subset(cg, READ_ONCE(cg->mode), &rd, &rx, &d),
			CGW_ACC_EXEC);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY, CGW_REASON_WIDENS,
			      false);
	KUNIT_EXPECT_EQ(test, d.severity, CGW_SEV_HIGH);
	KUNIT_EXPECT_EQ(test, cgw_decide_subset(cg, READ_ONCE(cg->mode), &none, &rd, &d),
			CGW_ACC_READ);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_DENY);
	/* A denied name is not escaped by a new one that grants it. */
	KUNIT_EXPECT_EQ(test, cgw_decide_subset(cg, READ_ONCE(cg->mode), &denied, &rx, &d),
			CGW_ACC_READ);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY,
			      CGW_REASON_POLICY_DENY, false);
	/* ... nor by one that grants nothing: it cannot be used anyway. */
	KUNIT_EXPECT_EQ(test, cgw_decide_subset(cg, READ_ONCE(cg->mode), &denied, &none, &d), 0U);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_ALLOW);

	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_MONITOR), 0);
	KUNIT_EXPECT_EQ(test, cgw_decide_subset(cg, READ_ONCE(cg->mode), &rd, &rx, &d),
			CGW_ACC_EXEC);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_ALERT, CGW_REASON_WIDENS,
			      false);

	/* Learning learns any new name; only a deny is not escaped. */
	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_LEARN), 0);
	KUNIT_EXPECT_EQ(test, cgw_decide_subset(cg, READ_ONCE(cg->mode), &rd, &rx, &d), 0U);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_ALLOW);
	KUNIT_EXPECT_EQ(test, cgw_decide_subset(cg, READ_ONCE(cg->mode), &denied, &none, &d),
			CGW_ACC_READ);
	CGW_T_EXPECT_DECISION(test, &d, CGW_VERDICT_DENY,
			      CGW_REASON_POLICY_DENY, false);
	KUNIT_EXPECT_EQ(test, cgw_decide_subset(cg, READ_ONCE(cg->mode), &denied, &denied, &d), 0U);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_ALLOW);

	KUNIT_ASSERT_EQ(test, cgw_cgroup_set_mode(cg->id, CGW_MODE_OFF), 0);
	KUNIT_EXPECT_EQ(test, cgw_decide_subset(cg, READ_ONCE(cg->mode), &denied, &rx, &d), 0U);
	KUNIT_EXPECT_EQ(test, d.verdict, CGW_VERDICT_ALLOW);
}

static struct kunit_case cgw_decide_test_cases[] = {
	KUNIT_CASE(cgw_decide_breaker_hold_test),
	KUNIT_CASE(cgw_decide_stateless_test),
	KUNIT_CASE(cgw_decide_escape_test),
	KUNIT_CASE(cgw_decide_other_exe_test),
	KUNIT_CASE(cgw_learn_done_test),
	KUNIT_CASE(cgw_decide_severity_test),
	KUNIT_CASE(cgw_decide_breaker_test),
	KUNIT_CASE(cgw_verdict_for_test),
	KUNIT_CASE(cgw_decide_off_test),
	KUNIT_CASE(cgw_decide_drift_test),
	KUNIT_CASE(cgw_decide_learn_test),
	KUNIT_CASE(cgw_decide_monitor_test),
	KUNIT_CASE(cgw_decide_protect_test),
	KUNIT_CASE(cgw_decide_undecided_test),
	KUNIT_CASE(cgw_decide_full_test),
	KUNIT_CASE(cgw_decide_first_sight_test),
	KUNIT_CASE(cgw_decide_subset_test),
	{}
};

static struct kunit_suite cgw_decide_test_suite = {
	.name = "cgwarden_decide",
	.init = cgw_t_table_init,
	.exit = cgw_t_table_exit,
	.test_cases = cgw_decide_test_cases,
};

kunit_test_suite(cgw_decide_test_suite);
