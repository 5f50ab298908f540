// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding kernel replies, fed messages built here the way the kernel
 * would build them, plus the malformed ones it must refuse.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>
#include <netlink/msg.h>

#include "decode.h"

static struct nl_msg *new_msg(void)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	return msg;
}

static struct nlattr *attrs_of(struct nl_msg *msg, int *len)
{
	*len = nlmsg_attrlen(nlmsg_hdr(msg), 0);
	return nlmsg_attrdata(nlmsg_hdr(msg), 0);
}

static void put_hook(struct nl_msg *msg, uint8_t op, const char *sym, uint8_t state, uint64_t calls)
{
	struct nlattr *n = nla_nest_start(msg, CGW_A_HOOK);

	assert_int_equal(nla_put_u8(msg, CGW_HOOK_A_OP, op), 0);
	assert_int_equal(nla_put_string(msg, CGW_HOOK_A_SYMBOL, sym), 0);
	assert_int_equal(nla_put_u8(msg, CGW_HOOK_A_STATE, state), 0);
	assert_int_equal(nla_put_u64(msg, CGW_HOOK_A_CALLS, calls), 0);
	nla_nest_end(msg, n);
}

static void test_status(void **state)
{
	struct nl_msg *msg = new_msg();
	struct cgw_status_rec st;
	struct nlattr *n, *a;
	int len;

	(void)state;
	nla_put_string(msg, CGW_A_VERSION, "0.1.0");
	put_hook(msg, CGW_OP_EXEC, "security_bprm_check", CGW_HOOK_FTRACE, 123);
	n = nla_nest_start(msg, CGW_A_STATS);
	nla_put_u32(msg, CGW_STATS_A_CGROUPS, 3);
	nla_put_u64(msg, CGW_STATS_A_AUDIT_RECORDS, 5);
	nla_put_u64(msg, CGW_STATS_A_CGROUPS_RELEASED, 2);
	nla_put_u64(msg, CGW_STATS_A_LOCK_REFUSED, 6);
	nla_put_u64(msg, CGW_STATS_A_FAULTS_INJECTED, 99);
	nla_nest_end(msg, n);
	nla_put_flag(msg, CGW_A_LOCKED);
	put_hook(msg, CGW_OP_SENDMSG, "security_socket_sendmsg", CGW_HOOK_KPROBE, 9);
	n = nla_nest_start(msg, CGW_A_CONFIG);
	nla_put_u8(msg, CGW_CONFIG_A_DEFAULT_MODE, CGW_MODE_MONITOR);
	nla_put_u32(msg, CGW_CONFIG_A_MAX_CGROUPS, 4096);
	nla_nest_end(msg, n);
	nla_put_u32(msg, 200, 1);	/* from a newer module: ignored */

	a = attrs_of(msg, &len);
	assert_int_equal(cgw_decode_status(a, len, &st), 0);
	assert_string_equal(st.version, "0.1.0");
	assert_int_equal(st.nhooks, 2);	/* every HOOK, not just the last */
	assert_int_equal(st.hooks[0].op, CGW_OP_EXEC);
	assert_string_equal(st.hooks[0].symbol, "security_bprm_check");
	assert_int_equal(st.hooks[0].state, CGW_HOOK_FTRACE);
	assert_true(st.hooks[0].calls == 123);
	assert_int_equal(st.hooks[1].op, CGW_OP_SENDMSG);
	assert_true(st.hooks[1].calls == 9);
	assert_int_equal(st.stats.cgroups, 3);
	assert_true(st.stats.audit_records == 5);
	assert_true(st.stats.cgroups_released == 2);
	assert_true(st.locked);
	assert_true(st.stats.lock_refused == 6);
	assert_true(st.stats.has_faults);
	assert_true(st.stats.faults_injected == 99);
	assert_int_equal(st.config.default_mode, CGW_MODE_MONITOR);
	assert_int_equal(st.config.max_cgroups, 4096);
	assert_int_equal(st.config.present, CGW_CONFIG_HAS(CGW_CONFIG_A_DEFAULT_MODE) |
					    CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_CGROUPS));
	nlmsg_free(msg);
}

