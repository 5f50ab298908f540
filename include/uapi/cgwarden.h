/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * cgwarden: the one contract between the kernel module and its CLI.
 *
 * Errors: EPERM for a caller without the capabilities below, or in a
 * watched cgroup, or a change the lock refuses; EINVAL for a malformed
 * request (with an extack message); ENOENT when a
 * cgroup id names no live cgroup (SET_MODE) or an untracked one (MODEL_*);
 * ENOSPC when the cgroup table is full.
 *
 * Paths are as the kernel prints them: cgroup paths relative to the
 * cgroup2 root ("/" for the root), abstract unix names with a leading '@'.
 *
 * Control goes through the generic netlink family CGW_GENL_NAME, available
 * in the initial network namespace only.  Permissions, checked on the
 * sender's credentials in the initial user namespace:
 *
 *  - every command needs CAP_NET_ADMIN; the read-only ones (STATUS, LIST,
 *    MODEL_GET, POLICY_GET) need nothing more;
 *  - every command that changes state (SET_MODE, MODEL_CLEAR, SET_CONFIG,
 *    POLICY_SET, POLICY_CLEAR, MODEL_IMPORT, MODEL_ACCEPT, MODEL_REMOVE,
 *    LOCK) also needs CAP_SYS_ADMIN or CAP_MAC_ADMIN, and is refused
 *    (EPERM, with a message) from a task in a cgroup cgwarden watches:
 *    one whose mode is not off, or below one (the root cgroup, the
 *    host's own, is not watched in this sense);
 *  - joining the events group needs CAP_SYS_ADMIN (and CAP_NET_ADMIN).
 *
 * A cgroup is named by its cgroup v2 id: the inode number of its directory
 * under the cgroup2 mount, as cgroup_id() returns it in the kernel.
 */
#ifndef _UAPI_CGWARDEN_H
#define _UAPI_CGWARDEN_H

#define CGW_GENL_NAME		"cgwarden"
#define CGW_GENL_VERSION	1
#define CGW_MCGRP_EVENTS	"events"

/* Longest path (with its NUL) kept in a model entry or sent in a message. */
#define CGW_PATH_MAX		4096
/* Longest invoked name of an executable (basename), with its NUL. */
#define CGW_NAME_MAX		256

/*
 * Operations cgwarden mediates, one per hooked security_*() function or
 * family of them; an audit record's op= names one.  Names-changing file
 * operations and the mount family are modelled like opens: a FILE entry
 * with the access bit of the operation (CGW_ACC_*).  Socket operations
 * are NET (or UNIX) entries with a CGW_NET_* access bit.
 */
enum cgw_op {
	CGW_OP_EXEC,		/* security_bprm_check: a program is executed */
	CGW_OP_OPEN,		/* security_file_open: a file is opened */
	CGW_OP_CONNECT,		/* security_socket_connect */
	CGW_OP_SENDMSG,		/* security_socket_sendmsg: sends with an address */
	CGW_OP_CREATE,		/* a regular file, fifo or socket file made */
	CGW_OP_MKDIR,
	CGW_OP_SYMLINK,
	CGW_OP_LINK,		/* a hard link: the new name */
	CGW_OP_RENAME,		/* both names */
	CGW_OP_UNLINK,
	CGW_OP_RMDIR,
	CGW_OP_TRUNCATE,
	CGW_OP_CHMOD,
	CGW_OP_CHOWN,
	CGW_OP_MOUNT,		/* mount, move_mount: the mount point */
	CGW_OP_UMOUNT,
	CGW_OP_PIVOT_ROOT,
	CGW_OP_CHROOT,
	CGW_OP_PTRACE,		/* of another task: its program */
	CGW_OP_NAMESPACE,	/* a mount or user namespace made or entered */
	CGW_OP_MMAP,		/* a file mapped executable */
	CGW_OP_SOCKET,		/* security_socket_create */
	CGW_OP_BIND,
	CGW_OP_LISTEN,
	CGW_OP_ACCEPT,
	/* a task placed in another cgroup: cgroup.procs, clone3 */
	CGW_OP_CGROUP,
	CGW_OP_COUNT
};

/* Per-cgroup modes.  OFF: nothing is recorded or enforced. */
enum cgw_mode {
	CGW_MODE_OFF,
	CGW_MODE_LEARN,		/* allow, and add what is new to the model */
	CGW_MODE_MONITOR,	/* allow, alert on what the model never saw */
	CGW_MODE_PROTECT,	/* refuse what the model never saw, and alert */
	CGW_MODE_COUNT
};

enum cgw_verdict {
	CGW_VERDICT_ALLOW,
	CGW_VERDICT_ALERT,	/* allowed, but reported */
	CGW_VERDICT_DENY,	/* refused with -EPERM, and reported */
	CGW_VERDICT_COUNT
};

/* Why a verdict was reached, for alerts. */
enum cgw_reason {
	CGW_REASON_MODEL,	/* the object is in the model (or was learned) */
	CGW_REASON_NEW,		/* the object is not in the model */
	CGW_REASON_FULL,	/* the model is full: could not learn */
	CGW_REASON_NOMEM,	/* allocation failed: could not learn or check */
	CGW_REASON_UNDECIDED,	/* re-entry or a path that could not be built */
	CGW_REASON_POLICY_DENY,	/* an explicit deny rule matched */
	CGW_REASON_POLICY_ALLOW,	/* an explicit allow rule matched */
	/*
	 * A program (or a file mapped to run) changed after the cgroup
	 * stopped learning: written, created, renamed or linked since.
	 * Refused in protect whatever its name or the model says.
	 */
	CGW_REASON_DRIFT,
	/* a task placed outside the closed subtree of its cgroup */
	CGW_REASON_ESCAPE,
	/*
	 * A link or rename would give an object a name with more access
	 * (read, write, append, exec) than the name it has.
	 */
	CGW_REASON_WIDENS,
	/* A name longer than what is compared (CGW_NAME_MAX - 1, argv[0]) */
	CGW_REASON_TOO_LONG,
	/*
	 * A program the model learned as run by other programs only: an
	 * exec entry is bound to the program that runs it (exe pairing).
	 */
	CGW_REASON_OTHER_EXE,
	CGW_REASON_COUNT
};

/*
 * The names of the enums above, in their order, as audit records, events
 * and the CLI spell them: one spelling for the kernel and the CLI.
 */
#define CGW_OP_NAMES		{ "exec", "open", "connect", "sendmsg", \
				  "create", "mkdir", "symlink", "link", \
				  "rename", "unlink", "rmdir", "truncate", \
				  "chmod", "chown", "mount", "umount", \
				  "pivot_root", "chroot", "ptrace", \
				  "namespace", "mmap", "socket", "bind", \
				  "listen", "accept", "cgroup" }
