// SPDX-License-Identifier: GPL-2.0
/* stats --prometheus: the exact exposition text, and label escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "capture.h"
#include "output.h"


static void label_is(const char *in, const char *want)
{
	struct capture c;

	cap_open(&c);
	prom_write_label_value(c.f, in);
	assert_string_equal(cap_text(&c), want);
	cap_close(&c);
}

static void test_label_escaping(void **state)
{
	(void)state;
	label_is("", "");
	label_is("/system.slice/x.scope", "/system.slice/x.scope");
	label_is("a\\b", "a\\\\b");
	label_is("say \"hi\"", "say \\\"hi\\\"");
	label_is("new\nline", "new\\nline");
	label_is("\\\"\n", "\\\\\\\"\\n");
	/* Tabs and other bytes pass as they are; UTF-8 too. */
	label_is("t\tab caf\xc3\xa9", "t\tab caf\xc3\xa9");
	/* Not UTF-8: U+FFFD. */
	label_is("x\xff" "y", "x\xef\xbf\xbdy");
	label_is("\xc3", "\xef\xbf\xbd");
}

static const char docker_path[] =
	"/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope";

static void sample(struct cgw_status_rec *st, struct cgw_cgroup_rec cgs[3])
{
	memset(st, 0, sizeof(*st));
	strcpy(st->version, "0.1.0");
	st->config.present = CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_CGROUPS) |
			     CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_ENTRIES) |
			     CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_ENTRIES_TOTAL);
	st->config.max_cgroups = 4096;
	st->config.max_entries = 1024;
	st->config.max_entries_total = 262144;
	st->nhooks = 2;
	st->hooks[0] = (struct cgw_hook_rec){ .op = CGW_OP_OPEN, .state = CGW_HOOK_FTRACE,
		.symbol = "security_file_open", .calls = 1000, .missed = 1,
		.alerts = 7, .denials = 5 };
	st->hooks[1] = (struct cgw_hook_rec){ .op = CGW_OP_CONNECT, .state = CGW_HOOK_KPROBE,
		.symbol = "security_socket_connect", .calls = 20, .alerts = 1,
		.denials = 1 };
	st->stats = (struct cgw_stats_rec){ .cgroups = 3, .entries = 42,
		.cgroups_full = 1, .model_full = 2, .nomem = 3, .undecided = 4,
		.audit_records = 8, .audit_suppressed = 9, .cgroups_released = 10,
		.tamper = 0, .events = 11, .events_dropped = 12,
		.breaker_trips = 13, .generalised = 14, .vcache_hits = 15,
		.lock_refused = 13 };
	st->locked = true;
	memset(cgs, 0, 3 * sizeof(*cgs));
	/* Given unsorted: the output is sorted by path. */
	cgs[0] = (struct cgw_cgroup_rec){ .id = 7, .path = (char *)"/we\"ird\\na\nme",
		.mode = CGW_MODE_MONITOR, .entries = 2, .alerts = 2 };
	cgs[1] = (struct cgw_cgroup_rec){ .id = 5, .path = (char *)docker_path,
		.mode = CGW_MODE_PROTECT, .entries = 40, .alerts = 6, .denials = 6 };
	cgs[2] = (struct cgw_cgroup_rec){ .id = 9, .path = NULL,
		.mode = CGW_MODE_LEARN };
}

