/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every bound cgwarden enforces, in one place.  The *_DEFAULT values are
 * what the module parameters of the same name start with; operators see
 * and change them in /sys/module/cgwarden/parameters/ and through
 * `cgwardenctl config`.
 */
#ifndef _CGW_LIMITS_H
#define _CGW_LIMITS_H

enum {
	/* Tracked cgroups: the cgroup id -> state table. */
	CGW_MAX_CGROUPS_DEFAULT = 4096,
	CGW_MAX_CGROUPS_LIMIT = 1 << 20,
	CGW_CG_HASH_BITS = 10,
	/*
	 * Ids of cgroups with state, as bits (a Bloom filter with one hash):
	 * a cgroup whose ancestors' bits are all clear has no tracked
	 * ancestor, found without a lookup.  2 KiB.
	 */
	CGW_CG_HELD_BITS = 14,

	/* argv[0] is read from the new mm this many bytes at a time. */
	CGW_ARGV0_CHUNK = 128,

	/* Model entries per cgroup and over all cgroups. */
	CGW_MAX_ENTRIES_DEFAULT = 65536,
	CGW_MAX_ENTRIES_TOTAL_DEFAULT = 1 << 20,
	CGW_MAX_ENTRIES_LIMIT = 1 << 24,

	/*
	 * Models are made ready ahead of need, since a hook may not sleep
	 * and a hash table cannot be set up without sleeping.  A burst of
	 * more new cgroups than this within one refill is counted as nomem.
	 */
	CGW_MODEL_POOL = 16,

	/* How often state of removed cgroups is looked for and freed. */
	CGW_GC_INTERVAL_MS = 2000,

	/*
	 * Files, directories, fifos and sockets known as made by a cgroup
	 * (created.c), over all cgroups; and creations in flight (one per
	 * task, in a table of this many slots: a power of two).
	 */
	CGW_MAX_CREATED_DEFAULT = 65536,
	CGW_MAX_CREATED_LIMIT = 1 << 24,
	CGW_CREATED_PENDING = 256,

	/*
	 * Learning that ends when quiet: besides quiet_ms of wall time, so
	 * many of the cgroup's own operations seen since its last new entry
	 * (a workload slowed down by load is not quiet).
	 */
	CGW_QUIET_OPS_DEFAULT = 1000,
	CGW_QUIET_OPS_LIMIT = 1 << 30,

	/* A cgroup's start-up (SET_MODE --startup): at most an hour. */
	CGW_STARTUP_MS_LIMIT = 3600 * 1000,

	/* Candidates kept per cgroup for review (learn while protecting). */
	CGW_MAX_CANDIDATES_DEFAULT = 1024,

	/*
	 * Generalisation while learning: names learned in one directory
	 * (for one access) before the directory stands for any name, and
	 * addresses learned on one port before any address.
	 */
	CGW_DIR_NAMES_DEFAULT = 32,
	CGW_NET_ADDRS_DEFAULT = 16,

	/*
	 * Objects one call is decided on (the addresses of an SCTP connectx
	 * or bindx); a call with more is refused in protect.
	 */
	CGW_SEE_MAX_OBJS = 64,

	/* Allows kept per CPU for opens seen before (vcache.c). */
	CGW_VCACHE_BITS = 6,
	CGW_VCACHE_SLOTS = 1 << CGW_VCACHE_BITS,

	/* Bits of the per-cgroup filter of written files (severity). */
	CGW_WRITTEN_BITS = 2048,

	/* CGW_POLICY_MAX_BYTES and CGW_IMPORT_MAX: in the uapi header. */

	/* Alert dedup: one record per cgroup+object+verdict per window. */
	CGW_ALERT_WINDOW_MS_DEFAULT = 10000,
	CGW_ALERT_WINDOW_MS_LIMIT = 3600 * 1000,
	CGW_ALERT_SLOTS_BITS = 10,

	/*
	 * Audit records per second over all cgroups, and burst.  The burst
	 * stays under the kernel's default audit backlog (64): past it the
	 * audit subsystem drops records, or panics with auditctl -f 2.
	 */
	CGW_AUDIT_PER_SEC = 50,
	CGW_AUDIT_BURST = 32,
	/*
	 * ... plus a reserve only high severity (an explicit deny, a
	 * secret read, a written program run, what could not be checked)
	 * spends: a storm of lesser alerts cannot silence those.
	 */
	CGW_AUDIT_HIGH_PER_SEC = 20,
	CGW_AUDIT_HIGH_BURST = 16,

	/*
	 * The same per cgroup subtree (a cgroup and the ones that inherited
	 * its state), well under the global budget: one tenant's storm
	 * cannot spend what the others' alerts need.
	 */
	CGW_CG_AUDIT_PER_SEC = 10,
	CGW_CG_AUDIT_BURST = 8,
	CGW_CG_AUDIT_HIGH_PER_SEC = 2,
	CGW_CG_AUDIT_HIGH_BURST = 4,

	/*
	 * Events per cgroup subtree: a listener takes more than the audit
	 * log, but one tenant must not fill its socket alone.
	 */
	CGW_CG_EVENT_PER_SEC = 200,
	CGW_CG_EVENT_BURST = 100,
	CGW_CG_EVENT_HIGH_PER_SEC = 20,
	CGW_CG_EVENT_HIGH_BURST = 20,
};

#endif /* _CGW_LIMITS_H */
