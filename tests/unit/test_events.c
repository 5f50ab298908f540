// SPDX-License-Identifier: GPL-2.0
/*
 * Events as `cgwardenctl watch` prints them: decoded from messages built
 * the way the kernel builds them, rendered as a line, as JSON and in
 * Falco's alert shape; malformed events refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <netlink/msg.h>

#include "events.h"

#define DOCKER_ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* An event nest: a denied read of path, in cgroup cg. */
static struct nlattr *build(struct nl_msg **out, const char *cg, const char *path,
			    uint8_t verdict, bool with_op)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *ev, *obj;

	assert_non_null(msg);
	ev = nla_nest_start(msg, CGW_A_EVENT);
	nla_put_u64(msg, CGW_EV_A_TIME, 1795739484765047500ULL);
	nla_put_u64(msg, CGW_EV_A_CGROUP_ID, 23);
	nla_put_string(msg, CGW_EV_A_CGROUP, cg);
	nla_put_u32(msg, CGW_EV_A_PID, 4242);
	nla_put_string(msg, CGW_EV_A_COMM, "cat");
	nla_put_string(msg, CGW_EV_A_EXE, "/bin/busybox");
	if (with_op)
		nla_put_u8(msg, CGW_EV_A_OP, CGW_OP_OPEN);
	nla_put_u8(msg, CGW_EV_A_MODE, CGW_MODE_PROTECT);
	nla_put_u8(msg, CGW_EV_A_VERDICT, verdict);
	nla_put_u8(msg, CGW_EV_A_REASON, CGW_REASON_NEW);
	nla_put_u64(msg, CGW_EV_A_SUPPRESSED, 7);
	obj = nla_nest_start(msg, CGW_EV_A_OBJECT);
	nla_put_u8(msg, CGW_ENTRY_A_KIND, CGW_KIND_FILE);
	nla_put_u32(msg, CGW_ENTRY_A_ACCESS, CGW_ACC_READ);
	nla_put_string(msg, CGW_ENTRY_A_PATH, path);
	nla_nest_end(msg, obj);
	nla_nest_end(msg, ev);
	*out = msg;
	return ev;
}

static char *render(const struct cgw_event_rec *ev, enum cgw_event_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	cgw_event_print(f, ev, fmt, "node1");
	fclose(f);
	return buf;
}

static void test_rfc3339(void **state)
{
	char buf[40];

	(void)state;
	cgw_fmt_rfc3339(1795739484765047500ULL, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-27T00:31:24.765047500Z");
	cgw_fmt_rfc3339(5, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00.000000005Z");
}

static void test_json(void **state)
{
	struct cgw_event_rec ev;
	struct nl_msg *msg;
	struct nlattr *n = build(&msg, "/system.slice/docker-" DOCKER_ID ".scope",
				 "/etc/shadow", CGW_VERDICT_DENY, true);
	char *out;

	(void)state;
	assert_int_equal(cgw_decode_event(n, &ev), 0);
	out = render(&ev, CGW_EV_JSON);
	assert_string_equal(out,
		"{\"time\":\"2026-11-27T00:31:24.765047500Z\",\"cgroup_id\":23,"
		"\"cgroup\":\"/system.slice/docker-" DOCKER_ID ".scope\","
		"\"container\":{\"runtime\":\"docker\",\"id\":\"" DOCKER_ID "\"},"
		"\"pid\":4242,\"comm\":\"cat\",\"exe\":\"/bin/busybox\",\"op\":\"open\","
		"\"object\":\"/etc/shadow\",\"access\":\"r---\",\"mode\":\"protect\","
		"\"verdict\":\"deny\",\"reason\":\"not-in-model\",\"suppressed\":7}\n");
	free(out);
	cgw_event_rec_free(&ev);
	nlmsg_free(msg);
}

static void test_falco(void **state)
{
	struct cgw_event_rec ev;
	struct nl_msg *msg;
	struct nlattr *n = build(&msg, "/ctr1", "/etc/shadow", CGW_VERDICT_ALERT, true);
	char *out;

	(void)state;
	assert_int_equal(cgw_decode_event(n, &ev), 0);
	out = render(&ev, CGW_EV_FALCO);
	assert_non_null(strstr(out, "{\"output\":\"2026-11-27T00:31:24.765047500Z: Warning "
				    "cgwarden alerted on open of /etc/shadow (cgroup=/ctr1 "
				    "container=host pid=4242 comm=cat"));
	assert_non_null(strstr(out, "\"priority\":\"Warning\",\"rule\":\"cgwarden open not in model\","
				    "\"time\":\"2026-11-27T00:31:24.765047500Z\""));
	assert_non_null(strstr(out, "\"hostname\":\"node1\",\"output_fields\":{"
				    "\"evt.time\":1795739484765047500,\"evt.type\":\"open\","
				    "\"proc.pid\":4242,\"proc.name\":\"cat\""));
	assert_non_null(strstr(out, "\"fd.name\":\"/etc/shadow\""));
	assert_int_equal(out[strlen(out) - 1], '\n');
	assert_null(strchr(out, '\n') + 1 == out + strlen(out) ? NULL : "two lines");
	free(out);
	cgw_event_rec_free(&ev);
	nlmsg_free(msg);
}

/* A hostile path cannot forge a line or a JSON field. */
static void test_hostile_path(void **state)
{
	struct cgw_event_rec ev;
	struct nl_msg *msg;
	struct nlattr *n = build(&msg, "/ctr1", "/tmp/x\n\"verdict\":\"allow\"\x1b[2J",
				 CGW_VERDICT_DENY, true);
	char *out;

	(void)state;
	assert_int_equal(cgw_decode_event(n, &ev), 0);
	out = render(&ev, CGW_EV_JSON);
	assert_non_null(strstr(out, "\"object\":\"/tmp/x\\n\\\"verdict\\\":\\\"allow\\\"\\u001b[2J\""));
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	free(out);
	out = render(&ev, CGW_EV_HUMAN);
	assert_null(strchr(out, '\x1b'));
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	assert_non_null(strstr(out, "deny  open    /tmp/x"));
	assert_non_null(strstr(out, "(+7 suppressed)"));
	free(out);
	cgw_event_rec_free(&ev);
	nlmsg_free(msg);
}

static void test_malformed(void **state)
{
	struct cgw_event_rec ev;
	struct nl_msg *msg;
	struct nlattr *n = build(&msg, "/ctr1", "/x", CGW_VERDICT_DENY, false);

	(void)state;
	assert_int_equal(cgw_decode_event(n, &ev), -1);	/* no op */
	cgw_event_rec_free(&ev);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_falco),
		cmocka_unit_test(test_hostile_path),
		cmocka_unit_test(test_malformed),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
