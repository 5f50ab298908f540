// SPDX-License-Identifier: GPL-2.0
/*
 * Policy documents: what parses and to what, every problem with its exact
 * FILE:LINE:COL message, the canonical form and its round trips (through
 * YAML, through netlink attributes, through a model), and the examples of
 * docs/policy.md.
 */
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
#include <netlink/errno.h>
#include <netlink/msg.h>

#include "decode.h"
#include "names.h"
#include "output.h"
#include "policy.h"
#include "util.h"

#ifndef CGW_TOP
#define CGW_TOP ".."
#endif

static int parse(const char *doc, struct cgw_policy *p, struct cgw_diag *d)
{
	cgw_diag_init(d, "t.yaml");
	return cgw_policy_parse(doc, strlen(doc), p, d);
}

static char *emit(const struct cgw_policy *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	cgw_policy_emit_yaml(f, p);
	fclose(f);
	return buf;
}

static char *emit_json(const struct cgw_policy *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	cgw_policy_emit_json(f, p, false, 0);
	fclose(f);
	return buf;
}

static char *joined(const struct cgw_diag *d)
{
	char *s = xstrdup(""), *t;

	for (size_t i = 0; i < d->n; i++) {
		t = xasprintf("%s%s\n", s, d->msgs[i]);
		free(s);
		s = t;
	}
	return s;
}

/* doc must parse; returns the policy. */
static void parse_ok(const char *doc, struct cgw_policy *p)
{
	struct cgw_diag d;
	int ret = parse(doc, p, &d);

	if (ret) {
		char *msgs = joined(&d);

		print_error("unexpected problems:\n%s", msgs);
		free(msgs);
	}
	assert_int_equal(ret, 0);
	cgw_diag_free(&d);
}

/* doc must fail with exactly these messages (newline-terminated each). */
static void parse_fails(const char *doc, const char *want)
{
	struct cgw_policy p;
	struct cgw_diag d;
	char *got;

	assert_int_equal(parse(doc, &p, &d), -1);
	assert_int_equal(p.nrules, 0);
	got = joined(&d);
	if (strcmp(got, want))	/* cmocka cuts long strings short */
		fprintf(stderr, "got:\n%s", got);
	assert_string_equal(got, want);
	free(got);
	cgw_diag_free(&d);
}

/* Canonical form of doc, which must parse. */
static char *canon(const char *doc)
{
	struct cgw_policy p;
	char *out;

	parse_ok(doc, &p);
	out = emit(&p);
	cgw_policy_free(&p);
	return out;
}

/* emit(parse(doc)) is want, and want is a fixed point. */
static void canon_is(const char *doc, const char *want)
{
	char *a = canon(doc), *b;

	assert_string_equal(a, want);
	b = canon(a);
	assert_string_equal(b, a);
	free(a);
	free(b);
}

static const char web_doc[] =
	"# cgwarden policy\n"
	"rules:\n"
	"  - name: web                       # optional\n"
	"    cgroups:                        # required\n"
	"      - /system.slice/docker-*.scope\n"
	"      - /kubepods/**\n"
	"    mode: protect\n"
	"    new_mode: learn\n"
	"    deny:\n"
	"      files:\n"
	"        - path: /etc/shadow\n"
	"          access: rw\n"
	"      exec:\n"
	"        - path: /bin/busybox\n"
	"          name: nc\n"
	"      net:\n"
	"        - cidr: 169.254.169.254/32\n"
	"          ports: 80\n"
	"          proto: tcp\n"
	"      unix:\n"
	"        - path: /run/docker.sock\n"
	"    allow:\n"
	"      files:\n"
	"        - path: /var/log/nginx/**\n"
	"          access: wa\n";

static void test_fields(void **state)
{
	struct cgw_policy p;
	struct cgw_rule *r;
	struct cgw_pattern *pat;

	(void)state;
	parse_ok(web_doc, &p);
	assert_int_equal(p.nrules, 1);
	r = &p.rules[0];
	assert_string_equal(r->name, "web");
	assert_int_equal(r->ncgroups, 2);
	assert_string_equal(r->cgroups[0], "/system.slice/docker-*.scope");
	assert_string_equal(r->cgroups[1], "/kubepods/**");
	assert_int_equal(r->mode, CGW_MODE_PROTECT);
	assert_int_equal(r->new_mode, CGW_MODE_LEARN);
	assert_int_equal(r->at.line, 3);
	assert_int_equal(r->at.col, 5);
	assert_int_equal(r->npats, 5);

	pat = &r->pats[0];
	assert_int_equal(pat->action, CGW_ACTION_DENY);
	assert_int_equal(pat->kind, CGW_KIND_FILE);
	assert_string_equal(pat->path, "/etc/shadow");
	assert_int_equal(pat->access, CGW_ACC_READ | CGW_ACC_WRITE);
	assert_int_equal(pat->at[CGW_PF_ACCESS].line, 12);
	assert_int_equal(pat->at[CGW_PF_ACCESS].col, 19);

	pat = &r->pats[1];
	assert_int_equal(pat->kind, CGW_KIND_EXEC);
	assert_string_equal(pat->path, "/bin/busybox");
	assert_string_equal(pat->name, "nc");

	pat = &r->pats[2];
	assert_int_equal(pat->kind, CGW_KIND_NET);
	assert_int_equal(pat->family, AF_INET);
	assert_int_equal(pat->prefix, 32);
	assert_memory_equal(pat->addr, "\xa9\xfe\xa9\xfe", 4);
	assert_int_equal(pat->port_lo, 80);
	assert_int_equal(pat->port_hi, 80);
	assert_int_equal(pat->proto, IPPROTO_TCP);

	pat = &r->pats[3];
	assert_int_equal(pat->kind, CGW_KIND_UNIX);
	assert_string_equal(pat->path, "/run/docker.sock");

	pat = &r->pats[4];
	assert_int_equal(pat->action, CGW_ACTION_ALLOW);
	assert_int_equal(pat->access, CGW_ACC_WRITE | CGW_ACC_APPEND);
	cgw_policy_free(&p);
}

/* Access beyond open's letters is spelt by name, and printed back so. */
static void test_access_names(void **state)
{
	struct cgw_policy p;
	char out[CGW_ACCESS_STR];
	uint32_t want = CGW_ACC_READ | CGW_ACC_WRITE | CGW_ACC_CREATE |
			CGW_ACC_RENAME_TO;

	(void)state;
	parse_ok("rules:\n"
		 "  - name: n\n"
		 "    cgroups: [/a]\n"
		 "    deny:\n"
		 "      files:\n"
		 "        - path: /etc/x\n"
		 "          access: rw,create,rename-to\n"
		 "        - path: /etc/y\n"
		 "          access: link,delete\n", &p);
	assert_int_equal(p.rules[0].pats[0].access, want);
	assert_int_equal(p.rules[0].pats[1].access, CGW_ACC_LINK | CGW_ACC_DELETE);
	cgw_fmt_access(want, out);
	assert_string_equal(out, "rw,create,rename-to");
	cgw_fmt_access(CGW_ACC_LINK | CGW_ACC_DELETE, out);
	assert_string_equal(out, "delete,link");
	cgw_policy_free(&p);
}

/*
 * Socket patterns keep their access and type through the YAML emitter
 * (and the JSON read back from it), and parse back the same.
 */
static void test_socket_emit(void **state)
{
	static const char doc[] =
		"rules:\n"
		"  - name: n\n"
		"    cgroups: [/a]\n"
		"    allow:\n"
		"      net:\n"
		"        - cidr: 0.0.0.0/0\n"
		"          ports: 8080\n"
		"          proto: tcp\n"
		"          access: bind,listen\n"
		"        - cidr: 10.0.0.0/8\n"
		"          proto: udp\n"
		"          type: raw\n"
		"      unix:\n"
		"        - path: /run/s\n"
		"          access: listen\n";
	struct cgw_policy p, q;
	char *yaml, *json;

	(void)state;
	parse_ok(doc, &p);
	yaml = emit(&p);
	assert_non_null(strstr(yaml, "access: bind,listen\n"));
	assert_non_null(strstr(yaml, "type: raw\n"));
	assert_non_null(strstr(yaml, "access: listen\n"));
	parse_ok(yaml, &q);
	assert_int_equal(q.rules[0].npats, p.rules[0].npats);
	for (size_t i = 0; i < p.rules[0].npats; i++) {
		assert_int_equal(q.rules[0].pats[i].access, p.rules[0].pats[i].access);
		assert_int_equal(q.rules[0].pats[i].type, p.rules[0].pats[i].type);
	}
	json = emit_json(&p);
	assert_non_null(strstr(json, "\"access\":\"bind,listen\""));
	assert_non_null(strstr(json, "\"type\":\"raw\""));
	free(json);
	free(yaml);
	cgw_policy_free(&q);
	cgw_policy_free(&p);
}

static void test_defaults(void **state)
{
	struct cgw_policy p;
	struct cgw_pattern *pat;

	(void)state;
	parse_ok("rules:\n"
		 "  - cgroups: [/]\n"
		 "    deny:\n"
		 "      files: [{path: /x}]\n"
		 "      exec: [{path: /y}]\n"
		 "      net: [{cidr: any}]\n", &p);
	assert_null(p.rules[0].name);
	assert_int_equal(p.rules[0].mode, CGW_MODE_NONE);
	assert_int_equal(p.rules[0].new_mode, CGW_MODE_NONE);
	pat = &p.rules[0].pats[0];
	assert_int_equal(pat->access, 0);
	assert_null(p.rules[0].pats[1].name);
	pat = &p.rules[0].pats[2];
	assert_int_equal(pat->family, 0);
	assert_int_equal(pat->prefix, 0);
	assert_int_equal(pat->port_lo, 0);
	assert_int_equal(pat->port_hi, 65535);
	assert_int_equal(pat->proto, 0);
	cgw_policy_free(&p);

	/* An empty policy, and rules with modes only. */
	canon_is("rules: []\n", "rules: []\n");
	canon_is("rules:\n- cgroups: [/a]\n  new_mode: monitor\n", "rules:\n"
		 "- cgroups:\n"
		 "  - /a\n"
		 "  new_mode: monitor\n");
}

