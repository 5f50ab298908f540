// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper: a real livepatch of security_socket_sendmsg, as a vendor's
 * security fix would be.  The replacement lets every send through (the
 * test VM runs no other LSM that mediates sends).  Livepatch owns the
 * function's ftrace IPMODIFY slot and sets the ip to its replacement on
 * every call, after any kprobe on the function: cgwarden finds ftrace
 * busy, falls back to a kprobe, and must say its refusals may be lost.
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/socket.h>

static int cgw_lp_sendmsg(struct socket *sock, struct msghdr *msg, int size)
{
	return 0;
}

static struct klp_func cgw_lp_funcs[] = {
	{
		.old_name = "security_socket_sendmsg",
		.new_func = cgw_lp_sendmsg,
	}, { }
};

static struct klp_object cgw_lp_objs[] = {
	{
		/* NULL name: vmlinux */
		.funcs = cgw_lp_funcs,
	}, { }
};

static struct klp_patch cgw_lp_patch = {
	.mod = THIS_MODULE,
	.objs = cgw_lp_objs,
};

static int __init cgw_lp_init(void)
{
	return klp_enable_patch(&cgw_lp_patch);
}

static void __exit cgw_lp_exit(void)
{
}

module_init(cgw_lp_init);
module_exit(cgw_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("cgwarden test helper: livepatch security_socket_sendmsg");
