// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of ratelimit.c: alert dedup and the token bucket, driven by
 * a fake clock.
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/socket.h>
#include <linux/in.h>
#include <linux/string.h>
#include <linux/time64.h>
#include "ratelimit.h"

#define CGW_T_WINDOW	(10 * NSEC_PER_SEC)
#define CGW_T_START	(1000 * NSEC_PER_SEC)

static int cgw_ratelimit_test_init(struct kunit *test)
{
	cgw_ratelimit_init();
	return 0;
}

static void cgw_dedup_window_test(struct kunit *test)
{
	struct cgw_dedup_slot s = {};
	u64 now = CGW_T_START, flushed = 99;
	int i;

	KUNIT_EXPECT_TRUE(test, cgw_dedup_admit(&s, 42, now, CGW_T_WINDOW,
						&flushed));
	KUNIT_EXPECT_EQ(test, flushed, 0ULL);

	/* Repeats inside the window are counted, not admitted. */
	for (i = 1; i <= 5; i++) {
		now += NSEC_PER_SEC;
		KUNIT_EXPECT_FALSE(test, cgw_dedup_admit(&s, 42, now,
							 CGW_T_WINDOW,
							 &flushed));
		KUNIT_EXPECT_EQ(test, flushed, 0ULL);
		KUNIT_EXPECT_EQ(test, s.suppressed, (u64)i);
	}
	/* Last nanosecond of the window is still inside. */
	KUNIT_EXPECT_FALSE(test, cgw_dedup_admit(&s, 42,
						 CGW_T_START + CGW_T_WINDOW - 1,
						 CGW_T_WINDOW, &flushed));
	KUNIT_EXPECT_EQ(test, s.suppressed, 6ULL);

	/* The window closes: admitted, with what was held back. */
	KUNIT_EXPECT_TRUE(test, cgw_dedup_admit(&s, 42,
						CGW_T_START + CGW_T_WINDOW,
						CGW_T_WINDOW, &flushed));
	KUNIT_EXPECT_EQ(test, flushed, 6ULL);
	KUNIT_EXPECT_EQ(test, s.suppressed, 0ULL);

	/* A fresh window started there: a repeat is suppressed again. */
	KUNIT_EXPECT_FALSE(test, cgw_dedup_admit(&s, 42,
						 CGW_T_START + CGW_T_WINDOW + 1,
						 CGW_T_WINDOW, &flushed));
	KUNIT_EXPECT_EQ(test, s.suppressed, 1ULL);
}

static void cgw_dedup_other_key_test(struct kunit *test)
{
	struct cgw_dedup_slot s = {};
	u64 flushed;

	KUNIT_EXPECT_TRUE(test, cgw_dedup_admit(&s, 1, CGW_T_START,
						CGW_T_WINDOW, &flushed));
	KUNIT_EXPECT_FALSE(test, cgw_dedup_admit(&s, 1, CGW_T_START + 1,
						 CGW_T_WINDOW, &flushed));
	KUNIT_EXPECT_FALSE(test, cgw_dedup_admit(&s, 1, CGW_T_START + 2,
						 CGW_T_WINDOW, &flushed));

	/* Another key in the same slot is admitted at once, flushing 0. */
	flushed = 99;
	KUNIT_EXPECT_TRUE(test, cgw_dedup_admit(&s, 2, CGW_T_START + 3,
						CGW_T_WINDOW, &flushed));
	KUNIT_EXPECT_EQ(test, flushed, 0ULL);
	KUNIT_EXPECT_EQ(test, s.key, 2ULL);
	KUNIT_EXPECT_EQ(test, s.suppressed, 0ULL);
	/* ... and now owns the slot's window. */
	KUNIT_EXPECT_FALSE(test, cgw_dedup_admit(&s, 2, CGW_T_START + 4,
						 CGW_T_WINDOW, &flushed));
	/* The first key comes back: admitted, its old count was dropped. */
	KUNIT_EXPECT_TRUE(test, cgw_dedup_admit(&s, 1, CGW_T_START + 5,
						CGW_T_WINDOW, &flushed));
	KUNIT_EXPECT_EQ(test, flushed, 0ULL);
}

/* A clock reading of 0 must not be taken for an empty slot. */
static void cgw_dedup_time_zero_test(struct kunit *test)
{
	struct cgw_dedup_slot s = {};
	u64 flushed;

	KUNIT_EXPECT_TRUE(test, cgw_dedup_admit(&s, 7, 0, CGW_T_WINDOW,
						&flushed));
	KUNIT_EXPECT_FALSE(test, cgw_dedup_admit(&s, 7, 1, CGW_T_WINDOW,
						 &flushed));
	KUNIT_EXPECT_EQ(test, s.suppressed, 1ULL);
}

