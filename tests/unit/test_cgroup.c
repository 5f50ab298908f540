// SPDX-License-Identifier: GPL-2.0
/* CGROUP arguments, mountinfo, and resolution against a scratch tree. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cgroup.h"

static void test_classify(void **state)
{
	(void)state;
	assert_int_equal(cgroup_classify(""), CGROUP_ARG_INVALID);
	assert_int_equal(cgroup_classify("1"), CGROUP_ARG_ID);
	assert_int_equal(cgroup_classify("18446744073709551615"), CGROUP_ARG_ID);
	assert_int_equal(cgroup_classify("/sys/fs/cgroup"), CGROUP_ARG_SYSFS);
	assert_int_equal(cgroup_classify("/sys/fs/cgroup/"), CGROUP_ARG_SYSFS);
	assert_int_equal(cgroup_classify("/sys/fs/cgroup/system.slice/x.scope"), CGROUP_ARG_SYSFS);
	/* Only the whole component counts as the prefix. */
	assert_int_equal(cgroup_classify("/sys/fs/cgroupx"), CGROUP_ARG_RELATIVE);
	assert_int_equal(cgroup_classify("/"), CGROUP_ARG_RELATIVE);
	assert_int_equal(cgroup_classify("/ctr1"), CGROUP_ARG_RELATIVE);
	assert_int_equal(cgroup_classify("ctr1"), CGROUP_ARG_RELATIVE);
	assert_int_equal(cgroup_classify("/123"), CGROUP_ARG_RELATIVE);
	assert_int_equal(cgroup_classify("12a"), CGROUP_ARG_RELATIVE);
}

/* mountinfo */

static void test_mountinfo_line(void **state)
{
	char line[] = "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n";
	struct mountinfo_ent ent;

	(void)state;
	assert_int_equal(mountinfo_parse_line(line, &ent), 0);
	assert_string_equal(ent.root, "/mnt1");
	assert_string_equal(ent.mountpoint, "/mnt/parent");
	assert_string_equal(ent.fstype, "ext3");
}

static void test_mountinfo_line_escapes(void **state)
{
	char line[] = "41 31 0:38 / /mnt/my\\040cg\\134root\\011x rw shared:9 - cgroup2 cgroup2 rw,nsdelegate";
	struct mountinfo_ent ent;

	(void)state;
	assert_int_equal(mountinfo_parse_line(line, &ent), 0);
	assert_string_equal(ent.mountpoint, "/mnt/my cg\\root\tx");
	assert_string_equal(ent.fstype, "cgroup2");
}

static void test_mountinfo_line_optional_fields(void **state)
{
	/* Zero, and several, optional fields before the "-". */
	char none[] = "25 1 0:23 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw";
	char many[] = "25 1 0:23 / /sys/fs/cgroup rw shared:4 master:2 propagate_from:1 - cgroup2 none rw";
	struct mountinfo_ent ent;

	(void)state;
	assert_int_equal(mountinfo_parse_line(none, &ent), 0);
	assert_string_equal(ent.fstype, "cgroup2");
	assert_int_equal(mountinfo_parse_line(many, &ent), 0);
	assert_string_equal(ent.mountpoint, "/sys/fs/cgroup");
	assert_string_equal(ent.fstype, "cgroup2");
}

static void test_mountinfo_line_malformed(void **state)
{
	char no_sep[] = "25 1 0:23 / /sys/fs/cgroup rw shared:4 cgroup2 cgroup2 rw";
	char no_type[] = "25 1 0:23 / /sys/fs/cgroup rw -";
	char short_line[] = "25 1 0:23 /";
	char empty[] = "";
	struct mountinfo_ent ent;

	(void)state;
	assert_int_equal(mountinfo_parse_line(no_sep, &ent), -EINVAL);
	assert_int_equal(mountinfo_parse_line(no_type, &ent), -EINVAL);
	assert_int_equal(mountinfo_parse_line(short_line, &ent), -EINVAL);
	assert_int_equal(mountinfo_parse_line(empty, &ent), -EINVAL);
}

static const char unified[] =
	"22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	"23 28 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
	"28 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro\n"
	"30 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";

static const char hybrid[] =
	"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	"40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
	"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

static void test_find_cgroup2(void **state)
{
	char out[PATH_MAX];

	(void)state;
	assert_int_equal(mountinfo_find_cgroup2(unified, out, sizeof(out)), 0);
	assert_string_equal(out, "/sys/fs/cgroup");
	assert_int_equal(mountinfo_find_cgroup2(hybrid, out, sizeof(out)), 0);
	assert_string_equal(out, "/sys/fs/cgroup/unified");
}

static void test_find_cgroup2_prefers_whole_hierarchy(void **state)
{
	/* A bind mount of a subtree first, then the real root. */
	static const char text[] =
		"50 28 0:26 /kubepods/pod1 /var/lib/x rw - cgroup2 cgroup2 rw\n"
		"51 28 0:26 / /mnt/cg\\040two rw - cgroup2 cgroup2 rw\n";
	static const char only_sub[] =
		"50 28 0:26 /kubepods/pod1 /var/lib/x rw - cgroup2 cgroup2 rw\n";
	char out[PATH_MAX];

	(void)state;
	assert_int_equal(mountinfo_find_cgroup2(text, out, sizeof(out)), 0);
	assert_string_equal(out, "/mnt/cg two");
	assert_int_equal(mountinfo_find_cgroup2(only_sub, out, sizeof(out)), 0);
	assert_string_equal(out, "/var/lib/x");
}

