// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of created.c (which files a cgroup made: pending notes
 * completed at instantiation, identities that a recycled inode does not
 * match, forgetting, the cap) and of what a model makes of a cgroup's own
 * files (CREATED entries: learned for the directory, matched only for the
 * cgroup's own files, never for secrets, programs or sensitive writes),
 * and of exec entries bound to the program running them.
 */
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include "cgw_test.h"
#include "created.h"

static struct cgw_config cgw_t_cr_saved;

static int cgw_created_test_init(struct kunit *test)
{
	int err;

	cgw_t_cr_saved = cgw_config;
	cgw_config.dir_names = 4;
	err = cgw_model_init();
	if (err)
		return err;
	return cgw_created_init();
}

static void cgw_created_test_exit(struct kunit *test)
{
	cgw_created_exit();
	cgw_model_exit();
	cgw_config = cgw_t_cr_saved;
	KUNIT_EXPECT_EQ_MSG(test, cgw_created_count(), 0U,
			    "created entries left behind by this test");
	KUNIT_EXPECT_EQ_MSG(test, cgw_model_total(), 0U,
			    "entries left behind by this test");
}

/* Inodes and dentries as far as created.c looks at them. */
struct cgw_t_fs {
	struct super_block sb;
	struct inode inode[4];
	struct dentry dentry[4];
};

static struct cgw_t_fs *cgw_t_fs_new(struct kunit *test)
{
	struct cgw_t_fs *fs = kunit_kzalloc(test, sizeof(*fs), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, fs);
	for (i = 0; i < ARRAY_SIZE(fs->inode); i++) {
		fs->inode[i].i_sb = &fs->sb;
		fs->inode[i].i_ino = 100 + i;
		fs->inode[i].i_generation = 7;
	}
	return fs;
}

/* A creation noted and completed for its dentry is its maker's. */
static void cgw_created_own_test(struct kunit *test)
{
	struct cgw_t_fs *fs = cgw_t_fs_new(test);

	cgw_created_pending(42, &fs->dentry[0]);
	/* a lookup of another dentry on the way is not the creation */
	cgw_created_instantiate(&fs->dentry[1], &fs->inode[1]);
	cgw_created_instantiate(&fs->dentry[0], &fs->inode[0]);
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, cgw_created_by(42, &fs->inode[0]));
	KUNIT_EXPECT_FALSE(test, cgw_created_by(43, &fs->inode[0]));
	KUNIT_EXPECT_FALSE(test, cgw_created_by(0, &fs->inode[0]));
	KUNIT_EXPECT_FALSE(test, cgw_created_by(42, &fs->inode[1]));
	KUNIT_EXPECT_FALSE(test, cgw_created_by(42, NULL));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, cgw_created_count(), 1U);

	/* the note is used up: the dentry instantiated again is not new */
	cgw_created_instantiate(&fs->dentry[0], &fs->inode[2]);
	rcu_read_lock();
	KUNIT_EXPECT_FALSE(test, cgw_created_by(42, &fs->inode[2]));
	rcu_read_unlock();
	/* no note: nothing */
	cgw_created_instantiate(&fs->dentry[3], &fs->inode[3]);
	KUNIT_EXPECT_EQ(test, cgw_created_count(), 1U);
	/* a note the task's next hooked call finds unused is dropped */
	cgw_created_pending(42, &fs->dentry[3]);
	cgw_created_unnote();
	cgw_created_instantiate(&fs->dentry[3], &fs->inode[3]);
	KUNIT_EXPECT_EQ(test, cgw_created_count(), 1U);
	/* the same dentry, now another name or in another directory */
	cgw_created_pending(42, &fs->dentry[3]);
	fs->dentry[3].d_name.hash_len = 12345;
	cgw_created_instantiate(&fs->dentry[3], &fs->inode[3]);
	KUNIT_EXPECT_EQ(test, cgw_created_count(), 1U);
	cgw_created_pending(42, &fs->dentry[3]);
	fs->dentry[3].d_parent = &fs->dentry[2];
	cgw_created_instantiate(&fs->dentry[3], &fs->inode[3]);
	KUNIT_EXPECT_EQ(test, cgw_created_count(), 1U);
	cgw_created_forget(&fs->inode[0]);
	/* a device node is never a file of its own */
	fs->inode[3].i_mode = S_IFBLK | 0600;
	cgw_created_pending(42, &fs->dentry[0]);
	cgw_created_instantiate(&fs->dentry[0], &fs->inode[3]);
	KUNIT_EXPECT_EQ(test, cgw_created_count(), 0U);
}

