// SPDX-License-Identifier: GPL-2.0
/* The per-CPU scratch space of the extractors, and paths as tasks see them. */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/percpu.h>
#include "generalise.h"
#include "program.h"
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
 * under /proc, pty numbers) are generalised.  A file without a path the
 * task could use (a memfd, an unlinked or detached file) has a name of
 * its own that does not start with '/' (program.c).
 *
 * Return: the path, or NULL if it cannot be built (too long).
 */
const char *cgw_see_path(const struct path *path, u16 *len)
{
	char *p = (char *)cgw_name_path(path, this_cpu_ptr(cgw_scratch)->path,
					len, CGW_NAME_FILE);

	if (p && cgw_numbered_fs(path))
		*len = cgw_generalise_numbers(p, *len);
	return p;
}

/**
 * cgw_see_child() - the path of a name in a directory, which may not exist
 * @dir: the directory, locked by the caller (so @child stays in it)
 * @child: the name's dentry, negative for a name being made
 * @len: set to the path's length, without the NUL
 *
 * Built from the directory's path and @child's name, into this CPU's
 * scratch space, so that it does not depend on @child being hashed.
 *
 * Return: the path, or NULL if it cannot be built (too long).
 */
const char *cgw_see_child(const struct path *dir, const struct dentry *child,
			  u16 *len)
{
	char *buf = this_cpu_ptr(cgw_scratch)->path;
	u32 n = child->d_name.len;
	size_t dlen;
	char *p, *end;

	if (n + 2 >= PATH_MAX)
		return NULL;
	/* Room after the directory's path for '/', the name and the NUL. */
	p = d_path(dir, buf, PATH_MAX - n - 1);
	if (IS_ERR(p))
		return NULL;
	dlen = strlen(p);
	end = p + dlen;
	if (dlen != 1 || *p != '/')
		*end++ = '/';
	memcpy(end, child->d_name.name, n);
	end[n] = '\0';
	*len = end + n - p;
	if (cgw_numbered_fs(dir))
		*len = cgw_generalise_numbers(p, *len);
	return p;
}

/**
 * cgw_see_program() - a program's name (program.c), in this CPU's scratch
 * @path: the program's file
 * @len: set to the name's length
 *
 * Return: the name; NULL if it cannot be built.
 */
const char *cgw_see_program(const struct path *path, u16 *len)
{
	return cgw_name_path(path, this_cpu_ptr(cgw_scratch)->path, len,
			     CGW_NAME_PROGRAM);
}