static void test_find_cgroup2_missing(void **state)
{
	static const char v1_only[] =
		"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
		"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
		"garbage line\n";
	char out[8];

	(void)state;
	assert_int_equal(mountinfo_find_cgroup2(v1_only, out, sizeof(out)), -ENOENT);
	assert_int_equal(mountinfo_find_cgroup2("", out, sizeof(out)), -ENOENT);
	/* Found, but does not fit. */
	assert_int_equal(mountinfo_find_cgroup2(unified, out, sizeof(out)), -ENAMETOOLONG);
}

/* Resolution against a scratch directory standing in for the mount. */

struct tree {
	char root[64];
};

static const char *const dirs[] = {
	"ctr1", "system.slice", "system.slice/docker-abc.scope", "with space",
};

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	char path[PATH_MAX];
	FILE *f;

	if (!t)
		return -1;
	snprintf(t->root, sizeof(t->root), "/tmp/cgwarden-test.XXXXXX");
	if (!mkdtemp(t->root))
		return -1;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", t->root, dirs[i]);
		if (mkdir(path, 0755))
			return -1;
	}
	snprintf(path, sizeof(path), "%s/cgroup.procs", t->root);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fclose(f);
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/cgroup.procs", t->root);
	unlink(path);
	for (size_t i = sizeof(dirs) / sizeof(dirs[0]); i-- > 0;) {
		snprintf(path, sizeof(path), "%s/%s", t->root, dirs[i]);
		rmdir(path);
	}
	rmdir(t->root);
	free(t);
	return 0;
}

static uint64_t ino_of(const struct tree *t, const char *rel)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static void resolves_to(const struct tree *t, const char *arg, uint64_t want)
{
	char err[256] = "";
	uint64_t id = 0;

	assert_int_equal(cgroup_resolve_in(arg, t->root, false, &id, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_true(id == want);
}

static void test_resolve_paths(void **state)
{
	const struct tree *t = *state;

	resolves_to(t, "/", ino_of(t, ""));
	resolves_to(t, "/ctr1", ino_of(t, "ctr1"));
	resolves_to(t, "ctr1", ino_of(t, "ctr1"));
	resolves_to(t, "//ctr1/", ino_of(t, "ctr1"));
	resolves_to(t, "/system.slice/docker-abc.scope", ino_of(t, "system.slice/docker-abc.scope"));
	resolves_to(t, "/with space", ino_of(t, "with space"));
	/* Different directories, different ids. */
	assert_true(ino_of(t, "ctr1") != ino_of(t, "system.slice"));
}

static void test_resolve_id_is_taken_as_is(void **state)
{
	const struct tree *t = *state;
	char err[256];
	uint64_t id;

	resolves_to(t, "1234", 1234);
	resolves_to(t, "18446744073709551615", UINT64_MAX);
	assert_int_equal(cgroup_resolve_in("0", t->root, false, &id, err, sizeof(err)), -1);
	assert_string_equal(err, "invalid cgroup id: 0");
	assert_int_equal(cgroup_resolve_in("18446744073709551616", t->root, false, &id, err,
					   sizeof(err)), -1);
	assert_string_equal(err, "invalid cgroup id: 18446744073709551616");
}

static void test_resolve_errors(void **state)
{
	const struct tree *t = *state;
	char err[256];
	uint64_t id = 99;

	assert_int_equal(cgroup_resolve_in("/x", t->root, false, &id, err, sizeof(err)), -1);
	assert_string_equal(err, "no such cgroup: /x");
	assert_int_equal(cgroup_resolve_in("/ctr1/nope", t->root, false, &id, err, sizeof(err)), -1);
	assert_string_equal(err, "no such cgroup: /ctr1/nope");
	assert_int_equal(cgroup_resolve_in("/cgroup.procs", t->root, false, &id, err, sizeof(err)), -1);
	assert_string_equal(err, "not a cgroup directory: /cgroup.procs");
	assert_int_equal(cgroup_resolve_in("/cgroup.procs/x", t->root, false, &id, err, sizeof(err)), -1);
	assert_string_equal(err, "no such cgroup: /cgroup.procs/x");
	assert_int_equal(cgroup_resolve_in("", t->root, false, &id, err, sizeof(err)), -1);
	assert_true(id == 99);
}

static void test_resolve_check_fs(void **state)
{
	const struct tree *t = *state;
	char err[256];
	uint64_t id;

	/* /tmp is not cgroup2: with check_fs the scratch tree is refused. */
	assert_int_equal(cgroup_resolve_in("/ctr1", t->root, true, &id, err, sizeof(err)), -1);
	assert_string_equal(err, "not a cgroup2 directory: /ctr1");
}

static void test_resolve_sysfs_path_as_is(void **state)
{
	const struct tree *t = *state;
	struct stat st;

	if (stat("/sys/fs/cgroup", &st))
		skip();
	/* Not joined to the root: the path is used as it stands. */
	resolves_to(t, "/sys/fs/cgroup", st.st_ino);
	resolves_to(t, "/sys/fs/cgroup/", st.st_ino);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_mountinfo_line),
		cmocka_unit_test(test_mountinfo_line_escapes),
		cmocka_unit_test(test_mountinfo_line_optional_fields),
		cmocka_unit_test(test_mountinfo_line_malformed),
		cmocka_unit_test(test_find_cgroup2),
		cmocka_unit_test(test_find_cgroup2_prefers_whole_hierarchy),
		cmocka_unit_test(test_find_cgroup2_missing),
		cmocka_unit_test_setup_teardown(test_resolve_paths, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_id_is_taken_as_is, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_errors, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_check_fs, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_sysfs_path_as_is, tree_setup, tree_teardown),
	};

	return cmocka_run_group_tests_name("cgroup", tests, NULL, NULL);
}
