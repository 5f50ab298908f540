// SPDX-License-Identifier: GPL-2.0
/*
 * Generalisation of paths before they reach a model.  Pure logic, tested
 * by KUnit.
 *
 * Names made of process and descriptor numbers (/proc/1234/fd/5,
 * /dev/pts/3) differ on every run of the same workload, so a model that
 * kept them would never stop growing while learning and would refuse the
 * next run in protect.  On the filesystems where such names are numbers
 * the kernel makes up (procfs, devpts), every all-digit component becomes
 * a lone asterisk.  The result is what the model stores and shows, so an
 * operator sees the widening in an exported model: it stands for every
 * process (or terminal) the cgroup can see.
 */
#include <linux/ctype.h>
#include <linux/string.h>
#include "cgwarden.h"

static bool cgw_all_digits(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++)
		if (!isdigit(s[i]))
			return false;
	return true;
}

/*
 * Rewrite @path (@len bytes, not NUL-terminated) in place, replacing every
 * all-digit component with "*".  Returns the new length, never more than
 * @len.
 */
size_t cgw_generalise_numbers(char *path, size_t len)
{
	size_t in = 0, out = 0, n;

	while (in < len) {
		if (path[in] == '/') {
			path[out++] = path[in++];
			continue;
		}
		n = 0;
		while (in + n < len && path[in + n] != '/')
			n++;
		if (cgw_all_digits(path + in, n)) {
			path[out++] = '*';
		} else {
			memmove(path + out, path + in, n);
			out += n;
		}
		in += n;
	}
	return out;
}
