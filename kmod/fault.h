/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How hooks allocate, and fault injection for test builds (fault.c).
 * Every allocation of the hooks and of cgroup and model setup goes
 * through cgw_faulty(), which in a production build is the allocation
 * itself.
 */
#ifndef _CGW_FAULT_H
#define _CGW_FAULT_H

#include <linux/gfp.h>
#include <linux/types.h>

/*
 * What a hooked call allocates for current's cgroup (its state, its
 * policy view, model entries, candidates, the files it created) is
 * charged to current's memory cgroup, so a container pays for the kernel
 * memory its behaviour makes.  GFP_NOWAIT rather than GFP_ATOMIC: without
 * __GFP_HIGH a charge over memory.max fails instead of being forced
 * through, and the atomic reserves are left to those who need them.  A
 * failed allocation is a counted "nomem" (learning) or a refusal
 * (protect), never an allow.
 */
#define CGW_GFP_HOOK (GFP_NOWAIT | __GFP_ACCOUNT | __GFP_NOWARN)

#ifdef CGW_FAULT_INJECT
bool cgw_fault(void);
u64 cgw_faults_injected_count(void);
#else
static inline bool cgw_fault(void)
{
	return false;
}
#endif

/* @alloc, or NULL without trying when a fault is injected. */
#define cgw_faulty(alloc) (cgw_fault() ? NULL : (alloc))

#endif /* _CGW_FAULT_H */
