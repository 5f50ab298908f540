/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Explicit policy as a YAML document (docs/policy.md): parsed and checked
 * whole, every problem reported as FILE:LINE:COL before anything reaches
 * the kernel; emitted again in one canonical form, so that what `policy
 * show` prints loads back unchanged.  A learned model is the same
 * document with one rule of exact allow patterns (`model export`), and
 * such a document turns back into model entries (`model import`).
 *
 * policy.c is pure (libyaml, no netlink); policynl.c turns the same
 * structures into the contract's attributes and back, without a socket.
 */
#ifndef CGW_POLICY_H
#define CGW_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "records.h"
/* cgw_glob_valid(), cgw_glob_match(): the kernel's own file */
#include "../kmod/glob.h"

struct nl_msg;
struct nlattr;

/* Longest rule name, cgroup or path glob, and invoked name (no NUL). */
#define CGW_RULE_NAME_LEN	(CGW_RULE_NAME_MAX - 1)
#define CGW_GLOB_LEN		(CGW_PATH_MAX - 1)
#define CGW_EXEC_NAME_LEN	(CGW_NAME_MAX - 1)

/* Where a node starts in its file, 1-based; line 0 when not from a file. */
struct cgw_mark {
	unsigned int line, col;
};

/* The fields of a pattern, to point at the one an error is about. */
enum cgw_pat_field {
	CGW_PF_SELF,		/* the pattern's mapping */
	CGW_PF_PATH,
	CGW_PF_NAME,
	CGW_PF_ACCESS,
	CGW_PF_CIDR,
	CGW_PF_PORTS,
	CGW_PF_PROTO,
	CGW_PF_WILD,
	CGW_PF_EXE,
	CGW_PF_TYPE,
	CGW_PF_FAMILY,
	CGW_PF_STARTUP,
	CGW_PF_COUNT
};

struct cgw_pattern {
	uint8_t action;		/* enum cgw_action */
	uint8_t kind;		/* enum cgw_kind */
	char *path;		/* FILE, EXEC, UNIX: glob */
	char *name;		/* EXEC: glob on the invoked name; NULL = any */
	uint32_t access;	/* FILE: CGW_ACC_*, NET, UNIX: CGW_NET_*; 0 = any */
	/* NET: 0 = any, AF_INET, AF_INET6; AF_UNIX for a socket made */
	uint16_t family;
	uint8_t addr[16];	/* network order, host bits clear */
	uint8_t prefix;
	uint16_t port_lo, port_hi;	/* 0-65535 = any */
	uint8_t proto;		/* IPPROTO_*; 0 = any */
	/*
	 * Model documents only (`model export`, `model import`; `policy
	 * load` refuses them): the entry is generalised (enum cgw_wild: DIR
	 * with a path ending in "/" "*", ADDR with a /0 cidr), and for FILE,
	 * NET, UNIX the program it is bound to (NULL for none).
	 */
	uint8_t wild;
	char *exe;
	uint8_t type;		/* NET, model documents: SOCK_*; 0 = the proto's usual */
	bool startup;		/* model documents: a start-up entry */
	struct cgw_mark at[CGW_PF_COUNT];
};

struct cgw_rule {
	char *name;		/* NULL when unnamed */
	char **cgroups;		/* globs */
	size_t ncgroups;
	uint8_t mode, new_mode;	/* enum cgw_mode, or CGW_MODE_NONE */
	struct cgw_pattern *pats;
	size_t npats;
	struct cgw_mark at, name_at;
	/* POLICY_GET: the kernel's index, to join a rule split over messages */
	bool indexed;
	uint32_t index;
};

struct cgw_policy {
	struct cgw_rule *rules;
	size_t nrules;
};

/*
 * Problems found in a document, each "FILE:LINE:COL: message", in the
 * order of the file; the first CGW_DIAG_KEEP found are kept.
 */
#define CGW_DIAG_KEEP	50

struct cgw_diag {
	const char *file;	/* as it is to be named in messages */
	char *msgs[CGW_DIAG_KEEP];
	struct cgw_mark at[CGW_DIAG_KEEP];
	size_t n;		/* kept */
	size_t total;		/* found */
};

