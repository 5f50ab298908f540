// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: numeric path components collapse to "*", nothing else changes.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include "cgwarden.h"

struct cgw_gen_case {
	const char *in;
	const char *out;
};

static const struct cgw_gen_case cgw_gen_cases[] = {
	{ "/proc/1234/fd", "/proc/*/fd" },
	{ "/proc/1234/fd/5", "/proc/*/fd/*" },
	{ "/proc/1/task/17/stat", "/proc/*/task/*/stat" },
	{ "/dev/pts/3", "/dev/pts/*" },
	{ "/proc/sys/kernel/pid_max", "/proc/sys/kernel/pid_max" },
	{ "/proc/12a/status", "/proc/12a/status" },
	{ "/proc/a12/status", "/proc/a12/status" },
	{ "/proc/self/status", "/proc/self/status" },
	{ "/", "/" },
	{ "", "" },
	{ "42", "*" },
	{ "/proc//99//x", "/proc//*//x" },
	{ "/proc/123/", "/proc/*/" },
	{ "/proc/0", "/proc/*" },
};

static void cgw_gen_table_test(struct kunit *test)
{
	char buf[64];
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(cgw_gen_cases); i++) {
		const struct cgw_gen_case *c = &cgw_gen_cases[i];

		strscpy(buf, c->in, sizeof(buf));
		n = cgw_generalise_numbers(buf, strlen(c->in));
		KUNIT_EXPECT_EQ_MSG(test, n, strlen(c->out), "in: %s", c->in);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(buf, c->out, n), 0,
				    "in: %s", c->in);
	}
}

/* Only the given length is read and written: bytes after it stay. */
static void cgw_gen_bounds_test(struct kunit *test)
{
	char buf[] = "/proc/77/fdXXXX";
	size_t n = cgw_generalise_numbers(buf, strlen("/proc/77/fd"));

	KUNIT_EXPECT_EQ(test, n, strlen("/proc/*/fd"));
	KUNIT_EXPECT_EQ(test, memcmp(buf, "/proc/*/fd", n), 0);
	KUNIT_EXPECT_STREQ(test, buf + strlen("/proc/77/fd"), "XXXX");
}

static struct kunit_case cgw_gen_test_cases[] = {
	KUNIT_CASE(cgw_gen_table_test),
	KUNIT_CASE(cgw_gen_bounds_test),
	{}
};

static struct kunit_suite cgw_gen_test_suite = {
	.name = "cgwarden-generalise",
	.test_cases = cgw_gen_test_cases,
};

kunit_test_suite(cgw_gen_test_suite);