static void cgw_t_obj_file(struct cgw_obj *o, const char *path, u32 access)
{
	memset(o, 0, sizeof(*o));
	o->kind = CGW_KIND_FILE;
	o->path = path;
	o->path_len = strlen(path);
	o->access = access;
}

static void cgw_dedup_key_test(struct kunit *test)
{
	struct cgw_obj a, b;
	u64 k;

	cgw_t_obj_file(&a, "/etc/passwd", CGW_ACC_READ);
	cgw_t_obj_file(&b, "/etc/passwd", CGW_ACC_READ);
	k = cgw_dedup_key(10, CGW_OP_OPEN, CGW_VERDICT_ALERT, &a);

	/* Equal inputs, distinct buffers: equal keys. */
	KUNIT_EXPECT_EQ(test, k, cgw_dedup_key(10, CGW_OP_OPEN,
					       CGW_VERDICT_ALERT, &b));
	/* Each input counts. */
	KUNIT_EXPECT_NE(test, k, cgw_dedup_key(11, CGW_OP_OPEN,
					       CGW_VERDICT_ALERT, &a));
	KUNIT_EXPECT_NE(test, k, cgw_dedup_key(10, CGW_OP_EXEC,
					       CGW_VERDICT_ALERT, &a));
	KUNIT_EXPECT_NE(test, k, cgw_dedup_key(10, CGW_OP_OPEN,
					       CGW_VERDICT_DENY, &a));
	KUNIT_EXPECT_NE(test, k, cgw_dedup_key(10, CGW_OP_OPEN,
					       CGW_VERDICT_ALERT, NULL));
	b.access = CGW_ACC_WRITE;
	KUNIT_EXPECT_NE(test, k, cgw_dedup_key(10, CGW_OP_OPEN,
					       CGW_VERDICT_ALERT, &b));
	cgw_t_obj_file(&b, "/etc/shadow", CGW_ACC_READ);
	KUNIT_EXPECT_NE(test, k, cgw_dedup_key(10, CGW_OP_OPEN,
					       CGW_VERDICT_ALERT, &b));
	/* A prefix of the path is another path. */
	cgw_t_obj_file(&b, "/etc/passw", CGW_ACC_READ);
	KUNIT_EXPECT_NE(test, k, cgw_dedup_key(10, CGW_OP_OPEN,
					       CGW_VERDICT_ALERT, &b));
	/* Another program meeting the same refusal: another event. */
	cgw_t_obj_file(&b, "/etc/passwd", CGW_ACC_READ);
	b.exe = "/usr/bin/awk";
	b.exe_len = strlen(b.exe);
	KUNIT_EXPECT_NE(test, k, cgw_dedup_key(10, CGW_OP_OPEN,
					       CGW_VERDICT_ALERT, &b));
	a.exe = "/usr/sbin/postgres";
	a.exe_len = strlen(a.exe);
	KUNIT_EXPECT_NE(test, cgw_dedup_key(10, CGW_OP_OPEN, CGW_VERDICT_ALERT,
					    &a),
			cgw_dedup_key(10, CGW_OP_OPEN, CGW_VERDICT_ALERT, &b));

	/* Exec: the invoked name counts. */
	memset(&a, 0, sizeof(a));
	a.kind = CGW_KIND_EXEC;
	a.path = "/bin/busybox";
	a.path_len = strlen(a.path);
	a.name = "sh";
	a.name_len = 2;
	b = a;
	b.name = "nc";
	KUNIT_EXPECT_NE(test, cgw_dedup_key(10, CGW_OP_EXEC, CGW_VERDICT_DENY, &a),
			cgw_dedup_key(10, CGW_OP_EXEC, CGW_VERDICT_DENY, &b));

	/* Net: the address and port count. */
	memset(&a, 0, sizeof(a));
	a.kind = CGW_KIND_NET;
	a.family = AF_INET;
	a.proto = IPPROTO_TCP;
	a.port = 443;
	a.addr[0] = 10;
	a.addr[3] = 1;
	b = a;
	b.addr[3] = 2;
	KUNIT_EXPECT_NE(test, cgw_dedup_key(10, CGW_OP_CONNECT, CGW_VERDICT_DENY, &a),
			cgw_dedup_key(10, CGW_OP_CONNECT, CGW_VERDICT_DENY, &b));
	b = a;
	b.port = 80;
	KUNIT_EXPECT_NE(test, cgw_dedup_key(10, CGW_OP_CONNECT, CGW_VERDICT_DENY, &a),
			cgw_dedup_key(10, CGW_OP_CONNECT, CGW_VERDICT_DENY, &b));

	/* Without an object the key is per cgroup, op and verdict. */
	KUNIT_EXPECT_EQ(test, cgw_dedup_key(10, CGW_OP_OPEN, CGW_VERDICT_ALERT, NULL),
			cgw_dedup_key(10, CGW_OP_OPEN, CGW_VERDICT_ALERT, NULL));
	KUNIT_EXPECT_NE(test, cgw_dedup_key(10, CGW_OP_OPEN, CGW_VERDICT_ALERT, NULL),
			cgw_dedup_key(12, CGW_OP_OPEN, CGW_VERDICT_ALERT, NULL));
}

