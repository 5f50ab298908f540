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
#include <linux/bitops.h>
#include <linux/ctype.h>
#include <linux/string.h>
#include "generalise.h"
#include "obj.h"

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

/* Character classes, for telling made-up names from chosen ones. */
static int cgw_char_class(char c)
{
	if (isdigit(c))
		return 0;
	if (islower(c))
		return 1;
	if (isupper(c))
		return 2;
	return -1;
}

/* Runs of letters and digits this long or longer may be made up. */
#define CGW_RUN_MIN	6

/*
 * Does the alphanumeric run @s (@n bytes) look made up per instance, like
 * mkstemp's suffix or a hex id?  Six characters or more, letters and
 * digits, changing class (digit, lower, upper) at least three times:
 * "tmpA1b2C3" and "3f9c2e1a" do; "python311", "libssl3" and "Makefile"
 * do not.  A made-up name this misses is caught by DIR generalisation.
 *
 * A mount point's (@mnt) needs two classes and two changes: "IKvgiT" and
 * "88Rrtj" are mkstemp's too (nine in ten of its names are so, against
 * half with the rule for files), "firmware", "Backup" and "data01" are
 * not.  Mount points are never DIR generalised (CGW_ACC_EXACT), and runc
 * mounts on a name of its state directory it made up.
 */
static bool cgw_made_up(const char *s, size_t n, bool mnt)
{
	unsigned int changes = 0, seen = 0;
	size_t i;
	int c, prev = -1;

	if (n < CGW_RUN_MIN)
		return false;
	for (i = 0; i < n; i++) {
		c = cgw_char_class(s[i]);
		seen |= 1U << c;
		changes += prev >= 0 && c != prev;
		prev = c;
	}
	if (mnt)
		return hweight32(seen) >= 2 && changes >= 2;
	return (seen & 1) && (seen & 6) && changes >= 3;
}

/* Where @path's last component starts. */
static size_t cgw_base(const char *path, size_t len)
{
	while (len && path[len - 1] != '/')
		len--;
	return len;
}

/*
 * Which runs of a last component become '*': those cgw_made_up() takes
 * for made up (@by_mask false), or the long runs whose bit is set in
 * @mask, counted by @run.
 */
struct cgw_stars {
	bool by_mask;
	bool mnt;
	unsigned int mask;
	unsigned int run;
};

static bool cgw_starred(const char *s, size_t n, struct cgw_stars *st)
{
	if (!st->by_mask)
		return cgw_made_up(s, n, st->mnt);
	return n >= CGW_RUN_MIN && st->run < 32 &&
	       (st->mask & (1U << st->run++));
}

/* Copy @path (@len bytes) to @out, the runs @st picks as '*'. */
static size_t cgw_star_runs(const char *path, size_t len, char *out,
			    struct cgw_stars *st)
{
	size_t base = cgw_base(path, len), in, out_len, n;

	memcpy(out, path, base);
	out_len = base;
	for (in = base; in < len; in += n) {
		n = 0;
		while (in + n < len && isalnum(path[in + n]))
			n++;
		if (!n) {
			out[out_len++] = path[in];
			n = 1;
		} else if (cgw_starred(path + in, n, st)) {
			out[out_len++] = '*';
		} else {
			memcpy(out + out_len, path + in, n);
			out_len += n;
		}
	}
	return out_len;
}

/**
 * cgw_generalise_name() - @path with its last name's made-up runs as '*'
 * @path: a path, not NUL-terminated
 * @len: its length
 * @out: at least @len bytes
 * @mnt: @path is asked for as a mount point (cgw_made_up())
 *
 * Each made-up run of letters and digits in the last component becomes
 * '*': the name "tmpA1b2C3" becomes "*", and "app.3f9c2e1a.sock" becomes
 * "app.*.sock".
 *
 * Return: the length of @out, never more than @len.
 */
size_t cgw_generalise_name(const char *path, size_t len, char *out, bool mnt)
{
	struct cgw_stars st = { .mnt = mnt };

	return cgw_star_runs(path, len, out, &st);
}

/**
 * cgw_long_runs() - how many runs of @path's last name may be made up
 * @path: a path, not NUL-terminated
 * @len: its length
 *
 * Runs of letters and digits long enough to be made up (six or more, as
 * mkstemp's), whether or not cgw_made_up() takes them for it: mkstemp's
 * suffix is letters only a third of the time.
 *
 * Return: how many there are.
 */
