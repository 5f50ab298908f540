// SPDX-License-Identifier: GPL-2.0
/* Enum names both ways: what users type and what --json prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "names.h"
#include "uapi/cgwarden.h"

static void test_modes(void **state)
{
	static const struct { const char *name; int v; } m[] = {
		{ "off", CGW_MODE_OFF }, { "learn", CGW_MODE_LEARN },
		{ "monitor", CGW_MODE_MONITOR }, { "protect", CGW_MODE_PROTECT },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		assert_string_equal(cgw_mode_name((unsigned int)m[i].v), m[i].name);
		assert_int_equal(cgw_mode_parse(m[i].name), m[i].v);
	}
	assert_null(cgw_mode_name(CGW_MODE_COUNT));
	assert_null(cgw_mode_name(255));
}

static void test_ops(void **state)
{
	static const struct { const char *name; int v; } m[] = {
		{ "exec", CGW_OP_EXEC }, { "open", CGW_OP_OPEN },
		{ "connect", CGW_OP_CONNECT }, { "sendmsg", CGW_OP_SENDMSG },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		assert_string_equal(cgw_op_name((unsigned int)m[i].v), m[i].name);
		assert_int_equal(cgw_op_parse(m[i].name), m[i].v);
	}
	assert_null(cgw_op_name(CGW_OP_COUNT));
}

static void test_kinds(void **state)
{
	static const struct { const char *name; int v; } m[] = {
		{ "exec", CGW_KIND_EXEC }, { "file", CGW_KIND_FILE },
		{ "net", CGW_KIND_NET }, { "unix", CGW_KIND_UNIX },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		assert_string_equal(cgw_kind_name((unsigned int)m[i].v), m[i].name);
		assert_int_equal(cgw_kind_parse(m[i].name), m[i].v);
	}
	assert_null(cgw_kind_name(CGW_KIND_COUNT));
}

static void test_hook_states(void **state)
{
	static const struct { const char *name; int v; } m[] = {
		{ "detached", CGW_HOOK_DETACHED }, { "ftrace", CGW_HOOK_FTRACE },
		{ "kprobe", CGW_HOOK_KPROBE }, { "failed", CGW_HOOK_FAILED },
		{ "disarmed", CGW_HOOK_DISARMED },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		assert_string_equal(cgw_hook_state_name((unsigned int)m[i].v), m[i].name);
		assert_int_equal(cgw_hook_state_parse(m[i].name), m[i].v);
	}
	assert_null(cgw_hook_state_name(CGW_HOOK_STATE_COUNT));
}

static void test_unknown_names_rejected(void **state)
{
	static const char *const bad[] = {
		"", "OFF", "Learn", "learn ", " learn", "lear", "learnx", "protected", "1",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(cgw_mode_parse(bad[i]), -1);
	assert_int_equal(cgw_op_parse("file"), -1);	/* a kind, not an op */
	assert_int_equal(cgw_kind_parse("open"), -1);	/* an op, not a kind */
	assert_int_equal(cgw_kind_parse("tcp"), -1);
	assert_int_equal(cgw_hook_state_parse("attached"), -1);
}

static void test_protocols(void **state)
{
	(void)state;
	assert_string_equal(cgw_proto_name(IPPROTO_TCP), "tcp");
	assert_string_equal(cgw_proto_name(IPPROTO_UDP), "udp");
	assert_string_equal(cgw_proto_name(IPPROTO_ICMPV6), "icmpv6");
	assert_null(cgw_proto_name(47));
}

/* Generalisations and severities, as the kernel spells them. */
static void test_wild_severity(void **state)
{
	(void)state;
	assert_null(cgw_wild_name(CGW_WILD_NONE));
	assert_string_equal(cgw_wild_name(CGW_WILD_DIR), "dir");
	assert_string_equal(cgw_wild_name(CGW_WILD_ADDR), "any-address");
	assert_null(cgw_wild_name(CGW_WILD_COUNT));
	assert_int_equal(cgw_wild_parse("dir"), CGW_WILD_DIR);
	assert_int_equal(cgw_wild_parse("any-address"), CGW_WILD_ADDR);
	assert_int_equal(cgw_wild_parse(""), -1);
	assert_int_equal(cgw_wild_parse("DIR"), -1);
	assert_string_equal(cgw_severity_name(CGW_SEV_LOW), "low");
	assert_string_equal(cgw_severity_name(CGW_SEV_MEDIUM), "medium");
	assert_string_equal(cgw_severity_name(CGW_SEV_HIGH), "high");
	assert_null(cgw_severity_name(CGW_SEV_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_ops),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_hook_states),
		cmocka_unit_test(test_unknown_names_rejected),
		cmocka_unit_test(test_protocols),
		cmocka_unit_test(test_wild_severity),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