#define CGW_MODE_NAMES		{ "off", "learn", "monitor", "protect" }
#define CGW_VERDICT_NAMES	{ "allow", "alert", "deny" }
#define CGW_REASON_NAMES	{ "model", "not-in-model", "model-full", \
				  "no-memory", "undecided", "policy-deny", \
				  "policy-allow", "drift", "leaves-subtree", \
				  "widens-access", "too-long", "other-program" }

/* Model entry kinds. */
enum cgw_kind {
	CGW_KIND_EXEC,		/* executable path + invoked name */
	CGW_KIND_FILE,		/* file path + access bits */
	CGW_KIND_NET,		/* family, protocol, address, port */
	CGW_KIND_UNIX,		/* unix socket path (or abstract name) */
	CGW_KIND_COUNT
};

#define CGW_KIND_NAMES		{ "exec", "file", "net", "unix" }

/*
 * Entries the model made by generalising what it learned, so an operator
 * sees (and can remove) each widening: DIR stands for every name in the
 * directory PATH, for its ACCESS; ADDR for every address on its port.
 */
enum cgw_wild {
	CGW_WILD_NONE,
	CGW_WILD_DIR,		/* FILE: any name in the directory PATH */
	CGW_WILD_ADDR,		/* NET: any address, this family/proto/port */
	/*
	 * FILE: any name in the directory PATH whose file (directory,
	 * fifo, socket) the cgroup created itself, while it was tracked:
	 * "creates and then uses its own files there".  Never a file that
	 * already existed, or that the host or another cgroup made.
	 */
	CGW_WILD_CREATED,
	CGW_WILD_COUNT
};

