/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CGROUP arguments to cgroup ids.  The kernel names a cgroup by its id,
 * which for cgroup v2 is the inode number of its directory, so a path is
 * resolved with stat() and a number is taken as the id itself.
 */
#ifndef CGW_CGROUP_H
#define CGW_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CGROUP2_DEFAULT_MOUNT	"/sys/fs/cgroup"
#define CGROUP_SYSFS_PREFIX	"/sys/fs/cgroup"

enum cgroup_arg {
	CGROUP_ARG_INVALID,	/* empty */
	CGROUP_ARG_ID,		/* all digits: the id itself */
	CGROUP_ARG_SYSFS,	/* /sys/fs/cgroup or below: a path as is */
	CGROUP_ARG_RELATIVE,	/* anything else: below the cgroup2 mount */
};

enum cgroup_arg cgroup_classify(const char *arg);

/* One line of /proc/self/mountinfo, fields pointing into the line. */
struct mountinfo_ent {
	const char *root;	/* of the mount within its filesystem */
	const char *mountpoint;
	const char *fstype;
};

/*
 * Split one mountinfo line in place (undoing its \ooo escapes).
 * Returns 0, or -EINVAL for a line that does not have the format.
 */
int mountinfo_parse_line(char *line, struct mountinfo_ent *ent);

/*
 * The cgroup2 mount point in mountinfo text: the first mount of the
 * whole hierarchy (root "/") or else the first cgroup2 mount at all.
 * Returns 0, -ENOENT if there is none, -ENAMETOOLONG if out is too small.
 */
int mountinfo_find_cgroup2(const char *text, char *out, size_t outlen);

/*
 * Resolve arg against the cgroup2 mount at root.  With check_fs, the
 * result must also live on a cgroup2 filesystem (a v1 hierarchy under
 * /sys/fs/cgroup has inode numbers that are not cgroup ids).
 * Returns 0, or -1 with a message for the user in err.
 */
int cgroup_resolve_in(const char *arg, const char *root, bool check_fs,
		      uint64_t *id, char *err, size_t errlen);

/* The same against this system's cgroup2 mount; prints errors. */
int cgroup_resolve(const char *arg, uint64_t *id);

#endif