static const char want[] =
	"# HELP cgwarden_hook_calls_total Calls seen by each hook.\n"
	"# TYPE cgwarden_hook_calls_total counter\n"
	"cgwarden_hook_calls_total{op=\"open\",symbol=\"security_file_open\"} 1000\n"
	"cgwarden_hook_calls_total{op=\"connect\",symbol=\"security_socket_connect\"} 20\n"
	"# HELP cgwarden_hook_missed_total Calls a hook let pass undecided (re-entry).\n"
	"# TYPE cgwarden_hook_missed_total counter\n"
	"cgwarden_hook_missed_total{op=\"open\",symbol=\"security_file_open\"} 1\n"
	"cgwarden_hook_missed_total{op=\"connect\",symbol=\"security_socket_connect\"} 0\n"
	"# HELP cgwarden_hook_alerts_total Operations a hook reported (monitor and protect).\n"
	"# TYPE cgwarden_hook_alerts_total counter\n"
	"cgwarden_hook_alerts_total{op=\"open\",symbol=\"security_file_open\"} 7\n"
	"cgwarden_hook_alerts_total{op=\"connect\",symbol=\"security_socket_connect\"} 1\n"
	"# HELP cgwarden_hook_denials_total Operations a hook refused with EPERM.\n"
	"# TYPE cgwarden_hook_denials_total counter\n"
	"cgwarden_hook_denials_total{op=\"open\",symbol=\"security_file_open\"} 5\n"
	"cgwarden_hook_denials_total{op=\"connect\",symbol=\"security_socket_connect\"} 1\n"
	"# HELP cgwarden_hook_state How each hook is attached: 1 for its current state.\n"
	"# TYPE cgwarden_hook_state gauge\n"
	"cgwarden_hook_state{op=\"open\",symbol=\"security_file_open\",state=\"ftrace\"} 1\n"
	"cgwarden_hook_state{op=\"connect\",symbol=\"security_socket_connect\",state=\"kprobe\"} 1\n"
	"# HELP cgwarden_cgroups Cgroups tracked.\n"
	"# TYPE cgwarden_cgroups gauge\n"
	"cgwarden_cgroups 3\n"
	"# HELP cgwarden_cgroups_max Most cgroups tracked at once (config max-cgroups).\n"
	"# TYPE cgwarden_cgroups_max gauge\n"
	"cgwarden_cgroups_max 4096\n"
	"# HELP cgwarden_model_entries Model entries, all cgroups together.\n"
	"# TYPE cgwarden_model_entries gauge\n"
	"cgwarden_model_entries 42\n"
	"# HELP cgwarden_model_entries_max Most model entries in all (config max-entries-total).\n"
	"# TYPE cgwarden_model_entries_max gauge\n"
	"cgwarden_model_entries_max 262144\n"
	"# HELP cgwarden_cgroup_entries_max Most model entries per cgroup (config max-entries).\n"
	"# TYPE cgwarden_cgroup_entries_max gauge\n"
	"cgwarden_cgroup_entries_max 1024\n"
	"# HELP cgwarden_cgroups_full_total Cgroups not tracked: the table was full.\n"
	"# TYPE cgwarden_cgroups_full_total counter\n"
	"cgwarden_cgroups_full_total 1\n"
	"# HELP cgwarden_model_full_total Operations not learned: a model was full.\n"
	"# TYPE cgwarden_model_full_total counter\n"
	"cgwarden_model_full_total 2\n"
	"# HELP cgwarden_nomem_total Allocations that failed.\n"
	"# TYPE cgwarden_nomem_total counter\n"
	"cgwarden_nomem_total 3\n"
	"# HELP cgwarden_undecided_total Operations passed without a decision.\n"
	"# TYPE cgwarden_undecided_total counter\n"
	"cgwarden_undecided_total 4\n"
	"# HELP cgwarden_audit_records_total Audit records written (type 1316, KERNEL_OTHER).\n"
	"# TYPE cgwarden_audit_records_total counter\n"
	"cgwarden_audit_records_total 8\n"
	"# HELP cgwarden_audit_suppressed_total Audit records suppressed by dedup or rate limit.\n"
	"# TYPE cgwarden_audit_suppressed_total counter\n"
	"cgwarden_audit_suppressed_total 9\n"
	"# HELP cgwarden_events_total Events sent to watchers.\n"
	"# TYPE cgwarden_events_total counter\n"
	"cgwarden_events_total 11\n"
	"# HELP cgwarden_events_dropped_total Events watchers did not get.\n"
	"# TYPE cgwarden_events_dropped_total counter\n"
	"cgwarden_events_dropped_total 12\n"
	"# HELP cgwarden_tamper_total Times the hooks were found disarmed.\n"
	"# TYPE cgwarden_tamper_total counter\n"
	"cgwarden_tamper_total 0\n"
	"# HELP cgwarden_breaker_trips_total Protected cgroups a circuit breaker moved to monitor.\n"
	"# TYPE cgwarden_breaker_trips_total counter\n"
	"cgwarden_breaker_trips_total 13\n"
	"# HELP cgwarden_vcache_hits_total Opens allowed from the verdict cache, as seen before.\n"
	"# TYPE cgwarden_vcache_hits_total counter\n"
	"cgwarden_vcache_hits_total 15\n"
	"# HELP cgwarden_generalised_total Generalised model entries made while learning (directory, any address).\n"
	"# TYPE cgwarden_generalised_total counter\n"
	"cgwarden_generalised_total 14\n"
	"# HELP cgwarden_created Files, directories, fifos and sockets known as made by a cgroup.\n"
	"# TYPE cgwarden_created gauge\n"
	"cgwarden_created 0\n"
	"# HELP cgwarden_created_full_total Creations not remembered, max_created reached.\n"
	"# TYPE cgwarden_created_full_total counter\n"
	"cgwarden_created_full_total 0\n"
	"# HELP cgwarden_cgroups_released_total Cgroups forgotten after they were removed.\n"
	"# TYPE cgwarden_cgroups_released_total counter\n"
	"cgwarden_cgroups_released_total 10\n"
	"# HELP cgwarden_locked 1 when locked until reboot (cgwardenctl lock).\n"
	"# TYPE cgwarden_locked gauge\n"
	"cgwarden_locked 1\n"
	"# HELP cgwarden_lock_refused_total Requests the lock refused.\n"
	"# TYPE cgwarden_lock_refused_total counter\n"
	"cgwarden_lock_refused_total 13\n"
	"# HELP cgwarden_cgroup_alerts_total Operations reported, per cgroup.\n"
	"# TYPE cgwarden_cgroup_alerts_total counter\n"
	"cgwarden_cgroup_alerts_total{cgroup=\"9\",container=\"\"} 0\n"
	"cgwarden_cgroup_alerts_total{cgroup=\"/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope\",container=\"docker:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"} 6\n"
	"cgwarden_cgroup_alerts_total{cgroup=\"/we\\\"ird\\\\na\\nme\",container=\"\"} 2\n"
	"# HELP cgwarden_cgroup_denials_total Operations refused, per cgroup.\n"
	"# TYPE cgwarden_cgroup_denials_total counter\n"
	"cgwarden_cgroup_denials_total{cgroup=\"9\",container=\"\"} 0\n"
	"cgwarden_cgroup_denials_total{cgroup=\"/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope\",container=\"docker:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"} 6\n"
	"cgwarden_cgroup_denials_total{cgroup=\"/we\\\"ird\\\\na\\nme\",container=\"\"} 0\n"
	"# HELP cgwarden_cgroup_entries Model entries, per cgroup.\n"
	"# TYPE cgwarden_cgroup_entries gauge\n"
	"cgwarden_cgroup_entries{cgroup=\"9\",container=\"\"} 0\n"
	"cgwarden_cgroup_entries{cgroup=\"/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope\",container=\"docker:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"} 40\n"
	"cgwarden_cgroup_entries{cgroup=\"/we\\\"ird\\\\na\\nme\",container=\"\"} 2\n"
	"# HELP cgwarden_cgroup_mode Each cgroup's mode: 1 for its current mode.\n"
	"# TYPE cgwarden_cgroup_mode gauge\n"
	"cgwarden_cgroup_mode{cgroup=\"9\",mode=\"learn\"} 1\n"
	"cgwarden_cgroup_mode{cgroup=\"/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope\",mode=\"protect\"} 1\n"
	"cgwarden_cgroup_mode{cgroup=\"/we\\\"ird\\\\na\\nme\",mode=\"monitor\"} 1\n";