/*
 * An inode freed and its memory or number reused: the same address with
 * another generation, or another number, or on another superblock, is
 * not the file that was made.  Removing the name forgets it.
 */
static void cgw_created_identity_test(struct kunit *test)
{
	struct cgw_t_fs *fs = cgw_t_fs_new(test);
	struct super_block *sb2 = kunit_kzalloc(test, sizeof(*sb2), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sb2);
	cgw_created_pending(42, &fs->dentry[0]);
	cgw_created_instantiate(&fs->dentry[0], &fs->inode[0]);
	rcu_read_lock();
	fs->inode[0].i_generation++;
	KUNIT_EXPECT_FALSE(test, cgw_created_by(42, &fs->inode[0]));
	fs->inode[0].i_generation--;
	fs->inode[0].i_ino++;
	KUNIT_EXPECT_FALSE(test, cgw_created_by(42, &fs->inode[0]));
	fs->inode[0].i_ino--;
	fs->inode[0].i_sb = sb2;
	KUNIT_EXPECT_FALSE(test, cgw_created_by(42, &fs->inode[0]));
	fs->inode[0].i_sb = &fs->sb;
	/* another inode with the same number and generation */
	fs->inode[1].i_ino = fs->inode[0].i_ino;
	KUNIT_EXPECT_FALSE(test, cgw_created_by(42, &fs->inode[1]));
	KUNIT_EXPECT_TRUE(test, cgw_created_by(42, &fs->inode[0]));
	rcu_read_unlock();

	cgw_created_forget(&fs->inode[1]);	/* not in the set: nothing */
	KUNIT_EXPECT_EQ(test, cgw_created_count(), 1U);
	cgw_created_forget(&fs->inode[0]);
	rcu_read_lock();
	KUNIT_EXPECT_FALSE(test, cgw_created_by(42, &fs->inode[0]));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, cgw_created_count(), 0U);
	cgw_created_forget(NULL);
}

/* Full, a creation is not remembered (counted): it is not anyone's own. */
static void cgw_created_full_test(struct kunit *test)
{
	struct cgw_t_fs *fs = cgw_t_fs_new(test);
	u64 full = atomic64_read(&cgw_stats.created_full);
	int i;

	cgw_config.max_created = 2;
	for (i = 0; i < 3; i++) {
		cgw_created_pending(42, &fs->dentry[i]);
		cgw_created_instantiate(&fs->dentry[i], &fs->inode[i]);
	}
	KUNIT_EXPECT_EQ(test, cgw_created_count(), 2U);
	KUNIT_EXPECT_EQ(test, atomic64_read(&cgw_stats.created_full),
			full + 1);
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, cgw_created_by(42, &fs->inode[1]));
	KUNIT_EXPECT_FALSE(test, cgw_created_by(42, &fs->inode[2]));
	rcu_read_unlock();
	/* room again after a name is removed */
	cgw_created_forget(&fs->inode[0]);
	cgw_created_pending(42, &fs->dentry[2]);
	cgw_created_instantiate(&fs->dentry[2], &fs->inode[2]);
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, cgw_created_by(42, &fs->inode[2]));
	rcu_read_unlock();
	cgw_created_forget(&fs->inode[1]);
	cgw_created_forget(&fs->inode[2]);
}

static struct cgw_model *cgw_t_cr_model(struct kunit *test)
{
	struct cgw_model *m = cgw_model_new(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	return m;
}

static void cgw_t_own(struct cgw_obj *o, const char *path, u32 acc, bool own)
{
	cgw_t_file(o, path, acc);
	o->own = own;
}

/*
 * A file the cgroup made is learned as its directory's CREATED entry,
 * which matches any name there the cgroup made, and nothing else.
 */
static void cgw_created_model_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_cr_model(test);
	u32 rwc = CGW_ACC_READ | CGW_ACC_WRITE | CGW_ACC_CREATE;
	struct cgw_obj o;
	char path[32];
	int i;