#define CGW_WILD_NAMES		{ "", "dir", "any-address", "created" }

/* How much an alert matters, for triage. */
enum cgw_severity {
	CGW_SEV_LOW,		/* a new read, a known kind of deviation */
	CGW_SEV_MEDIUM,		/* a new program, endpoint or written file */
	/*
	 * A program written in this cgroup is run, a write to where
	 * programs live, an explicit deny, or no check was possible.
	 */
	CGW_SEV_HIGH,
	CGW_SEV_COUNT
};

#define CGW_SEV_NAMES		{ "low", "medium", "high" }

/*
 * Access bits of a file entry. WRITE implies APPEND.  Beyond open's four,
 * one bit per operation that makes, removes or re-points a name, so that
 * a model says which names a cgroup may change and how.
 */
#define CGW_ACC_READ		0x1
#define CGW_ACC_WRITE		0x2	/* also O_TRUNC, truncate(2) */
#define CGW_ACC_APPEND		0x4
#define CGW_ACC_EXEC		0x8	/* execve, mmap/mprotect PROT_EXEC */
#define CGW_ACC_CREATE		0x10	/* O_CREAT of a new file, mknod, mkdir, symlink */
#define CGW_ACC_DELETE		0x20	/* unlink, rmdir */
#define CGW_ACC_LINK		0x40	/* the new name of a hard link */
#define CGW_ACC_RENAME_FROM	0x80	/* renamed away from this name */
#define CGW_ACC_RENAME_TO	0x100	/* renamed to this name */
#define CGW_ACC_CHMOD		0x200
#define CGW_ACC_CHOWN		0x400
#define CGW_ACC_MOUNT		0x800	/* mounted on: mount, move_mount, pivot_root */
#define CGW_ACC_UMOUNT		0x1000
#define CGW_ACC_CHROOT		0x2000
#define CGW_ACC_PTRACE		0x4000	/* the program of a task traced */
/* a namespace made or entered: the path is /proc/self/ns/<type> */
#define CGW_ACC_NS		0x8000
#define CGW_ACC_ALL		0xffff

/* The access bits' names, lowest bit first, as records and the CLI spell them. */
#define CGW_ACC_NAMES		{ "r", "w", "a", "x", "create", "delete", \
				  "link", "rename-from", "rename-to", \
				  "chmod", "chown", "mount", "umount", \
				  "chroot", "ptrace", "ns" }

/*
 * Access bits of a NET or UNIX entry: what a socket did with the address
 * (for CREATE: the family, type and protocol; no address).  0 in an
 * imported entry means CONNECT, the only one models had before.
 */
#define CGW_NET_CONNECT		0x1	/* connect, or send to */
#define CGW_NET_BIND		0x2	/* the local address */
#define CGW_NET_LISTEN		0x4	/* the local address */
#define CGW_NET_ACCEPT		0x8	/* the local address */
#define CGW_NET_CREATE		0x10	/* a socket made */
#define CGW_NET_ALL		0x1f

#define CGW_NET_NAMES		{ "connect", "bind", "listen", "accept", \
				  "create" }