static void test_status_malformed(void **state)
{
	struct cgw_status_rec st;
	struct nl_msg *msg;
	struct nlattr *n, *a;
	int len;

	(void)state;
	/* A hook without its op. */
	msg = new_msg();
	n = nla_nest_start(msg, CGW_A_HOOK);
	nla_put_string(msg, CGW_HOOK_A_SYMBOL, "x");
	nla_nest_end(msg, n);
	a = attrs_of(msg, &len);
	assert_int_equal(cgw_decode_status(a, len, &st), -1);
	nlmsg_free(msg);

	/* A version without its NUL. */
	msg = new_msg();
	nla_put(msg, CGW_A_VERSION, 3, "abc");
	a = attrs_of(msg, &len);
	assert_int_equal(cgw_decode_status(a, len, &st), -1);
	nlmsg_free(msg);

	/* A u64 counter sent as 4 bytes. */
	msg = new_msg();
	n = nla_nest_start(msg, CGW_A_STATS);
	nla_put_u32(msg, CGW_STATS_A_NOMEM, 1);
	nla_nest_end(msg, n);
	a = attrs_of(msg, &len);
	assert_int_equal(cgw_decode_status(a, len, &st), -1);
	nlmsg_free(msg);

	/* The lock's counter too. */
	msg = new_msg();
	n = nla_nest_start(msg, CGW_A_STATS);
	nla_put_u32(msg, CGW_STATS_A_LOCK_REFUSED, 1);
	nla_nest_end(msg, n);
	a = attrs_of(msg, &len);
	assert_int_equal(cgw_decode_status(a, len, &st), -1);
	nlmsg_free(msg);
}

static void test_cgroup(void **state)
{
	struct nl_msg *msg = new_msg();
	struct cgw_cgroup_rec cg;
	struct nlattr *n, *calls;
	int len;

	(void)state;
	n = nla_nest_start(msg, CGW_A_CGROUP);
	nla_put_u64(msg, CGW_CG_A_ID, 4242);
	nla_put_string(msg, CGW_CG_A_PATH, "/system.slice/docker-abc.scope");
	nla_put_u8(msg, CGW_CG_A_MODE, CGW_MODE_PROTECT);
	nla_put_u32(msg, CGW_CG_A_ENTRIES, 17);
	calls = nla_nest_start(msg, CGW_CG_A_CALLS);
	nla_put_u64(msg, CGW_OP_EXEC + 1, 10);
	nla_put_u64(msg, CGW_OP_OPEN + 1, 20);
	nla_put_u64(msg, CGW_OP_SENDMSG + 1, 40);
	nla_put_u64(msg, CGW_OP_COUNT + 5, 99);	/* unknown op: ignored */
	nla_nest_end(msg, calls);
	nla_put_u64(msg, CGW_CG_A_DENIALS, 2);
	nla_put_u64(msg, CGW_CG_A_FIRST_SEEN, 1000000);
	nla_nest_end(msg, n);

	assert_int_equal(cgw_decode_cgroup(attrs_of(msg, &len), &cg), 0);
	assert_true(cg.id == 4242);
	assert_string_equal(cg.path, "/system.slice/docker-abc.scope");
	assert_int_equal(cg.mode, CGW_MODE_PROTECT);
	assert_int_equal(cg.entries, 17);
	assert_true(cg.calls[CGW_OP_EXEC] == 10);
	assert_true(cg.calls[CGW_OP_OPEN] == 20);
	assert_true(cg.calls[CGW_OP_CONNECT] == 0);
	assert_true(cg.calls[CGW_OP_SENDMSG] == 40);
	assert_true(cg.denials == 2);
	assert_true(cg.first_seen_ns == 1000000);
	cgw_cgroup_rec_free(&cg);
	nlmsg_free(msg);
}