	for (i = 0; i < 10; i++) {
		snprintf(path, sizeof(path), "/jobs/job.%06d", i * 7919);
		cgw_t_own(&o, path, rwc, true);
		KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o),
				i ? CGW_LEARN_KNOWN : CGW_LEARN_NEW);
	}
	/* one entry; no directory generalisation past dir_names names */
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 1U);
	cgw_t_own(&o, "/jobs/0000000042", CGW_ACC_READ, true);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	/* not made by the cgroup: never */
	cgw_t_own(&o, "/jobs/0000000042", CGW_ACC_READ, false);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_own(&o, "/jobs/job.000000", CGW_ACC_READ, false);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* its access only, one level only */
	cgw_t_own(&o, "/jobs/x", CGW_ACC_CHMOD, true);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* where it makes files it may give its own to another owner */
	cgw_t_own(&o, "/jobs/x", CGW_ACC_CHOWN, true);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_t_own(&o, "/jobs/x", CGW_ACC_CHOWN, false);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* and one of its own files may take a name there (it writes them) */
	cgw_t_own(&o, "/jobs/app.log.1", CGW_ACC_RENAME_TO, true);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_t_own(&o, "/jobs/app.log.1", CGW_ACC_RENAME_TO, false);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* a hard link is not implied: it needs an entry that holds it */
	cgw_t_own(&o, "/jobs/app.log.1", CGW_ACC_LINK, true);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_own(&o, "/jobs/d/x", CGW_ACC_READ, true);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_own(&o, "/jobsx", CGW_ACC_READ, true);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* the name the cgroup's own file had is not learned exactly */
	cgw_t_own(&o, "/jobs/job.000000", CGW_ACC_READ, false);
	o.wild = CGW_WILD_NONE;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_model_put(m);
}

/*
 * A file the cgroup made in a directory it made (pgsql_tmp/pgsql_tmp<pid>
 * .0.fileset/0.0) is learned as the CREATED entry of the directory above
 * the ones it made, and matches there, or in its own directory's.
 */
static void cgw_created_tree_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_cr_model(test);
	u32 rwc = CGW_ACC_READ | CGW_ACC_WRITE | CGW_ACC_CREATE;
	struct cgw_obj o;

	cgw_t_own(&o, "/db/tmp/t91.0.fileset/0.0", rwc, true);
	o.own_up = 1;
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	/* another directory it made there, another file in it */
	cgw_t_own(&o, "/db/tmp/t138.0.fileset/1.0", rwc, true);
	o.own_up = 1;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	/* two levels it made: the entry is one level up */
	cgw_t_own(&o, "/db/tmp/a/b/2.0", CGW_ACC_READ, true);
	o.own_up = 2;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	/* the directory was not made by the cgroup: its own entry only */
	cgw_t_own(&o, "/db/tmp/t138.0.fileset/1.0", CGW_ACC_READ, true);
	o.own_up = 0;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* not the cgroup's file */
	cgw_t_own(&o, "/db/tmp/t138.0.fileset/1.0", CGW_ACC_READ, false);
	o.own_up = 1;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* its access only (and what it made, it may remove); never the root's */
	cgw_t_own(&o, "/db/tmp/t138.0.fileset/1.0", CGW_ACC_CHMOD, true);
	o.own_up = 1;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_own(&o, "/db/tmp/t138.0.fileset/1.0",
		  CGW_ACC_DELETE | CGW_ACC_RENAME_FROM, true);
	o.own_up = 1;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_t_own(&o, "/db/tmp/t138.0.fileset/1.0", CGW_ACC_DELETE, false);
	o.own_up = 1;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_own(&o, "/t.fileset/1.0", CGW_ACC_READ, true);
	o.own_up = 1;
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_model_put(m);
}