/* How a hook is attached. */
enum cgw_hook_state {
	CGW_HOOK_DETACHED,
	CGW_HOOK_FTRACE,	/* ftrace op with IPMODIFY: can enforce */
	CGW_HOOK_KPROBE,	/* kprobe pre-handler fallback: can enforce */
	CGW_HOOK_FAILED,	/* could not attach: operations pass unseen */
	CGW_HOOK_DISARMED,	/* kprobe attached, but kprobes were disarmed */
	/*
	 * A kprobe, because another ftrace owner modifies the ip of the
	 * function (a livepatch): its ip change overrides a refusal, so the
	 * hook sees and reports but cannot be relied on to refuse.
	 */
	CGW_HOOK_SHADOWED,
	CGW_HOOK_STATE_COUNT
};

#define CGW_HOOK_STATE_NAMES	{ "detached", "ftrace", "kprobe", "failed", \
				  "disarmed", "shadowed" }

enum cgw_cmd {
	CGW_CMD_UNSPEC,
	CGW_CMD_STATUS,		/* -> VERSION, HOOK*, STATS, CONFIG */
	CGW_CMD_SET_MODE,	/* CGROUP_ID, MODE: set one cgroup's mode */
	CGW_CMD_LIST,		/* dump: one CGROUP nest per tracked cgroup */
	CGW_CMD_MODEL_GET,	/* dump, CGROUP_ID: one ENTRY nest per entry */
	CGW_CMD_MODEL_CLEAR,	/* CGROUP_ID */
	CGW_CMD_SET_CONFIG,	/* CONFIG nest: defaults and limits */
	CGW_CMD_EVENT,		/* kernel -> "events" group: one EVENT nest */
	CGW_CMD_POLICY_SET,	/* RULE nests: replace the policy, whole */
	CGW_CMD_POLICY_GET,	/* dump: one RULE nest per message */
	CGW_CMD_POLICY_CLEAR,	/* no policy: models alone decide */
	CGW_CMD_MODEL_IMPORT,	/* CGROUP_ID, ENTRY nests: add to the model */
	CGW_CMD_MODEL_ACCEPT,	/* CGROUP_ID, CAND_ID or ALL: fold candidates */
	CGW_CMD_MODEL_REMOVE,	/* CGROUP_ID, CAND_ID (entry ids): undo */
	/*
	 * Lock until reboot: the module cannot be unloaded (through any
	 * syscall entry, forced or not), and whatever would weaken
	 * enforcement or alerting is refused with EPERM (mode downgrades,
	 * in the order off < learn < monitor < protect; policy changes;
	 * clearing or widening models of monitored and protected cgroups;
	 * and of the tunables, through netlink or sysfs: lowering
	 * max_cgroups or max_candidates, raising alert_window_ms, learning
	 * longer (quiet_ms, min_learn_ms), generalising sooner (dir_names,
	 * net_addrs), exe pairing off, name collapsing on).  No undo.
	 */
	CGW_CMD_LOCK,
	__CGW_CMD_MAX
};

#define CGW_CMD_MAX (__CGW_CMD_MAX - 1)

