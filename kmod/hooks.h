/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hooked functions (hooks.c, the table) and how they are attached
 * (attach.c): one ftrace op per function, a kprobe when ftrace cannot.
 */
#ifndef _CGW_HOOKS_H
#define _CGW_HOOKS_H

#include "enforce.h"

/*
 * exec, exec's argv[0], open, mknod, mkdir, d_instantiate (watched only),
 * symlink, link, rename, unlink,
 * rmdir, truncate (and file_truncate where it exists), chmod, chown,
 * connect, sendmsg, cgroup moves; mount, bind source, move_mount, umount,
 * pivot_root, chroot; ptrace attach, traceme, exec while traced; user
 * namespace, clone and unshare of a mount namespace, setns into a mount
 * and a user namespace; socket, bind, listen, accept, sctp bind/connect,
 * unix connect, unix send
 */
#ifdef CGW_HAVE_FILE_TRUNCATE
enum { CGW_HOOK_COUNT = 39 };
#else
enum { CGW_HOOK_COUNT = 38 };
#endif

extern const struct cgw_hook_def cgw_hook_defs[];

/* What status reports of a hook. */
struct cgw_hook_info {
	const char *symbol;
	u8 op;			/* enum cgw_op */
	u8 state;		/* enum cgw_hook_state */
};

enum { CGW_HC_CALLS, CGW_HC_MISSED, CGW_HC_ALERTS, CGW_HC_DENIALS, CGW_HC_N };

int cgw_hooks_init(void);
void cgw_hooks_exit(void);
void cgw_hooks_check(void);
void cgw_hooks_info(unsigned int hook, struct cgw_hook_info *info);
u64 cgw_hooks_sum(unsigned int hook, unsigned int what);

#endif /* _CGW_HOOKS_H */