static void cgw_bucket_burst_refill_test(struct kunit *test)
{
	struct cgw_bucket b = {};
	u64 now = CGW_T_START;
	int i;

	/* per_sec 10, burst 5: five at once, then one per 100 ms. */
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_TRUE(test, cgw_bucket_take(&b, now, 10, 5));
	KUNIT_EXPECT_FALSE(test, cgw_bucket_take(&b, now, 10, 5));

	now += 99 * NSEC_PER_MSEC;
	KUNIT_EXPECT_FALSE(test, cgw_bucket_take(&b, now, 10, 5));
	now += NSEC_PER_MSEC;
	KUNIT_EXPECT_TRUE(test, cgw_bucket_take(&b, now, 10, 5));
	KUNIT_EXPECT_FALSE(test, cgw_bucket_take(&b, now, 10, 5));

	/* One second at 10/s refills no more than the burst. */
	now += NSEC_PER_SEC;
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_TRUE(test, cgw_bucket_take(&b, now, 10, 5));
	KUNIT_EXPECT_FALSE(test, cgw_bucket_take(&b, now, 10, 5));
}

/* Over a long steady stream, the admitted rate is per_sec. */
static void cgw_bucket_rate_test(struct kunit *test)
{
	enum { PER_SEC = 100, BURST = 400, SECONDS = 10 };
	struct cgw_bucket b = {};
	u64 now = CGW_T_START;
	unsigned int ok = 0;
	int i;

	/* A call every millisecond for SECONDS. */
	for (i = 0; i < SECONDS * 1000; i++, now += NSEC_PER_MSEC)
		ok += cgw_bucket_take(&b, now, PER_SEC, BURST);
	/* The burst, plus PER_SEC for each second after it. */
	KUNIT_EXPECT_GE(test, ok, BURST + PER_SEC * SECONDS - 1U);
	KUNIT_EXPECT_LE(test, ok, BURST + PER_SEC * SECONDS + 1U);
}

static void cgw_bucket_big_jump_test(struct kunit *test)
{
	struct cgw_bucket b = {};
	u64 now = CGW_T_START;
	int i;

	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_TRUE(test, cgw_bucket_take(&b, now, 10, 5));
	KUNIT_EXPECT_FALSE(test, cgw_bucket_take(&b, now, 10, 5));

	/* A long idle time fills the bucket to the burst, no further. */
	now = U64_MAX / 2;
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_TRUE(test, cgw_bucket_take(&b, now, 10, 5));
	KUNIT_EXPECT_FALSE(test, cgw_bucket_take(&b, now, 10, 5));
	KUNIT_EXPECT_LE(test, b.tokens, 5 * (NSEC_PER_SEC / 10));

	/* A full bucket and a jump to the end of time do not wrap. */
	now += 2 * NSEC_PER_SEC;
	KUNIT_EXPECT_TRUE(test, cgw_bucket_take(&b, now, 10, 5));
	now = U64_MAX;
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_TRUE(test, cgw_bucket_take(&b, now, 10, 5));
	KUNIT_EXPECT_FALSE(test, cgw_bucket_take(&b, now, 10, 5));

	/* A clock that steps back gives no credit. */
	KUNIT_EXPECT_FALSE(test, cgw_bucket_take(&b, now - NSEC_PER_SEC, 10, 5));
}

/*
 * Credit plus elapsed time must not wrap: a bucket with tokens left, idle
 * from near zero to near U64_MAX, is full afterwards, not nearly empty.
 */
