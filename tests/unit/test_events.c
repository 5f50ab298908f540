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
#include <netinet/in.h>
#include <sys/socket.h>
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
		"\"verdict\":\"deny\",\"reason\":\"not-in-model\",\"severity\":null,"
		"\"suppressed\":7}\n");
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

/* An event of a newer module: severity, and an object bound to a program. */
static struct nlattr *build_sev(struct nl_msg **out, int severity, const char *obj_exe,
				uint8_t kind, uint8_t wild)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *ev, *obj;
	static const uint8_t any[4];

	assert_non_null(msg);
	ev = nla_nest_start(msg, CGW_A_EVENT);
	nla_put_u64(msg, CGW_EV_A_TIME, 1795739484765047500ULL);
	nla_put_u64(msg, CGW_EV_A_CGROUP_ID, 23);
	nla_put_string(msg, CGW_EV_A_CGROUP, "/ctr1");
	nla_put_u32(msg, CGW_EV_A_PID, 4242);
	nla_put_string(msg, CGW_EV_A_COMM, "cat");
	nla_put_string(msg, CGW_EV_A_EXE, "/bin/busybox");
	nla_put_u8(msg, CGW_EV_A_OP, kind == CGW_KIND_NET ? CGW_OP_CONNECT : CGW_OP_OPEN);
	nla_put_u8(msg, CGW_EV_A_MODE, CGW_MODE_MONITOR);
	nla_put_u8(msg, CGW_EV_A_VERDICT, CGW_VERDICT_ALERT);
	nla_put_u8(msg, CGW_EV_A_REASON, CGW_REASON_NEW);
	if (severity >= 0)
		nla_put_u8(msg, CGW_EV_A_SEVERITY, (uint8_t)severity);
	obj = nla_nest_start(msg, CGW_EV_A_OBJECT);
	nla_put_u8(msg, CGW_ENTRY_A_KIND, kind);
	if (obj_exe)
		nla_put_string(msg, CGW_ENTRY_A_EXE, obj_exe);
	if (wild)
		nla_put_u8(msg, CGW_ENTRY_A_WILD, wild);
	if (kind == CGW_KIND_NET) {
		nla_put_u16(msg, CGW_ENTRY_A_FAMILY, AF_INET);
		nla_put_u8(msg, CGW_ENTRY_A_PROTO, IPPROTO_TCP);
		nla_put(msg, CGW_ENTRY_A_ADDR, 4, any);
		nla_put_u16(msg, CGW_ENTRY_A_PORT, 443);
	} else {
		nla_put_u32(msg, CGW_ENTRY_A_ACCESS, CGW_ACC_WRITE);
		nla_put_string(msg, CGW_ENTRY_A_PATH, "/tmp");
	}
	nla_nest_end(msg, obj);
	nla_nest_end(msg, ev);
	*out = msg;
	return ev;
}

/* Falco's priority follows severity; without one, the verdict. */
static void test_severity(void **state)
{
	static const struct { int sev; const char *name, *priority; } c[] = {
		{ CGW_SEV_LOW, "low", "Notice" },
		{ CGW_SEV_MEDIUM, "medium", "Warning" },
		{ CGW_SEV_HIGH, "high", "Critical" },
		{ 9, "?", "Critical" },
	};
	struct cgw_event_rec ev;
	struct nl_msg *msg;
	char *out, want[128];

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct nlattr *n = build_sev(&msg, c[i].sev, NULL, CGW_KIND_FILE, 0);

		assert_int_equal(cgw_decode_event(n, &ev), 0);
		assert_true(ev.has_severity);
		assert_string_equal(cgw_event_priority(&ev), c[i].priority);
		out = render(&ev, CGW_EV_FALCO);
		snprintf(want, sizeof(want), "\"priority\":\"%s\"", c[i].priority);
		assert_non_null(strstr(out, want));
		snprintf(want, sizeof(want), "Z: %s cgwarden alerted on open of /tmp ", c[i].priority);
		assert_non_null(strstr(out, want));
		snprintf(want, sizeof(want), "\"cgwarden.severity\":\"%s\"", c[i].name);
		assert_non_null(strstr(out, want));
		free(out);
		out = render(&ev, CGW_EV_JSON);
		snprintf(want, sizeof(want), "\"severity\":\"%s\",\"suppressed\"", c[i].name);
		assert_non_null(strstr(out, want));
		free(out);
		out = render(&ev, CGW_EV_HUMAN);
		snprintf(want, sizeof(want), " reason=not-in-model severity=%s\n", c[i].name);
		assert_non_null(strstr(out, want));
		free(out);
		cgw_event_rec_free(&ev);
		nlmsg_free(msg);
	}

	/* a denial is one step graver, but for high */
	{
		static const struct { int sev; const char *priority; } d[] = {
			{ CGW_SEV_LOW, "Warning" },
			{ CGW_SEV_MEDIUM, "Error" },
			{ CGW_SEV_HIGH, "Critical" },
		};

		for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
			memset(&ev, 0, sizeof(ev));
			ev.has_severity = true;
			ev.severity = d[i].sev;
			ev.verdict = CGW_VERDICT_DENY;
			assert_string_equal(cgw_event_priority(&ev), d[i].priority);
		}
	}

	/* an older module: alert Warning, deny Critical, no severity shown */
	build_sev(&msg, -1, NULL, CGW_KIND_FILE, 0);
	assert_int_equal(cgw_decode_event(nlmsg_find_attr(nlmsg_hdr(msg), 0, CGW_A_EVENT), &ev), 0);
	assert_false(ev.has_severity);
	assert_string_equal(cgw_event_priority(&ev), "Warning");
	ev.verdict = CGW_VERDICT_DENY;
	assert_string_equal(cgw_event_priority(&ev), "Critical");
	out = render(&ev, CGW_EV_HUMAN);
	assert_null(strstr(out, "severity"));
	free(out);
	out = render(&ev, CGW_EV_FALCO);
	assert_null(strstr(out, "cgwarden.severity"));
	free(out);
	cgw_event_rec_free(&ev);
	nlmsg_free(msg);
}

