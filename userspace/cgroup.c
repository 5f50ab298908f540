// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>

#include "cgroup.h"
#include "parse.h"
#include "util.h"

enum cgroup_arg cgroup_classify(const char *arg)
{
	size_t n = strlen(CGROUP_SYSFS_PREFIX);

	if (!*arg)
		return CGROUP_ARG_INVALID;
	if (is_all_digits(arg))
		return CGROUP_ARG_ID;
	if (!strncmp(arg, CGROUP_SYSFS_PREFIX, n) &&
	    (arg[n] == '\0' || arg[n] == '/'))
		return CGROUP_ARG_SYSFS;
	return CGROUP_ARG_RELATIVE;
}

/* Undo the kernel's octal escapes (space is \040, newline \012, ...). */
static void unescape_octal(char *s)
{
	char *w = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 4;
		} else {
			*w++ = *s++;
		}
	}
	*w = '\0';
}

/*
 * "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw"
 * Fields 4 and 5 are root and mount point; a variable number of optional
 * fields ends with "-", then come fstype, source and super options.
 */
int mountinfo_parse_line(char *line, struct mountinfo_ent *ent)
{
	char *field[6], *save = NULL, *tok;
	int n = 0;

	for (tok = strtok_r(line, " \n", &save); tok && n < 6;
	     tok = strtok_r(NULL, " \n", &save))
		field[n++] = tok;
	if (n < 6)
		return -EINVAL;
	while (tok && strcmp(tok, "-"))
		tok = strtok_r(NULL, " \n", &save);
	if (!tok)
		return -EINVAL;
	tok = strtok_r(NULL, " \n", &save);
	if (!tok)
		return -EINVAL;

	unescape_octal(field[3]);
	unescape_octal(field[4]);
	unescape_octal(tok);
	ent->root = field[3];
	ent->mountpoint = field[4];
	ent->fstype = tok;
	return 0;
}

int mountinfo_find_cgroup2(const char *text, char *out, size_t outlen)
{
	char *copy = xstrdup(text), *line, *save = NULL;
	char *found = NULL;
	int ret = -ENOENT;

	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct mountinfo_ent ent;

		if (mountinfo_parse_line(line, &ent) || strcmp(ent.fstype, "cgroup2"))
			continue;
		if (!strcmp(ent.root, "/")) {
			found = (char *)ent.mountpoint;
			break;
		}
		if (!found)
			found = (char *)ent.mountpoint;
	}
	if (found) {
		ret = 0;
		if ((size_t)snprintf(out, outlen, "%s", found) >= outlen)
			ret = -ENAMETOOLONG;
	}
	free(copy);
	return ret;
}

int cgroup_resolve_in(const char *arg, const char *root, bool check_fs,
		      uint64_t *id, char *err, size_t errlen)
{
	const char *name = arg;	/* as the user typed it, for messages */
	char path[PATH_MAX];
	struct statfs sfs;
	struct stat st;
	int n;

	switch (cgroup_classify(arg)) {
	case CGROUP_ARG_INVALID:
		snprintf(err, errlen, "empty cgroup argument");
		return -1;
	case CGROUP_ARG_ID:
		if (parse_u64(arg, id) || !*id) {
			snprintf(err, errlen, "invalid cgroup id: %s", arg);
			return -1;
		}
		return 0;
	case CGROUP_ARG_SYSFS:
		n = snprintf(path, sizeof(path), "%s", arg);
		break;
	case CGROUP_ARG_RELATIVE:
	default:
		while (*arg == '/')
			arg++;
		n = snprintf(path, sizeof(path), "%s%s%s", root,
			     *arg ? "/" : "", arg);
		break;
	}
	if (n < 0 || (size_t)n >= sizeof(path)) {
		snprintf(err, errlen, "cgroup path too long");
		return -1;
	}

	if (stat(path, &st)) {
		if (errno == ENOENT || errno == ENOTDIR)
			snprintf(err, errlen, "no such cgroup: %s", name);
		else
			snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "not a cgroup directory: %s", name);
		return -1;
	}
	if (check_fs && (statfs(path, &sfs) || sfs.f_type != CGROUP2_SUPER_MAGIC)) {
		snprintf(err, errlen, "not a cgroup2 directory: %s", name);
		return -1;
	}
	*id = st.st_ino;
	return 0;
}

static void cgroup2_mount(char *out, size_t outlen)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *text = NULL;
	size_t len = 0;

	snprintf(out, outlen, "%s", CGROUP2_DEFAULT_MOUNT);
	if (!f)
		return;
	if (getdelim(&text, &len, '\0', f) > 0 &&
	    mountinfo_find_cgroup2(text, out, outlen))
		snprintf(out, outlen, "%s", CGROUP2_DEFAULT_MOUNT);
	free(text);
	fclose(f);
}

int cgroup_resolve(const char *arg, uint64_t *id)
{
	char root[PATH_MAX], err[PATH_MAX + 64];

	cgroup2_mount(root, sizeof(root));
	if (cgroup_resolve_in(arg, root, true, id, err, sizeof(err))) {
		fprintf(stderr, "cgwardenctl: %s\n", err);
		return -1;
	}
	return 0;
}
