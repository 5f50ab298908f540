// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: numeric path components collapse to "*", nothing else changes.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include "generalise.h"
#include "obj.h"

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

/* Made-up parts of a file name become '*'; chosen names stay. */
static void cgw_gen_name_test(struct kunit *test)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "/tmp/tmpA1b2C3", "/tmp/*" },
		{ "/tmp/tmp.Xy3kQ9", "/tmp/tmp.*" },
		{ "/run/app.3f9c2e1a.sock", "/run/app.*.sock" },
		{ "/var/cache/a1b2c3/x9y8z7", "/var/cache/a1b2c3/*" },
		{ "/usr/lib/python311.zip", "/usr/lib/python311.zip" },
		{ "/usr/lib/libssl3.so", "/usr/lib/libssl3.so" },
		{ "/src/Makefile", "/src/Makefile" },
		{ "/data/report-2026.csv", "/data/report-2026.csv" },
		{ "/x/abc12", "/x/abc12" },
		{ "/", "/" },
		{ "", "" },
		{ "name", "name" },
	};
	char out[64];
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		n = cgw_generalise_name(cases[i].in, strlen(cases[i].in), out,
					false);
		KUNIT_EXPECT_LE(test, n, strlen(cases[i].in));
		out[n] = '\0';
		KUNIT_EXPECT_STREQ_MSG(test, out, cases[i].out, "in: %s",
				       cases[i].in);
	}
}

/* A mount point's made-up runs: two classes, two changes. */
static void cgw_gen_mount_point_test(struct kunit *test)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "/run/runc/c/runc.IKvgiT", "/run/runc/c/runc.*" },
		{ "/run/runc/c/runc.88Rrtj", "/run/runc/c/runc.*" },
		{ "/run/runc/c/runc.OSvlf5", "/run/runc/c/runc.*" },
		{ "/run/runc/c/runc.pMmVFC", "/run/runc/c/runc.*" },
		{ "/run/runc/c/runc.wheIVh", "/run/runc/c/runc.*" },
		{ "/run/runc/c/runc.abcdef", "/run/runc/c/runc.abcdef" },
		{ "/sys/firmware", "/sys/firmware" },
		{ "/mnt/Backup", "/mnt/Backup" },
		{ "/srv/data01", "/srv/data01" },
		{ "/dev/mqueue", "/dev/mqueue" },
	};
	char out[64];
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		n = cgw_generalise_name(cases[i].in, strlen(cases[i].in), out,
					true);
		out[n] = '\0';
		KUNIT_EXPECT_STREQ_MSG(test, out, cases[i].out, "in: %s",
				       cases[i].in);
	}
	/* A file's rule is the stricter one. */
	n = cgw_generalise_name("/tmp/runc.IKvgiT", 16, out, false);
	out[n] = '\0';
	KUNIT_EXPECT_STREQ(test, out, "/tmp/runc.IKvgiT");
}

/* The long runs of a last component, collapsed by choice. */
static void cgw_gen_runs_test(struct kunit *test)
{
	static const char p[] = "/run/abcdefgh/runc.AWSkvY.tmp123456";
	char out[64];
	size_t n;

	KUNIT_EXPECT_EQ(test, cgw_long_runs(p, strlen(p)), 2U);
	KUNIT_EXPECT_EQ(test, cgw_long_runs("/x/ab.cd", 8), 0U);
	n = cgw_generalise_runs(p, strlen(p), 1, out);
	out[n] = '\0';
	KUNIT_EXPECT_STREQ(test, out, "/run/abcdefgh/runc.*.tmp123456");
	n = cgw_generalise_runs(p, strlen(p), 2, out);
	out[n] = '\0';
	KUNIT_EXPECT_STREQ(test, out, "/run/abcdefgh/runc.AWSkvY.*");
	n = cgw_generalise_runs(p, strlen(p), 3, out);
	out[n] = '\0';
	KUNIT_EXPECT_STREQ(test, out, "/run/abcdefgh/runc.*.*");
	KUNIT_EXPECT_TRUE(test, cgw_may_collapse("/tmp/x", 6, CGW_ACC_WRITE));
	KUNIT_EXPECT_FALSE(test, cgw_may_collapse("/tmp/x", 6, CGW_ACC_EXEC));
	KUNIT_EXPECT_FALSE(test, cgw_may_collapse("/etc/x", 6, CGW_ACC_WRITE));
	KUNIT_EXPECT_FALSE(test, cgw_may_collapse("/etc/shadow", 11,
						  CGW_ACC_READ));
}

