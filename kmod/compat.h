/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels cgwarden builds for (6.1 and 6.12),
 * kept to this one file.
 */
#ifndef _CGW_COMPAT_H
#define _CGW_COMPAT_H

#include <linux/version.h>
#include <net/genetlink.h>

/* 6.2 moved the parsed attributes of a dump into a struct genl_info. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define cgw_dump_attrs(cb) (genl_dumpit_info(cb)->info.attrs)
#else
#define cgw_dump_attrs(cb) (genl_dumpit_info(cb)->attrs)
#endif

#endif /* _CGW_COMPAT_H */
