// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper: takes ftrace's one IPMODIFY slot on a function, as a
 * livepatch of it would, so that cgwarden finds ftrace busy there and has
 * to fall back to a kprobe.  It changes nothing: its callback returns.
 */
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/string.h>

static char *func = "security_file_open";
module_param(func, charp, 0444);

static void notrace hog_cb(unsigned long ip, unsigned long parent_ip,
			   struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
}

static struct ftrace_ops hog_ops = {
	.func = hog_cb,
	.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY,
};

static int __init hog_init(void)
{
	int err = ftrace_set_filter(&hog_ops, func, strlen(func), 1);

	if (!err)
		err = register_ftrace_function(&hog_ops);
	return err;
}

static void __exit hog_exit(void)
{
	unregister_ftrace_function(&hog_ops);
	ftrace_free_filter(&hog_ops);
}

module_init(hog_init);
module_exit(hog_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("cgwarden test helper: hold IPMODIFY on a function");
