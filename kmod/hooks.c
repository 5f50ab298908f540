// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel functions cgwarden hooks, and how each call is seen.  To
 * mediate a new operation: an op in the uapi header, an extractor in the
 * see_*.c file of its kind, and a row here (docs/architecture.md).
 */
#include "hooks.h"
#include "vcache.h"

/* An open of a file opened before: the verdict cache, before any path. */
static bool cgw_open_cached(const struct cgw_cgroup *cg, struct pt_regs *regs,
			    struct cgw_vkey *vk)
{
	struct file *f = (struct file *)regs->di;

	return cgw_vcache_lookup(cg, f, cgw_file_access(f), vk);
}

const struct cgw_hook_def cgw_hook_defs[CGW_HOOK_COUNT] = {
	{ .symbol = "security_bprm_check", .op = CGW_OP_EXEC,
	  .see = cgw_see_exec },
	{ .symbol = "security_bprm_committing_creds", .op = CGW_OP_EXEC,
	  .see = cgw_see_argv0, .kill = true },
	{ .symbol = "security_file_open", .op = CGW_OP_OPEN,
	  .see = cgw_see_open, .cached = cgw_open_cached },
	{ .symbol = "security_socket_connect", .op = CGW_OP_CONNECT,
	  .see = cgw_see_connect },
	{ .symbol = "security_socket_sendmsg", .op = CGW_OP_SENDMSG,
	  .see = cgw_see_sendmsg },
};
