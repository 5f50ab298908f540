// SPDX-License-Identifier: GPL-2.0
/* Container identity from cgroup v2 paths, as real runtimes lay them out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "container.h"

#define ID  "3f4b0b9c5e1d2a7f8c6e9d0b1a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e"
#define ID2 "e2c1d0b9a8f7e6d5c4b3a29180f7e6d5c4b3a2918070605040302010a0b0c0d0"
#define POD "1a2b3c4d-5e6f-4a0b-9c8d-7e6f5a4b3c2d"
#define POD_ "1a2b3c4d_5e6f_4a0b_9c8d_7e6f5a4b3c2d"
#define STATIC_POD "5c7bd9a1e4f2038b6d0c9e1f2a3b4c5d"	/* a manifest's hash */
#define USER_SVC "/user.slice/user-1000.slice/user@1000.service"

static void is_full(const char *path, const char *runtime, const char *id,
		    const char *pod, bool conmon)
{
	struct cgw_container c;

	if (!cgw_container_from_path(path, &c))
		fail_msg("not recognised: %s", path);
	assert_string_equal(c.runtime, runtime);
	assert_string_equal(c.id, id);
	assert_string_equal(c.pod_uid, pod);
	assert_int_equal(c.conmon, conmon);
}

static void is(const char *path, const char *runtime, const char *id)
{
	is_full(path, runtime, id, "", false);
}

static void is_pod(const char *path, const char *runtime, const char *id, const char *pod)
{
	is_full(path, runtime, id, pod, false);
}

static void not_container(const char *path)
{
	struct cgw_container c;

	memset(&c, 0x55, sizeof(c));
	if (cgw_container_from_path(path, &c))
		fail_msg("%s taken as %s:%s", path, c.runtime, c.id);
	/* Zeroed, so nothing stale is shown. */
	assert_string_equal(c.runtime, "");
	assert_string_equal(c.id, "");
	assert_string_equal(c.pod_uid, "");
	assert_false(c.conmon);
}

static void test_docker(void **state)
{
	(void)state;
	/* systemd driver, rootful and rootless */
	is("/system.slice/docker-" ID ".scope", "docker", ID);
	is(USER_SVC "/user.slice/docker-" ID ".scope", "docker", ID);
	/* cgroupfs driver */
	is("/docker/" ID, "docker", ID);
	/* docker-in-docker: the outer container */
	is("/docker/" ID "/docker/" ID2, "docker", ID);
	/* cri-dockerd under Kubernetes, systemd driver */
	is_pod("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_ ".slice/docker-" ID ".scope",
	       "docker", ID, POD);
}

static void test_containerd(void **state)
{
	(void)state;
	/* nerdctl, systemd driver: "system.slice:nerdctl:<id>" */
	is("/system.slice/nerdctl-" ID ".scope", "containerd", ID);
	is(USER_SVC "/user.slice/nerdctl-" ID ".scope", "containerd", ID);
	/* CRI, systemd driver: every QoS class, and Guaranteed directly under kubepods */
	is_pod("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_ ".slice/cri-containerd-" ID ".scope",
	       "containerd", ID, POD);
	is_pod("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_ ".slice/cri-containerd-" ID ".scope",
	       "containerd", ID, POD);
	is_pod("/kubepods.slice/kubepods-pod" POD_ ".slice/cri-containerd-" ID ".scope",
	       "containerd", ID, POD);
	/* kind: kubelet's cgroup root is /kubelet */
	is_pod("/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/"
	       "kubelet-kubepods-burstable-pod" POD_ ".slice/cri-containerd-" ID ".scope",
	       "containerd", ID, POD);
}

static void test_kubepods_cgroupfs(void **state)
{
	(void)state;
	/* The path does not say which runtime: "cri". */
	is_pod("/kubepods/burstable/pod" POD "/" ID, "cri", ID, POD);
	is_pod("/kubepods/besteffort/pod" POD "/" ID, "cri", ID, POD);
	is_pod("/kubepods/pod" POD "/" ID, "cri", ID, POD);
	is_pod("/kubelet/kubepods/pod" POD "/" ID, "cri", ID, POD);
	/* CRI-O with cgroupfs keeps its prefix, so says the runtime. */
	is_pod("/kubepods/burstable/pod" POD "/crio-" ID, "crio", ID, POD);
	is_full("/kubepods/burstable/pod" POD "/crio-conmon-" ID, "crio", ID, POD, true);
}