static void test_cgroup_malformed(void **state)
{
	struct cgw_cgroup_rec cg;
	struct nl_msg *msg;
	struct nlattr *n, *calls;
	int len;

	(void)state;
	msg = new_msg();	/* no id */
	n = nla_nest_start(msg, CGW_A_CGROUP);
	nla_put_string(msg, CGW_CG_A_PATH, "/x");
	nla_nest_end(msg, n);
	assert_int_equal(cgw_decode_cgroup(attrs_of(msg, &len), &cg), -1);
	assert_null(cg.path);
	nlmsg_free(msg);

	msg = new_msg();	/* a call counter that is not a u64 */
	n = nla_nest_start(msg, CGW_A_CGROUP);
	nla_put_u64(msg, CGW_CG_A_ID, 1);
	calls = nla_nest_start(msg, CGW_CG_A_CALLS);
	nla_put_u32(msg, CGW_OP_OPEN + 1, 20);
	nla_nest_end(msg, calls);
	nla_nest_end(msg, n);
	assert_int_equal(cgw_decode_cgroup(attrs_of(msg, &len), &cg), -1);
	nlmsg_free(msg);
}

static void test_entries(void **state)
{
	struct cgw_entry_rec e;
	struct nl_msg *msg;
	uint8_t v6[16];
	struct nlattr *n;
	int len;

	(void)state;
	assert_int_equal(inet_pton(AF_INET6, "::1", v6), 1);
	msg = new_msg();
	n = nla_nest_start(msg, CGW_A_ENTRY);
	nla_put_u8(msg, CGW_ENTRY_A_KIND, CGW_KIND_NET);
	nla_put_u16(msg, CGW_ENTRY_A_FAMILY, AF_INET6);
	nla_put_u8(msg, CGW_ENTRY_A_PROTO, 17);
	nla_put(msg, CGW_ENTRY_A_ADDR, 16, v6);
	nla_put_u16(msg, CGW_ENTRY_A_PORT, 53);
	nla_put_u64(msg, CGW_ENTRY_A_HITS, 8);
	nla_nest_end(msg, n);
	assert_int_equal(cgw_decode_entry(attrs_of(msg, &len), &e), 0);
	assert_int_equal(e.kind, CGW_KIND_NET);
	assert_int_equal(e.family, AF_INET6);
	assert_int_equal(e.proto, 17);
	assert_int_equal(e.addrlen, 16);
	assert_memory_equal(e.addr, v6, 16);
	assert_int_equal(e.port, 53);
	assert_true(e.hits == 8);
	assert_null(e.path);
	cgw_entry_rec_free(&e);
	nlmsg_free(msg);

	msg = new_msg();
	n = nla_nest_start(msg, CGW_A_ENTRY);
	nla_put_u8(msg, CGW_ENTRY_A_KIND, CGW_KIND_EXEC);
	nla_put_string(msg, CGW_ENTRY_A_PATH, "/bin/busybox");
	nla_put_string(msg, CGW_ENTRY_A_NAME, "sh");
	nla_nest_end(msg, n);
	assert_int_equal(cgw_decode_entry(attrs_of(msg, &len), &e), 0);
	assert_string_equal(e.path, "/bin/busybox");
	assert_string_equal(e.name, "sh");
	cgw_entry_rec_free(&e);
	nlmsg_free(msg);
}

static void test_entry_malformed(void **state)
{
	static const uint8_t five[5] = { 1, 2, 3, 4, 5 };
	struct cgw_entry_rec e;
	struct nl_msg *msg;
	struct nlattr *n;
	int len;

	(void)state;
	msg = new_msg();	/* 5-byte address */
	n = nla_nest_start(msg, CGW_A_ENTRY);
	nla_put_u8(msg, CGW_ENTRY_A_KIND, CGW_KIND_NET);
	nla_put(msg, CGW_ENTRY_A_ADDR, 5, five);
	nla_nest_end(msg, n);
	assert_int_equal(cgw_decode_entry(attrs_of(msg, &len), &e), -1);
	nlmsg_free(msg);

	msg = new_msg();	/* no kind */
	n = nla_nest_start(msg, CGW_A_ENTRY);
	nla_put_string(msg, CGW_ENTRY_A_PATH, "/etc/passwd");
	nla_nest_end(msg, n);
	assert_int_equal(cgw_decode_entry(attrs_of(msg, &len), &e), -1);
	assert_null(e.path);
	nlmsg_free(msg);
}