/* Top-level attributes. */
enum cgw_attr {
	CGW_A_UNSPEC,
	CGW_A_VERSION,		/* string: module version */
	CGW_A_HOOK,		/* nest of CGW_HOOK_A_*, one per operation */
	CGW_A_STATS,		/* nest of CGW_STATS_A_* */
	CGW_A_CONFIG,		/* nest of CGW_CONFIG_A_* */
	CGW_A_CGROUP_ID,	/* u64 */
	CGW_A_MODE,		/* u8, enum cgw_mode */
	CGW_A_CGROUP,		/* nest of CGW_CG_A_* */
	CGW_A_ENTRY,		/* nest of CGW_ENTRY_A_* */
	CGW_A_PAD,
	CGW_A_EVENT,		/* nest of CGW_EV_A_* */
	CGW_A_RULE,		/* nest of CGW_RULE_A_*, repeated in POLICY_SET */
	CGW_A_GENERATION,	/* u64: policy generation (POLICY_GET) */
	/* u32, SET_MODE learn: promote after so long with no new entry */
	CGW_A_QUIET_MS,
	CGW_A_THEN_MODE,	/* u8, SET_MODE: monitor or protect */
	CGW_A_MIN_LEARN_MS,	/* u32, SET_MODE: learn at least this long */
	CGW_A_CANDIDATES,	/* flag, MODEL_GET: dump the candidates */
	CGW_A_CAND_ID,		/* u32, MODEL_ACCEPT: one candidate; repeated */
	CGW_A_ALL,		/* flag, MODEL_ACCEPT: every candidate */
	/*
	 * u32, SET_MODE: circuit breaker.  A protected cgroup refusing more
	 * than this many operations in a second drops to monitor, loudly.
	 * 0: never.
	 */
	CGW_A_BREAKER,
	CGW_A_LOCKED,		/* flag, STATUS: locked until reboot */
	/*
	 * u32, SET_MODE learn with QUIET_MS: quiet also needs this many of
	 * the cgroup's own operations seen since its last new entry (0:
	 * wall time alone).  Absent: the configured quiet_ops.
	 */
	CGW_A_QUIET_OPS,
	/*
	 * u32, SET_MODE: the cgroup's start-up, and that of every cgroup
	 * made below it, lasts this long from its birth, or until its tasks
	 * first listen on a socket.  Entries first learned in a start-up
	 * grant only to a cgroup in its start-up.  0: no start-up.
	 * Absent: unchanged.
	 */
	CGW_A_STARTUP_MS,
	__CGW_A_MAX
};

#define CGW_A_MAX (__CGW_A_MAX - 1)

enum cgw_hook_attr {
	CGW_HOOK_A_UNSPEC,
	CGW_HOOK_A_OP,		/* u8, enum cgw_op */
	CGW_HOOK_A_SYMBOL,	/* string: the hooked kernel function */
	CGW_HOOK_A_STATE,	/* u8, enum cgw_hook_state */
	CGW_HOOK_A_CALLS,	/* u64: calls seen */
	CGW_HOOK_A_MISSED,	/* u64: calls passed undecided (re-entry) */
	CGW_HOOK_A_ALERTS,	/* u64 */
	CGW_HOOK_A_DENIALS,	/* u64 */
	CGW_HOOK_A_PAD,
	__CGW_HOOK_A_MAX
};

#define CGW_HOOK_A_MAX (__CGW_HOOK_A_MAX - 1)

enum cgw_stats_attr {
	CGW_STATS_A_UNSPEC,
	CGW_STATS_A_CGROUPS,		/* u32: cgroups tracked now */
	CGW_STATS_A_ENTRIES,		/* u32: model entries, all cgroups */
	CGW_STATS_A_CGROUPS_FULL,	/* u64: cgroups not tracked, table full */
	CGW_STATS_A_MODEL_FULL,		/* u64: entries not learned, cap hit */
	CGW_STATS_A_NOMEM,		/* u64: allocations that failed */
	CGW_STATS_A_UNDECIDED,		/* u64: objects not resolvable */
	CGW_STATS_A_AUDIT_RECORDS,	/* u64: audit records emitted */
	CGW_STATS_A_AUDIT_SUPPRESSED,	/* u64: records held back by limits */
	CGW_STATS_A_CGROUPS_RELEASED,	/* u64: state freed, cgroup gone */
	CGW_STATS_A_TAMPER,		/* u64: hooks found disarmed */
	CGW_STATS_A_EVENTS,		/* u64: events multicast */
	CGW_STATS_A_EVENTS_DROPPED,	/* u64: events a listener missed */
	CGW_STATS_A_BREAKER_TRIPS,	/* u64: protect -> monitor by breaker */
	CGW_STATS_A_GENERALISED,	/* u64: DIR and ADDR entries made */
	CGW_STATS_A_VCACHE_HITS,	/* u64: opens allowed as seen before */
	CGW_STATS_A_PAD,
	/* u64: allocations failed on purpose; fault-injection builds only */
	CGW_STATS_A_FAULTS_INJECTED,
	CGW_STATS_A_LOCK_REFUSED,	/* u64: requests refused by the lock */
	/* u32: files, directories, fifos, sockets known as made by a cgroup */
	CGW_STATS_A_CREATED,
	/* u64: creations not remembered, max_created reached (not "own") */
	CGW_STATS_A_CREATED_FULL,
	__CGW_STATS_A_MAX
};

