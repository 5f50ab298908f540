// SPDX-License-Identifier: GPL-2.0
/* Rendering: JSON escaping and structure, terminal safety, formats. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "capture.h"
#include "output.h"
#include "util.h"


/* in as the value of "k": want is what follows "{\"k\":". */
static void json_string_is(const char *in, const char *want)
{
	struct capture c;
	struct json j;
	char *all;

	cap_open(&c);
	json_init(&j, c.f);
	json_obj_begin(&j, NULL);
	json_str(&j, "k", in);
	json_obj_end(&j);
	json_finish(&j);
	all = xasprintf("{\"k\":%s}\n", want);
	assert_string_equal(cap_text(&c), all);
	free(all);
	cap_close(&c);
}

static void test_json_escape_specials(void **state)
{
	(void)state;
	json_string_is("", "\"\"");
	json_string_is("plain /etc/passwd", "\"plain /etc/passwd\"");
	json_string_is("say \"hi\"", "\"say \\\"hi\\\"\"");
	json_string_is("C:\\dir\\", "\"C:\\\\dir\\\\\"");
	json_string_is("a\nb\tc\rd", "\"a\\nb\\tc\\rd\"");
	json_string_is("\b\f", "\"\\b\\f\"");
	json_string_is("/", "\"/\"");	/* no need to escape the solidus */
}

static void test_json_escape_controls(void **state)
{
	(void)state;
	json_string_is("\x01", "\"\\u0001\"");
	json_string_is("x\x1f" "y", "\"x\\u001fy\"");
	json_string_is("\x1b[31m", "\"\\u001b[31m\"");
	json_string_is("\x7f", "\"\x7f\"");	/* not a control to JSON */
}