static void test_static_pod_uid(void **state)
{
	(void)state;
	is_pod("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" STATIC_POD ".slice/cri-containerd-" ID ".scope",
	       "containerd", ID, STATIC_POD);
	is_pod("/kubepods/burstable/pod" STATIC_POD "/" ID, "cri", ID, STATIC_POD);
}

static void test_pod_uid_conversion(void **state)
{
	struct cgw_container c;

	(void)state;
	assert_true(cgw_container_from_path(
		"/kubepods.slice/kubepods-pod0a1b2c3d_4e5f_6071_8293_a4b5c6d7e8f9.slice/crio-" ID ".scope", &c));
	assert_string_equal(c.pod_uid, "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
	/* A malformed pod slice leaves the container without a pod. */
	is("/kubepods.slice/kubepods-pod0a1b2c3d_4e5f.slice/crio-" ID ".scope", "crio", ID);
	is("/kubepods.slice/kubepods-pod" POD ".slice/crio-" ID ".scope", "crio", ID);	/* dashes */
	is("/kubepods.slice/kubepods-pod1A2B3C4D_5E6F_4A0B_9C8D_7E6F5A4B3C2D.slice/crio-" ID ".scope", "crio", ID);
	/* ... and does not spoil one seen before it. */
	is_pod("/kubepods.slice/kubepods-pod" POD_ ".slice/kubepods-podxyz.slice/crio-" ID ".scope",
	       "crio", ID, POD);
	/* With cgroupfs the uid keeps its dashes; '_' there is not a uid. */
	not_container("/kubepods/pod" POD_ "/" ID);
	/* Only a slice under kubepods names a pod. */
	is("/system.slice/foo-pod" POD_ ".slice/crio-" ID ".scope", "crio", ID);
}

static void test_crio(void **state)
{
	(void)state;
	is_pod("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_ ".slice/crio-" ID ".scope",
	       "crio", ID, POD);
	/* CRI-O 1.2x moves the processes into a "container" child. */
	is_pod("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_ ".slice/crio-" ID ".scope/container",
	       "crio", ID, POD);
	/* conmon: the container it monitors, marked */
	is_full("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_ ".slice/crio-conmon-" ID ".scope",
		"crio", ID, POD, true);
	/* CRI-O outside Kubernetes */
	is("/machine.slice/crio-" ID ".scope", "crio", ID);
}

static void test_podman(void **state)
{
	(void)state;
	is("/machine.slice/libpod-" ID ".scope", "podman", ID);
	is("/machine.slice/libpod-" ID ".scope/container", "podman", ID);
	is_full("/machine.slice/libpod-conmon-" ID ".scope", "podman", ID, "", true);
	/* rootless */
	is(USER_SVC "/user.slice/libpod-" ID ".scope", "podman", ID);
	is(USER_SVC "/user.slice/libpod-" ID ".scope/container", "podman", ID);
	is_full(USER_SVC "/user.slice/libpod-conmon-" ID ".scope", "podman", ID, "", true);
	/* podman pods are not Kubernetes pods */
	is("/machine.slice/machine-libpod_pod_" ID2 ".slice/libpod-" ID ".scope", "podman", ID);
	/* cgroupfs */
	is("/libpod_parent/libpod-" ID, "podman", ID);
}

static void test_systemd(void **state)
{
	(void)state;
	is("/system.slice/nginx.service", "systemd", "nginx.service");
	is("/system.slice/system-getty.slice/getty@tty1.service", "systemd", "getty@tty1.service");
	is("/system.slice/system-systemd\\x2dfsck.slice/systemd-fsck@dev-disk-by\\x2duuid-1234.service",
	   "systemd", "systemd-fsck@dev-disk-by\\x2duuid-1234.service");
	/* The user manager, and the user's own services: the innermost. */
	is(USER_SVC, "systemd", "user@1000.service");
	is(USER_SVC "/init.scope", "systemd", "user@1000.service");
	is(USER_SVC "/app.slice/foo.service", "systemd", "foo.service");
	is(USER_SVC "/session.slice/pipewire.service", "systemd", "pipewire.service");
	/* Delegated services with children of their own */
	is("/system.slice/docker.service", "systemd", "docker.service");
	is("/system.slice/containerd.service", "systemd", "containerd.service");
	is("/system.slice/foo.service/sub/leaf", "systemd", "foo.service");
	/* A container wins over the service it runs in ... */
	is("/system.slice/foo.service/docker-" ID ".scope", "docker", ID);
	/* ... and over one inside it (systemd as the container's init). */
	is("/system.slice/docker-" ID ".scope/system.slice/nginx.service", "docker", ID);
	/* Names systemd would not make. */
	not_container("/system.slice/.service");
	not_container("/system.slice/a b.service");
	not_container("/system.slice/evil\x1b[2J.service");
	not_container("/system.slice/nginx.service.d");
}

static void test_long_unit_name(void **state)
{
	char path[400], name[CGW_UNIT_NAME_MAX + 2];

	(void)state;
	memset(name, 'a', sizeof(name));
	strcpy(name + CGW_UNIT_NAME_MAX - strlen(".service"), ".service");
	snprintf(path, sizeof(path), "/system.slice/%s", name);
	is(path, "systemd", name);
	/* One more character than systemd allows */
	memset(name, 'a', sizeof(name));
	strcpy(name + CGW_UNIT_NAME_MAX + 1 - strlen(".service"), ".service");
	snprintf(path, sizeof(path), "/system.slice/%s", name);
	not_container(path);
}

static void test_nested(void **state)
{
	(void)state;
	is("/system.slice/docker-" ID ".scope/init.scope", "docker", ID);
	is("/system.slice/docker-" ID ".scope/a/b/c", "docker", ID);
	is("/docker/" ID "/sub", "docker", ID);
	/* A container cannot relabel itself from inside. */
	is("/system.slice/docker-" ID ".scope/docker-" ID2 ".scope", "docker", ID);
	is("/docker/" ID "/libpod-" ID2, "docker", ID);
	is_pod("/kubepods/burstable/pod" POD "/" ID "/kubepods/pod" POD "/" ID2, "cri", ID, POD);
	is_pod("/kubepods.slice/kubepods-pod" POD_ ".slice/cri-containerd-" ID ".scope/x/y",
	       "containerd", ID, POD);
	/* Redundant slashes are not components. */
	is("//system.slice//docker-" ID ".scope/", "docker", ID);
	is("system.slice/docker-" ID ".scope", "docker", ID);
}

static void test_not_containers(void **state)
{
	(void)state;
	not_container(NULL);
	not_container("");
	not_container("/");
	not_container("//");
	not_container("/init.scope");
	not_container("/system.slice");
	not_container("/user.slice/user-1000.slice");
	not_container("/user.slice/user-1000.slice/session-2.scope");
	not_container("/machine.slice");
	not_container("/cgA");
	not_container("/cgA/esc");
	not_container("/docker");
	not_container("/docker/notahexid");
	not_container("/docker/" ID "0");
	/* A bare id only counts below docker or a pod. */
	not_container("/" ID);
	not_container("/other/" ID);
	not_container("/libpod_parent/" ID);
	/* Not a container scope, and not a service either */
	not_container("/system.slice/docker-foo.scope");
	not_container("/system.slice/docker-.scope");
	not_container("/system.slice/docker-" ID ".slice");
	not_container("/system.slice/docker-" ID ".scopex");
	not_container("/system.slice/podman-" ID ".scope");
	/* Kubernetes levels without a container */
	not_container("/kubepods");
	not_container("/kubepods/burstable");
	not_container("/kubepods/besteffort");
	not_container("/kubepods/burstable/" ID);
	not_container("/kubepods/burstable/pod" POD);
	not_container("/kubepods.slice");
	not_container("/kubepods.slice/kubepods-burstable.slice");
	not_container("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_ ".slice");
	/* A pod directory only below kubepods */
	not_container("/other/pod" POD "/" ID);
	not_container("/other/burstable/pod" POD "/" ID);
}

static void test_bad_ids(void **state)
{
	char id[sizeof(ID)], path[128];

	(void)state;
	/* truncated, one too long, uppercase, not hex */
	not_container("/system.slice/docker-3f4b0b9c5e1d.scope");
	not_container("/system.slice/docker-" ID "0.scope");
	not_container("/system.slice/crio-" ID2 "0.scope");
	not_container("/system.slice/docker-3F4B0B9C5E1D2A7F8C6E9D0B1A2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E.scope");
	not_container("/docker/3F4B0B9C5E1D2A7F8C6E9D0B1A2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E");
	not_container("/kubepods/pod" POD "/3f4b0b9c5e1d");
	/* Any one bad character in any position */
	for (size_t i = 0; i < strlen(ID); i++) {
		for (const char *bad = "gA-_.G"; *bad; bad++) {
			strcpy(id, ID);
			id[i] = *bad;
			snprintf(path, sizeof(path), "/system.slice/docker-%s.scope", id);
			not_container(path);
			snprintf(path, sizeof(path), "/docker/%s", id);
			not_container(path);
		}
	}
}

static void fmt_is(const char *path, char sep, const char *want)
{
	struct cgw_container c;
	char buf[300];

	assert_true(cgw_container_from_path(path, &c));
	cgw_container_fmt(&c, sep, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_fmt(void **state)
{
	struct cgw_container c;
	char small[8];

	(void)state;
	fmt_is("/system.slice/docker-" ID ".scope", ':', "docker:3f4b0b9c5e1d");
	fmt_is("/kubepods/pod" POD "/" ID2, ':', "cri:e2c1d0b9a8f7");
	fmt_is("/machine.slice/libpod-conmon-" ID ".scope", ':', "podman-conmon:3f4b0b9c5e1d");
	fmt_is("/kubepods/pod" POD "/crio-conmon-" ID, ' ', "crio-conmon 3f4b0b9c5e1d");
	/* Unit names are whole. */
	fmt_is("/system.slice/nginx.service", ':', "systemd:nginx.service");
	fmt_is("/system.slice/a-very-long-service-name.service", ' ',
	       "systemd a-very-long-service-name.service");
	/* Truncated to the buffer */
	assert_true(cgw_container_from_path("/docker/" ID, &c));
	cgw_container_fmt(&c, ':', small, sizeof(small));
	assert_string_equal(small, "docker:");
}

static void arg_path_is(const char *arg, const char *want)
{
	char out[64];

	if (!want) {
		assert_false(cgw_cgroup_arg_path(arg, out, sizeof(out)));
		return;
	}
	assert_true(cgw_cgroup_arg_path(arg, out, sizeof(out)));
	assert_string_equal(out, want);
}

static void test_arg_path(void **state)
{
	char out[6];

	(void)state;
	arg_path_is("/ctr1", "/ctr1");
	arg_path_is("ctr1", "/ctr1");
	arg_path_is("//ctr1//sub/", "/ctr1/sub");
	arg_path_is("/", "/");
	arg_path_is("///", "/");
	arg_path_is("/sys/fs/cgroup", "/");
	arg_path_is("/sys/fs/cgroup/", "/");
	arg_path_is("/sys/fs/cgroup/system.slice/x.scope", "/system.slice/x.scope");
	arg_path_is("/sys/fs/cgroupx", "/sys/fs/cgroupx");
	arg_path_is("/123", "/123");
	/* An id has no path here; nor has nothing. */
	arg_path_is("123", NULL);
	arg_path_is("", NULL);
	/* Too long for out, exactly fitting */
	assert_false(cgw_cgroup_arg_path("/abcdef", out, sizeof(out)));
	assert_true(cgw_cgroup_arg_path("/abcd", out, sizeof(out)));
	assert_string_equal(out, "/abcd");
	assert_false(cgw_cgroup_arg_path("/a", out, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker),
		cmocka_unit_test(test_containerd),
		cmocka_unit_test(test_kubepods_cgroupfs),
		cmocka_unit_test(test_static_pod_uid),
		cmocka_unit_test(test_pod_uid_conversion),
		cmocka_unit_test(test_crio),
		cmocka_unit_test(test_podman),
		cmocka_unit_test(test_systemd),
		cmocka_unit_test(test_long_unit_name),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_not_containers),
		cmocka_unit_test(test_bad_ids),
		cmocka_unit_test(test_fmt),
		cmocka_unit_test(test_arg_path),
	};

	return cmocka_run_group_tests_name("container", tests, NULL, NULL);
}
