/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a program is called (program.c): its path as the task sees it,
 * or, for a program without one, a name of its own that no path can
 * take.
 */
#ifndef _CGW_PROGRAM_H
#define _CGW_PROGRAM_H

#include <linux/path.h>
#include <linux/types.h>

const char *cgw_name_path(const struct path *path, char *buf, u16 *len,
			  bool program);

#endif /* _CGW_PROGRAM_H */