#define CGW_STATS_A_MAX (__CGW_STATS_A_MAX - 1)

enum cgw_config_attr {
	CGW_CONFIG_A_UNSPEC,
	CGW_CONFIG_A_DEFAULT_MODE,	/* u8: mode of newly seen cgroups */
	CGW_CONFIG_A_MAX_CGROUPS,	/* u32 */
	CGW_CONFIG_A_MAX_ENTRIES,	/* u32: per cgroup */
	CGW_CONFIG_A_MAX_ENTRIES_TOTAL,	/* u32: all cgroups */
	CGW_CONFIG_A_ALERT_WINDOW_MS,	/* u32: dedup window for alerts */
	CGW_CONFIG_A_QUIET_MS,		/* u32: for new learning cgroups */
	CGW_CONFIG_A_THEN_MODE,		/* u8: for new learning cgroups */
	CGW_CONFIG_A_MIN_LEARN_MS,	/* u32: for new learning cgroups */
	/* u32: learned names in a directory (per access) before DIR; 0 off */
	CGW_CONFIG_A_DIR_NAMES,
	/* u32: learned addresses on a port before ADDR; 0 off */
	CGW_CONFIG_A_NET_ADDRS,
	/* u8: bind file and network entries to the executable (pairing) */
	CGW_CONFIG_A_EXE_PAIRING,
	/* u8: per-instance file name parts (mkstemp suffixes) become '*' */
	CGW_CONFIG_A_COLLAPSE_NAMES,
	/* u32: objects made by cgroups remembered at once, all cgroups */
	CGW_CONFIG_A_MAX_CREATED,
	/* u32: operations without a new entry quiet needs (new learners) */
	CGW_CONFIG_A_QUIET_OPS,
	__CGW_CONFIG_A_MAX
};

#define CGW_CONFIG_A_MAX (__CGW_CONFIG_A_MAX - 1)

enum cgw_cg_attr {
	CGW_CG_A_UNSPEC,
	CGW_CG_A_ID,		/* u64 */
	CGW_CG_A_PATH,		/* string, relative to the cgroup2 root */
	CGW_CG_A_MODE,		/* u8 */
	CGW_CG_A_ENTRIES,	/* u32 */
	CGW_CG_A_CALLS,		/* nest: u64 per op, type CGW_CG_CALLS_A(op) */
	CGW_CG_A_ALERTS,	/* u64 */
	CGW_CG_A_DENIALS,	/* u64 */
	CGW_CG_A_MODEL_FULL,	/* u64: entries not learned, cap hit */
	CGW_CG_A_FIRST_SEEN,	/* u64: ns since boot */
	CGW_CG_A_LAST_NEW,	/* u64: ns since boot of the last new entry */
	CGW_CG_A_PAD,
	CGW_CG_A_QUIET_MS,	/* u32: learning ends after this quiet time */
	CGW_CG_A_THEN_MODE,	/* u8: ... and moves to this mode */
	CGW_CG_A_LEARN_SINCE,	/* u64: ns since boot learning began */
	CGW_CG_A_MIN_LEARN_MS,	/* u32 */
	CGW_CG_A_NOW,		/* u64: ns since boot when this was sent */
	CGW_CG_A_BREAKER,	/* u32: denials per second before monitor */
	CGW_CG_A_HELD,		/* u64: alerts whose audit record a budget held back */
	CGW_CG_A_EVENTS_HELD,	/* u64: alerts whose event a budget held back */
	CGW_CG_A_QUIET_OPS,	/* u32: operations quiet needs (learning) */
	CGW_CG_A_OPS_SINCE_NEW,	/* u64: operations since the last new entry */
	CGW_CG_A_CANDIDATES,	/* u32: candidate entries, for review */
	CGW_CG_A_STARTUP_MS,	/* u32: its start-up's length (0: none) */
	CGW_CG_A_STARTING,	/* flag: in its start-up now */
	__CGW_CG_A_MAX
};