/* Cgroups in cgw_cgroup_cmp's order: without a path first, then by path. */
static void test_exposition(void **state)
{
	struct cgw_status_rec st;
	struct cgw_cgroup_rec cgs[3];
	struct capture c;

	(void)state;
	sample(&st, cgs);
	cap_open(&c);
	output_prometheus(c.f, &st, cgs, 3);
	assert_string_equal(cap_text(&c), want);
	cap_close(&c);
}

/* Every sample line is "name{labels} value" or "name value". */
static void test_lines_parse(void **state)
{
	struct cgw_status_rec st;
	struct cgw_cgroup_rec cgs[3];
	struct capture c;
	char *text, *line, *save = NULL;
	int samples = 0;

	(void)state;
	sample(&st, cgs);
	cap_open(&c);
	output_prometheus(c.f, &st, cgs, 3);
	text = strdup(cap_text(&c));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *sp;

		if (line[0] == '#') {
			assert_true(!strncmp(line, "# HELP cgwarden_", 16) ||
				    !strncmp(line, "# TYPE cgwarden_", 16));
			continue;
		}
		samples++;
		assert_true(!strncmp(line, "cgwarden_", 9));
		sp = strrchr(line, ' ');
		assert_non_null(sp);
		assert_true(strspn(sp + 1, "0123456789") == strlen(sp + 1));
	}
	assert_int_equal(samples, 4 * 2 + 2 + 22 + 4 * 3);
	free(text);
	cap_close(&c);
}

static void test_no_cgroups_no_config(void **state)
{
	struct cgw_status_rec st;
	struct capture c;
	const char *t;

	(void)state;
	memset(&st, 0, sizeof(st));
	cap_open(&c);
	output_prometheus(c.f, &st, NULL, 0);
	t = cap_text(&c);
	/* Limits the kernel did not send are left out, not shown as 0. */
	assert_null(strstr(t, "cgwarden_cgroups_max"));
	assert_null(strstr(t, "cgwarden_model_entries_max"));
	assert_non_null(strstr(t, "\ncgwarden_cgroups 0\n"));
	/* Families without samples still say what they are. */
	assert_non_null(strstr(t, "# TYPE cgwarden_cgroup_mode gauge\n"));
	assert_null(strstr(t, "cgwarden_cgroup_mode{"));
	cap_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_escaping),
		cmocka_unit_test(test_exposition),
		cmocka_unit_test(test_lines_parse),
		cmocka_unit_test(test_no_cgroups_no_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
