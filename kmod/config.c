// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration every other file reads, with its defaults (module
 * parameters in main.c may change them at load), and the global
 * statistics.  Kept apart from main.c so that the pure-logic files and
 * their KUnit build need nothing of the module's setup.
 */
#include "config.h"

struct cgw_config cgw_config = {
	.default_mode = CGW_MODE_OFF,
	.max_cgroups = CGW_MAX_CGROUPS_DEFAULT,
	.max_entries = CGW_MAX_ENTRIES_DEFAULT,
	.max_entries_total = CGW_MAX_ENTRIES_TOTAL_DEFAULT,
	.alert_window_ms = CGW_ALERT_WINDOW_MS_DEFAULT,
	.then_mode = CGW_MODE_MONITOR,
	.max_candidates = CGW_MAX_CANDIDATES_DEFAULT,
	.dir_names = CGW_DIR_NAMES_DEFAULT,
	.net_addrs = CGW_NET_ADDRS_DEFAULT,
	.max_created = CGW_MAX_CREATED_DEFAULT,
	.quiet_ops = CGW_QUIET_OPS_DEFAULT,
	.exe_pairing = true,
	.collapse_names = true,
};

struct cgw_stats cgw_stats;
