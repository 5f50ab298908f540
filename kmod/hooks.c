// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel functions cgwarden hooks, and how each call is seen.  To
 * mediate a new operation: an op in the uapi header, an extractor in the
 * see_*.c file of its kind, and a row here (docs/architecture.md).
 */
#include "hooks.h"

const struct cgw_hook_def cgw_hook_defs[] = {
	{ .symbol = "security_bprm_check", .op = CGW_OP_EXEC,
	  .see = cgw_see_exec },
	/* The task already runs the new program: who ran it is not known. */
	{ .symbol = "security_bprm_committing_creds", .op = CGW_OP_EXEC,
	  .see = cgw_see_argv0, .kill = true, .unpaired = true },
	{ .symbol = "security_file_open", .op = CGW_OP_OPEN,
	  .see = cgw_see_open, .cached = cgw_see_open_cached },
	{ .symbol = "security_path_mknod", .op = CGW_OP_CREATE,
	  .see = cgw_see_mknod, .creates = true },
	{ .symbol = "security_path_mkdir", .op = CGW_OP_MKDIR,
	  .see = cgw_see_mkdir, .creates = true },
	/* Where a file made gets its inode: remembered as its maker's. */
	{ .symbol = "security_d_instantiate", .op = CGW_OP_CREATE,
	  .watch = cgw_see_instantiate },
	{ .symbol = "security_path_symlink", .op = CGW_OP_SYMLINK,
	  .see = cgw_see_symlink },
	{ .symbol = "security_path_link", .op = CGW_OP_LINK,
	  .names = cgw_see_link },
	{ .symbol = "security_path_rename", .op = CGW_OP_RENAME,
	  .names = cgw_see_rename, .forget = cgw_forget_renamed_over },
	{ .symbol = "security_path_unlink", .op = CGW_OP_UNLINK,
	  .see = cgw_see_unlink, .forget = cgw_forget_unlinked },
	{ .symbol = "security_path_rmdir", .op = CGW_OP_RMDIR,
	  .see = cgw_see_unlink, .forget = cgw_forget_unlinked },
	{ .symbol = "security_path_truncate", .op = CGW_OP_TRUNCATE,
	  .see = cgw_see_truncate },
#ifdef CGW_HAVE_FILE_TRUNCATE
	{ .symbol = "security_file_truncate", .op = CGW_OP_TRUNCATE,
	  .see = cgw_see_file_truncate },
#endif
	{ .symbol = "security_path_chmod", .op = CGW_OP_CHMOD,
	  .see = cgw_see_chmod },
	{ .symbol = "security_path_chown", .op = CGW_OP_CHOWN,
	  .see = cgw_see_chown },
	{ .symbol = "security_socket_connect", .op = CGW_OP_CONNECT,
	  .see = cgw_see_connect, .cached = cgw_see_connect_cached },
	{ .symbol = "security_socket_sendmsg", .op = CGW_OP_SENDMSG,
	  .see = cgw_see_sendmsg, .cached = cgw_see_sendmsg_cached },
	{ .symbol = "cgroup_attach_permissions", .op = CGW_OP_CGROUP,
	  .see = cgw_see_move },
	{ .symbol = "security_sb_mount", .op = CGW_OP_MOUNT,
	  .see = cgw_see_mount },
	/* Not a security hook: the only place a bind's source is resolved. */
	{ .symbol = "__do_loopback", .op = CGW_OP_MOUNT,
	  .see = cgw_see_bind_source },
	{ .symbol = "security_move_mount", .op = CGW_OP_MOUNT,
	  .see = cgw_see_move_mount },
	{ .symbol = "security_sb_umount", .op = CGW_OP_UMOUNT,
	  .see = cgw_see_umount },
	{ .symbol = "security_sb_pivotroot", .op = CGW_OP_PIVOT_ROOT,
	  .see = cgw_see_pivot_root },
	{ .symbol = "security_path_chroot", .op = CGW_OP_CHROOT,
	  .see = cgw_see_chroot },
	{ .symbol = "security_ptrace_access_check", .op = CGW_OP_PTRACE,
	  .see = cgw_see_ptrace },
	{ .symbol = "security_ptrace_traceme", .op = CGW_OP_PTRACE,
	  .see = cgw_see_traceme },
	{ .symbol = "security_bprm_creds_for_exec", .op = CGW_OP_PTRACE,
	  .see = cgw_see_traced_exec },
	{ .symbol = "security_create_user_ns", .op = CGW_OP_NAMESPACE,
	  .see = cgw_see_userns },
	/*
	 * No security hook makes or enters a mount namespace: the functions
	 * clone(2), unshare(2) and setns(2) do it with, which return errors.
	 */
	{ .symbol = "copy_namespaces", .op = CGW_OP_NAMESPACE,
	  .see = cgw_see_newns },
	{ .symbol = "unshare_nsproxy_namespaces", .op = CGW_OP_NAMESPACE,
	  .see = cgw_see_newns },
	{ .symbol = "mntns_install", .op = CGW_OP_NAMESPACE,
	  .see = cgw_see_setns_mnt },
	{ .symbol = "userns_install", .op = CGW_OP_NAMESPACE,
	  .see = cgw_see_setns_user },
	{ .symbol = "security_socket_create", .op = CGW_OP_SOCKET,
	  .see = cgw_see_socket },
	{ .symbol = "security_socket_bind", .op = CGW_OP_BIND,
	  .see = cgw_see_bind },
	{ .symbol = "security_socket_listen", .op = CGW_OP_LISTEN,
	  .see = cgw_see_listen },
	{ .symbol = "security_socket_accept", .op = CGW_OP_ACCEPT,
	  .see = cgw_see_accept },
	/* connectx, bindx: the op is connect, the access says which */
	{ .symbol = "security_sctp_bind_connect", .op = CGW_OP_CONNECT,
	  .see_nth = cgw_see_sctp },
	{ .symbol = "security_unix_stream_connect", .op = CGW_OP_CONNECT,
	  .see = cgw_see_unix_connect },
	{ .symbol = "security_unix_may_send", .op = CGW_OP_SENDMSG,
	  .see = cgw_see_unix_send },
};

/* One row per hook: a row more than hooks.h counts is not a zeroed hook. */
static_assert(ARRAY_SIZE(cgw_hook_defs) == CGW_HOOK_COUNT);