static void test_json_utf8(void **state)
{
	(void)state;
	/* Valid UTF-8 passes through: é, €, 😀. */
	json_string_is("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	json_string_is("\xe2\x82\xac", "\"\xe2\x82\xac\"");
	json_string_is("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
	/*
	 * Not UTF-8 (stray, truncated, overlong, surrogate, above U+10FFFF):
	 * the whole string's bytes as {"hex":..}, never read as Latin-1.
	 */
	json_string_is("a\xff" "b", "{\"hex\":\"61ff62\"}");
	json_string_is("\xc3", "{\"hex\":\"c3\"}");
	json_string_is("\xc0\xaf", "{\"hex\":\"c0af\"}");
	json_string_is("\xed\xa0\x80", "{\"hex\":\"eda080\"}");
	json_string_is("\xe2\x82", "{\"hex\":\"e282\"}");
	json_string_is("\xf4\x90\x80\x80", "{\"hex\":\"f4908080\"}");
	/* 0xE9 and U+00E9 stay apart. */
	json_string_is("\xe9", "{\"hex\":\"e9\"}");
	json_string_is("\xc3\xa9", "\"\xc3\xa9\"");
}

static void test_json_writer_structure(void **state)
{
	struct capture c;
	struct json j;

	(void)state;
	cap_open(&c);
	json_init(&j, c.f);
	json_obj_begin(&j, NULL);
	json_str(&j, "a", "x");
	json_arr_begin(&j, "list");
	json_obj_begin(&j, NULL);
	json_u64(&j, "n", 1);
	json_obj_end(&j);
	json_obj_begin(&j, NULL);
	json_obj_end(&j);
	json_arr_end(&j);
	json_arr_begin(&j, "empty");
	json_arr_end(&j);
	json_u64(&j, "big", UINT64_MAX);
	json_str(&j, "k\"ey", NULL);
	json_obj_end(&j);
	json_finish(&j);
	assert_string_equal(cap_text(&c),
		"{\"a\":\"x\",\"list\":[{\"n\":1},{}],\"empty\":[],"
		"\"big\":18446744073709551615,\"k\\\"ey\":\"\"}\n");
	cap_close(&c);
}

static void human_is(const char *in, const char *want)
{
	char *out = human_escape(in);

	assert_string_equal(out, want);
	free(out);
}

static void test_human_escape(void **state)
{
	(void)state;
	human_is("/etc/passwd", "/etc/passwd");
	human_is("with space", "with space");
	human_is("back\\slash", "back\\\\slash");
	human_is("a\nb", "a\\x0ab");
	human_is("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07");
	human_is("caf\xc3\xa9", "caf\xc3\xa9");
	human_is("\xff\xfe", "\\xff\\xfe");
	/* U+009B is a C1 control (CSI) even when UTF-8 encoded. */
	human_is("\xc2\x9b" "2J", "\\xc2\\x9b2J");
	human_is("\xc2\xa0", "\xc2\xa0");	/* U+00A0 is printable */
}

static void test_fmt_access(void **state)
{
	char out[CGW_ACCESS_STR];

	(void)state;
	fmt_access(0, out);
	assert_string_equal(out, "----");
	fmt_access(CGW_ACC_READ, out);
	assert_string_equal(out, "r---");
	fmt_access(CGW_ACC_READ | CGW_ACC_WRITE, out);
	assert_string_equal(out, "rw--");
	fmt_access(CGW_ACC_APPEND, out);
	assert_string_equal(out, "--a-");
	fmt_access(CGW_ACC_READ | CGW_ACC_EXEC, out);
	assert_string_equal(out, "r--x");
	fmt_access(CGW_ACC_READ | CGW_ACC_WRITE | CGW_ACC_APPEND | CGW_ACC_EXEC,
		   out);
	assert_string_equal(out, "rwax");
	fmt_access(CGW_ACC_WRITE | CGW_ACC_CREATE | CGW_ACC_RENAME_TO, out);
	assert_string_equal(out, "-w--,create,rename-to");
	fmt_access(CGW_ACC_MOUNT, out);
	assert_string_equal(out, "mount");
	fmt_access(CGW_ACC_READ | CGW_ACC_PTRACE | CGW_ACC_NS, out);
	assert_string_equal(out, "r---,ptrace,ns");
	fmt_access(CGW_ACC_ALL, out);
	assert_string_equal(out, "rwax,create,delete,link,rename-from,rename-to,"
			    "chmod,chown,mount,umount,chroot,ptrace,ns");
	fmt_access(0xffff0000, out);	/* bits this CLI does not know */
	assert_string_equal(out, "----");
}

static void test_fmt_addr(void **state)
{
	const uint8_t v4[4] = { 10, 0, 0, 1 };
	uint8_t v6[16], any6[16] = { 0 };
	char buf[64];

	(void)state;
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::1", v6), 1);
	assert_int_equal(fmt_addr(AF_INET, v4, 4, 80, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "10.0.0.1:80");
	assert_int_equal(fmt_addr(AF_INET, v4, 4, 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "10.0.0.1");
	assert_int_equal(fmt_addr(AF_INET6, v6, 16, 53, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "[2001:db8::1]:53");
	assert_int_equal(fmt_addr(AF_INET6, v6, 16, 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "2001:db8::1");
	any6[15] = 1;
	assert_int_equal(fmt_addr(AF_INET6, any6, 16, 65535, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "[::1]:65535");
	/* Length must match the family; the buffer must be big enough. */
	assert_int_equal(fmt_addr(AF_INET, v6, 16, 80, buf, sizeof(buf)), -1);
	assert_int_equal(fmt_addr(AF_INET6, v4, 4, 80, buf, sizeof(buf)), -1);
	assert_int_equal(fmt_addr(AF_UNIX, v4, 4, 80, buf, sizeof(buf)), -1);
	assert_int_equal(fmt_addr(AF_INET, v4, 4, 80, buf, 8), -1);
}

static void test_table(void **state)
{
	struct capture c;
	struct table t;

	(void)state;
	cap_open(&c);
	table_init(&t, 3);
	table_add(&t, "id");
	table_add(&t, "mode");
	table_add(&t, "path");
	table_add(&t, "%d", 12345);
	table_add(&t, "off");
	table_add(&t, "/a");
	table_print(&t, c.f);
	table_free(&t);
	assert_string_equal(cap_text(&c), "id     mode  path\n12345  off   /a\n");
	cap_close(&c);
}

static struct cgw_entry_rec net_entry(uint8_t proto, const char *addr, uint16_t port)
{
	struct cgw_entry_rec e = { .kind = CGW_KIND_NET, .proto = proto, .port = port };

	if (inet_pton(AF_INET, addr, e.addr) == 1) {
		e.family = AF_INET;
		e.addrlen = 4;
	} else {
		assert_int_equal(inet_pton(AF_INET6, addr, e.addr), 1);
		e.family = AF_INET6;
		e.addrlen = 16;
	}
	return e;
}

static void test_model_human_sorted(void **state)
{
	struct cgw_entry_rec e[] = {
		{ .kind = CGW_KIND_UNIX, .path = "/run/x.sock" },
		net_entry(17, "::1", 53),
		{ .kind = CGW_KIND_FILE, .path = "/etc/passwd", .access = CGW_ACC_READ | CGW_ACC_WRITE },
		net_entry(6, "10.0.0.1", 80),
		{ .kind = CGW_KIND_EXEC, .path = "/bin/busybox", .name = "sh" },
		{ .kind = CGW_KIND_EXEC, .path = "/bin/ls", .name = "ls" },
		{ .kind = CGW_KIND_FILE, .path = "/etc/group", .access = CGW_ACC_READ },
		net_entry(6, "10.0.0.1", 443),
	};
	struct capture c;

	(void)state;
	cap_open(&c);
	output_model(c.f, 42, "/cgA", e, sizeof(e) / sizeof(e[0]), false);
	assert_string_equal(cap_text(&c),
		"# cgroup /cgA\n"
		"00000000  exec  /bin/busybox (as sh)\n"
		"00000000  exec  /bin/ls\n"
		"00000000  file  r--- /etc/group\n"
		"00000000  file  rw-- /etc/passwd\n"
		"00000000  net   tcp 10.0.0.1:80\n"
		"00000000  net   tcp 10.0.0.1:443\n"
		"00000000  net   udp [::1]:53\n"
		"00000000  unix  /run/x.sock\n");
	cap_close(&c);
}

static void test_model_json(void **state)
{
	struct cgw_entry_rec e[] = {
		net_entry(6, "10.0.0.1", 80),
		{ .kind = CGW_KIND_FILE, .path = "/tmp/a\"b\n", .access = CGW_ACC_APPEND, .hits = 3 },
		{ .kind = CGW_KIND_EXEC, .path = "/bin/busybox", .name = "sh", .hits = 7 },
	};
	struct capture c;

	(void)state;
	cap_open(&c);
	output_model(c.f, 42, NULL, e, sizeof(e) / sizeof(e[0]), true);
	assert_string_equal(cap_text(&c),
		"{\"cgroup\":42,\"entries\":["
		"{\"id\":\"00000000\",\"kind\":\"exec\",\"path\":\"/bin/busybox\",\"name\":\"sh\",\"hits\":7},"
		"{\"id\":\"00000000\",\"kind\":\"file\",\"path\":\"/tmp/a\\\"b\\n\",\"access\":\"--a-\",\"hits\":3},"
		"{\"id\":\"00000000\",\"kind\":\"net\",\"family\":\"inet\",\"proto\":\"tcp\",\"addr\":\"10.0.0.1\",\"port\":80,\"hits\":0}"
		"]}\n");
	cap_close(&c);
}

/*
 * Entries are written one at a time (json_stream): the document is the
 * whole tree's, with no entry, one, and the path and container before.
 */
static void test_model_json_streamed(void **state)
{
	struct cgw_entry_rec e = { .kind = CGW_KIND_EXEC, .path = "memfd:x", .name = "3",
				   .exe = "/bin/sh", .hits = 1 };
	struct capture c;

	(void)state;
	cap_open(&c);
	output_model(c.f, 42, "/cgA", NULL, 0, true);
	assert_string_equal(cap_text(&c),
		"{\"cgroup\":42,\"path\":\"/cgA\",\"container\":null,\"entries\":[]}\n");
	cap_close(&c);
	cap_open(&c);
	output_model(c.f, 42, "/cgA", &e, 1, true);
	assert_string_equal(cap_text(&c),
		"{\"cgroup\":42,\"path\":\"/cgA\",\"container\":null,\"entries\":["
		"{\"id\":\"00000000\",\"kind\":\"exec\",\"path\":\"memfd:x\",\"name\":\"3\","
		"\"exe\":\"/bin/sh\",\"hits\":1}]}\n");
	cap_close(&c);
}

/* Socket entries say what the socket did, and its type when unusual. */
static void test_model_sockets(void **state)
{
	struct cgw_entry_rec e[] = {
		net_entry(6, "0.0.0.0", 8080),
		net_entry(17, "10.0.0.1", 0),
		{ .kind = CGW_KIND_NET, .family = AF_UNIX, .type = SOCK_DGRAM,
		  .access = CGW_NET_CREATE },
		{ .kind = CGW_KIND_UNIX, .path = "@srv", .access = CGW_NET_BIND | CGW_NET_LISTEN },
	};
	struct capture c;

	(void)state;
	e[0].type = SOCK_STREAM;
	e[0].access = CGW_NET_BIND | CGW_NET_LISTEN | CGW_NET_ACCEPT;
	e[1].type = SOCK_RAW;
	e[1].access = CGW_NET_CONNECT;
	cap_open(&c);
	output_model(c.f, 42, NULL, e, sizeof(e) / sizeof(e[0]), false);
	assert_string_equal(cap_text(&c),
		"# cgroup 42\n"
		"00000000  net   socket unix dgram\n"
		"00000000  net   tcp 0.0.0.0:8080 bind,listen,accept\n"
		"00000000  net   udp 10.0.0.1 type=raw\n"
		"00000000  unix  @srv bind,listen\n");
	cap_close(&c);
	cap_open(&c);
	output_model(c.f, 42, NULL, e, sizeof(e) / sizeof(e[0]), true);
	assert_non_null(strstr(cap_text(&c),
		"\"port\":8080,\"access\":\"bind,listen,accept\""));
	assert_non_null(strstr(cap_text(&c), "\"port\":0,\"type\":\"raw\""));
	assert_non_null(strstr(cap_text(&c), "\"family\":\"unix\",\"proto\":\"0\",\"addr\":\"\","
				"\"port\":0,\"type\":\"dgram\",\"access\":\"create\""));
	cap_close(&c);
}

static void test_model_human_escapes_hostile_path(void **state)
{
	struct cgw_entry_rec e = { .kind = CGW_KIND_FILE, .path = "/tmp/\x1b[2Jx", .access = CGW_ACC_READ };
	struct capture c;

	(void)state;
	cap_open(&c);
	output_model(c.f, 1, NULL, &e, 1, false);
	assert_string_equal(cap_text(&c), "# cgroup 1\n00000000  file  r--- /tmp/\\x1b[2Jx\n");
	cap_close(&c);
}

static struct cgw_status_rec sample_status(void)
{
	struct cgw_status_rec st = {
		.version = "0.1.0",
		.config = {
			.present = CGW_CONFIG_HAS(CGW_CONFIG_A_DEFAULT_MODE) |
				   CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_CGROUPS) |
				   CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_ENTRIES) |
				   CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_ENTRIES_TOTAL) |
				   CGW_CONFIG_HAS(CGW_CONFIG_A_ALERT_WINDOW_MS),
			.default_mode = CGW_MODE_OFF, .max_cgroups = 4096, .max_entries = 65536,
			.max_entries_total = 1048576, .alert_window_ms = 1000,
		},
		.hooks = {
			{ .op = CGW_OP_EXEC, .symbol = "security_bprm_check", .state = CGW_HOOK_FTRACE, .calls = 123 },
			{ .op = CGW_OP_CONNECT, .symbol = "security_socket_connect", .state = CGW_HOOK_KPROBE,
			  .calls = 5, .missed = 1, .alerts = 2, .denials = 3 },
		},
		.nhooks = 2,
		.stats = { .cgroups = 3, .entries = 10, .cgroups_released = 2, .audit_records = 5 },
	};

	return st;
}

static void test_status_human(void **state)
{
	struct cgw_status_rec st = sample_status();
	struct capture c;

	(void)state;
	cap_open(&c);
	output_status(c.f, &st, false);
	assert_string_equal(cap_text(&c),
		"cgwarden 0.1.0\n"
		"default mode: off   limits: 4096 cgroups, 65536 entries/cgroup, 1048576 entries total   alert window: 1000 ms\n"
		"hook     symbol                   state   calls  missed  alerts  denials\n"
		"exec     security_bprm_check      ftrace  123    0       0       0\n"
		"connect  security_socket_connect  kprobe  5      1       2       3\n"
		"cgroups: 3 tracked (0 refused: table full, 2 released)  entries: 10  model full: 0  nomem: 0  undecided: 0\n"
		"audit: 5 records, 0 suppressed  events: 0 sent, 0 dropped\n"
		"generalised: 0 entries  breaker trips: 0  verdict cache hits: 0\n"
		"created: 0 files known as a cgroup's own, 0 not remembered (max_created)\n");
	cap_close(&c);
}

static void test_status_json(void **state)
{
	struct cgw_status_rec st = sample_status();
	struct capture c;

	(void)state;
	st.nhooks = 1;
	st.config.present &= ~CGW_CONFIG_HAS(CGW_CONFIG_A_ALERT_WINDOW_MS);
	cap_open(&c);
	output_status(c.f, &st, true);
	assert_string_equal(cap_text(&c),
		"{\"version\":\"0.1.0\",\"locked\":false,"
		"\"config\":{\"default_mode\":\"off\",\"max_cgroups\":4096,\"max_entries\":65536,"
		"\"max_entries_total\":1048576},"
		"\"hooks\":[{\"op\":\"exec\",\"symbol\":\"security_bprm_check\",\"state\":\"ftrace\","
		"\"calls\":123,\"missed\":0,\"alerts\":0,\"denials\":0}],"
		"\"stats\":{\"cgroups\":3,\"cgroups_full\":0,\"cgroups_released\":2,\"entries\":10,"
		"\"model_full\":0,\"nomem\":0,\"undecided\":0,\"audit_records\":5,\"audit_suppressed\":0,\"tamper\":0,\"events\":0,\"events_dropped\":0,"
		"\"breaker_trips\":0,\"generalised\":0,\"created\":0,\"created_full\":0,\"vcache_hits\":0,\"lock_refused\":0}}\n");
	cap_close(&c);
}

/* Locked, and a fault-injection build: both said, in both forms. */
static void test_status_locked_faults(void **state)
{
	struct cgw_status_rec st = sample_status();
	struct capture c;
	const char *t;

	(void)state;
	st.locked = true;
	st.stats.lock_refused = 4;
	st.stats.has_faults = true;
	st.stats.faults_injected = 77;
	cap_open(&c);
	output_status(c.f, &st, false);
	t = cap_text(&c);
	assert_non_null(strstr(t, "\nlocked: until reboot (4 request(s) refused)\n"));
	assert_non_null(strstr(t, "\nfaults injected: 77 (a fault-injection build)\n"));
	cap_close(&c);
	cap_open(&c);
	output_status(c.f, &st, true);
	t = cap_text(&c);
	assert_non_null(strstr(t, "{\"version\":\"0.1.0\",\"locked\":true,"));
	assert_non_null(strstr(t, ",\"lock_refused\":4,\"faults_injected\":77}}\n"));
	cap_close(&c);
	/* Not locked, a production build: neither line. */
	st = sample_status();
	cap_open(&c);
	output_status(c.f, &st, false);
	t = cap_text(&c);
	assert_null(strstr(t, "locked"));
	assert_null(strstr(t, "faults"));
	cap_close(&c);
}

static void test_cgroups_sorted_by_path(void **state)
{
	struct cgw_cgroup_rec cg[] = {
		{ .id = 900, .path = "/zeta", .mode = CGW_MODE_PROTECT, .entries = 4, .calls = { 1, 2, 3, 4 } },
		{ .id = 7, .path = "/alpha", .mode = CGW_MODE_LEARN, .alerts = 5, .denials = 6 },
		{ .id = 8, .path = NULL, .mode = 9 },
	};
	struct capture c;

	(void)state;
	cap_open(&c);
	output_cgroups(c.f, cg, 3, false);
	assert_string_equal(cap_text(&c),
		"cgroup-id  mode     entries  exec  open  connect  sendmsg  other  alerts  denials  container  path\n"
		"8          9        0        0     0     0        0        0      0       0        -          -\n"
		"7          learn    0        0     0     0        0        0      5       6        -          /alpha\n"
		"900        protect  4        1     2     3        4        0      0       0        -          /zeta\n");
	cap_close(&c);
}

static void test_cgroups_json(void **state)
{
	struct cgw_cgroup_rec cg = {
		.id = 7, .path = "/a", .mode = CGW_MODE_MONITOR, .entries = 1,
		.calls = { 1, 2, 3, 4 }, .first_seen_ns = 10, .last_new_ns = 20,
	};
	struct capture c;

	(void)state;
	cap_open(&c);
	output_cgroups(c.f, &cg, 1, true);
	assert_string_equal(cap_text(&c),
		"{\"cgroups\":[{\"id\":7,\"path\":\"/a\",\"container\":null,\"mode\":\"monitor\",\"entries\":1,\"candidates\":0,"
		"\"calls\":{\"exec\":1,\"open\":2,\"connect\":3,\"sendmsg\":4,\"create\":0,\"mkdir\":0,"
		"\"symlink\":0,\"link\":0,\"rename\":0,\"unlink\":0,\"rmdir\":0,\"truncate\":0,\"chmod\":0,"
		"\"chown\":0,\"mount\":0,\"umount\":0,\"pivot_root\":0,\"chroot\":0,\"ptrace\":0,"
		"\"namespace\":0,\"mmap\":0,\"socket\":0,\"bind\":0,\"listen\":0,\"accept\":0,"
		"\"cgroup\":0},\"alerts\":0,\"denials\":0,\"model_full\":0,\"held\":0,\"events_held\":0,"
		"\"first_seen_ns\":10,\"last_new_ns\":20}]}\n");
	cap_close(&c);
}

#define CID "3f4b0b9c5e1d2a7f8c6e9d0b1a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"
#define POD "1a2b3c4d-5e6f-4a0b-9c8d-7e6f5a4b3c2d"
#define K8S_CG "/kubepods.slice/kubepods-burstable.slice/" \
	"kubepods-burstable-pod1a2b3c4d_5e6f_4a0b_9c8d_7e6f5a4b3c2d.slice/cri-containerd-" CID ".scope"

static void test_cgroups_container_column(void **state)
{
	struct cgw_cgroup_rec cg[] = {
		{ .id = 3, .path = "/system.slice/nginx.service", .mode = CGW_MODE_LEARN },
		{ .id = 2, .path = "/system.slice/docker-" CID ".scope", .mode = CGW_MODE_PROTECT },
		{ .id = 4, .path = K8S_CG, .mode = CGW_MODE_MONITOR },
		{ .id = 5, .path = "/machine.slice/libpod-conmon-" CID ".scope", .mode = CGW_MODE_OFF },
		{ .id = 6, .path = "/system.slice/evil\x1b.service/\x1b[2J", .mode = CGW_MODE_OFF },
	};
	struct capture c;

	(void)state;
	cap_open(&c);
	output_cgroups(c.f, cg, 5, false);
	assert_string_equal(cap_text(&c),
		"cgroup-id  mode     entries  exec  open  connect  sendmsg  other  alerts  denials  container                   path\n"
		"4          monitor  0        0     0     0        0        0      0       0        containerd:3f4b0b9c5e1d     " K8S_CG "\n"
		"5          off      0        0     0     0        0        0      0       0        podman-conmon:3f4b0b9c5e1d  /machine.slice/libpod-conmon-" CID ".scope\n"
		"2          protect  0        0     0     0        0        0      0       0        docker:3f4b0b9c5e1d         /system.slice/docker-" CID ".scope\n"
		"6          off      0        0     0     0        0        0      0       0        -                           /system.slice/evil\\x1b.service/\\x1b[2J\n"
		"3          learn    0        0     0     0        0        0      0       0        systemd:nginx.service       /system.slice/nginx.service\n");
	cap_close(&c);
}

static void test_cgroups_json_container(void **state)
{
	struct cgw_cgroup_rec cg[] = {
		{ .id = 4, .path = K8S_CG },
		{ .id = 5, .path = "/machine.slice/libpod-conmon-" CID ".scope/x" },
		{ .id = 3, .path = "/system.slice/nginx.service" },
		{ .id = 8, .path = NULL },
	};
	struct capture c;
	const char *out, *p;

	(void)state;
	cap_open(&c);
	output_cgroups(c.f, cg, 4, true);
	out = cap_text(&c);
	p = strstr(out, "\"path\":\"" K8S_CG "\",\"container\":{\"runtime\":\"containerd\","
		    "\"id\":\"" CID "\",\"pod_uid\":\"" POD "\"},\"mode\":");
	assert_non_null(p);
	p = strstr(out, "\"path\":\"/machine.slice/libpod-conmon-" CID ".scope/x\","
		    "\"container\":{\"runtime\":\"podman\",\"id\":\"" CID "\",\"conmon\":true},\"mode\":");
	assert_non_null(p);
	p = strstr(out, "\"path\":\"/system.slice/nginx.service\","
		    "\"container\":{\"runtime\":\"systemd\",\"id\":\"nginx.service\"},\"mode\":");
	assert_non_null(p);
	p = strstr(out, "{\"id\":8,\"path\":\"\",\"container\":null,\"mode\":");
	assert_non_null(p);
	cap_close(&c);
}

static void test_model_container_header(void **state)
{
	struct cgw_entry_rec e = { .kind = CGW_KIND_EXEC, .path = "/bin/ls", .name = "ls", .hits = 1 };
	struct capture c;

	(void)state;
	cap_open(&c);
	output_model(c.f, 9, K8S_CG, &e, 1, false);
	assert_string_equal(cap_text(&c),
		"# cgroup " K8S_CG " (containerd 3f4b0b9c5e1d, pod " POD ")\n"
		"00000000  exec  /bin/ls\n");
	cap_close(&c);

	cap_open(&c);
	output_model(c.f, 9, "/system.slice/docker-" CID ".scope/init.scope", &e, 1, false);
	assert_string_equal(cap_text(&c),
		"# cgroup /system.slice/docker-" CID ".scope/init.scope (docker 3f4b0b9c5e1d)\n"
		"00000000  exec  /bin/ls\n");
	cap_close(&c);

	cap_open(&c);
	output_model(c.f, 9, "/system.slice/getty@tty1.service", NULL, 0, false);
	assert_string_equal(cap_text(&c), "# cgroup /system.slice/getty@tty1.service (systemd getty@tty1.service)\n");
	cap_close(&c);

	/* The path comes from the user: escaped like everything else. */
	cap_open(&c);
	output_model(c.f, 9, "/x\x1b]0;t\x07", NULL, 0, false);
	assert_string_equal(cap_text(&c), "# cgroup /x\\x1b]0;t\\x07\n");
	cap_close(&c);
}

static void test_model_json_container(void **state)
{
	struct cgw_entry_rec e = { .kind = CGW_KIND_EXEC, .path = "/bin/ls", .name = "ls", .hits = 1 };
	struct capture c;

	(void)state;
	cap_open(&c);
	output_model(c.f, 9, "/kubepods/burstable/pod" POD "/" CID, &e, 1, true);
	assert_string_equal(cap_text(&c),
		"{\"cgroup\":9,\"path\":\"/kubepods/burstable/pod" POD "/" CID "\","
		"\"container\":{\"runtime\":\"cri\",\"id\":\"" CID "\",\"pod_uid\":\"" POD "\"},"
		"\"entries\":[{\"id\":\"00000000\",\"kind\":\"exec\",\"path\":\"/bin/ls\",\"name\":\"ls\",\"hits\":1}]}\n");
	cap_close(&c);

	cap_open(&c);
	output_model(c.f, 9, "/cgA", NULL, 0, true);
	assert_string_equal(cap_text(&c),
		"{\"cgroup\":9,\"path\":\"/cgA\",\"container\":null,\"entries\":[]}\n");
	cap_close(&c);
}

/* Ids, programs entries are bound to, and generalisations, both forms. */
static void test_model_exe_wild(void **state)
{
	struct cgw_entry_rec any4 = net_entry(6, "0.0.0.0", 443), any6 = net_entry(17, "::", 53);
	struct cgw_entry_rec e[] = {
		{ .kind = CGW_KIND_FILE, .path = "/tmp", .access = CGW_ACC_READ | CGW_ACC_WRITE,
		  .wild = CGW_WILD_DIR, .exe = "/usr/bin/python3", .id = 0x2a, .hits = 9 },
		{ .kind = CGW_KIND_FILE, .path = "/", .access = CGW_ACC_READ,
		  .wild = CGW_WILD_DIR, .id = 0x10 },
		{ .kind = CGW_KIND_FILE, .path = "/tmp", .access = CGW_ACC_READ, .id = 0xdeadbeef },
		{ .kind = CGW_KIND_UNIX, .path = "/run/x.sock", .exe = "/bin/\x1b[2Jx", .id = 3 },
		any4, any6,
		{ .kind = CGW_KIND_EXEC, .path = "/bin/ls", .name = "ls", .id = 1 },
	};
	size_t n = sizeof(e) / sizeof(e[0]);
	struct capture c;

	(void)state;
	e[4].wild = CGW_WILD_ADDR;
	e[4].exe = "/usr/bin/curl";
	e[4].id = 4;
	e[5].wild = CGW_WILD_ADDR;
	e[5].id = 5;
	cap_open(&c);
	output_model(c.f, 42, "/cgA", e, n, false);
	assert_string_equal(cap_text(&c),
		"# cgroup /cgA\n"
		"00000001  exec  /bin/ls\n"
		"00000010  file  r--- /*  (generalised: dir)\n"
		"deadbeef  file  r--- /tmp\n"
		"0000002a  file  rw-- /tmp/*  (generalised: dir)  exe=/usr/bin/python3\n"
		"00000004  net   tcp *:443  (generalised: any address)  exe=/usr/bin/curl\n"
		"00000005  net   udp [*]:53  (generalised: any address)\n"
		"00000003  unix  /run/x.sock  exe=/bin/\\x1b[2Jx\n");
	cap_close(&c);

	cap_open(&c);
	output_model(c.f, 42, NULL, e, n, true);
	assert_string_equal(cap_text(&c),
		"{\"cgroup\":42,\"entries\":["
		"{\"id\":\"00000001\",\"kind\":\"exec\",\"path\":\"/bin/ls\",\"name\":\"ls\",\"hits\":0},"
		"{\"id\":\"00000010\",\"kind\":\"file\",\"path\":\"/*\",\"access\":\"r---\","
		"\"wild\":\"dir\",\"hits\":0},"
		"{\"id\":\"deadbeef\",\"kind\":\"file\",\"path\":\"/tmp\",\"access\":\"r---\",\"hits\":0},"
		"{\"id\":\"0000002a\",\"kind\":\"file\",\"path\":\"/tmp/*\",\"access\":\"rw--\","
		"\"wild\":\"dir\",\"exe\":\"/usr/bin/python3\",\"hits\":9},"
		"{\"id\":\"00000004\",\"kind\":\"net\",\"family\":\"inet\",\"proto\":\"tcp\",\"addr\":\"any\","
		"\"port\":443,\"wild\":\"any-address\",\"exe\":\"/usr/bin/curl\",\"hits\":0},"
		"{\"id\":\"00000005\",\"kind\":\"net\",\"family\":\"inet6\",\"proto\":\"udp\",\"addr\":\"any\","
		"\"port\":53,\"wild\":\"any-address\",\"hits\":0},"
		"{\"id\":\"00000003\",\"kind\":\"unix\",\"path\":\"/run/x.sock\","
		"\"exe\":\"/bin/\\u001b[2Jx\",\"hits\":0}"
		"]}\n");
	cap_close(&c);
}

/* The same object bound to two programs, or generalised, is another entry. */
static void test_entry_cmp_exe_wild(void **state)
{
	struct cgw_entry_rec a = { .kind = CGW_KIND_FILE, .path = "/tmp", .access = 1 };
	struct cgw_entry_rec b = a;

	(void)state;
	assert_int_equal(cgw_entry_cmp(&a, &b), 0);
	b.exe = "/bin/sh";
	assert_int_equal(cgw_entry_cmp(&a, &b), -1);
	assert_int_equal(cgw_entry_cmp(&b, &a), 1);
	a.exe = "/bin/zsh";
	assert_int_equal(cgw_entry_cmp(&a, &b), 1);
	a.exe = b.exe;
	b.wild = CGW_WILD_DIR;
	assert_int_equal(cgw_entry_cmp(&a, &b), -1);
}

static void test_dir_glob(void **state)
{
	char *s;

	(void)state;
	s = cgw_dir_glob("/tmp");
	assert_string_equal(s, "/tmp/*");
	free(s);
	s = cgw_dir_glob("/");
	assert_string_equal(s, "/*");
	free(s);
	s = cgw_dir_glob("/proc/*/fd");
	assert_string_equal(s, "/proc/*/fd/*");
	free(s);
	assert_null(cgw_wild_shown(CGW_WILD_NONE));
	assert_string_equal(cgw_wild_shown(CGW_WILD_DIR), "dir");
	assert_string_equal(cgw_wild_shown(CGW_WILD_ADDR), "any address");
	assert_string_equal(cgw_wild_shown(77), "?");
}

static void test_config_learning(void **state)
{
	struct cgw_config_rec cfg = {
		.present = CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_CGROUPS) |
			   CGW_CONFIG_HAS(CGW_CONFIG_A_DIR_NAMES) |
			   CGW_CONFIG_HAS(CGW_CONFIG_A_NET_ADDRS) |
			   CGW_CONFIG_HAS(CGW_CONFIG_A_EXE_PAIRING) |
			   CGW_CONFIG_HAS(CGW_CONFIG_A_COLLAPSE_NAMES),
		.max_cgroups = 10, .dir_names = 16, .net_addrs = 0,
		.exe_pairing = 1, .collapse_names = 0,
	};
	struct capture c;

	(void)state;
	cap_open(&c);
	output_config(c.f, &cfg, false);
	assert_string_equal(cap_text(&c),
		"max-cgroups     10\n"
		"dir-names       16\n"
		"net-addrs       0\n"
		"exe-pairing     on\n"
		"collapse-names  off\n");
	cap_close(&c);

	cap_open(&c);
	output_config(c.f, &cfg, true);
	assert_string_equal(cap_text(&c),
		"{\"max_cgroups\":10,\"dir_names\":16,\"net_addrs\":0,\"exe_pairing\":true,"
		"\"collapse_names\":false}\n");
	cap_close(&c);

	/* An older module sends none of them: none shown. */
	cfg.present = CGW_CONFIG_HAS(CGW_CONFIG_A_MAX_CGROUPS);
	cap_open(&c);
	output_config(c.f, &cfg, true);
	assert_string_equal(cap_text(&c), "{\"max_cgroups\":10}\n");
	cap_close(&c);
}

/* A breaker shows where it is set, and only there. */
static void test_cgroups_breaker(void **state)
{
	struct cgw_cgroup_rec cg[] = {
		{ .id = 1, .path = "/a", .mode = CGW_MODE_PROTECT, .breaker = 50 },
		{ .id = 2, .path = "/b", .mode = CGW_MODE_MONITOR },
		{ .id = 3, .path = "/c", .mode = CGW_MODE_LEARN, .breaker = 7, .quiet_ms = 30000,
		  .then_mode = CGW_MODE_PROTECT, .learn_since_ns = 1000000000ull,
		  .now_ns = 13000000000ull },
	};
	struct capture c;
	const char *out;

	(void)state;
	cap_open(&c);
	output_cgroups(c.f, cg, 3, false);
	assert_string_equal(cap_text(&c),
		"cgroup-id  mode                               entries  exec  open  connect  sendmsg  other  alerts  denials  container  path\n"
		"1          protect breaker=50/s               0        0     0     0        0        0      0       0        -          /a\n"
		"2          monitor                            0        0     0     0        0        0      0       0        -          /b\n"
		"3          learn>protect 12s/30s breaker=7/s  0        0     0     0        0        0      0       0        -          /c\n");
	cap_close(&c);

	cap_open(&c);
	output_cgroups(c.f, cg, 2, true);
	out = cap_text(&c);
	assert_non_null(strstr(out, "\"last_new_ns\":0,\"breaker\":50}"));
	/* /b has none: the only breaker is /a's */
	assert_non_null(strstr(out, "\"path\":\"/b\""));
	assert_null(strstr(strstr(out, "\"path\":\"/b\""), "breaker"));
	cap_close(&c);
}

static void test_stats_human_learning(void **state)
{
	struct cgw_status_rec st = sample_status();
	struct capture c;

	(void)state;
	st.stats.generalised = 4;
	st.stats.vcache_hits = 5;
	st.stats.breaker_trips = 1;
	cap_open(&c);
	output_stats_human(c.f, &st, NULL, 0);
	assert_non_null(strstr(cap_text(&c), "\ngeneralised: 4 entries  breaker trips: 1  verdict cache hits: 5\n"));
	cap_close(&c);
}

/* No array at all: an empty model or an empty list. */
static void test_empty(void **state)
{
	struct capture c;

	(void)state;
	cap_open(&c);
	output_model(c.f, 9, NULL, NULL, 0, true);
	output_cgroups(c.f, NULL, 0, true);
	assert_string_equal(cap_text(&c), "{\"cgroup\":9,\"entries\":[]}\n{\"cgroups\":[]}\n");
	cap_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escape_specials),
		cmocka_unit_test(test_json_escape_controls),
		cmocka_unit_test(test_json_utf8),
		cmocka_unit_test(test_json_writer_structure),
		cmocka_unit_test(test_human_escape),
		cmocka_unit_test(test_fmt_access),
		cmocka_unit_test(test_fmt_addr),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_model_human_sorted),
		cmocka_unit_test(test_model_json),
		cmocka_unit_test(test_model_json_streamed),
		cmocka_unit_test(test_model_sockets),
		cmocka_unit_test(test_model_human_escapes_hostile_path),
		cmocka_unit_test(test_status_human),
		cmocka_unit_test(test_status_json),
		cmocka_unit_test(test_status_locked_faults),
		cmocka_unit_test(test_cgroups_sorted_by_path),
		cmocka_unit_test(test_cgroups_json),
		cmocka_unit_test(test_cgroups_container_column),
		cmocka_unit_test(test_cgroups_json_container),
		cmocka_unit_test(test_model_container_header),
		cmocka_unit_test(test_model_json_container),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_model_exe_wild),
		cmocka_unit_test(test_entry_cmp_exe_wild),
		cmocka_unit_test(test_dir_glob),
		cmocka_unit_test(test_config_learning),
		cmocka_unit_test(test_cgroups_breaker),
		cmocka_unit_test(test_stats_human_learning),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
