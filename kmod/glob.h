/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Path globs (glob.c), shared by the module and cgwardenctl: nothing
 * here may need a kernel-only header.
 */
#ifndef _CGW_GLOB_H
#define _CGW_GLOB_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#endif

bool cgw_glob_valid(const char *pat);
bool cgw_glob_match(const char *pat, const char *s, size_t len);

#endif