/* What a module with generalisation, exe pairing and breakers adds. */
static void test_learning_attrs(void **state)
{
	struct nl_msg *msg = new_msg();
	struct cgw_status_rec st;
	struct cgw_cgroup_rec cg;
	struct cgw_entry_rec e;
	struct nlattr *n, *a;
	int len;

	(void)state;
	n = nla_nest_start(msg, CGW_A_STATS);
	nla_put_u64(msg, CGW_STATS_A_BREAKER_TRIPS, 3);
	nla_put_u64(msg, CGW_STATS_A_GENERALISED, 11);
	nla_nest_end(msg, n);
	n = nla_nest_start(msg, CGW_A_CONFIG);
	nla_put_u32(msg, CGW_CONFIG_A_DIR_NAMES, 16);
	nla_put_u32(msg, CGW_CONFIG_A_NET_ADDRS, 0);
	nla_put_u8(msg, CGW_CONFIG_A_EXE_PAIRING, 1);
	nla_put_u8(msg, CGW_CONFIG_A_COLLAPSE_NAMES, 0);
	nla_nest_end(msg, n);
	a = attrs_of(msg, &len);
	assert_int_equal(cgw_decode_status(a, len, &st), 0);
	assert_true(st.stats.breaker_trips == 3);
	assert_true(st.stats.generalised == 11);
	assert_int_equal(st.config.dir_names, 16);
	assert_int_equal(st.config.net_addrs, 0);
	assert_int_equal(st.config.exe_pairing, 1);
	assert_int_equal(st.config.collapse_names, 0);
	assert_int_equal(st.config.present, CGW_CONFIG_HAS(CGW_CONFIG_A_DIR_NAMES) |
			 CGW_CONFIG_HAS(CGW_CONFIG_A_NET_ADDRS) |
			 CGW_CONFIG_HAS(CGW_CONFIG_A_EXE_PAIRING) |
			 CGW_CONFIG_HAS(CGW_CONFIG_A_COLLAPSE_NAMES));
	nlmsg_free(msg);

	msg = new_msg();
	n = nla_nest_start(msg, CGW_A_CGROUP);
	nla_put_u64(msg, CGW_CG_A_ID, 1);
	nla_put_u32(msg, CGW_CG_A_BREAKER, 50);
	nla_nest_end(msg, n);
	assert_int_equal(cgw_decode_cgroup(attrs_of(msg, &len), &cg), 0);
	assert_int_equal(cg.breaker, 50);
	cgw_cgroup_rec_free(&cg);
	nlmsg_free(msg);

	msg = new_msg();
	n = nla_nest_start(msg, CGW_A_ENTRY);
	nla_put_u8(msg, CGW_ENTRY_A_KIND, CGW_KIND_FILE);
	nla_put_string(msg, CGW_ENTRY_A_PATH, "/tmp");
	nla_put_u32(msg, CGW_ENTRY_A_ACCESS, CGW_ACC_READ);
	nla_put_string(msg, CGW_ENTRY_A_EXE, "/usr/bin/python3");
	nla_put_u8(msg, CGW_ENTRY_A_WILD, CGW_WILD_DIR);
	nla_put_u32(msg, CGW_ENTRY_A_ID, 0x2a);
	nla_nest_end(msg, n);
	assert_int_equal(cgw_decode_entry(attrs_of(msg, &len), &e), 0);
	assert_string_equal(e.path, "/tmp");
	assert_string_equal(e.exe, "/usr/bin/python3");
	assert_int_equal(e.wild, CGW_WILD_DIR);
	assert_int_equal(e.id, 0x2a);
	cgw_entry_rec_free(&e);
	assert_null(e.exe);
	nlmsg_free(msg);

	/* an exe that is not a string is malformed */
	msg = new_msg();
	n = nla_nest_start(msg, CGW_A_ENTRY);
	nla_put_u8(msg, CGW_ENTRY_A_KIND, CGW_KIND_UNIX);
	nla_put(msg, CGW_ENTRY_A_EXE, 3, "abc");
	nla_nest_end(msg, n);
	assert_int_equal(cgw_decode_entry(attrs_of(msg, &len), &e), -1);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_status_malformed),
		cmocka_unit_test(test_cgroup),
		cmocka_unit_test(test_cgroup_malformed),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_entry_malformed),
		cmocka_unit_test(test_learning_attrs),
	};

	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