static void test_modes(void **state)
{
	static const char *const modes[] = { "learn", "monitor", "protect" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		char *doc = xasprintf("rules:\n- cgroups: [/]\n  mode: %s\n  new_mode: %s\n",
				      modes[i], modes[i]);
		char *want = xasprintf("rules:\n- cgroups:\n  - /\n  mode: %s\n"
				       "  new_mode: %s\n", modes[i], modes[i]);

		canon_is(doc, want);
		free(doc);
		free(want);
	}
	/* off is quoted on output: YAML 1.1 would read a boolean. */
	canon_is("rules:\n- cgroups: [/]\n  mode: off\n", "rules:\n"
		 "- cgroups:\n"
		 "  - /\n"
		 "  mode: \"off\"\n");
}

static void test_cidrs(void **state)
{
	static const struct { const char *in, *out; uint16_t family; uint8_t prefix; } c[] = {
		{ "any", "any", 0, 0 },
		{ "10.0.0.0/8", "10.0.0.0/8", AF_INET, 8 },
		{ "192.168.1.7", "192.168.1.7/32", AF_INET, 32 },
		{ "0.0.0.0/0", "0.0.0.0/0", AF_INET, 0 },
		{ "10.1.2.128/25", "10.1.2.128/25", AF_INET, 25 },
		{ "::1", "::1/128", AF_INET6, 128 },
		{ "fd00::/8", "fd00::/8", AF_INET6, 8 },
		{ "FD00:0:0::1/128", "fd00::1/128", AF_INET6, 128 },
		{ "::/0", "::/0", AF_INET6, 0 },
		{ "::ffff:10.0.0.1", "::ffff:10.0.0.1/128", AF_INET6, 128 },
		{ "2001:db8::/32", "2001:db8::/32", AF_INET6, 32 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		char *doc = xasprintf("rules:\n- cgroups: [/]\n  deny: {net: [{cidr: \"%s\"}]}\n",
				      c[i].in);
		char buf[CGW_CIDR_LEN];
		struct cgw_policy p;

		parse_ok(doc, &p);
		assert_int_equal(p.rules[0].pats[0].family, c[i].family);
		assert_int_equal(p.rules[0].pats[0].prefix, c[i].prefix);
		cgw_fmt_cidr(&p.rules[0].pats[0], buf);
		assert_string_equal(buf, c[i].out);
		cgw_policy_free(&p);
		free(doc);
	}
}

static void test_ports_proto_access(void **state)
{
	static const struct { const char *in, *out; } ports[] = {
		{ "80", "      ports: 80\n" },
		{ "0", "      ports: 0\n" },
		{ "65535", "      ports: 65535\n" },
		{ "1024-65535", "      ports: 1024-65535\n" },
		{ "7-7", "      ports: 7\n" },
		{ "any", "" },
		{ "0-65535", "" },
	};
	static const struct { const char *in, *out; } protos[] = {
		{ "tcp", "      proto: tcp\n" }, { "udp", "      proto: udp\n" },
		{ "icmp", "      proto: icmp\n" }, { "sctp", "      proto: sctp\n" },
		{ "icmpv6", "      proto: icmpv6\n" }, { "17", "      proto: udp\n" },
		{ "47", "      proto: 47\n" }, { "any", "" }, { "0", "" },
	};
	static const struct { const char *in, *out; } access[] = {
		{ "r", "r" }, { "rw", "rw" }, { "wa", "wa" }, { "xr", "rx" }, { "rwax", "rwax" },
		{ "aa", "a" }, { "any", NULL }, { "mount", "mount" },
		{ "\"ptrace,r\"", "r,ptrace" }, { "\"ns,chroot,x\"", "x,chroot,ns" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ports); i++) {
		char *doc = xasprintf("rules:\n- cgroups: [/]\n  deny: {net: [{cidr: any, ports: %s}]}\n",
				      ports[i].in);
		char *want = xasprintf("rules:\n- cgroups:\n  - /\n  deny:\n    net:\n"
				       "    - cidr: any\n%s", ports[i].out);

		canon_is(doc, want);
		free(doc);
		free(want);
	}
	for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
		char *doc = xasprintf("rules:\n- cgroups: [/]\n  deny: {net: [{cidr: any, proto: %s}]}\n",
				      protos[i].in);
		char *want = xasprintf("rules:\n- cgroups:\n  - /\n  deny:\n    net:\n"
				       "    - cidr: any\n%s", protos[i].out);

		canon_is(doc, want);
		free(doc);
		free(want);
	}
	for (size_t i = 0; i < ARRAY_SIZE(access); i++) {
		char *doc = xasprintf("rules:\n- cgroups: [/]\n  allow: {files: [{path: /f, access: %s}]}\n",
				      access[i].in);
		char *want = xasprintf("rules:\n- cgroups:\n  - /\n  allow:\n    files:\n"
				       "    - path: /f\n%s%s%s",
				       access[i].out ? "      access: " : "",
				       access[i].out ? access[i].out : "", access[i].out ? "\n" : "");

		canon_is(doc, want);
		free(doc);
		free(want);
	}
}

/* Keys in any order in, the fixed order out; kinds grouped per action. */
static void test_canonical_order(void **state)
{
	(void)state;
	canon_is("rules:\n"
		 "- allow:\n"
		 "    unix: [{path: /u}]\n"
		 "    files: [{access: r, path: /a}]\n"
		 "  deny:\n"
		 "    net: [{proto: udp, ports: 53, cidr: 10.0.0.0/8}, {cidr: '::1'}]\n"
		 "    exec: [{name: 'sh', path: /bin/sh}]\n"
		 "  new_mode: learn\n"
		 "  mode: monitor\n"
		 "  cgroups: ['/a/*', /b]\n"
		 "  name: x\n", "rules:\n"
		 "- name: x\n"
		 "  cgroups:\n"
		 "  - /a/*\n"
		 "  - /b\n"
		 "  mode: monitor\n"
		 "  new_mode: learn\n"
		 "  deny:\n"
		 "    exec:\n"
		 "    - path: /bin/sh\n"
		 "      name: sh\n"
		 "    net:\n"
		 "    - cidr: 10.0.0.0/8\n"
		 "      ports: 53\n"
		 "      proto: udp\n"
		 "    - cidr: ::1/128\n"
		 "  allow:\n"
		 "    files:\n"
		 "    - path: /a\n"
		 "      access: r\n"
		 "    unix:\n"
		 "    - path: /u\n");
	/* The spec's example comes out as it went in, minus comments. */
	canon_is(web_doc, "rules:\n"
		 "- name: web\n"
		 "  cgroups:\n"
		 "  - /system.slice/docker-*.scope\n"
		 "  - /kubepods/**\n"
		 "  mode: protect\n"
		 "  new_mode: learn\n"
		 "  deny:\n"
		 "    files:\n"
		 "    - path: /etc/shadow\n"
		 "      access: rw\n"
		 "    exec:\n"
		 "    - path: /bin/busybox\n"
		 "      name: nc\n"
		 "    net:\n"
		 "    - cidr: 169.254.169.254/32\n"
		 "      ports: 80\n"
		 "      proto: tcp\n"
		 "    unix:\n"
		 "    - path: /run/docker.sock\n"
		 "  allow:\n"
		 "    files:\n"
		 "    - path: /var/log/nginx/**\n"
		 "      access: wa\n");
}

