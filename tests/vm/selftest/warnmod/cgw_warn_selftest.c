// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test: a module whose init triggers a kernel WARNING, so the
 * VM runner can prove it fails a suite on a warning.  Not part of cgwarden.
 */
#include <linux/module.h>
#include <linux/bug.h>

static int __init cgw_warn_selftest_init(void)
{
	WARN_ON(1);
	return 0;
}

static void __exit cgw_warn_selftest_exit(void)
{
}

module_init(cgw_warn_selftest_init);
module_exit(cgw_warn_selftest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("cgwarden VM harness self-test: WARN_ON at load");