unsigned int cgw_long_runs(const char *path, size_t len)
{
	unsigned int runs = 0;
	size_t in, n;

	for (in = cgw_base(path, len); in < len; in += n ? n : 1) {
		n = 0;
		while (in + n < len && isalnum(path[in + n]))
			n++;
		runs += n >= CGW_RUN_MIN;
	}
	return runs;
}

/**
 * cgw_generalise_runs() - @path with some of its long runs made up
 * @path: a path, not NUL-terminated
 * @len: its length
 * @mask: bit i set: the i-th long run (cgw_long_runs()) becomes '*'
 * @out: at least @len bytes
 *
 * How a name of @path's shape is spelt when those runs were made up.
 *
 * Return: the length of @out, never more than @len.
 */
size_t cgw_generalise_runs(const char *path, size_t len, unsigned int mask,
			   char *out)
{
	struct cgw_stars st = { .by_mask = true, .mask = mask };

	return cgw_star_runs(path, len, out, &st);
}

/**
 * cgw_may_collapse() - may a FILE name's made-up parts be collapsed?
 * @path: the path, not NUL-terminated
 * @len: its length
 * @access: what is asked of it, CGW_ACC_*
 *
 * Not a program's (run or traced), not a secret, not a write where
 * programs and configuration live.
 *
 * Return: true if it may.
 */
bool cgw_may_collapse(const char *path, size_t len, u32 access)
{
	return cgw_class_may_collapse(cgw_path_class(path, len), access);
}

/**
 * cgw_class_may_collapse() - cgw_may_collapse(), of a path's class
 * @cls: cgw_path_class() of the path
 * @access: what is asked of it, CGW_ACC_*
 *
 * Return: true if it may.
 */
bool cgw_class_may_collapse(u8 cls, u32 access)
{
	if (access & CGW_ACC_PROGRAM)
		return false;
	if ((access & CGW_ACC_MODIFY) && (cls & CGW_PATH_SENSITIVE))
		return false;
	return !(cls & CGW_PATH_SECRET);
}

/*
 * The sets of names below are asked of every name a hooked call decides,
 * several times: their lengths are known at build time, and a name is
 * compared only with those that start as it does.
 */
struct cgw_str {
	const char *s;
	size_t n;
};

#define CGW_STR(x)	{ x, sizeof(x) - 1 }

/* Is @path (@len bytes) @d, or under it? */
static bool cgw_under(const char *path, size_t len, const struct cgw_str *d)
{
	return len >= d->n && path[1] == d->s[1] &&
	       !memcmp(path, d->s, d->n) && (len == d->n || path[d->n] == '/');
}

static bool cgw_under_any(const char *path, size_t len,
			  const struct cgw_str *set, size_t n)
{
	size_t i;

	if (len < 2)
		return false;
	for (i = 0; i < n; i++)
		if (cgw_under(path, len, &set[i]))
			return true;
	return false;
}

static bool cgw_is_any(const char *s, size_t len, const struct cgw_str *set,
		       size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (len == set[i].n && s[0] == set[i].s[0] &&
		    !memcmp(s, set[i].s, len))
			return true;
	return false;
}

/* Does @path have a component that is one of @set ("/.ssh/")? */
static bool cgw_has_dir(const char *path, size_t len,
			const struct cgw_str *set, size_t n)
{
	const char *p = path, *end = path + len;
	size_t i;

	while ((p = memchr(p, '/', end - p)) && end - p > 2) {
		if (p[1] == '.')
			for (i = 0; i < n; i++)
				if ((size_t)(end - p) >= set[i].n &&
				    !memcmp(p, set[i].s, set[i].n))
					return true;
		p++;
	}
	return false;
}

/* Where programs live. */
static const struct cgw_str cgw_program_dirs[] = {
	CGW_STR("/bin"), CGW_STR("/sbin"), CGW_STR("/lib"), CGW_STR("/lib32"),
	CGW_STR("/lib64"), CGW_STR("/libx32"), CGW_STR("/usr/bin"),
	CGW_STR("/usr/sbin"), CGW_STR("/usr/lib"), CGW_STR("/usr/lib32"),
	CGW_STR("/usr/lib64"), CGW_STR("/usr/libexec"),
	CGW_STR("/usr/local/bin"), CGW_STR("/usr/local/sbin"),
	CGW_STR("/usr/local/lib"), CGW_STR("/opt"),
};

/* ... and configuration, credentials and kernel knobs. */
static const struct cgw_str cgw_sensitive_dirs[] = {
	CGW_STR("/etc"), CGW_STR("/boot"), CGW_STR("/root"), CGW_STR("/usr"),
	CGW_STR("/var/spool/cron"), CGW_STR("/proc/sys"), CGW_STR("/sys"),
};

