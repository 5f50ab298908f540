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

/* What a file named is to the task naming it: cgw_name_path(). */
enum cgw_name_as {
	CGW_NAME_FILE,
	CGW_NAME_PROGRAM,
	CGW_NAME_RUNNING,
};

const char *cgw_name_path(const struct path *path, char *buf, u16 *len,
			  enum cgw_name_as as);

#endif /* _CGW_PROGRAM_H */
