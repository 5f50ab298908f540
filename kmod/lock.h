/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock setting (lock.c): once set, until reboot, nothing may weaken
 * enforcement.  Modes are ordered off < learn < monitor < protect.
 */
#ifndef _CGW_LOCK_H
#define _CGW_LOCK_H

#include <net/netlink.h>
#include "cgroup.h"

bool cgw_is_locked(void);
void cgw_lock_init(void);
void cgw_lock_exit(void);
u64 cgw_lock_refused_count(void);

/* Refuse with @msg (a string literal) in the netlink error message. */
#define CGW_LOCKED_MSG "cgwarden is locked: "
#define cgw_lock_refuse(extack, msg) \
	cgw_lock_refused_nl(extack, CGW_LOCKED_MSG msg)
int cgw_lock_refused_nl(struct netlink_ext_ack *extack, const char *msg);

/* 0, or -EPERM (refused, counted, audited) when locked and it weakens. */
int cgw_lock_check_modes(struct netlink_ext_ack *extack, u64 id,
			 const u64 *desc, unsigned int n, unsigned int mode);
int cgw_lock_check_config(struct netlink_ext_ack *extack,
			  struct nlattr **tb);
int cgw_lock_check_param(const void *field, unsigned int val);
int cgw_lock_check_model(struct netlink_ext_ack *extack, u64 id);
int cgw_lock_check_policy(struct netlink_ext_ack *extack);

#endif /* _CGW_LOCK_H */