/* The program an object is bound to; a generalised object as model show has it. */
static void test_object_exe(void **state)
{
	struct cgw_event_rec ev;
	struct nl_msg *msg;
	char *out;

	(void)state;
	build_sev(&msg, CGW_SEV_MEDIUM, "/usr/bin/curl", CGW_KIND_NET, CGW_WILD_ADDR);
	assert_int_equal(cgw_decode_event(nlmsg_find_attr(nlmsg_hdr(msg), 0, CGW_A_EVENT), &ev), 0);
	assert_string_equal(ev.obj.exe, "/usr/bin/curl");
	out = render(&ev, CGW_EV_JSON);
	assert_non_null(strstr(out, "\"object\":\"tcp *:443\",\"access\":null,"
				    "\"object_exe\":\"/usr/bin/curl\",\"object_wild\":\"any-address\","));
	free(out);
	out = render(&ev, CGW_EV_FALCO);
	assert_non_null(strstr(out, "\"cgwarden.object_exe\":\"/usr/bin/curl\""));
	free(out);
	/* a line says it only when it is not the task's own program */
	out = render(&ev, CGW_EV_HUMAN);
	assert_non_null(strstr(out, " severity=medium object_exe=/usr/bin/curl\n"));
	free(out);
	cgw_event_rec_free(&ev);
	nlmsg_free(msg);

	build_sev(&msg, CGW_SEV_LOW, "/bin/busybox", CGW_KIND_FILE, CGW_WILD_DIR);
	assert_int_equal(cgw_decode_event(nlmsg_find_attr(nlmsg_hdr(msg), 0, CGW_A_EVENT), &ev), 0);
	out = render(&ev, CGW_EV_HUMAN);
	assert_non_null(strstr(out, " alert open    /tmp/* -w-- cgroup=/ctr1 "));
	assert_null(strstr(out, "object_exe"));
	free(out);
	out = render(&ev, CGW_EV_JSON);
	assert_non_null(strstr(out, "\"object_exe\":\"/bin/busybox\""));
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

/*
 * Names that are not UTF-8 are {"hex":..} in JSON events, as in model
 * exports: 0xE9 and U+00E9 stay apart; Falco's message shows \xNN.
 */
static void test_not_utf8(void **state)
{
	struct cgw_event_rec ev;
	struct nl_msg *msg;
	struct nlattr *n = build(&msg, "/ctr-\xe9", "/tmp/\xe9", CGW_VERDICT_DENY, true);
	char *out;

	(void)state;
	assert_int_equal(cgw_decode_event(n, &ev), 0);
	out = render(&ev, CGW_EV_JSON);
	assert_non_null(strstr(out, "\"cgroup\":{\"hex\":\"2f6374722de9\"},"));
	assert_non_null(strstr(out, "\"object\":{\"hex\":\"2f746d702fe9\"},"));
	free(out);
	out = render(&ev, CGW_EV_FALCO);
	assert_non_null(strstr(out, "\"output\":\""));
	assert_non_null(strstr(out, "open of /tmp/\\\\xe9 (cgroup=/ctr-\\\\xe9 "));
	assert_non_null(strstr(out, "\"fd.name\":{\"hex\":\"2f746d702fe9\"},"));
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
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_object_exe),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