/*
 * What is never generalised is not by being the cgroup's own either:
 * secrets, programs run, writes where programs and configuration live.
 */
static void cgw_created_never_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_cr_model(test);
	struct cgw_obj o;

	cgw_t_own(&o, "/etc/shadow", CGW_ACC_READ, true);
	cgw_t_learn(m, &o);
	cgw_t_own(&o, "/etc/gshadow", CGW_ACC_READ, true);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_own(&o, "/tmp/app", CGW_ACC_READ | CGW_ACC_EXEC, true);
	cgw_t_learn(m, &o);
	cgw_t_own(&o, "/tmp/dropped", CGW_ACC_READ | CGW_ACC_EXEC, true);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_t_own(&o, "/usr/bin/a", CGW_ACC_WRITE | CGW_ACC_CREATE, true);
	cgw_t_learn(m, &o);
	cgw_t_own(&o, "/usr/bin/b", CGW_ACC_WRITE | CGW_ACC_CREATE, true);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	/* each was learned as itself */
	KUNIT_EXPECT_EQ(test, cgw_model_count(m), 3U);
	cgw_t_own(&o, "/tmp/app", CGW_ACC_READ | CGW_ACC_EXEC, false);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_model_put(m);
}

/* A CREATED entry bound to a program covers that program's files only. */
static void cgw_created_exe_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_cr_model(test);
	struct cgw_obj o;

	cgw_t_own(&o, "/jobs/a1", CGW_ACC_READ, true);
	o.exe = "/usr/bin/worker";
	o.exe_len = strlen(o.exe);
	cgw_t_learn(m, &o);
	cgw_t_own(&o, "/jobs/b2", CGW_ACC_READ, true);
	o.exe = "/usr/bin/worker";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	o.exe = "/tmp/dropped";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	cgw_model_put(m);
}

/*
 * Exec entries bound to the program that runs them: another program
 * running the same one misses, and the model can tell that some program
 * ran it (reason other-program); an exec entry bound to none covers all.
 */
static void cgw_created_exec_pair_test(struct kunit *test)
{
	struct cgw_model *m = cgw_t_cr_model(test);
	struct cgw_obj o;

	cgw_t_exec(&o, "/bin/dash", "sh");
	o.exe = "/usr/bin/pg_ctlcluster";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_learn(m, &o), CGW_LEARN_NEW);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	o.exe = "/usr/lib/postgresql/15/bin/postgres";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_MISS);
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, cgw_model_ran_other(m, &o));
	rcu_read_unlock();
	cgw_t_exec(&o, "/usr/bin/perl", "perl");
	o.exe = "/usr/lib/postgresql/15/bin/postgres";
	o.exe_len = strlen(o.exe);
	rcu_read_lock();
	KUNIT_EXPECT_FALSE(test, cgw_model_ran_other(m, &o));
	rcu_read_unlock();
	/* unbound (an old model): any program */
	cgw_t_exec(&o, "/bin/ls", "ls");
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, cgw_model_add(m, &o, GFP_ATOMIC), CGW_LEARN_NEW);
	rcu_read_unlock();
	o.exe = "/usr/bin/anything";
	o.exe_len = strlen(o.exe);
	KUNIT_EXPECT_EQ(test, cgw_t_match(m, &o), CGW_MATCH_HIT);
	cgw_model_put(m);
}

static struct kunit_case cgw_created_test_cases[] = {
	KUNIT_CASE(cgw_created_own_test),
	KUNIT_CASE(cgw_created_identity_test),
	KUNIT_CASE(cgw_created_full_test),
	KUNIT_CASE(cgw_created_model_test),
	KUNIT_CASE(cgw_created_tree_test),
	KUNIT_CASE(cgw_created_never_test),
	KUNIT_CASE(cgw_created_exe_test),
	KUNIT_CASE(cgw_created_exec_pair_test),
	{}
};

static struct kunit_suite cgw_created_test_suite = {
	.name = "cgwarden-created",
	.init = cgw_created_test_init,
	.exit = cgw_created_test_exit,
	.test_cases = cgw_created_test_cases,
};

kunit_test_suite(cgw_created_test_suite);
