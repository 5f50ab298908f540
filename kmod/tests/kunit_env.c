// SPDX-License-Identifier: GPL-2.0
/*
 * What main.c provides to the pure-logic files, for the KUnit build: the
 * configuration with its defaults, the statistics, and a liveness check.
 * main.c is not built into UML; it needs hooks and real cgroups.
 */
#include "cgwarden.h"

struct cgw_config cgw_config = CGW_CONFIG_DEFAULTS;

struct cgw_stats cgw_stats;

/* Suites pass their own liveness callbacks to cgw_cgroup_reap(). */
bool cgw_cgroup_alive(u64 id)
{
	return true;
}