/* Strings YAML would misread are quoted, and every byte comes back. */
static void test_quoting(void **state)
{
	static const struct { const char *path, *out; } q[] = {
		{ "/plain/path-1.2_x+y=z~%*?@", "/plain/path-1.2_x+y=z~%*?@" },
		{ "@abstract", "\"@abstract\"" },
		{ "/a b", "\"/a b\"" },
		{ "/a: b", "\"/a: b\"" },
		{ "/a #b", "\"/a #b\"" },
		{ "/q\"uote\\", "\"/q\\\"uote\\\\\"" },
		{ "/tab\there\nnl", "\"/tab\\there\\nnl\"" },
		{ "/ctl\x01\x7f", "\"/ctl\\x01\\x7F\"" },
		/* not UTF-8: the bytes in hex, in the string's place */
		{ "/not-utf8-\xff\xfe", "{hex: \"2f6e6f742d757466382dfffe\"}" },
		{ "/utf8-\xc3\xa9-\xe2\x82\xac-\xf0\x9f\x90\xa7", "\"/utf8-\xc3\xa9-\xe2\x82\xac-\\U0001F427\"" },
		{ "/c1-\xc2\x85-\xc2\x9f", "\"/c1-\\N-\\x9F\"" },
		{ "/mixed-\xc3\xbf-\xff", "{hex: \"2f6d697865642dc3bf2dff\"}" },
		{ "/[x]{y},z'", "\"/[x]{y},z'\"" },
		/* line breaks to YAML: raw, they were folded (policy_fuzz) */
		{ "/ls-\xe2\x80\xa8-ps-\xe2\x80\xa9", "\"/ls-\\L-ps-\\P\"" },
		{ "/b.: \xe2\x80\xa8\xff", "{hex: \"2f622e3a20e280a8ff\"}" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(q); i++) {
		struct cgw_policy p = { 0 }, back;
		struct cgw_rule *r = cgw_policy_add_rule(&p);
		struct cgw_pattern *pat;
		char *out, *want;

		cgw_rule_add_cgroup(r, q[i].path[0] == '/' ? q[i].path : "/");
		pat = cgw_rule_add_pattern(r);
		pat->kind = CGW_KIND_UNIX;
		pat->path = xstrdup(q[i].path);
		out = emit(&p);
		want = xasprintf("rules:\n- cgroups:\n  - %s\n  allow:\n    unix:\n"
				 "    - path: %s\n", q[i].path[0] == '/' ? q[i].out : "/",
				 q[i].out);
		assert_string_equal(out, want);
		parse_ok(out, &back);
		assert_string_equal(back.rules[0].cgroups[0], q[i].path[0] == '/' ? q[i].path : "/");
		assert_string_equal(back.rules[0].pats[0].path, q[i].path);
		cgw_policy_free(&back);
		cgw_policy_free(&p);
		free(out);
		free(want);
	}
	/* Words and numbers that are not strings to YAML 1.1. */
	canon_is("rules:\n- name: 'true'\n  cgroups: [/]\n- name: '1e3'\n  cgroups: [/]\n"
		 "- name: No\n  cgroups: [/]\n", "rules:\n"
		 "- name: \"true\"\n"
		 "  cgroups:\n"
		 "  - /\n"
		 "- name: \"1e3\"\n"
		 "  cgroups:\n"
		 "  - /\n"
		 "- name: \"No\"\n"
		 "  cgroups:\n"
		 "  - /\n");
	/* An empty exec name is a name, not "any". */
	canon_is("rules:\n- cgroups: [/]\n  allow: {exec: [{path: /x, name: \"\"}]}\n", "rules:\n"
		 "- cgroups:\n"
		 "  - /\n"
		 "  allow:\n"
		 "    exec:\n"
		 "    - path: /x\n"
		 "      name: \"\"\n");
	/* YAML's own escapes still mean what YAML says. */
	canon_is("rules:\n- cgroups: [\"/\\x41\\u00e9\\N\\t\"]\n", "rules:\n"
		 "- cgroups:\n"
		 "  - \"/A\xc3\xa9\\N\\t\"\n");
	/* \xff is U+00FF to YAML, a character and not a byte; a BOM is skipped. */
	canon_is("\xef\xbb\xbfrules:\n- cgroups: [\"/\xc3\xa9\\xff\"]\n", "rules:\n"
		 "- cgroups:\n"
		 "  - \"/\xc3\xa9\xc3\xbf\"\n");
}

static void test_json(void **state)
{
	struct cgw_policy p;
	char *out;

	(void)state;
	parse_ok(web_doc, &p);
	out = emit_json(&p);
	assert_string_equal(out,
		"{\"rules\":[{\"name\":\"web\",\"cgroups\":[\"/system.slice/docker-*.scope\","
		"\"/kubepods/**\"],\"mode\":\"protect\",\"new_mode\":\"learn\","
		"\"deny\":{\"files\":[{\"path\":\"/etc/shadow\",\"access\":\"rw\"}],"
		"\"exec\":[{\"path\":\"/bin/busybox\",\"name\":\"nc\"}],"
		"\"net\":[{\"cidr\":\"169.254.169.254/32\",\"ports\":80,\"proto\":\"tcp\"}],"
		"\"unix\":[{\"path\":\"/run/docker.sock\"}]},"
		"\"allow\":{\"files\":[{\"path\":\"/var/log/nginx/**\",\"access\":\"wa\"}]}}]}\n");
	free(out);
	cgw_policy_free(&p);

	p = (struct cgw_policy){ 0 };
	out = NULL;
	{
		size_t len;
		FILE *f = open_memstream(&out, &len);

		cgw_policy_emit_json(f, &p, true, 42);
		fclose(f);
	}
	assert_string_equal(out, "{\"generation\":42,\"rules\":[]}\n");
	free(out);
}

static void test_errors(void **state)
{
	(void)state;
	parse_fails("rules:\n"
		    "  - name: web\n"
		    "    cgroups: [/a]\n"
		    "    deny:\n"
		    "      files:\n"
		    "        - path: /etc/shadow\n"
		    "          access: rwz\n",
		    "t.yaml:7:19: unknown access 'rwz' (use r, w, a, x, or names: create, delete, link, rename-from, rename-to, chmod, chown, mount, umount, chroot, ptrace, ns; comma-separated)\n");
	parse_fails("rules:\n"
		    "  - name: web\n"
		    "    cgroups: []\n"
		    "    mode: protecc\n"
		    "    new_mode: [learn]\n"
		    "    colour: red\n"
		    "    deny:\n"
		    "      files:\n"
		    "        - path: etc/shadow\n"
		    "          access: ''\n"
		    "          bogus: 1\n"
		    "      net:\n"
		    "        - cidr: 10.0.0.1/8\n"
		    "          ports: 90-80\n"
		    "        - cidr: 300.1.1.1\n"
		    "          ports: 70000\n"
		    "          proto: xyz\n"
		    "        - cidr: ::1/129\n"
		    "          ports: 8o\n"
		    "        - ports: 1\n"
		    "        - cidr: 10.0.0.0/x\n"
		    "          ports: -5\n"
		    "      unix:\n"
		    "        - path: relative\n"
		    "        - name: x\n"
		    "      exec:\n"
		    "        - path: /bin/sh\n"
		    "          name: a/b\n"
		    "          name: c\n"
		    "      sockets: []\n"
		    "  - name: web\n"
		    "    cgroups: /x\n"
		    "  - name: \"bad name\"\n"
		    "    cgroups: [x, /a/, //b, ~]\n"
		    "    allow: [files]\n"
		    "  - just a string\n"
		    "  - cgroups: [/]\n"
		    "    deny:\n"
		    "    allow:\n"
		    "      files: {path: /x}\n"
		    "      exec:\n"
		    "        - /bin/sh\n",
		    "t.yaml:3:14: 'cgroups' is empty (list 1 to 64 cgroup globs)\n"
		    "t.yaml:4:11: unknown mode 'protecc' (use off, learn, monitor or protect)\n"
		    "t.yaml:5:15: 'new_mode' must be a string, not a list\n"
		    "t.yaml:6:5: unknown key 'colour' in a rule (expected name, cgroups, mode, new_mode, deny, allow)\n"
		    "t.yaml:9:17: path 'etc/shadow' must start with '/'\n"
		    "t.yaml:10:19: 'access' is empty (use letters r, w, a, x, or any)\n"
		    "t.yaml:11:11: unknown key 'bogus' in a file pattern (expected path, access, wild, exe, startup)\n"
		    "t.yaml:13:17: '10.0.0.1/8' has host bits set (the network is 10.0.0.0/8)\n"
		    "t.yaml:14:18: port range 90-80 is reversed\n"
		    "t.yaml:15:17: bad address '300.1.1.1' (use an IPv4 or IPv6 address or CIDR, or any)\n"
		    "t.yaml:16:18: port 70000 is out of range (0 to 65535)\n"
		    "t.yaml:17:18: unknown proto 'xyz' (use tcp, udp, icmp, icmpv6, sctp, udplite, raw, a protocol number, or any)\n"
		    "t.yaml:18:17: bad prefix length '/129' (0 to 128 for IPv6)\n"
		    "t.yaml:19:18: bad ports '8o' (use N or N-M, 0 to 65535, or any)\n"
		    "t.yaml:20:11: a net pattern has no 'cidr'\n"
		    "t.yaml:21:17: bad prefix length '/x' (0 to 32 for IPv4)\n"
		    "t.yaml:22:18: bad ports '-5' (use N or N-M, 0 to 65535, or any)\n"
		    "t.yaml:24:17: unix path 'relative' must start with '/' (or '@' for an abstract name)\n"
		    "t.yaml:25:11: unknown key 'name' in a unix pattern (expected path, access, wild, exe, startup)\n"
		    "t.yaml:25:11: a unix pattern has no 'path'\n"
		    "t.yaml:28:17: exec name 'a/b' cannot contain '/' (it is the name a program ran as)\n"
		    "t.yaml:29:11: duplicate key 'name' in an exec pattern\n"
		    "t.yaml:30:7: unknown key 'sockets' in 'deny' (expected files, exec, net, unix)\n"
		    "t.yaml:31:11: duplicate rule name 'web' (first at line 2)\n"
		    "t.yaml:32:14: 'cgroups' must be a list, not a string\n"
		    "t.yaml:33:11: rule name 'bad name' may only have letters, digits, '_', '.' and '-'\n"
		    "t.yaml:34:15: cgroup 'x' must start with '/' (paths are relative to the cgroup2 root)\n"
		    "t.yaml:34:18: cgroup '/a/' ends with '/'\n"
		    "t.yaml:34:23: cgroup '//b' has an empty component ('//')\n"
		    "t.yaml:34:28: 'cgroups' has no value\n"
		    "t.yaml:35:12: 'allow' must be a mapping of files, exec, net and unix, not a list\n"
		    "t.yaml:36:5: a rule must be a mapping, not a string\n"
		    "t.yaml:38:10: 'deny' must be a mapping of files, exec, net and unix, not empty\n"
		    "t.yaml:40:14: 'files' must be a list, not a mapping\n"
		    "t.yaml:42:11: an exec pattern must be a mapping, not a string\n");
	/* The document itself. */
	parse_fails("", "t.yaml:1:1: empty document (a policy starts with 'rules:')\n");
	parse_fails("# only a comment\n",
		    "t.yaml:1:1: empty document (a policy starts with 'rules:')\n");
	parse_fails("- rules\n", "t.yaml:1:1: a policy is a mapping with 'rules:', not a list\n");
	parse_fails("rule: []\n",
		    "t.yaml:1:1: unknown key 'rule' in the document (expected rules)\n"
		    "t.yaml:1:1: no 'rules:' in the document\n");
	parse_fails("rules:\n", "t.yaml:1:7: 'rules' must be a list, not empty (rules: [] for none)\n");
	parse_fails("rules: []\nrules: []\n", "t.yaml:2:1: duplicate key 'rules' in the document\n");
	parse_fails("rules: []\n---\nrules: []\n",
		    "t.yaml:3:1: a second YAML document (a policy is one)\n");
	parse_fails("rules:\n- cgroups: [/]\n  {a: 1}: 2\n",
		    "t.yaml:3:3: a key in a rule must be a string, not a mapping\n");
	parse_fails("rules:\n- cgroups: [\"/a\\0b\"]\n",
		    "t.yaml:2:13: 'cgroups' contains a NUL character\n");
	parse_fails("rules:\n- cgroups: [/]\n  name: \"\"\n", "t.yaml:3:9: 'name' is empty\n");
	/* Globs the kernel takes: one '**', as a whole component. */
	parse_fails("rules:\n"
		    "- cgroups: ['/a/**/b/**', /a**, '/**', /x/**/y]\n"
		    "  deny:\n"
		    "    files: [{path: '/***'}, {path: /ok/**}]\n"
		    "    exec: [{path: /bin/*, name: 'a**'}, {path: /x, name: '**'}]\n",
		    "t.yaml:2:13: '**' may appear once, as a whole path component, in '/a/**/b/**'\n"
		    "t.yaml:2:27: '**' may appear once, as a whole path component, in '/a**'\n"
		    "t.yaml:4:20: '**' may appear once, as a whole path component, in '/***'\n"
		    "t.yaml:5:33: '**' may appear once, as a whole path component, in 'a**'\n");
	/* The message quotes what it must, safely. */
	parse_fails("rules:\n- cgroups: [\"\\e[31mred\"]\n",
		    "t.yaml:2:13: cgroup '\\x1b[31mred' must start with '/' (paths are relative to the cgroup2 root)\n");
}

static void test_syntax_errors(void **state)
{
	(void)state;
	parse_fails("rules:\n  - name: a\n   cgroups: [/]\n",
		    "t.yaml:3:4: did not find expected '-' indicator (while parsing a block collection at line 2, column 3)\n");
	parse_fails("rules: [\n",
		    "t.yaml:2:1: did not find expected node content (while parsing a flow node at line 2, column 1)\n");
	parse_fails("rules:\n- cgroups: [\"/a]\n",
		    "t.yaml:3:1: found unexpected end of stream (while scanning a quoted scalar at line 2, column 13)\n");
	parse_fails("rules:\n\t- cgroups: [/]\n",
		    "t.yaml:2:1: found character that cannot start any token (while scanning for the next token at line 2, column 1)\n");
	parse_fails("rules: *nope\n", "t.yaml:1:8: found undefined alias\n");
	parse_fails("rules:\n - cgroups: [\"/\xff\"]\n",
		    "t.yaml:2:16: invalid leading UTF-8 octet (byte 0xff)\n");
	parse_fails("rules:\n - cgroups: [\"/\x01\"]\n",
		    "t.yaml:2:16: control characters are not allowed (byte 0x01)\n");
}

/* A document of n rules, each with ncg cgroups and npat file patterns. */
static char *big_doc(size_t n, size_t ncg, size_t npat, size_t pathlen)
{
	char *buf = NULL, *path = xmalloc(pathlen + 1);
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	path[0] = '/';
	memset(path + 1, 'p', pathlen - 1);
	path[pathlen] = '\0';
	fputs("rules:\n", f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "  - name: r%zu\n    cgroups:\n", i);
		for (size_t j = 0; j < ncg; j++)
			fprintf(f, "      - /c%zu\n", j);
		if (npat)
			fputs("    deny:\n      files:\n", f);
		for (size_t j = 0; j < npat; j++)
			fprintf(f, "        - path: %s\n", path);
	}
	fclose(f);
	free(path);
	return buf;
}

