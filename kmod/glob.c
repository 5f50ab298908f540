// SPDX-License-Identifier: GPL-2.0
/*
 * Path globs for policy patterns and cgroup globs.  This one file is
 * compiled into the module and into cgwardenctl (userspace/Makefile), so
 * the CLI refuses exactly the globs the kernel refuses, and tests of one
 * hold for the other.  Pure: string functions only.
 *
 * Globs work component by component, so their cost stays linear in the
 * path: '*' and '?' stay within one component, and one component may be
 * "**", which spans any number of components (at least one at the end:
 * "/dir/" followed by "**" is what lies below /dir).
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <stdint.h>
#include <string.h>
#endif
#include "glob.h"

/* '*' and '?' within one component; backtracks only to the last '*'. */
static bool cgw_comp_match(const char *p, size_t pn, const char *s, size_t sn)
{
	size_t pi = 0, si = 0, star = SIZE_MAX, mark = 0;

	while (si < sn) {
		if (pi < pn && (p[pi] == '?' || p[pi] == s[si])) {
			pi++;
			si++;
		} else if (pi < pn && p[pi] == '*') {
			star = pi++;
			mark = si;
		} else if (star != SIZE_MAX) {
			pi = star + 1;
			si = ++mark;
		} else {
			return false;
		}
	}
	while (pi < pn && p[pi] == '*')
		pi++;
	return pi == pn;
}

/* Length of the component at @s, up to '/' or @end. */
static size_t cgw_comp_len(const char *s, const char *end)
{
	const char *slash = memchr(s, '/', end - s);

	return (slash ? slash : end) - s;
}

/*
 * Match the components of [p, pend) against the first ones of
 * [*sp, send), moving *sp past them.
 */
static bool cgw_match_head(const char *p, const char *pend, const char **sp,
			   const char *send)
{
	const char *s = *sp;
	size_t pn, sn;

	for (;;) {
		pn = cgw_comp_len(p, pend);
		sn = cgw_comp_len(s, send);
		if (!cgw_comp_match(p, pn, s, sn))
			return false;
		p += pn;
		s += sn;
		if (p == pend)
			break;
		if (s == send)
			return false;
		p++;	/* past the '/' of both */
		s++;
	}
	*sp = s;
	return true;
}

/* Start of the last @k components of [s, send), or NULL if fewer. */
static const char *cgw_skip_back(const char *s, const char *send,
				 unsigned int k)
{
	const char *c = send;

	for (; c > s; c--)
		if (c[-1] == '/' && --k == 0)
			return c;
	return k == 1 ? s : NULL;
}

/* The "**" component of @pat, or NULL. */
static const char *cgw_glob_dstar(const char *pat)
{
	const char *d = strstr(pat, "**");

	return d && (d == pat || d[-1] == '/') && (!d[2] || d[2] == '/') ?
	       d : NULL;
}

/**
 * cgw_glob_valid() - is @pat a glob cgw_glob_match() takes?
 * @pat: the glob, NUL-terminated
 *
 * Return: true if "**" appears at most once, as a whole component.
 */
bool cgw_glob_valid(const char *pat)
{
	const char *d = strstr(pat, "**");

	if (!d)
		return true;
	return cgw_glob_dstar(pat) == d && !strstr(d + 2, "**");
}

/**
 * cgw_glob_match() - does a glob match a path?
 * @pat: a glob cgw_glob_valid() accepts
 * @s: the path's bytes, not necessarily NUL-terminated
 * @len: how many
 *
 * Return: true if @pat matches the whole of @s.
 */
bool cgw_glob_match(const char *pat, const char *s, size_t len)
{
	const char *pend = pat + strlen(pat), *send = s + len, *ds, *t, *c;
	unsigned int k = 1;

	ds = cgw_glob_dstar(pat);
	if (!ds)
		return cgw_match_head(pat, pend, &s, send) && s == send;
	if (ds > pat) {
		if (!cgw_match_head(pat, ds - 1, &s, send) || s == send)
			return false;
		s++;	/* the '/' before what "**" spans */
	}
	if (ds + 2 == pend)
		return s < send;
	for (c = ds + 3; c < pend; c++)
		k += *c == '/';
	t = cgw_skip_back(s, send, k);
	return t && cgw_match_head(ds + 3, pend, &t, send) && t == send;
}
