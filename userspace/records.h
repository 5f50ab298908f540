/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel reports, decoded from netlink.  The verbs fill these;
 * output.c renders them, as a table for people or as JSON for scripts,
 * so both forms always say the same thing.
 */
#ifndef CGW_RECORDS_H
#define CGW_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uapi/cgwarden.h"

/* Which CGW_CONFIG_A_* were present (sent, for SET_CONFIG). */
#define CGW_CONFIG_HAS(attr)	(1u << (attr))

struct cgw_config_rec {
	uint32_t present;
	uint8_t default_mode;
	uint32_t max_cgroups;
	uint32_t max_entries;
	uint32_t max_entries_total;
	uint32_t alert_window_ms;
	uint32_t quiet_ms, min_learn_ms;	/* new learning cgroups */
	uint8_t then_mode;
	/* Generalisation while learning; 0 (false) = off. */
	uint32_t dir_names, net_addrs;
	uint8_t exe_pairing, collapse_names;
	uint32_t max_created;	/* files known as made by cgroups, all */
	uint32_t quiet_ops;	/* new learning cgroups; 0: wall time alone */
};

/*
 * Every config value, in the order shown: its attribute, its name in
 * JSON (and, with '-' for '_', in tables), the option that sets it, and
 * where it is in struct cgw_config_rec (u8 or u32).
 */
enum cgw_cfg_type { CGW_CFG_NUM, CGW_CFG_MS, CGW_CFG_MODE, CGW_CFG_THEN, CGW_CFG_SWITCH };

struct cgw_config_field {
	int attr;
	const char *key, *opt;
	uint8_t type;
	bool u8;
	size_t off;
};

extern const struct cgw_config_field cgw_config_fields[];
extern const size_t cgw_config_nfields;
uint32_t cgw_config_get(const struct cgw_config_rec *c, const struct cgw_config_field *f);
void cgw_config_set(struct cgw_config_rec *c, const struct cgw_config_field *f, uint32_t v);

struct cgw_hook_rec {
	uint8_t op;
	uint8_t state;
	char symbol[128];
	uint64_t calls, missed, alerts, denials;
};

struct cgw_stats_rec {
	uint32_t cgroups, entries;
	uint64_t cgroups_full, model_full, nomem, undecided;
	uint64_t audit_records, audit_suppressed, cgroups_released;
	uint64_t tamper;	/* times the hooks were found disarmed */
	uint64_t events, events_dropped;
	uint64_t breaker_trips;	/* protect -> monitor by a circuit breaker */
	uint64_t vcache_hits;	/* opens allowed as seen before, no lookup */
	uint64_t generalised;	/* DIR and ADDR entries made while learning */
	uint32_t created;	/* files known as made by a cgroup, now */
	uint64_t created_full;	/* creations not remembered: max_created */
	uint64_t lock_refused;	/* requests the lock refused */
	/* fault-injection builds of the module only */
	bool has_faults;
	uint64_t faults_injected;
};

/* A few hooks per operation at most; room for a kernel that reports more. */
#define CGW_MAX_HOOKS 64

/*
 * A file entry's access as text, with its NUL: open's letters, then the
 * name of every other bit after a comma ("r---,mount", "mount").
 */
#define CGW_ACCESS_STR 192

struct cgw_status_rec {
	char version[64];
	bool locked;		/* until reboot: see cgwardenctl lock */
	struct cgw_config_rec config;
	struct cgw_hook_rec hooks[CGW_MAX_HOOKS];
	size_t nhooks;
	struct cgw_stats_rec stats;
};

struct cgw_cgroup_rec {
	uint64_t id;
	char *path;		/* owned; NULL if not sent */
	uint8_t mode;
	uint32_t entries, candidates;
	uint64_t calls[CGW_OP_COUNT];
	uint64_t alerts, denials, model_full;
	uint64_t first_seen_ns, last_new_ns;
	/* Learning that ends itself: quiet_ms 0 = not set. */
	uint64_t learn_since_ns, now_ns;
	uint32_t quiet_ms, min_learn_ms;
	uint32_t quiet_ops;	/* operations without a new entry needed */
	uint64_t ops_since_new;
	uint8_t then_mode;
	uint32_t breaker;	/* denials per second before monitor; 0 = off */
	uint64_t held;		/* alerts whose audit record a budget held back */
	uint64_t events_held;	/* ... whose event a budget held back */
	uint32_t startup_ms;	/* its start-up's length; 0: none */
	bool starting;		/* in its start-up now */
};

struct cgw_entry_rec {
	uint8_t kind;
	char *path;		/* owned; NULL if not sent */
	char *name;		/* owned; exec entries */
	uint32_t access;	/* CGW_ACC_* (file), CGW_NET_* (net, unix) */
	uint16_t family;	/* net entries */
	uint8_t proto;
	uint8_t type;		/* net: SOCK_*; 0 if not sent */
	uint8_t addr[16];
	uint8_t addrlen;
	uint16_t port;
	uint64_t hits;
	/*
	 * FILE, NET, UNIX: the program the entry is bound to (exe pairing);
	 * owned, NULL when not bound.
	 */
	char *exe;
	/*
	 * enum cgw_wild: DIR stands for every name in the directory path,
	 * ADDR for every address (addr is zero) on family, proto and port.
	 */
	uint8_t wild;
	bool startup;		/* learned only in start-ups: grants only there */
	uint32_t id;		/* for accept (candidates) and remove */
	/* candidates only: seconds since boot */
	uint32_t first_seen, last_seen, now;
};

#endif