static void test_limits(void **state)
{
	struct cgw_policy p;
	char *doc, *want;

	(void)state;
	/* At the limits: fine. */
	doc = big_doc(CGW_POLICY_MAX_RULES, 1, 0, 2);
	parse_ok(doc, &p);
	assert_int_equal(p.nrules, CGW_POLICY_MAX_RULES);
	cgw_policy_free(&p);
	free(doc);
	doc = big_doc(1, CGW_RULE_MAX_CGROUPS, CGW_RULE_MAX_PATTERNS, CGW_PATH_MAX - 1);
	parse_ok(doc, &p);
	assert_int_equal(p.rules[0].ncgroups, CGW_RULE_MAX_CGROUPS);
	assert_int_equal(p.rules[0].npats, CGW_RULE_MAX_PATTERNS);
	assert_int_equal(strlen(p.rules[0].pats[0].path), CGW_PATH_MAX - 1);
	cgw_policy_free(&p);
	free(doc);

	/* One over: the message points at the first one too many. */
	doc = big_doc(CGW_POLICY_MAX_RULES + 1, 1, 0, 2);
	want = xasprintf("t.yaml:%d:5: too many rules (at most %d)\n",
			 2 + 3 * CGW_POLICY_MAX_RULES, CGW_POLICY_MAX_RULES);
	parse_fails(doc, want);
	free(doc);
	free(want);
	doc = big_doc(1, CGW_RULE_MAX_CGROUPS + 1, 0, 2);
	want = xasprintf("t.yaml:%d:9: too many cgroups in a rule (at most %d)\n",
			 4 + CGW_RULE_MAX_CGROUPS, CGW_RULE_MAX_CGROUPS);
	parse_fails(doc, want);
	free(doc);
	free(want);
	doc = big_doc(1, 1, CGW_RULE_MAX_PATTERNS + 1, 2);
	want = xasprintf("t.yaml:%d:11: too many patterns in a rule (at most %d)\n",
			 7 + CGW_RULE_MAX_PATTERNS, CGW_RULE_MAX_PATTERNS);
	parse_fails(doc, want);
	free(doc);
	free(want);
	doc = big_doc(1, 1, 1, CGW_PATH_MAX);
	parse_fails(doc, "t.yaml:7:17: 'path' is too long (4096 bytes, at most 4095)\n");
	free(doc);

	parse_fails("rules:\n- name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
		    "  cgroups: [/]\n",
		    "t.yaml:2:9: 'name' is too long (64 bytes, at most 63)\n");
	canon_is("rules:\n- name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
		 "  cgroups: [/]\n", "rules:\n"
		 "- name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
		 "  cgroups:\n"
		 "  - /\n");

	/* Many problems: the first CGW_DIAG_KEEP are shown, the rest counted. */
	{
		struct cgw_diag d;
		char *out = NULL;
		size_t len;
		FILE *f;

		doc = big_doc(1, 1, 60, 2);
		for (char *s = strstr(doc, "path: /p"); s; s = strstr(s, "path: /p"))
			s[6] = 'p';	/* "path: pp": not absolute */
		assert_int_equal(parse(doc, &p, &d), -1);
		assert_int_equal(d.n, CGW_DIAG_KEEP);
		assert_int_equal(d.total, 60);
		f = open_memstream(&out, &len);
		cgw_diag_print(&d, f);
		fclose(f);
		assert_non_null(strstr(out, "t.yaml: 10 more problems not shown\n"));
		free(out);
		cgw_diag_free(&d);
		free(doc);
	}
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int c;

	assert_non_null(f);
	m = open_memstream(&buf, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

/* Every ```yaml block of docs/policy.md loads, and is canonical after one pass. */
static void test_docs(void **state)
{
	char *md = read_all(CGW_TOP "/docs/policy.md");
	size_t blocks = 0;
	const char *s = md;

	(void)state;
	while ((s = strstr(s, "```yaml\n"))) {
		const char *start = s + strlen("```yaml\n");
		const char *end = strstr(start, "```");
		char *doc, *a, *b;

		assert_non_null(end);
		doc = strndup(start, (size_t)(end - start));
		a = canon(doc);
		b = canon(a);
		assert_string_equal(a, b);
		free(a);
		free(b);
		free(doc);
		blocks++;
		s = end + 3;
	}
	/* the format, then nginx, postgres and a CI runner */
	assert_true(blocks >= 4);
	free(md);
}

/* --- netlink ------------------------------------------------------------ */

/* Encode p into a message, decode every RULE back. */
static void nl_round_trip(const struct cgw_policy *p, struct cgw_policy *back)
{
	struct nl_msg *msg = nlmsg_alloc_size(1 << 24);
	struct nlattr *a;
	int rem;

	assert_non_null(msg);
	assert_int_equal(cgw_policy_put(msg, p), 0);
	memset(back, 0, sizeof(*back));
	nlmsg_for_each_attr(a, nlmsg_hdr(msg), 0, rem) {
		assert_int_equal(nla_type(a), CGW_A_RULE);
		assert_int_equal(cgw_rule_decode(a, back), 0);
	}
	assert_int_equal(rem, 0);
	nlmsg_free(msg);
}

static void test_nl_round_trip(void **state)
{
	struct cgw_policy p, back;
	char *md = read_all(CGW_TOP "/docs/policy.md"), *s;
	char *a, *b;

	(void)state;
	/* Every example of the docs, and the spec's. */
	for (s = md; (s = strstr(s, "```yaml\n")); s += 8) {
		char *doc = strndup(s + 8, (size_t)(strstr(s + 8, "```") - (s + 8)));
		struct cgw_diag d;

		parse_ok(doc, &p);
		cgw_diag_init(&d, "policy.md");
		if (cgw_policy_check_loadable(&p, &d)) {
			/* a model document (wild, exe): it imports instead */
			struct cgw_entry_rec *ents;
			size_t n;

			cgw_diag_free(&d);
			cgw_diag_init(&d, "policy.md");
			assert_int_equal(cgw_policy_to_entries(&p, &d, &ents, &n), 0);
			assert_true(n > 0);
			cgw_entries_free(ents, n);
			cgw_diag_free(&d);
			cgw_policy_free(&p);
			free(doc);
			continue;
		}
		cgw_diag_free(&d);
		nl_round_trip(&p, &back);
		a = emit(&p);
		b = emit(&back);
		assert_string_equal(a, b);
		free(a);
		free(b);
		cgw_policy_free(&p);
		cgw_policy_free(&back);
		free(doc);
	}
	free(md);

	/* Everything at once: IPv6, ranges, odd bytes, empty exec name. */
	parse_ok("rules:\n"
		 "- cgroups: [/]\n"
		 "- name: all\n"
		 "  cgroups: [/a/**, '/b?']\n"
		 "  mode: off\n"
		 "  new_mode: protect\n"
		 "  deny:\n"
		 "    net: [{cidr: 'fd00::/8', ports: 1-2, proto: 132}, {cidr: any}]\n"
		 "    exec: [{path: /x, name: \"\"}, {path: /y}]\n"
		 "  allow:\n"
		 "    unix: [{path: '@a\\xff'}]\n"
		 "    files: [{path: /f, access: x}]\n", &p);
	nl_round_trip(&p, &back);
	a = emit(&p);
	b = emit(&back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	cgw_policy_free(&p);
	cgw_policy_free(&back);
}

/* What the kernel's POLICY_GET sends: a long rule split over messages. */
static void test_nl_decode_split(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct cgw_policy p = { 0 };
	struct nlattr *a, *r, *pat;
	char *out;
	int rem;

	(void)state;
	for (int part = 0; part < 3; part++) {
		uint32_t index = part < 2 ? 0 : 1;

		r = nla_nest_start(msg, CGW_A_RULE);
		nla_put_u32(msg, CGW_RULE_A_INDEX, index);
		nla_put_string(msg, CGW_RULE_A_NAME, index ? "" : "long");
		nla_put_u8(msg, CGW_RULE_A_MODE, CGW_MODE_NONE);
		nla_put_u8(msg, CGW_RULE_A_NEW_MODE, index ? CGW_MODE_LEARN : CGW_MODE_NONE);
		nla_put_string(msg, CGW_RULE_A_CGROUP, index ? "/b" : "/a");
		pat = nla_nest_start(msg, CGW_RULE_A_PATTERN);
		nla_put_u8(msg, CGW_PAT_A_ACTION, CGW_ACTION_DENY);
		nla_put_u8(msg, CGW_PAT_A_KIND, CGW_KIND_NET);
		/* a /0: the kernel sends no address */
		nla_put_u16(msg, CGW_PAT_A_FAMILY, part == 1 ? AF_INET6 : AF_INET);
		nla_put_u8(msg, CGW_PAT_A_PREFIX, 0);
		nla_put_u16(msg, CGW_PAT_A_PORT_LO, (uint16_t)part);
		nla_put_u16(msg, CGW_PAT_A_PORT_HI, (uint16_t)part);
		nla_put_u8(msg, CGW_PAT_A_PROTO, 0);
		nla_nest_end(msg, pat);
		nla_nest_end(msg, r);
	}
	nlmsg_for_each_attr(a, nlmsg_hdr(msg), 0, rem)
		assert_int_equal(cgw_rule_decode(a, &p), 0);
	out = emit(&p);
	assert_string_equal(out, "rules:\n"
		 "- name: long\n"
		 "  cgroups:\n"
		 "  - /a\n"
		 "  deny:\n"
		 "    net:\n"
		 "    - cidr: 0.0.0.0/0\n"
		 "      ports: 0\n"
		 "    - cidr: ::/0\n"
		 "      ports: 1\n"
		 "- cgroups:\n"
		 "  - /b\n"
		 "  new_mode: learn\n"
		 "  deny:\n"
		 "    net:\n"
		 "    - cidr: 0.0.0.0/0\n"
		 "      ports: 2\n");
	free(out);
	cgw_policy_free(&p);
	nlmsg_free(msg);
}

/* The attributes, exactly as the header says. */
static void test_nl_encoding(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *rule, *a, *pa;
	struct cgw_policy p;
	int rem, rem2, ncg = 0, npat = 0;

	(void)state;
	parse_ok("rules:\n"
		 "- name: n\n"
		 "  cgroups: [/a, /b]\n"
		 "  mode: monitor\n"
		 "  deny: {net: [{cidr: 10.1.0.0/16, ports: 80-81, proto: udp}]}\n"
		 "  allow: {files: [{path: /f, access: ra}], exec: [{path: /e, name: sh}]}\n"
		 "- cgroups: [/]\n", &p);
	assert_int_equal(cgw_policy_put(msg, &p), 0);
	rule = nlmsg_find_attr(nlmsg_hdr(msg), 0, CGW_A_RULE);
	assert_non_null(rule);
	nla_for_each_nested(a, rule, rem) {
		struct nlattr *tb[CGW_PAT_A_MAX + 1] = { 0 };

		switch (nla_type(a)) {
		case CGW_RULE_A_NAME:
			assert_string_equal(nla_get_string(a), "n");
			break;
		case CGW_RULE_A_CGROUP:
			assert_string_equal(nla_get_string(a), ncg++ ? "/b" : "/a");
			break;
		case CGW_RULE_A_MODE:
			assert_int_equal(nla_len(a), 1);
			assert_int_equal(nla_get_u8(a), CGW_MODE_MONITOR);
			break;
		case CGW_RULE_A_NEW_MODE:
			assert_int_equal(nla_get_u8(a), CGW_MODE_NONE);
			break;
		case CGW_RULE_A_PATTERN:
			nla_for_each_nested(pa, a, rem2)
				tb[nla_type(pa)] = pa;
			if (npat++ == 0) {
				uint8_t addr[4] = { 10, 1, 0, 0 };

				assert_int_equal(nla_get_u8(tb[CGW_PAT_A_ACTION]), CGW_ACTION_DENY);
				assert_int_equal(nla_get_u8(tb[CGW_PAT_A_KIND]), CGW_KIND_NET);
				assert_int_equal(nla_len(tb[CGW_PAT_A_FAMILY]), 2);
				assert_int_equal(nla_get_u16(tb[CGW_PAT_A_FAMILY]), AF_INET);
				assert_int_equal(nla_len(tb[CGW_PAT_A_ADDR]), 4);
				assert_memory_equal(nla_data(tb[CGW_PAT_A_ADDR]), addr, 4);
				assert_int_equal(nla_get_u8(tb[CGW_PAT_A_PREFIX]), 16);
				assert_int_equal(nla_get_u16(tb[CGW_PAT_A_PORT_LO]), 80);
				assert_int_equal(nla_get_u16(tb[CGW_PAT_A_PORT_HI]), 81);
				assert_int_equal(nla_get_u8(tb[CGW_PAT_A_PROTO]), IPPROTO_UDP);
				assert_null(tb[CGW_PAT_A_PATH]);
			} else if (npat == 2) {
				assert_int_equal(nla_get_u8(tb[CGW_PAT_A_ACTION]), CGW_ACTION_ALLOW);
				assert_int_equal(nla_get_u8(tb[CGW_PAT_A_KIND]), CGW_KIND_FILE);
				assert_string_equal(nla_get_string(tb[CGW_PAT_A_PATH]), "/f");
				assert_int_equal(nla_len(tb[CGW_PAT_A_ACCESS]), 4);
				assert_int_equal(nla_get_u32(tb[CGW_PAT_A_ACCESS]),
						 CGW_ACC_READ | CGW_ACC_APPEND);
				assert_null(tb[CGW_PAT_A_FAMILY]);
			} else {
				assert_int_equal(nla_get_u8(tb[CGW_PAT_A_KIND]), CGW_KIND_EXEC);
				assert_string_equal(nla_get_string(tb[CGW_PAT_A_PATH]), "/e");
				assert_string_equal(nla_get_string(tb[CGW_PAT_A_NAME]), "sh");
			}
			break;
		default:
			fail_msg("unexpected rule attribute %d", nla_type(a));
		}
	}
	assert_int_equal(ncg, 2);
	assert_int_equal(npat, 3);
	nlmsg_free(msg);
	cgw_policy_free(&p);

	/* Too big for the message: told, so the caller can grow it. */
	msg = nlmsg_alloc_size(4096);
	{
		char *doc = big_doc(1, 1, 10, 1000);

		parse_ok(doc, &p);
		free(doc);
	}
	assert_int_equal(cgw_policy_put(msg, &p), -NLE_NOMEM);
	nlmsg_free(msg);
	cgw_policy_free(&p);
}

static void test_nl_decode_malformed(void **state)
{
	static const struct { uint8_t action, kind; bool path; uint16_t family; int alen;
			      uint8_t prefix; } bad[] = {
		{ CGW_ACTION_COUNT, CGW_KIND_FILE, true, 0, 0, 0 },	/* unknown action */
		{ CGW_ACTION_DENY, CGW_KIND_COUNT, true, 0, 0, 0 },	/* unknown kind */
		{ CGW_ACTION_DENY, CGW_KIND_FILE, false, 0, 0, 0 },	/* no path */
		{ CGW_ACTION_DENY, CGW_KIND_NET, false, AF_INET, 16, 8 },	/* length */
		{ CGW_ACTION_DENY, CGW_KIND_NET, false, AF_INET6, 0, 8 },	/* no address */
		{ CGW_ACTION_DENY, CGW_KIND_NET, false, AF_INET, 4, 33 },	/* prefix */
		{ CGW_ACTION_DENY, CGW_KIND_NET, false, 99, 4, 8 },	/* family */
	};
	static const uint8_t zeros[16];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct nl_msg *msg = nlmsg_alloc();
		struct nlattr *r = nla_nest_start(msg, CGW_A_RULE), *pat;
		struct cgw_policy p = { 0 };

		nla_put_string(msg, CGW_RULE_A_CGROUP, "/");
		pat = nla_nest_start(msg, CGW_RULE_A_PATTERN);
		nla_put_u8(msg, CGW_PAT_A_ACTION, bad[i].action);
		nla_put_u8(msg, CGW_PAT_A_KIND, bad[i].kind);
		if (bad[i].path)
			nla_put_string(msg, CGW_PAT_A_PATH, "/x");
		if (bad[i].family)
			nla_put_u16(msg, CGW_PAT_A_FAMILY, bad[i].family);
		if (bad[i].alen)
			nla_put(msg, CGW_PAT_A_ADDR, bad[i].alen, zeros);
		nla_put_u8(msg, CGW_PAT_A_PREFIX, bad[i].prefix);
		nla_nest_end(msg, pat);
		nla_nest_end(msg, r);
		assert_int_equal(cgw_rule_decode(r, &p), -1);
		cgw_policy_free(&p);
		nlmsg_free(msg);
	}
	/* An unknown mode, and a mode of none. */
	for (int m = 0; m < 2; m++) {
		struct nl_msg *msg = nlmsg_alloc();
		struct nlattr *r = nla_nest_start(msg, CGW_A_RULE);
		struct cgw_policy p = { 0 };

		nla_put_string(msg, CGW_RULE_A_CGROUP, "/");
		nla_put_u8(msg, CGW_RULE_A_MODE, m ? CGW_MODE_NONE : CGW_MODE_COUNT);
		nla_put_u32(msg, 99, 1);	/* newer than this CLI: ignored */
		nla_nest_end(msg, r);
		assert_int_equal(cgw_rule_decode(r, &p), m ? 0 : -1);
		cgw_policy_free(&p);
		nlmsg_free(msg);
	}
}

/*
 * A rule's nest has a 16-bit length: libnl drops a rule of more than 64 KiB
 * of attributes, and cgw_policy_put() used to return 0 anyway, so `policy
 * load` sent the policy without that rule.  tests/fuzz/regressions/ has the
 * document policy_fuzz found (aliases of one 4000-byte path, 25 times).
 */
static void test_nl_rule_too_big(void **state)
{
	char *found = read_all(CGW_TOP "/tests/fuzz/regressions/rule-over-64k-dropped.yaml");
	struct cgw_policy p, back;
	struct nl_msg *msg;
	char *doc, *a, *b;

	(void)state;
	/* 16 paths of 4000 bytes: 64 KiB less a little, sent whole */
	doc = big_doc(1, 1, 16, 4000);
	parse_ok(doc, &p);
	free(doc);
	nl_round_trip(&p, &back);
	a = emit(&p);
	b = emit(&back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	cgw_policy_free(&back);
	cgw_policy_free(&p);

	/* 17: too big for one rule, and said so, not dropped */
	doc = big_doc(2, 1, 17, 4000);
	parse_ok(doc, &p);
	free(doc);
	msg = nlmsg_alloc_size(1 << 24);
	assert_int_equal(cgw_policy_put(msg, &p), -NLE_ATTRSIZE);
	nlmsg_free(msg);
	cgw_policy_free(&p);

	parse_ok(found, &p);
	assert_int_equal(p.rules[0].npats, 25);
	msg = nlmsg_alloc_size(1 << 24);
	assert_int_equal(cgw_policy_put(msg, &p), -NLE_ATTRSIZE);
	nlmsg_free(msg);
	cgw_policy_free(&p);
	free(found);
}

/* --- models ------------------------------------------------------------- */

static void add_entry(struct cgw_entry_rec *e, uint8_t kind, const char *path,
		      const char *name, uint32_t access)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->path = path ? xstrdup(path) : NULL;
	e->name = name ? xstrdup(name) : NULL;
	e->access = access;
}

static void add_net(struct cgw_entry_rec *e, int family, const char *addr, uint16_t port,
		    uint8_t proto)
{
	memset(e, 0, sizeof(*e));
	e->kind = CGW_KIND_NET;
	e->family = (uint16_t)family;
	e->addrlen = family == AF_INET ? 4 : 16;
	assert_int_equal(inet_pton(family, addr, e->addr), 1);
	e->port = port;
	e->proto = proto;
	e->hits = 7;
}

static size_t model(struct cgw_entry_rec *e)
{
	size_t n = 0;

	add_entry(&e[n++], CGW_KIND_FILE, "/proc/*/fd", NULL, CGW_ACC_READ);
	add_net(&e[n++], AF_INET6, "2001:db8::1", 443, IPPROTO_TCP);
	add_entry(&e[n++], CGW_KIND_EXEC, "/bin/busybox", "sh", 0);
	add_entry(&e[n++], CGW_KIND_UNIX, "@dbus-\xff", NULL, 0);
	add_entry(&e[n++], CGW_KIND_FILE, "/etc/passwd", NULL, CGW_ACC_READ);
	add_net(&e[n++], AF_INET, "10.0.0.1", 53, IPPROTO_UDP);
	add_entry(&e[n++], CGW_KIND_EXEC, "/bin/busybox", "cat", 0);
	add_entry(&e[n++], CGW_KIND_FILE, "/var/log/x.log", NULL, CGW_ACC_WRITE | CGW_ACC_APPEND);
	add_net(&e[n++], AF_INET, "8.8.8.8", 0, IPPROTO_ICMP);
	add_entry(&e[n++], CGW_KIND_EXEC, "/usr/bin/env", "", 0);
	return n;
}

static const char model_yaml[] =
	"rules:\n"
	"- name: model-docker-0123.scope\n"
	"  cgroups:\n"
	"  - /system.slice/docker-0123.scope\n"
	"  allow:\n"
	"    files:\n"
	"    - path: /etc/passwd\n"
	"      access: r\n"
	"    - path: /proc/*/fd\n"
	"      access: r\n"
	"    - path: /var/log/x.log\n"
	"      access: wa\n"
	"    exec:\n"
	"    - path: /bin/busybox\n"
	"      name: cat\n"
	"    - path: /bin/busybox\n"
	"      name: sh\n"
	"    - path: /usr/bin/env\n"
	"      name: \"\"\n"
	"    net:\n"
	"    - cidr: 8.8.8.8/32\n"
	"      ports: 0\n"
	"      proto: icmp\n"
	"    - cidr: 10.0.0.1/32\n"
	"      ports: 53\n"
	"      proto: udp\n"
	"    - cidr: 2001:db8::1/128\n"
	"      ports: 443\n"
	"      proto: tcp\n"
	"    unix:\n"
	"    - path: {hex: \"40646275732dff\"}\n";

static void test_model_export_import(void **state)
{
	struct cgw_entry_rec ents[16], *back;
	struct cgw_policy p, parsed;
	struct cgw_diag d;
	size_t n = model(ents), nback, skipped;
	char *out, *again;

	(void)state;
	cgw_policy_from_model(&p, "/system.slice/docker-0123.scope", ents, n, &skipped);
	assert_int_equal(skipped, 0);
	out = emit(&p);
	assert_string_equal(out, model_yaml);

	/* parse -> emit is byte-identical */
	parse_ok(out, &parsed);
	again = emit(&parsed);
	assert_string_equal(again, out);
	free(again);

	/* import gives back exactly the entries (hits aside), in order */
	cgw_diag_init(&d, "t.yaml");
	assert_int_equal(cgw_policy_to_entries(&parsed, &d, &back, &nback), 0);
	assert_int_equal(nback, n);
	qsort(back, nback, sizeof(*back), cgw_entry_cmp);
	for (size_t i = 0; i < n; i++) {
		ents[i].hits = 0;
		assert_int_equal(cgw_entry_cmp(&ents[i], &back[i]), 0);
		assert_int_equal(back[i].addrlen, ents[i].addrlen);
		assert_int_equal(back[i].family, ents[i].family);
	}

	/* and exporting those entries (a model B) gives the same body */
	{
		struct cgw_policy pb;
		char *outb;

		cgw_policy_from_model(&pb, "/b", back, nback, &skipped);
		outb = emit(&pb);
		assert_string_equal(strstr(outb, "  allow:\n"), strstr(out, "  allow:\n"));
		free(outb);
		cgw_policy_free(&pb);
	}
	cgw_entries_free(back, nback);
	cgw_policy_free(&parsed);
	cgw_policy_free(&p);
	free(out);
	for (size_t i = 0; i < n; i++) {
		free(ents[i].path);
		free(ents[i].name);
	}

	/* An empty model, and entries this CLI cannot express. */
	add_entry(&ents[0], CGW_KIND_COUNT, "/x", NULL, 0);
	add_entry(&ents[1], CGW_KIND_FILE, NULL, NULL, 1);
	cgw_policy_from_model(&p, "/", ents, 2, &skipped);
	assert_int_equal(skipped, 2);
	out = emit(&p);
	assert_string_equal(out, "rules:\n"
		 "- name: model-root\n"
		 "  cgroups:\n"
		 "  - /\n");
	free(out);
	cgw_policy_free(&p);
	free(ents[0].path);	/* sorted: either may hold it */
	free(ents[1].path);
}

static void test_import_errors(void **state)
{
	struct cgw_entry_rec *ents;
	struct cgw_policy p;
	struct cgw_diag d;
	size_t n;
	char *got;

	(void)state;
	parse_ok("rules:\n"
		 "- cgroups: [/]\n"
		 "  deny:\n"
		 "    files: [{path: /d, access: r}]\n"
		 "  allow:\n"
		 "    files:\n"
		 "      - path: /a\n"
		 "      - path: /b\n"
		 "        access: any\n"
		 "      - path: /ok\n"
		 "        access: r\n"
		 "    exec:\n"
		 "      - path: /bin/sh\n"
		 "    net:\n"
		 "      - cidr: any\n"
		 "      - cidr: 10.0.0.0/8\n"
		 "        ports: 1\n"
		 "        proto: tcp\n"
		 "      - cidr: 10.0.0.1\n"
		 "        ports: 1-2\n"
		 "        proto: tcp\n"
		 "      - cidr: 10.0.0.1\n"
		 "        proto: tcp\n"
		 "      - cidr: ::1\n"
		 "        ports: 5\n"
		 "      - cidr: ::1\n"
		 "        ports: 5\n"
		 "        proto: any\n", &p);
	cgw_diag_init(&d, "m.yaml");
	assert_int_equal(cgw_policy_to_entries(&p, &d, &ents, &n), -1);
	got = joined(&d);
	assert_string_equal(got,
		"m.yaml:4:13: only allow patterns can be imported into a model\n"
		"m.yaml:7:9: a file pattern needs 'access' letters to be imported\n"
		"m.yaml:9:17: a file pattern needs 'access' letters to be imported\n"
		"m.yaml:13:9: an exec pattern needs the 'name' it ran as to be imported\n"
		"m.yaml:15:15: a model entry has one address: use an address, not any\n"
		"m.yaml:16:15: a model entry has one address: use /32 or /128\n"
		"m.yaml:20:16: a model entry has one port, not a range\n"
		"m.yaml:22:9: a model entry has one port, not a range\n"
		"m.yaml:24:9: a model entry has one protocol, not any\n"
		"m.yaml:28:16: a model entry has one protocol, not any\n");
	free(got);
	cgw_diag_free(&d);
	cgw_policy_free(&p);
}

/*
 * U+2028 and U+2029 were emitted raw inside double quotes, where YAML
 * reads them as line breaks and folds them: `policy show` printed, and
 * `model export` wrote, a path that loaded back as another path.  Found
 * by policy_fuzz and model_fuzz (tests/fuzz/regressions/ls-*).
 */
static void test_line_separators(void **state)
{
	struct cgw_entry_rec ents[2], *back;
	struct cgw_policy p, parsed;
	struct cgw_diag d;
	size_t skipped, nback;
	char *out;

	(void)state;
	/* decoded from escapes, emitted as escapes, not raw */
	canon_is("rules:\n- cgroups: [\"/a\\u2028b\\u2029c\"]\n"
		 "  deny: {files: [{path: \"/x\\u2028\"}]}\n", "rules:\n"
		 "- cgroups:\n"
		 "  - \"/a\\Lb\\Pc\"\n"
		 "  deny:\n"
		 "    files:\n"
		 "    - path: \"/x\\L\"\n");

	/* a model entry with them exports and imports back unchanged */
	add_entry(&ents[0], CGW_KIND_EXEC, "/b.: \xe2\x80\xa8", "\xc2\x85\xe2\x80\xa9", 0);
	add_entry(&ents[1], CGW_KIND_FILE, "/\xe2\x80\xa8\xff", NULL, CGW_ACC_READ);
	cgw_policy_from_model(&p, "/m", ents, 2, &skipped);
	out = emit(&p);
	parse_ok(out, &parsed);
	cgw_diag_init(&d, "t.yaml");
	assert_int_equal(cgw_policy_to_entries(&parsed, &d, &back, &nback), 0);
	assert_int_equal(nback, 2);
	qsort(back, nback, sizeof(*back), cgw_entry_cmp);	/* ents: sorted on export */
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(back[i].path, ents[i].path);
		assert_int_equal(cgw_entry_cmp(&back[i], &ents[i]), 0);
	}
	cgw_entries_free(back, nback);
	cgw_policy_free(&parsed);
	cgw_policy_free(&p);
	free(out);
	for (size_t i = 0; i < 2; i++) {
		free(ents[i].path);
		free(ents[i].name);
	}
}

static void test_rule_name(void **state)
{
	static const struct { const char *path, *name; } c[] = {
		{ "/", "model-root" },
		{ "/system.slice/nginx.service", "model-nginx.service" },
		{ "/a/b c:d", "model-b_c_d" },
		{ "/kubepods/pod1/\xc3\xa9", "model-__" },
		{ "/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope",
		  "model-docker-0123456789abcdef0123456789abcdef0123456789abcdef01" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		char name[CGW_RULE_NAME_MAX];

		cgw_model_rule_name(c[i].path, name);
		assert_string_equal(name, c[i].name);
	}
}

/* Import requests carry entries the way model dumps do. */
static void test_entry_put(void **state)
{
	struct cgw_entry_rec ents[16], got;
	size_t n = model(ents);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		struct nl_msg *msg = nlmsg_alloc();
		struct nlattr *a;
		size_t before = (size_t)nlmsg_hdr(msg)->nlmsg_len;

		assert_int_equal(cgw_entry_put(msg, CGW_A_ENTRY, &ents[i]), 0);
		assert_true(nlmsg_hdr(msg)->nlmsg_len - before <= cgw_entry_put_size(&ents[i]));
		a = nlmsg_find_attr(nlmsg_hdr(msg), 0, CGW_A_ENTRY);
		assert_int_equal(cgw_decode_entry(a, &got), 0);
		ents[i].hits = 0;
		assert_int_equal(cgw_entry_cmp(&ents[i], &got), 0);
		cgw_entry_rec_free(&got);
		nlmsg_free(msg);
		free(ents[i].path);
		free(ents[i].name);
	}
}

/* --- exe pairing and generalised entries in model documents ------------- */

static size_t model_exe_wild(struct cgw_entry_rec *e)
{
	size_t n = 0;

	add_entry(&e[n], CGW_KIND_FILE, "/tmp", NULL, CGW_ACC_READ | CGW_ACC_WRITE);
	e[n].wild = CGW_WILD_DIR;
	e[n++].exe = xstrdup("/usr/bin/python3");
	/* a name the kernel collapsed to '*': an exact entry, not the directory */
	add_entry(&e[n++], CGW_KIND_FILE, "/tmp/*", NULL, CGW_ACC_READ);
	add_entry(&e[n], CGW_KIND_FILE, "/", NULL, CGW_ACC_READ);
	e[n++].wild = CGW_WILD_DIR;
	add_net(&e[n], AF_INET6, "::", 53, IPPROTO_UDP);
	e[n++].wild = CGW_WILD_ADDR;
	add_net(&e[n], AF_INET, "0.0.0.0", 443, IPPROTO_TCP);
	e[n].wild = CGW_WILD_ADDR;
	e[n++].exe = xstrdup("/usr/bin/curl");
	add_net(&e[n], AF_INET, "10.0.0.1", 443, IPPROTO_TCP);
	e[n++].exe = xstrdup("/usr/bin/curl");
	add_entry(&e[n], CGW_KIND_UNIX, "/run/x.sock", NULL, 0);
	e[n++].exe = xstrdup("/opt/my app/bin");
	add_entry(&e[n++], CGW_KIND_EXEC, "/bin/ls", "ls", 0);
	return n;
}

/*
 * Names are bytes.  Every byte value a path can hold (1 to 255; a NUL
 * cannot be in one) survives model export -> import -> export, alone and
 * all together, in the path, the program it is bound to and the cgroup;
 * a raw 0xE9 and the UTF-8 U+00E9 stay two names.
 */
static void test_every_byte_round_trips(void **state)
{
	enum { N = 258 };
	struct cgw_entry_rec *ents = xcalloc(N, sizeof(*ents)), *back;
	struct cgw_policy p, parsed, again;
	char all[256], path[8], *out, *out2;
	struct cgw_diag d;
	size_t skipped, nback;

	(void)state;
	for (int b = 1; b < 256; b++) {
		snprintf(path, sizeof(path), "/x%c", b);
		add_entry(&ents[b - 1], CGW_KIND_FILE, path, NULL, CGW_ACC_READ);
		all[b - 1] = (char)b;
	}
	all[255] = '\0';
	add_entry(&ents[255], CGW_KIND_UNIX, "/", NULL, 0);
	free(ents[255].path);
	ents[255].path = xasprintf("/%s", all);
	ents[255].exe = xasprintf("/%s", all);
	add_entry(&ents[256], CGW_KIND_EXEC, "/bin/\xe9", "\xe9", 0);
	add_entry(&ents[257], CGW_KIND_EXEC, "/bin/\xc3\xa9", "\xc3\xa9", 0);
	cgw_policy_from_model(&p, "/m-\xe9", ents, N, &skipped);
	assert_int_equal(skipped, 0);
	out = emit(&p);
	/* the one form each: UTF-8 as text, anything else as hex */
	assert_non_null(strstr(out, "  - {hex: \"2f6d2de9\"}\n"));
	assert_non_null(strstr(out, "    - path: {hex: \"2f62696e2fe9\"}\n      name: {hex: \"e9\"}\n"));
	assert_non_null(strstr(out, "    - path: \"/bin/\xc3\xa9\"\n      name: \"\xc3\xa9\"\n"));

	parse_ok(out, &parsed);
	assert_string_equal(parsed.rules[0].cgroups[0], "/m-\xe9");
	cgw_diag_init(&d, "t.yaml");
	assert_int_equal(cgw_policy_to_entries(&parsed, &d, &back, &nback), 0);
	assert_int_equal(nback, N);
	qsort(back, nback, sizeof(*back), cgw_entry_cmp);	/* ents: sorted on export */
	for (size_t i = 0; i < N; i++) {
		assert_string_equal(back[i].path, ents[i].path);
		assert_int_equal(cgw_entry_cmp(&back[i], &ents[i]), 0);
	}
	cgw_policy_from_model(&again, parsed.rules[0].cgroups[0], back, nback, &skipped);
	out2 = emit(&again);
	assert_string_equal(out2, out);

	/* JSON says the same */
	free(out2);
	out2 = emit_json(&p);
	assert_non_null(strstr(out2, "\"cgroups\":[{\"hex\":\"2f6d2de9\"}]"));
	assert_non_null(strstr(out2, "{\"path\":\"/bin/\xc3\xa9\",\"name\":\"\xc3\xa9\"}"));
	assert_non_null(strstr(out2, "{\"path\":{\"hex\":\"2f62696e2fe9\"},\"name\":{\"hex\":\"e9\"}}"));

	/* what hex cannot be */
	parse_fails("rules:\n- cgroups: [{hex: \"2f00\"}]\n",
		    "t.yaml:2:13: 'cgroups' contains a NUL character\n");
	parse_fails("rules:\n- cgroups: [{hex: \"2f0\"}]\n",
		    "t.yaml:2:19: 'hex' in 'cgroups' must be an even number of hex digits\n");
	parse_fails("rules:\n- cgroups: [{hex: \"2g\"}]\n",
		    "t.yaml:2:19: 'hex' in 'cgroups' must be an even number of hex digits\n");
	parse_fails("rules:\n- cgroups: [{text: /a}]\n",
		    "t.yaml:2:13: 'cgroups' must be a string, or {hex: ...} for bytes\n"
		    "t.yaml:2:14: unknown key 'text' in 'cgroups' (expected hex)\n");

	cgw_entries_free(back, nback);
	cgw_entries_free(ents, N);
	cgw_policy_free(&again);
	cgw_policy_free(&parsed);
	cgw_policy_free(&p);
	free(out);
	free(out2);
}

/*
 * Programs without a path have names of their own (memfd:NAME,
 * deleted:/PATH, unreachable:/PATH): they export and import as paths and
 * exes; an exec keeps the exe of the program that ran it.
 */
static void test_model_own_names(void **state)
{
	struct cgw_entry_rec ents[3] = {
		{ .kind = CGW_KIND_EXEC, .path = "memfd:runc_cloned:/proc/self/exe",
		  .name = "6", .exe = "unreachable:/usr/sbin/runc" },
		{ .kind = CGW_KIND_FILE, .path = "deleted:/tmp/x", .access = CGW_ACC_READ,
		  .exe = "memfd:y" },
		{ .kind = CGW_KIND_EXEC, .path = "/bin/ls", .name = "ls", .exe = "/bin/sh" },
	};
	struct cgw_entry_rec *back;
	struct cgw_policy p, parsed;
	struct cgw_diag d;
	size_t nback, skipped;
	char *out;

	(void)state;
	cgw_policy_from_model(&p, "/m", ents, 3, &skipped);
	assert_int_equal(skipped, 0);
	out = emit(&p);
	parse_ok(out, &parsed);
	cgw_diag_init(&d, "t.yaml");
	assert_int_equal(cgw_policy_to_entries(&parsed, &d, &back, &nback), 0);
	cgw_diag_free(&d);
	assert_int_equal(nback, 3);
	qsort(back, nback, sizeof(*back), cgw_entry_cmp);
	for (size_t i = 0; i < nback; i++) {
		if (!strcmp(back[i].path, "memfd:runc_cloned:/proc/self/exe"))
			assert_string_equal(back[i].exe, "unreachable:/usr/sbin/runc");
		else if (!strcmp(back[i].path, "deleted:/tmp/x"))
			assert_string_equal(back[i].exe, "memfd:y");
		else
			assert_string_equal(back[i].exe, "/bin/sh");
	}
	cgw_entries_free(back, nback);
	cgw_policy_free(&parsed);
	cgw_policy_free(&p);
	free(out);
}

static const char model_exe_wild_yaml[] =
	"rules:\n"
	"- name: model-m\n"
	"  cgroups:\n"
	"  - /m\n"
	"  allow:\n"
	"    files:\n"
	"    - path: /*\n"
	"      wild: dir\n"
	"      access: r\n"
	"    - path: /tmp/*\n"
	"      wild: dir\n"
	"      access: rw\n"
	"      exe: /usr/bin/python3\n"
	"    - path: /tmp/*\n"
	"      access: r\n"
	"    exec:\n"
	"    - path: /bin/ls\n"
	"      name: ls\n"
	"    net:\n"
	"    - cidr: 0.0.0.0/0\n"
	"      wild: any-address\n"
	"      ports: 443\n"
	"      proto: tcp\n"
	"      exe: /usr/bin/curl\n"
	"    - cidr: 10.0.0.1/32\n"
	"      ports: 443\n"
	"      proto: tcp\n"
	"      exe: /usr/bin/curl\n"
	"    - cidr: ::/0\n"
	"      wild: any-address\n"
	"      ports: 53\n"
	"      proto: udp\n"
	"    unix:\n"
	"    - path: /run/x.sock\n"
	"      exe: \"/opt/my app/bin\"\n";

/* export -> import gives the same entries, exe and wild included. */
static void test_model_exe_wild(void **state)
{
	struct cgw_entry_rec ents[16], *back;
	struct cgw_policy p, parsed;
	struct cgw_diag d;
	size_t n = model_exe_wild(ents), nback, skipped;
	char *out, *again;

	(void)state;
	cgw_policy_from_model(&p, "/m", ents, n, &skipped);
	assert_int_equal(skipped, 0);
	out = emit(&p);
	assert_string_equal(out, model_exe_wild_yaml);
	parse_ok(out, &parsed);
	again = emit(&parsed);
	assert_string_equal(again, out);
	free(again);

	cgw_diag_init(&d, "t.yaml");
	assert_int_equal(cgw_policy_to_entries(&parsed, &d, &back, &nback), 0);
	cgw_diag_free(&d);
	assert_int_equal(nback, n);
	qsort(back, nback, sizeof(*back), cgw_entry_cmp);
	for (size_t i = 0; i < n; i++) {
		ents[i].hits = 0;
		assert_int_equal(cgw_entry_cmp(&ents[i], &back[i]), 0);
		assert_int_equal(back[i].wild, ents[i].wild);
		if (ents[i].kind != CGW_KIND_NET)
			assert_string_equal(back[i].path, ents[i].path);	/* "/tmp", "/" */
		if (ents[i].exe)
			assert_string_equal(back[i].exe, ents[i].exe);
		else
			assert_null(back[i].exe);
	}

	/* what import sends is what a dump decodes to */
	for (size_t i = 0; i < nback; i++) {
		struct nl_msg *msg = nlmsg_alloc();
		struct cgw_entry_rec got;
		struct nlattr *a;
		size_t before = (size_t)nlmsg_hdr(msg)->nlmsg_len;

		assert_int_equal(cgw_entry_put(msg, CGW_A_ENTRY, &back[i]), 0);
		assert_true(nlmsg_hdr(msg)->nlmsg_len - before <= cgw_entry_put_size(&back[i]));
		a = nlmsg_find_attr(nlmsg_hdr(msg), 0, CGW_A_ENTRY);
		assert_int_equal(cgw_decode_entry(a, &got), 0);
		assert_int_equal(cgw_entry_cmp(&back[i], &got), 0);
		assert_int_equal(got.wild, back[i].wild);
		assert_int_equal(nla_find(nla_data(a), nla_len(a), CGW_ENTRY_A_WILD) != NULL,
				 back[i].wild != CGW_WILD_NONE);
		cgw_entry_rec_free(&got);
		nlmsg_free(msg);
	}
	cgw_entries_free(back, nback);

	/* not a policy: the kernel's policy holds neither wild nor exe */
	cgw_diag_init(&d, "t.yaml");
	assert_int_equal(cgw_policy_check_loadable(&parsed, &d), -1);
	out = (free(out), joined(&d));
	assert_string_equal(out,
		"t.yaml:8:13: 'wild' marks a generalised model entry: in a policy the glob or cidr "
		"says it, drop the 'wild'\n"
		"t.yaml:11:13: 'wild' marks a generalised model entry: in a policy the glob or "
		"cidr says it, drop the 'wild'\n"
		"t.yaml:13:12: 'exe' binds a model entry to one program, which a policy cannot: "
		"load this with 'model import', or drop the 'exe'\n"
		"t.yaml:21:13: 'wild' marks a generalised model entry: in a policy the glob or "
		"cidr says it, drop the 'wild'\n"
		"t.yaml:24:12: 'exe' binds a model entry to one program, which a policy cannot: "
		"load this with 'model import', or drop the 'exe'\n"
		"t.yaml:28:12: 'exe' binds a model entry to one program, which a policy cannot: "
		"load this with 'model import', or drop the 'exe'\n"
		"t.yaml:30:13: 'wild' marks a generalised model entry: in a policy the glob or "
		"cidr says it, drop the 'wild'\n"
		"t.yaml:35:12: 'exe' binds a model entry to one program, which a policy cannot: "
		"load this with 'model import', or drop the 'exe'\n");
	free(out);
	cgw_diag_free(&d);
	cgw_policy_free(&parsed);
	cgw_policy_free(&p);
	for (size_t i = 0; i < n; i++) {
		free(ents[i].path);
		free(ents[i].name);
		free(ents[i].exe);
	}

	/* a plain policy still loads */
	parse_ok("rules:\n- cgroups: [/]\n  allow:\n"
		 "    files: [{path: /tmp/*, access: r}]\n"
		 "    net: [{cidr: \"::/0\", ports: 53, proto: udp}]\n", &p);
	cgw_diag_init(&d, "t.yaml");
	assert_int_equal(cgw_policy_check_loadable(&p, &d), 0);
	cgw_diag_free(&d);
	cgw_policy_free(&p);

	/* entries a document cannot hold are left out, and counted */
	add_entry(&ents[0], CGW_KIND_NET, NULL, NULL, 0);
	ents[0].wild = CGW_WILD_DIR;
	add_entry(&ents[1], CGW_KIND_FILE, "/x", NULL, CGW_ACC_READ);
	ents[1].wild = CGW_WILD_ADDR;
	add_entry(&ents[2], CGW_KIND_FILE, "/x", NULL, CGW_ACC_READ);
	ents[2].wild = 9;
	add_entry(&ents[3], CGW_KIND_EXEC, "/bin/ls", "ls", 0);
	ents[3].wild = CGW_WILD_CREATED;	/* created: files only */
	cgw_policy_from_model(&p, "/", ents, 4, &skipped);
	assert_int_equal(skipped, 4);
	cgw_policy_free(&p);
	for (size_t i = 0; i < 4; i++) {
		free(ents[i].path);
		free(ents[i].name);
		free(ents[i].exe);
	}
}

/* Combinations the kernel would refuse are refused here, with a reason. */
static void test_model_exe_wild_errors(void **state)
{
	(void)state;
	parse_fails("rules:\n"
		    "- cgroups: [/]\n"
		    "  allow:\n"
		    "    exec:\n"
		    "      - {path: /bin/ls, name: ls, exe: /bin/sh}\n"
		    "      - {path: /bin/ls, name: ls, wild: dir}\n"
		    "    net:\n"
		    "      - {cidr: 0.0.0.0/0, ports: 1, proto: tcp, wild: dir}\n"
		    "      - {cidr: 10.0.0.1, ports: 1, proto: tcp, wild: any-address}\n"
		    "      - {cidr: any, ports: 1, proto: tcp, wild: any-address}\n"
		    "    files:\n"
		    "      - {path: /tmp/*, access: r, wild: any-address}\n"
		    "      - {path: /tmp, access: r, wild: dir}\n"
		    "      - {path: /tmp/x*, access: r, wild: dir}\n"
		    "      - {path: /tmp/*, access: r, wild: all}\n"
		    "      - {path: /tmp/*, access: r, wild: \"\"}\n"
		    "      - {path: /x, access: r, exe: usr/bin/x}\n"
		    "      - {path: /x, access: r, startup: maybe}\n"
		    "    unix:\n"
		    "      - {path: /run/x, wild: dir}\n",

		    "t.yaml:6:41: 'wild: dir' is for file patterns\n"
		    "t.yaml:8:55: 'wild: dir' is for file patterns\n"
		    "t.yaml:9:54: 'wild: any-address' needs cidr 0.0.0.0/0 or ::/0 (any address of one family)\n"
		    "t.yaml:10:49: 'wild: any-address' needs cidr 0.0.0.0/0 or ::/0 (any address of one family)\n"
		    "t.yaml:12:41: 'wild: any-address' is for net patterns\n"
		    "t.yaml:13:39: 'wild: dir' needs a path that ends in '/*' (every name in that directory)\n"
		    "t.yaml:14:42: 'wild: dir' needs a path that ends in '/*' (every name in that directory)\n"
		    "t.yaml:15:41: unknown wild 'all' (use dir, created or any-address)\n"
		    "t.yaml:16:41: unknown wild '' (use dir, created or any-address)\n"
		    "t.yaml:17:36: exe 'usr/bin/x' must be a program's path, starting with '/'\n"
		    "t.yaml:18:40: startup takes true or false, not 'maybe'\n"
		    "t.yaml:20:30: 'wild: dir' is for file patterns\n");
}

/* The names events print for policy verdicts, as the kernel spells them. */
static void test_names(void **state)
{
	(void)state;
	assert_string_equal(cgw_reason_name(CGW_REASON_POLICY_DENY), "policy-deny");
	assert_string_equal(cgw_reason_name(CGW_REASON_POLICY_ALLOW), "policy-allow");
	assert_int_equal(cgw_proto_parse("tcp"), IPPROTO_TCP);
	assert_int_equal(cgw_proto_parse("icmpv6"), IPPROTO_ICMPV6);
	assert_int_equal(cgw_proto_parse("TCP"), -1);
	assert_int_equal(cgw_proto_parse("any"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_access_names),
		cmocka_unit_test(test_socket_emit),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_cidrs),
		cmocka_unit_test(test_ports_proto_access),
		cmocka_unit_test(test_canonical_order),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_docs),
		cmocka_unit_test(test_nl_round_trip),
		cmocka_unit_test(test_nl_encoding),
		cmocka_unit_test(test_nl_decode_malformed),
		cmocka_unit_test(test_nl_decode_split),
		cmocka_unit_test(test_nl_rule_too_big),
		cmocka_unit_test(test_line_separators),
		cmocka_unit_test(test_every_byte_round_trips),
		cmocka_unit_test(test_model_export_import),
		cmocka_unit_test(test_import_errors),
		cmocka_unit_test(test_rule_name),
		cmocka_unit_test(test_entry_put),
		cmocka_unit_test(test_model_exe_wild),
		cmocka_unit_test(test_model_own_names),
		cmocka_unit_test(test_model_exe_wild_errors),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
