// SPDX-License-Identifier: GPL-2.0
/* Numbers from the command line: exact, or refused. */
#include <errno.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "parse.h"

static void test_u32_accepts(void **state)
{
	uint32_t v = 7;

	(void)state;
	assert_int_equal(parse_u32("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_u32("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(parse_u32("007", &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(parse_u32("4294967295", &v), 0);
	assert_int_equal(v, UINT32_MAX);
}

static void test_u32_rejects_junk(void **state)
{
	static const char *const bad[] = {
		"", "12x", "x12", "-1", "+1", " 1", "1 ", "0x10", "1.5", "1e3", "٣",
	};
	uint32_t v = 42;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_u32(bad[i], &v), -EINVAL);
		assert_int_equal(v, 42);	/* untouched on failure */
	}
}

static void test_u32_rejects_overflow(void **state)
{
	uint32_t v = 42;

	(void)state;
	assert_int_equal(parse_u32("4294967296", &v), -ERANGE);
	assert_int_equal(parse_u32("99999999999999999999999", &v), -ERANGE);
	assert_int_equal(v, 42);
}

static void test_u64_limits(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(parse_u64("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(parse_u64("18446744073709551616", &v), -ERANGE);
	assert_int_equal(parse_u64("184467440737095516150", &v), -ERANGE);
	assert_int_equal(parse_u64("-0", &v), -EINVAL);
}

static void test_all_digits(void **state)
{
	(void)state;
	assert_true(is_all_digits("0123456789"));
	assert_false(is_all_digits(""));
	assert_false(is_all_digits("12a"));
	assert_false(is_all_digits("/12"));
}

static void test_duration(void **state)
{
	uint32_t ms = 0;

	(void)state;
	assert_int_equal(parse_duration_ms("30s", &ms), 0);
	assert_int_equal(ms, 30000);
	assert_int_equal(parse_duration_ms("5m", &ms), 0);
	assert_int_equal(ms, 300000);
	assert_int_equal(parse_duration_ms("2h", &ms), 0);
	assert_int_equal(ms, 7200000);
	assert_int_equal(parse_duration_ms("1500ms", &ms), 0);
	assert_int_equal(ms, 1500);
	assert_int_equal(parse_duration_ms("7", &ms), 0);
	assert_int_equal(ms, 7000);
	assert_int_equal(parse_duration_ms("0s", &ms), 0);
	assert_int_equal(ms, 0);
	assert_int_equal(parse_duration_ms("", &ms), -EINVAL);
	assert_int_equal(parse_duration_ms("s", &ms), -EINVAL);
	assert_int_equal(parse_duration_ms("5x", &ms), -EINVAL);
	assert_int_equal(parse_duration_ms("5 s", &ms), -EINVAL);
	assert_int_equal(parse_duration_ms("-5s", &ms), -EINVAL);
	assert_int_equal(parse_duration_ms("1200h", &ms), -ERANGE);
	assert_int_equal(parse_duration_ms("99999999999999999999999999999999s", &ms), -ERANGE);
}

/* Ids as model show and model candidates print them. */
static void test_entry_id(void **state)
{
	static const char *const bad[] = {
		"", "123456789", "0x2a", "2A", "-1", " 2a", "2a ", "g", "dead beef",
	};
	uint32_t v = 7;

	(void)state;
	assert_int_equal(parse_entry_id("0000002a", &v), 0);
	assert_int_equal(v, 0x2a);
	assert_int_equal(parse_entry_id("2a", &v), 0);
	assert_int_equal(v, 0x2a);
	assert_int_equal(parse_entry_id("ffffffff", &v), 0);
	assert_true(v == 0xffffffffu);
	assert_int_equal(parse_entry_id("0", &v), 0);
	assert_int_equal(v, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 7;
		assert_int_equal(parse_entry_id(bad[i], &v), -EINVAL);
		assert_int_equal(v, 7);
	}
}

static void test_on_off(void **state)
{
	bool on = false;

	(void)state;
	assert_int_equal(parse_on_off("on", &on), 0);
	assert_true(on);
	assert_int_equal(parse_on_off("off", &on), 0);
	assert_false(on);
	assert_int_equal(parse_on_off("ON", &on), -EINVAL);
	assert_int_equal(parse_on_off("1", &on), -EINVAL);
	assert_int_equal(parse_on_off("", &on), -EINVAL);
	assert_int_equal(parse_on_off("yes", &on), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_u32_accepts),
		cmocka_unit_test(test_u32_rejects_junk),
		cmocka_unit_test(test_u32_rejects_overflow),
		cmocka_unit_test(test_u64_limits),
		cmocka_unit_test(test_all_digits),
		cmocka_unit_test(test_entry_id),
		cmocka_unit_test(test_on_off),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
