/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection for test builds (fault.c).  Every allocation of the
 * hooks and of cgroup and model setup goes through cgw_faulty(), which in
 * a production build is the allocation itself.
 */
#ifndef _CGW_FAULT_H
#define _CGW_FAULT_H

#include <linux/types.h>

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