#define CGW_CG_A_MAX (__CGW_CG_A_MAX - 1)
#define CGW_CG_CALLS_A(op)	((op) + 1)

enum cgw_entry_attr {
	CGW_ENTRY_A_UNSPEC,
	CGW_ENTRY_A_KIND,	/* u8, enum cgw_kind */
	CGW_ENTRY_A_PATH,	/* string: file, executable or unix path */
	CGW_ENTRY_A_NAME,	/* string: invoked name of an executable */
	CGW_ENTRY_A_ACCESS,	/* u32: CGW_ACC_* (file), CGW_NET_* (net, unix) */
	CGW_ENTRY_A_FAMILY,	/* u16: AF_INET, AF_INET6 */
	CGW_ENTRY_A_PROTO,	/* u8: IPPROTO_TCP, IPPROTO_UDP, ... */
	CGW_ENTRY_A_ADDR,	/* binary: 4 or 16 bytes, network order */
	CGW_ENTRY_A_PORT,	/* u16, host order */
	CGW_ENTRY_A_HITS,	/* u64 */
	CGW_ENTRY_A_PAD,
	CGW_ENTRY_A_ID,		/* u32: the entry's id (accept, remove) */
	CGW_ENTRY_A_FIRST_SEEN,	/* u32: seconds since boot */
	CGW_ENTRY_A_LAST_SEEN,	/* u32: seconds since boot */
	CGW_ENTRY_A_NOW,	/* u32: seconds since boot, when sent */
	/* string: the executable a FILE, NET or UNIX entry is bound to */
	CGW_ENTRY_A_EXE,
	CGW_ENTRY_A_WILD,	/* u8, enum cgw_wild */
	CGW_ENTRY_A_TYPE,	/* u8: NET socket type (SOCK_STREAM, SOCK_RAW...) */
	/* flag: learned only in start-ups; grants only in a start-up */
	CGW_ENTRY_A_STARTUP,
	__CGW_ENTRY_A_MAX
};

#define CGW_ENTRY_A_MAX (__CGW_ENTRY_A_MAX - 1)

/*
 * An alert or a denial, multicast to the CGW_MCGRP_EVENTS group (joining
 * it needs CAP_SYS_ADMIN and CAP_NET_ADMIN in the initial user namespace).  One event per
 * audit record: deduplicated the same way, but not rate limited; a
 * listener that does not keep up loses events, counted in status.
 */
enum cgw_event_attr {
	CGW_EV_A_UNSPEC,
	CGW_EV_A_TIME,		/* u64: ns since the epoch */
	CGW_EV_A_CGROUP_ID,	/* u64 */
	CGW_EV_A_CGROUP,	/* string: path relative to the cgroup2 root */
	CGW_EV_A_PID,		/* u32: thread group id, in the initial pid ns */
	CGW_EV_A_COMM,		/* string */
	CGW_EV_A_EXE,		/* string: executable of the task */
	CGW_EV_A_OP,		/* u8, enum cgw_op */
	CGW_EV_A_MODE,		/* u8, enum cgw_mode */
	CGW_EV_A_VERDICT,	/* u8, enum cgw_verdict */
	CGW_EV_A_REASON,	/* u8, enum cgw_reason */
	CGW_EV_A_SUPPRESSED,	/* u64: repeats held back in the last window */
	CGW_EV_A_OBJECT,	/* nest of CGW_ENTRY_A_*: what was touched */
	CGW_EV_A_PAD,
	CGW_EV_A_SEVERITY,	/* u8, enum cgw_severity */
	__CGW_EV_A_MAX
};