static void cgw_gen_places_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, cgw_sensitive_path("/etc/passwd", 11));
	KUNIT_EXPECT_TRUE(test, cgw_sensitive_path("/etc", 4));
	KUNIT_EXPECT_FALSE(test, cgw_sensitive_path("/etcetera/x", 11));
	KUNIT_EXPECT_TRUE(test, cgw_sensitive_path("/usr/local/bin/x", 16));
	KUNIT_EXPECT_TRUE(test, cgw_sensitive_path("/home/a/.ssh/id", 15));
	KUNIT_EXPECT_FALSE(test, cgw_sensitive_path("/tmp/x", 6));
	KUNIT_EXPECT_FALSE(test, cgw_sensitive_path("/var/log/x", 10));
	KUNIT_EXPECT_TRUE(test, cgw_executable_path("/usr/bin/x", 10));
	KUNIT_EXPECT_TRUE(test, cgw_executable_path("/lib64/ld.so", 12));
	KUNIT_EXPECT_FALSE(test, cgw_executable_path("/etc/x", 6));
	KUNIT_EXPECT_FALSE(test, cgw_executable_path("/binx", 5));
	KUNIT_EXPECT_EQ(test, cgw_dir_len("/a/b/c", 6), (size_t)4);
	KUNIT_EXPECT_EQ(test, cgw_dir_len("/c", 2), (size_t)1);
	KUNIT_EXPECT_EQ(test, cgw_dir_len("/a/", 3), (size_t)2);
	KUNIT_EXPECT_EQ(test, cgw_dir_len("@abstract", 9), (size_t)0);
}

static void cgw_gen_secrets_test(struct kunit *test)
{
	static const char *const secret[] = {
		"/etc/shadow", "/etc/gshadow", "/etc/sudoers",
		"/etc/sudoers.d/admins", "/root", "/root/notes",
		"/home/a/.ssh/id_ed25519", "/etc/ssh/ssh_host_rsa_key",
		"/var/run/secrets/kubernetes.io/serviceaccount/token",
		"/run/secrets/db", "/proc/*/environ", "/proc/self/mem",
		"/proc/*/task/*/environ",
	};
	static const char *const plain[] = {
		"/etc/passwd", "/etc/shadowed", "/etc/ssh/sshd_config",
		"/rootfs/x", "/proc/*/stat", "/tmp/environ", "/etc/sudoers-",
		"/proc/*/memx",
	};
	const char *p;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(secret); i++) {
		p = secret[i];
		KUNIT_EXPECT_TRUE_MSG(test, cgw_secret_path(p, strlen(p)),
				      "%s", p);
	}
	for (i = 0; i < ARRAY_SIZE(plain); i++) {
		p = plain[i];
		KUNIT_EXPECT_FALSE_MSG(test, cgw_secret_path(p, strlen(p)),
				       "%s", p);
	}
}

static struct kunit_case cgw_gen_test_cases[] = {
	KUNIT_CASE(cgw_gen_table_test),
	KUNIT_CASE(cgw_gen_bounds_test),
	KUNIT_CASE(cgw_gen_name_test),
	KUNIT_CASE(cgw_gen_mount_point_test),
	KUNIT_CASE(cgw_gen_runs_test),
	KUNIT_CASE(cgw_gen_places_test),
	KUNIT_CASE(cgw_gen_secrets_test),
	{}
};

static struct kunit_suite cgw_gen_test_suite = {
	.name = "cgwarden-generalise",
	.test_cases = cgw_gen_test_cases,
};

kunit_test_suite(cgw_gen_test_suite);
