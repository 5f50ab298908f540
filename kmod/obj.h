/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An object an operation touches, as a hook saw it (see_*.c); also the
 * lookup key of a model (model.c) and what a policy pattern is matched
 * against (policy.c).
 */
#ifndef _CGW_OBJ_H
#define _CGW_OBJ_H

#include <linux/types.h>
#include <uapi/cgwarden.h>

/*
 * Model-internal entries, never exported: how many names (addresses) were
 * learned in a directory (on a port), to know when to generalise.
 */
enum {
	CGW_WILD_CNT_DIR = 16,	/* path: the directory, port: the access */
	CGW_WILD_CNT_PORT,	/* family, proto, port */
};

/* Strings are not NUL-terminated in the key; lengths count bytes. */
struct cgw_obj {
	u8 kind;		/* enum cgw_kind */
	u8 proto;		/* IPPROTO_* for NET */
	u16 family;		/* AF_INET, AF_INET6 for NET */
	u16 port;		/* host order */
	u16 path_len;
	u16 name_len;
	u16 exe_len;
	u8 wild;		/* enum cgw_wild, or CGW_WILD_CNT_* */
	u32 access;		/* CGW_ACC_* for FILE */
	u8 addr[16];		/* network order, zero padded */
	const char *path;	/* FILE, EXEC, UNIX */
	const char *name;	/* EXEC: the name it was invoked by */
	const char *exe;	/* FILE, NET, UNIX: bound to this program */
	/*
	 * Not part of the key.  EXEC, and FILE opened to run: the inode's
	 * change time (ns, real time), for drift (decide.c); 0 unknown.
	 */
	s64 ctime;
};

#endif /* _CGW_OBJ_H */