void cgw_diag_init(struct cgw_diag *d, const char *file);
/* Each kept message on its own line, then how many more there were. */
void cgw_diag_print(const struct cgw_diag *d, FILE *f);
void cgw_diag_free(struct cgw_diag *d);

/*
 * Parse and check a whole document of len bytes.  Returns 0 with *p
 * filled, or -1 with every problem in d and *p empty.
 */
int cgw_policy_parse(const char *buf, size_t len, struct cgw_policy *p,
		     struct cgw_diag *d);
void cgw_policy_free(struct cgw_policy *p);

/* Append to a policy being built (the decoder, model export). */
struct cgw_rule *cgw_policy_add_rule(struct cgw_policy *p);
struct cgw_pattern *cgw_rule_add_pattern(struct cgw_rule *r);
void cgw_rule_add_cgroup(struct cgw_rule *r, const char *glob);

/*
 * The canonical YAML form (keys in a fixed order, defaults omitted,
 * CIDRs canonical); patterns keep their order within each action and
 * kind.  JSON: the same structure, one line; generation is included when
 * has_generation.
 */
void cgw_policy_emit_yaml(FILE *f, const struct cgw_policy *p);
void cgw_policy_emit_json(FILE *f, const struct cgw_policy *p,
			  bool has_generation, uint64_t generation);

/* Pieces of the canonical form, for messages and tests. */
/* "rw", "w,create,rename-to", "r,mount", "" for any */
void cgw_fmt_access(uint32_t access, char out[CGW_ACCESS_STR]);
/* "10.0.0.0/8", "::1/128", "any"; buf of CGW_CIDR_LEN. */
#define CGW_CIDR_LEN	64
void cgw_fmt_cidr(const struct cgw_pattern *pat, char *buf);

/*
 * A model as a policy of one rule: named for the cgroup, for its path,
 * allowing exactly each entry.  Sorts ents.  Entries of a kind this CLI
 * does not know are skipped and counted in *skipped.
 */
void cgw_policy_from_model(struct cgw_policy *p, const char *cgroup_path,
			   struct cgw_entry_rec *ents, size_t n, size_t *skipped);
/* "model-" and the last component of path, cut to the rule name alphabet. */
void cgw_model_rule_name(const char *cgroup_path, char out[CGW_RULE_NAME_MAX]);

/*
 * Can p be loaded as a policy?  What only model documents hold ('wild',
 * 'exe') is a problem reported in d: the kernel's policy has neither, and
 * `policy show` would not give it back.  Returns 0, or -1.
 */
int cgw_policy_check_loadable(const struct cgw_policy *p, struct cgw_diag *d);

/*
 * The allow patterns of every rule as exact model entries.  Patterns that
 * are not exact (a CIDR wider than one address, a port range, any
 * protocol or access, an exec without a name) and deny patterns are
 * problems reported in d.  'wild' makes a DIR entry of "/dir/" "*" (the
 * entry's path is /dir) and an ADDR entry of a /0; 'exe' binds.  Returns 0 with *out allocated (free it with
 * cgw_entries_free()), or -1.
 */
int cgw_policy_to_entries(const struct cgw_policy *p, struct cgw_diag *d,
			  struct cgw_entry_rec **out, size_t *n);
void cgw_entries_free(struct cgw_entry_rec *ents, size_t n);

/* policynl.c: the contract's attributes. */

/*
 * One CGW_A_RULE nest per rule into msg.  Returns 0, or a negative libnl
 * error (-NLE_NOMEM when msg is too small: retry with a larger one;
 * -NLE_ATTRSIZE when a rule is over the 64 KiB of one attribute).
 */
int cgw_policy_put(struct nl_msg *msg, const struct cgw_policy *p);
/*
 * A CGW_A_RULE nest of a POLICY_GET reply appended to p; a nest with the
 * INDEX of p's last rule continues it (a long rule comes in several
 * messages).  Returns 0, or -1 if malformed.
 */
int cgw_rule_decode(struct nlattr *nest, struct cgw_policy *p);
/* An entry as a nest of CGW_ENTRY_A_* of the given type (MODEL_IMPORT). */
int cgw_entry_put(struct nl_msg *msg, int type, const struct cgw_entry_rec *e);
/* Bytes cgw_entry_put() adds, to split requests before they overflow. */
size_t cgw_entry_put_size(const struct cgw_entry_rec *e);

#endif