#define CGW_EV_A_MAX (__CGW_EV_A_MAX - 1)

/*
 * Explicit policy, on top of learned models: deny beats allow beats the
 * model.  A rule applies to the cgroups one of its CGROUP globs matches
 * (paths relative to the cgroup2 root; "/" is the host).  Globs, in
 * cgroup and path patterns: '*' matches within one path component, '**'
 * across components, '?' one character other than '/'.  A deny refuses
 * in learn and protect and alerts in monitor; an allow lets the operation
 * through without learning it.  MODE is applied to matching cgroups when
 * the policy is loaded; NEW_MODE (or else MODE) to matching cgroups seen
 * for the first time later; in both cases the first rule that has one
 * and applies wins.  A glob holds at most one '**', as a whole component,
 * spanning at least one component when it ends the glob.  A NET pattern
 * with PREFIX 0 carries no ADDR.
 */
#define CGW_POLICY_MAX_RULES	256
#define CGW_RULE_MAX_CGROUPS	64
#define CGW_RULE_MAX_PATTERNS	1024
#define CGW_RULE_NAME_MAX	64	/* with its NUL */
#define CGW_MODE_NONE		0xff	/* a rule that sets no mode */
#define CGW_POLICY_MAX_BYTES	(4 << 20)	/* kernel memory, all rules */
#define CGW_IMPORT_MAX		65536	/* entries in one MODEL_IMPORT */

enum cgw_action {
	CGW_ACTION_ALLOW,
	CGW_ACTION_DENY,
	CGW_ACTION_COUNT
};

enum cgw_rule_attr {
	CGW_RULE_A_UNSPEC,
	CGW_RULE_A_NAME,	/* string */
	CGW_RULE_A_CGROUP,	/* string: glob; repeated */
	CGW_RULE_A_MODE,	/* u8: mode, or CGW_MODE_NONE */
	CGW_RULE_A_NEW_MODE,	/* u8: mode, or CGW_MODE_NONE */
	CGW_RULE_A_PATTERN,	/* nest of CGW_PAT_A_*; repeated */
	/*
	 * u32, POLICY_GET: a long rule comes in several messages with the
	 * same index, its patterns split between them.
	 */
	CGW_RULE_A_INDEX,
	__CGW_RULE_A_MAX
};

#define CGW_RULE_A_MAX (__CGW_RULE_A_MAX - 1)

/*
 * A pattern names operations of one kind: FILE (PATH glob, ACCESS bits,
 * 0 = any: a deny matches an access that shares a bit with them, an
 * allow one whose every bit they allow, write implying append), EXEC
 * (PATH glob, NAME glob or none), UNIX (PATH glob), NET (FAMILY 0 = any,
 * ADDR + PREFIX as a CIDR, PREFIX 0 = any address, ports PORT_LO..PORT_HI,
 * PROTO 0 = any).
 */
enum cgw_pattern_attr {
	CGW_PAT_A_UNSPEC,
	CGW_PAT_A_ACTION,	/* u8, enum cgw_action */
	CGW_PAT_A_KIND,		/* u8, enum cgw_kind */
	CGW_PAT_A_PATH,		/* string: glob */
	CGW_PAT_A_NAME,		/* string: glob */
	CGW_PAT_A_ACCESS,	/* u32: CGW_ACC_* */
	CGW_PAT_A_FAMILY,	/* u16: 0, AF_INET, AF_INET6 */
	CGW_PAT_A_ADDR,		/* binary: 4 or 16 bytes */
	CGW_PAT_A_PREFIX,	/* u8: CIDR prefix length */
	CGW_PAT_A_PORT_LO,	/* u16 */
	CGW_PAT_A_PORT_HI,	/* u16 */
	CGW_PAT_A_PROTO,	/* u8: 0 = any */
	__CGW_PAT_A_MAX
};

#define CGW_PAT_A_MAX (__CGW_PAT_A_MAX - 1)

#endif /* _UAPI_CGWARDEN_H */
