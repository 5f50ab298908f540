/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run-time configuration (module parameters, netlink SET_CONFIG) and the
 * global statistics reported by status.  Defined in config.c.
 */
#ifndef _CGW_CONFIG_H
#define _CGW_CONFIG_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <uapi/cgwarden.h>
#include "limits.h"

#define CGW_VERSION "0.1.0"

struct cgw_config {
	unsigned int default_mode;
	unsigned int max_cgroups;
	unsigned int max_entries;
	unsigned int max_entries_total;
	unsigned int alert_window_ms;
	/* Learning that ends itself, for cgroups that start learning. */
	unsigned int max_candidates;	/* per cgroup */
	unsigned int quiet_ms;		/* 0: learn until told otherwise */
	unsigned int then_mode;
	unsigned int min_learn_ms;
	/* Generalisation while learning: see model.c, generalise.c. */
	unsigned int dir_names;		/* 0: never make DIR entries */
	unsigned int net_addrs;		/* 0: never make ADDR entries */
	unsigned int max_created;	/* created.c, all cgroups */
	unsigned int quiet_ops;		/* 0: quiet is wall time alone */
	bool exe_pairing;
	bool collapse_names;
};

extern struct cgw_config cgw_config;

/* Global statistics, exported through status. */
struct cgw_stats {
	atomic64_t cgroups_full;
	atomic64_t model_full;
	atomic64_t nomem;
	atomic64_t undecided;
	atomic64_t audit_records;
	atomic64_t audit_suppressed;
	atomic64_t cgroups_released;
	atomic64_t tamper;
	atomic64_t events;
	atomic64_t events_dropped;
	atomic64_t breaker_trips;
	atomic64_t generalised;
	atomic64_t created_full;	/* creations not remembered: full */
};

extern struct cgw_stats cgw_stats;

#endif /* _CGW_CONFIG_H */
