/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Deciding one hooked call (enforce.c): see the object, find the cgroup,
 * ask policy and model, keep or report the verdict.
 */
#ifndef _CGW_ENFORCE_H
#define _CGW_ENFORCE_H

#include "see.h"

struct cgw_cgroup;
struct cgw_vkey;

/* One hooked kernel function: what it is about and how it is seen. */
struct cgw_hook_def {
	const char *symbol;
	u8 op;			/* enum cgw_op */
	/* Refuse by killing the task: the hooked function cannot fail. */
	bool kill;
	enum cgw_seen (*see)(struct pt_regs *regs, struct cgw_obj *o);
	/* Instead of see: an operation giving an object a new name. */
	enum cgw_seen (*names)(struct pt_regs *regs, struct cgw_names *n);
	/*
	 * Instead of ->see, for a call about several objects: the @n-th,
	 * or CGW_SEEN_END.  Each is decided; the first refusal refuses.
	 */
	enum cgw_seen (*see_nth)(struct pt_regs *regs, unsigned int n,
				 struct cgw_obj *o);
	/* An allow kept from before (vcache.c), found without seeing. */
	bool (*cached)(const struct cgw_cgroup *cg, struct pt_regs *regs,
		       struct cgw_vkey *vk);
	/* Only watched, never decided nor refused: instead of the above. */
	void (*watch)(struct pt_regs *regs);
	/* After any call not refused, whoever makes it (created.c). */
	void (*forget)(struct pt_regs *regs);
	/* The name (second argument, a dentry) is made: current's own. */
	bool creates;
	/* The program run is not bound to the one running it (argv[0]). */
	bool unpaired;
};

u8 cgw_enforce(const struct cgw_hook_def *h, struct pt_regs *regs);
u8 cgw_enforce_missed(const struct cgw_hook_def *h);

#endif /* _CGW_ENFORCE_H */
