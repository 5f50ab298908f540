// SPDX-License-Identifier: GPL-2.0
/* The per-CPU scratch space of the extractors, and paths as tasks see them. */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/percpu.h>
#include "generalise.h"
#include "see.h"

struct cgw_scratch __percpu *cgw_scratch;

int cgw_see_init(void)
{
	cgw_scratch = alloc_percpu(struct cgw_scratch);
	return cgw_scratch ? 0 : -ENOMEM;
}

/* After the hooks are gone and no callback can still be running. */
void cgw_see_exit(void)
{
	free_percpu(cgw_scratch);
	cgw_scratch = NULL;
}

/* Filesystems whose numeric names the kernel makes up (see generalise.c). */
static bool cgw_numbered_fs(const struct path *path)
{
	unsigned long magic = path->dentry->d_sb->s_magic;

	return magic == PROC_SUPER_MAGIC || magic == DEVPTS_SUPER_MAGIC;
}

/**
 * cgw_see_path() - a path as the task sees it, generalised
 * @path: the path
 * @len: set to its length, without the NUL
 *
 * Built into this CPU's scratch space; numbers the kernel makes up (pids
 * under /proc, pty numbers) are generalised.
 *
 * Return: the path, or NULL if it cannot be built (too long).
 */
const char *cgw_see_path(const struct path *path, u16 *len)
{
	char *buf = this_cpu_ptr(cgw_scratch)->path;
	char *p = d_path(path, buf, PATH_MAX);

	if (IS_ERR(p))
		return NULL;
	*len = buf + PATH_MAX - 1 - p;
	if (cgw_numbered_fs(path))
		*len = cgw_generalise_numbers(p, *len);
	return p;
}
