// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "cgroup.h"
#include "container.h"
#include "util.h"

/* One path component: not NUL-terminated. */
struct comp {
	const char *s;
	size_t n;
};

static bool comp_is(struct comp c, const char *str)
{
	return c.n == strlen(str) && !memcmp(c.s, str, c.n);
}

static bool has_prefix(const char *s, size_t n, const char *pfx)
{
	size_t k = strlen(pfx);

	return n >= k && !memcmp(s, pfx, k);
}

static bool has_suffix(const char *s, size_t n, const char *sfx)
{
	size_t k = strlen(sfx);

	return n >= k && !memcmp(s + n - k, sfx, k);
}

static bool is_lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool is_container_id(const char *s, size_t n)
{
	return n == CGW_CONTAINER_ID_LEN && is_lower_hex(s, n);
}

/*
 * A pod UID written with sep between its groups (8-4-4-4-12 hex), or 32
 * hex digits for a static pod; copied to out with dashes.
 */
static bool pod_uid(const char *s, size_t n, char sep, char out[CGW_POD_UID_LEN + 1])
{
	char uid[CGW_POD_UID_LEN + 1];

	if (n == 32 && is_lower_hex(s, n)) {
		memcpy(uid, s, n);
	} else if (n == CGW_POD_UID_LEN) {
		for (size_t i = 0; i < n; i++) {
			bool dash = i == 8 || i == 13 || i == 18 || i == 23;

			if (dash ? s[i] != sep : !is_lower_hex(&s[i], 1))
				return false;
			uid[i] = dash ? '-' : s[i];
		}
	} else {
		return false;
	}
	uid[n] = '\0';
	memcpy(out, uid, n + 1);	/* out is left alone on failure */
	return true;
}

/* kubepods-pod<uid>.slice, kubepods-<qos>-pod<uid>.slice, with '_' in uid. */
static bool pod_slice(struct comp c, char out[CGW_POD_UID_LEN + 1])
{
	const char *dash;
	size_t n;

	if (!has_suffix(c.s, c.n, ".slice"))
		return false;
	n = c.n - strlen(".slice");
	if (!memmem(c.s, n, "kubepods", strlen("kubepods")))
		return false;
	dash = memrchr(c.s, '-', n);
	if (!dash || !has_prefix(dash + 1, c.s + n - (dash + 1), "pod"))
		return false;
	dash += strlen("-pod");
	return pod_uid(dash, c.s + n - dash, '_', out);
}

/* pod<uid> below kubepods or kubepods/<qos> (cgroupfs driver). */
static bool pod_dir(struct comp c, struct comp parent, struct comp grand,
		    char out[CGW_POD_UID_LEN + 1])
{
	if (!has_prefix(c.s, c.n, "pod"))
		return false;
	if (!comp_is(parent, "kubepods") &&
	    !((comp_is(parent, "burstable") || comp_is(parent, "besteffort")) &&
	      comp_is(grand, "kubepods")))
		return false;
	return pod_uid(c.s + 3, c.n - 3, '-', out);
}

static const struct {
	const char *prefix;
	const char *runtime;
	bool conmon;
} prefixes[] = {
	{ "docker-", "docker", false },
	{ "cri-containerd-", "containerd", false },
	{ "nerdctl-", "containerd", false },
	{ "crio-conmon-", "crio", true },
	{ "crio-", "crio", false },
	{ "libpod-conmon-", "podman", true },
	{ "libpod-", "podman", false },
};

/* <prefix>-<id>.scope (systemd driver) or <prefix>-<id> (cgroupfs). */
static bool prefixed_id(struct comp c, struct cgw_container *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t k = strlen(prefixes[i].prefix);
		size_t n = c.n;

		if (!has_prefix(c.s, n, prefixes[i].prefix))
			continue;
		if (has_suffix(c.s, n, ".scope"))
			n -= strlen(".scope");
		if (n < k || !is_container_id(c.s + k, n - k))
			continue;
		snprintf(out->runtime, sizeof(out->runtime), "%s", prefixes[i].runtime);
		memcpy(out->id, c.s + k, CGW_CONTAINER_ID_LEN);
		out->id[CGW_CONTAINER_ID_LEN] = '\0';
		out->conmon = prefixes[i].conmon;
		return true;
	}
	return false;
}

/* <name>.service, in the characters systemd allows in unit names. */
static bool service_unit(struct comp c)
{
	size_t n = strlen(".service");

	if (c.n <= n || c.n > CGW_UNIT_NAME_MAX || !has_suffix(c.s, c.n, ".service"))
		return false;
	for (size_t i = 0; i < c.n - n; i++) {
		char ch = c.s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || strchr(":-_.\\@", ch)))
			return false;
	}
	return true;
}

static void set(struct cgw_container *c, const char *runtime, struct comp id)
{
	snprintf(c->runtime, sizeof(c->runtime), "%s", runtime);
	memcpy(c->id, id.s, id.n);
	c->id[id.n] = '\0';
}

bool cgw_container_from_path(const char *path, struct cgw_container *c)
{
	struct comp prev = { "", 0 }, grand = { "", 0 }, service = { NULL, 0 };
	char pod[CGW_POD_UID_LEN + 1] = "";
	bool in_pod_dir = false;
	const char *p = path;

	memset(c, 0, sizeof(*c));
	if (!path)
		return false;
	while (*p) {
		struct comp cur;
		bool is_pod_dir = false;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		cur.s = p;
		cur.n = strcspn(p, "/");
		p += cur.n;

		if (prefixed_id(cur, c)) {
			memcpy(c->pod_uid, pod, sizeof(pod));
			return true;
		}
		if (is_container_id(cur.s, cur.n) && (comp_is(prev, "docker") || in_pod_dir)) {
			set(c, in_pod_dir ? "cri" : "docker", cur);
			memcpy(c->pod_uid, pod, sizeof(pod));
			return true;
		}
		if (pod_slice(cur, pod))
			;
		else if (pod_dir(cur, prev, grand, pod))
			is_pod_dir = true;
		else if (service_unit(cur))
			service = cur;
		in_pod_dir = is_pod_dir;
		grand = prev;
		prev = cur;
	}
	if (!service.s)
		return false;
	set(c, "systemd", service);
	return true;
}

void cgw_container_fmt(const struct cgw_container *c, char sep, char *buf, size_t len)
{
	bool hex = is_container_id(c->id, strlen(c->id));

	snprintf(buf, len, "%s%s%c%.*s", c->runtime, c->conmon ? "-conmon" : "", sep,
		 hex ? CGW_CONTAINER_SHORT_ID : (int)sizeof(c->id), c->id);
}

bool cgw_cgroup_arg_path(const char *arg, char *out, size_t len)
{
	size_t w = 0;

	switch (cgroup_classify(arg)) {
	case CGROUP_ARG_SYSFS:
		arg += strlen(CGROUP_SYSFS_PREFIX);
		break;
	case CGROUP_ARG_RELATIVE:
		break;
	default:
		return false;
	}
	if (len < 2)
		return false;
	out[w++] = '/';
	for (; *arg; arg++) {
		/* One slash between components, none leading or trailing. */
		if (*arg == '/' && out[w - 1] == '/')
			continue;
		if (w + 1 >= len)
			return false;
		out[w++] = *arg;
	}
	if (w > 1 && out[w - 1] == '/')
		w--;
	out[w] = '\0';
	return true;
}
