// SPDX-License-Identifier: GPL-2.0
/*
 * What cgroup_sys.c provides to the pure-logic files, for the KUnit
 * build: a liveness check.  cgroup_sys.c is not built into UML; it needs
 * real cgroups.
 */
#include "cgroup.h"

/* Suites pass their own liveness callbacks to cgw_cgroup_reap(). */
bool cgw_cgroup_alive(u64 id)
{
	return true;
}
