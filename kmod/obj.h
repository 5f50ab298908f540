/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An object an operation touches, as a hook saw it (see_*.c); also the
 * lookup key of a model (model.c) and what a policy pattern is matched
 * against (policy.c).
 */
#ifndef _CGW_OBJ_H
#define _CGW_OBJ_H

#include <linux/types.h>

struct inode;
#include <uapi/cgwarden.h>

/*
 * Model-internal entries, never exported: how many names (addresses) were
 * learned in a directory (on a port), to know when to generalise.
 */
enum {
	CGW_WILD_CNT_DIR = 16,	/* path: the directory, port: the access */
	CGW_WILD_CNT_PORT,	/* family, proto, port */
	/*
	 * A program run by another, by any: what audit names.  (A file's
	 * summary is kept in the entry of its path bound to no program:
	 * model.c, cgw_sum_key().)
	 */
	CGW_WILD_SUM,
};

/*
 * The accesses that change a file or its name: what ranks a later exec of
 * it high, and is never generalised where programs and configuration
 * live (generalise.c).
 */
#define CGW_ACC_MODIFY	(CGW_ACC_WRITE | CGW_ACC_APPEND | CGW_ACC_CREATE | \
			 CGW_ACC_DELETE | CGW_ACC_LINK | CGW_ACC_RENAME_FROM | \
			 CGW_ACC_RENAME_TO | CGW_ACC_CHMOD | CGW_ACC_CHOWN)
/*
 * Accesses whose entries are never widened to a directory: what runs a
 * program or gives control of one, and what re-points every name under
 * a path (a mount point, a root).
 */
#define CGW_ACC_EXACT	(CGW_ACC_EXEC | CGW_ACC_MOUNT | CGW_ACC_UMOUNT | \
			 CGW_ACC_CHROOT | CGW_ACC_PTRACE | CGW_ACC_NS)
/* Accesses of a name as a mount point. */
#define CGW_MOUNT_POINT	(CGW_ACC_MOUNT | CGW_ACC_UMOUNT)
/*
 * Accesses that name a program: its name is not collapsed either.  Mount
 * points are (runc mounts on mkstemp names in its state directory).
 */
#define CGW_ACC_PROGRAM	(CGW_ACC_EXEC | CGW_ACC_PTRACE)

/* Directories made by a cgroup, in a row, that its own files may be in. */
#define CGW_OWN_UP_MAX	4

/* Strings are not NUL-terminated in the key; lengths count bytes. */
struct cgw_obj {
	u8 kind;		/* enum cgw_kind */
	u8 proto;		/* IPPROTO_* for NET */
	/* NET: the socket's (AF_INET, AF_INET6; AF_UNIX when created) */
	u16 family;
	u16 port;		/* host order */
	u16 path_len;
	u16 name_len;
	u16 exe_len;
	u8 wild;		/* enum cgw_wild, or CGW_WILD_CNT_* */
	u8 type;		/* NET: SOCK_STREAM, SOCK_DGRAM, SOCK_RAW... */
	u32 access;		/* CGW_ACC_* for FILE, CGW_NET_* for NET, UNIX */
	u8 addr[16];		/* network order, zero padded */
	const char *path;	/* FILE, EXEC, UNIX */
	const char *name;	/* EXEC: the name it was invoked by */
	const char *exe;	/* FILE, NET, UNIX: bound to this program */
	/*
	 * Not part of the key.  EXEC, and FILE opened to run: the inode's
	 * change time (ns, real time), for drift (decide.c); 0 unknown.
	 */
	s64 ctime;
	/* Not part of the key.  FILE: the inode the name reaches, or NULL. */
	const struct inode *inode;
	/*
	 * Not part of the key.  FILE: the deciding cgroup made the object
	 * (created.c), or is making it (CGW_ACC_CREATE): a CGW_WILD_CREATED
	 * entry of its directory may cover it.
	 */
	bool own;
	/*
	 * Not part of the key.  FILE: the directory the name is in, or NULL;
	 * and, for the cgroup's own file, how many directories above it in
	 * a row the cgroup made too (at most CGW_OWN_UP_MAX): a CREATED
	 * entry of any of their parents covers it.
	 */
	const struct dentry *dir;
	u8 own_up;
	/*
	 * Not part of the key.  FILE: cgw_path_class() of the path, worked
	 * out once per call (0: not yet).  Copies that spell the path
	 * otherwise keep it: collapsing made-up runs or taking the
	 * directory never makes a path a secret, nor stops it being one.
	 */
	u8 cls;
	/*
	 * Not part of the key.  An entry imported as a start-up entry
	 * (CGW_ENTRY_A_STARTUP): it grants only in a start-up.
	 */
	bool startup;
};

/*
 * A program without a path (program.c): a memfd, an unlinked file, a
 * file the task's root does not reach.  Its name never starts with '/'.
 */
static inline bool cgw_unnamed(const char *path, u16 len)
{
	return len && path[0] != '/';
}

/*
 * @o runs such a program (an exec, or the open of the file an exec runs):
 * its exec is bound to the program executing it, whatever exe pairing
 * says, and drift does not judge it (decide.c).
 */
static inline bool cgw_obj_unnamed(const struct cgw_obj *o)
{
	return (o->kind == CGW_KIND_EXEC ||
		(o->kind == CGW_KIND_FILE && (o->access & CGW_ACC_EXEC))) &&
	       cgw_unnamed(o->path, o->path_len);
}

#endif /* _CGW_OBJ_H */