/* Directories of keys, wherever they are. */
static const struct cgw_str cgw_ssh_dir[] = { CGW_STR("/.ssh/") };
static const struct cgw_str cgw_key_dirs[] = {
	CGW_STR("/.ssh/"), CGW_STR("/.aws/"), CGW_STR("/.kube/"),
};

bool cgw_executable_path(const char *path, size_t len)
{
	return cgw_under_any(path, len, cgw_program_dirs,
			     ARRAY_SIZE(cgw_program_dirs));
}

/*
 * Writes here are never generalised: a model widening them would let a
 * compromised workload plant programs, libraries, keys or cron jobs.
 */
bool cgw_sensitive_path(const char *path, size_t len)
{
	return cgw_executable_path(path, len) ||
	       cgw_under_any(path, len, cgw_sensitive_dirs,
			     ARRAY_SIZE(cgw_sensitive_dirs)) ||
	       cgw_has_dir(path, len, cgw_ssh_dir, ARRAY_SIZE(cgw_ssh_dir));
}

/*
 * Secrets: read only by a literal entry, never by a generalised one, and
 * reading one is what an intruder does first: an alert on it is high.
 */
static const struct cgw_str cgw_secret_files[] = {
	CGW_STR("/etc/shadow"), CGW_STR("/etc/shadow-"), CGW_STR("/etc/gshadow"),
	CGW_STR("/etc/gshadow-"), CGW_STR("/etc/sudoers"),
	CGW_STR("/etc/master.passwd"), CGW_STR("/proc/kcore"),
};

static const struct cgw_str cgw_secret_dirs[] = {
	CGW_STR("/etc/sudoers.d"), CGW_STR("/root"), CGW_STR("/var/run/secrets"),
	CGW_STR("/run/secrets"), CGW_STR("/etc/kubernetes"),
};

static const struct cgw_str cgw_proc = CGW_STR("/proc");

/* Per-process secrets under /proc: PID/environ, PID/task/TID/mem, ... */
static const struct cgw_str cgw_secret_proc[] = {
	CGW_STR("environ"), CGW_STR("mem"),
};

/**
 * cgw_secret_path() - is @path one of the secrets generalisation never covers?
 * @path: a path, not NUL-terminated
 * @len: its length
 *
 * Password and sudo files, root's home, SSH keys (host keys and any
 * .ssh directory), cloud and cluster credentials (.aws, .kube,
 * /etc/kubernetes), container secrets (service-account tokens), kernel
 * memory, and a process's environment and memory.  A model reads them only through an
 * entry naming them exactly.
 *
 * Return: true if it is.
 */
bool cgw_secret_path(const char *path, size_t len)
{
	size_t base = len;

	if (len < 2)
		return false;
	while (base && path[base - 1] != '/')
		base--;
	if (cgw_is_any(path, len, cgw_secret_files,
		       ARRAY_SIZE(cgw_secret_files)) ||
	    cgw_under_any(path, len, cgw_secret_dirs,
			  ARRAY_SIZE(cgw_secret_dirs)) ||
	    cgw_has_dir(path, len, cgw_key_dirs, ARRAY_SIZE(cgw_key_dirs)) ||
	    (len > 22 && !memcmp(path, "/etc/ssh/ssh_host_", 18)))
		return true;
	return cgw_under(path, len, &cgw_proc) &&
	       cgw_is_any(path + base, len - base, cgw_secret_proc,
			  ARRAY_SIZE(cgw_secret_proc));
}

/**
 * cgw_path_class() - is @path a secret, is it where programs and
 * configuration live?
 * @path: a path, not NUL-terminated
 * @len: its length
 *
 * Asked of every name a hooked call decides, several times: callers keep
 * the answer (struct cgw_obj's cls).
 *
 * Return: CGW_PATH_KNOWN, with CGW_PATH_SECRET (cgw_secret_path()) and
 * CGW_PATH_SENSITIVE (cgw_sensitive_path()).
 */
u8 cgw_path_class(const char *path, size_t len)
{
	return CGW_PATH_KNOWN |
	       (cgw_secret_path(path, len) ? CGW_PATH_SECRET : 0) |
	       (cgw_sensitive_path(path, len) ? CGW_PATH_SENSITIVE : 0);
}

/*
 * Length of the directory part of @path: "/a/b" of "/a/b/c", "/" of
 * "/c", 0 when there is no '/'.
 */
size_t cgw_dir_len(const char *path, size_t len)
{
	while (len && path[len - 1] != '/')
		len--;
	return len > 1 ? len - 1 : len;
}
