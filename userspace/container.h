/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which container (or systemd service) a cgroup belongs to, read from its
 * cgroup v2 path as the kernel reports it: relative to the cgroup2 root,
 * "/system.slice/docker-<id>.scope".  Nothing is looked up: the path
 * alone decides, so the answer is a label for people and scripts, not a
 * proof (a user with a delegated subtree can name a cgroup as it likes).
 *
 * Layouts recognised ("<id>" is exactly 64 lowercase hex digits; anything
 * else, uppercase or truncated, is not an id):
 *
 *   runtime      path (systemd driver | cgroupfs driver)
 *   docker       .../docker-<id>.scope       | .../docker/<id>
 *   containerd   .../cri-containerd-<id>.scope (CRI), .../nerdctl-<id>.scope
 *   crio         .../crio-<id>.scope         | .../crio-<id>
 *   podman       .../libpod-<id>.scope       | /libpod_parent/libpod-<id>
 *   cri          -                           | /kubepods[/<qos>]/pod<uid>/<id>
 *   systemd      .../<unit>.service (system and user services)
 *
 * Conventions:
 * - "cri": Kubernetes with the cgroupfs driver names the pod and the
 *   container but not the runtime, so none is guessed.
 * - conmon, the monitor CRI-O and Podman run next to each container, gets
 *   its own scope (crio-conmon-<id>.scope, libpod-conmon-<id>.scope): it
 *   is reported as the container it monitors with conmon set, and shown
 *   as "crio-conmon" / "podman-conmon".
 * - pod_uid is the Kubernetes pod UID in its usual form, dashes restored
 *   ("kubepods-burstable-pod1a2b_..._.slice" uses '_'); static pods, whose
 *   UID is 32 hex digits without dashes, keep that form.  A pod's own
 *   cgroup, without a container below it, is not a container.
 * - Nested cgroups resolve to what encloses them; the outermost container
 *   wins (a container cannot relabel itself by creating cgroups inside its
 *   delegated subtree), then the innermost .service.  A .service unit
 *   name is kept whole as the id; other systemd units (.scope, .slice:
 *   init.scope, session-2.scope, docker-foo.scope) are not identified.
 * - Not recognised: containerd's cgroupfs default /<namespace>/<id>
 *   (ctr, nerdctl --cgroup-manager=cgroupfs), where the namespace is any
 *   name.
 */
#ifndef CGW_CONTAINER_H
#define CGW_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>

#define CGW_CONTAINER_ID_LEN	64
/* systemd's UNIT_NAME_MAX is 256 with the NUL. */
#define CGW_UNIT_NAME_MAX	255
/* "1a2b3c4d-0000-4000-8000-00000000abcd"; a static pod's is 32 hex. */
#define CGW_POD_UID_LEN		36
/* Shown in tables, as docker ps does. */
#define CGW_CONTAINER_SHORT_ID	12

struct cgw_container {
	char runtime[16];	/* docker, containerd, crio, podman, cri, systemd */
	char id[CGW_UNIT_NAME_MAX + 1];	/* 64 hex, or the unit name */
	char pod_uid[CGW_POD_UID_LEN + 1];	/* "" when not in a pod */
	bool conmon;		/* the container's conmon scope */
};

/* Fills c and returns true, or zeroes it and returns false. */
bool cgw_container_from_path(const char *path, struct cgw_container *c);

/*
 * "docker:0123456789ab", "crio-conmon:0123456789ab", "systemd:nginx.service".
 * With sep ' ' instead of ':', the model show header's form.
 * Truncated to fit len (at least 1).
 */
void cgw_container_fmt(const struct cgw_container *c, char sep, char *buf, size_t len);

/*
 * The path relative to the cgroup2 root that a CGROUP argument names:
 * "ctr1/" and "//ctr1" are "/ctr1", "/sys/fs/cgroup/x" is "/x".  Returns
 * false for a numeric id (the path is not known) or if out is too small.
 */
bool cgw_cgroup_arg_path(const char *arg, char *out, size_t len);

#endif