static void cgw_bucket_wrap_test(struct kunit *test)
{
	struct cgw_bucket b = {};
	int i;

	KUNIT_EXPECT_TRUE(test, cgw_bucket_take(&b, 1, 10, 5));
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_TRUE_MSG(test, cgw_bucket_take(&b, U64_MAX, 10, 5),
				      "token %d", i);
	KUNIT_EXPECT_FALSE(test, cgw_bucket_take(&b, U64_MAX, 10, 5));
}

static const struct cgw_budget_rate cgw_t_rate = {
	.per_sec = 10, .burst = 4, .high_per_sec = 2, .high_burst = 2,
};

/*
 * A flood of low alerts empties the budget, but not its reserve: the
 * next high alert is admitted, and says how many were held back.
 */
static void cgw_budget_reserve_test(struct kunit *test)
{
	struct cgw_budget b = {};
	u64 now = CGW_T_START, held = 99;
	int i, ok = 0;

	for (i = 0; i < 10000; i++)
		ok += cgw_budget_take(&b, now, false, &cgw_t_rate, &held);
	KUNIT_EXPECT_EQ(test, ok, 4);
	KUNIT_EXPECT_EQ(test, b.held, 9996ULL);
	KUNIT_EXPECT_TRUE(test, cgw_budget_take(&b, now, true, &cgw_t_rate,
						&held));
	KUNIT_EXPECT_EQ(test, held, 9996ULL);
	KUNIT_EXPECT_EQ(test, b.held, 0ULL);
	KUNIT_EXPECT_TRUE(test, cgw_budget_take(&b, now, true, &cgw_t_rate,
						&held));
	KUNIT_EXPECT_EQ(test, held, 0ULL);
	/* The reserve is small: high alerts have their own limit. */
	KUNIT_EXPECT_FALSE(test, cgw_budget_take(&b, now, true, &cgw_t_rate,
						 &held));
	KUNIT_EXPECT_EQ(test, held, 0ULL);
	/* Low alerts never spend the reserve, even when it is full. */
	now += NSEC_PER_SEC;	/* refills both: 10 and 2 per second */
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_TRUE(test, cgw_budget_take(&b, now, false,
							&cgw_t_rate, &held));
	KUNIT_EXPECT_FALSE(test, cgw_budget_take(&b, now, false, &cgw_t_rate,
						 &held));
	KUNIT_EXPECT_TRUE(test, cgw_budget_take(&b, now, true, &cgw_t_rate,
						&held));
	KUNIT_EXPECT_EQ(test, held, 1ULL);
}

/* Two budgets are independent: one's flood costs the other nothing. */
static void cgw_budget_tenants_test(struct kunit *test)
{
	struct cgw_budget a = {}, b = {};
	u64 now = CGW_T_START, held, admitted = 0, reported = 0;
	int i;

	for (i = 0; i < 1000; i++, now += NSEC_PER_MSEC) {
		if (cgw_budget_take(&a, now, i & 1, &cgw_t_rate, &held)) {
			admitted++;
			reported += held;
		}
	}
	KUNIT_EXPECT_TRUE(test, cgw_budget_take(&b, now, false, &cgw_t_rate,
						&held));
	KUNIT_EXPECT_EQ(test, held, 0ULL);
	/* over one second a flood gets the rate and the burst, no more */
	KUNIT_EXPECT_LE(test, admitted, 4ULL + 10 + 2 + 2 + 2);
	KUNIT_EXPECT_GE(test, admitted, 4ULL + 10);
	/* and every alert held back is counted: in a record, or still held */
	KUNIT_EXPECT_EQ(test, admitted + reported + a.held, 1000ULL);
}

static struct kunit_case cgw_ratelimit_test_cases[] = {
	KUNIT_CASE(cgw_budget_reserve_test),
	KUNIT_CASE(cgw_budget_tenants_test),
	KUNIT_CASE(cgw_dedup_window_test),
	KUNIT_CASE(cgw_dedup_other_key_test),
	KUNIT_CASE(cgw_dedup_time_zero_test),
	KUNIT_CASE(cgw_dedup_key_test),
	KUNIT_CASE(cgw_bucket_burst_refill_test),
	KUNIT_CASE(cgw_bucket_rate_test),
	KUNIT_CASE(cgw_bucket_big_jump_test),
	KUNIT_CASE(cgw_bucket_wrap_test),
	{}
};

static struct kunit_suite cgw_ratelimit_test_suite = {
	.name = "cgwarden_ratelimit",
	.init = cgw_ratelimit_test_init,
	.test_cases = cgw_ratelimit_test_cases,
};

kunit_test_suite(cgw_ratelimit_test_suite);
