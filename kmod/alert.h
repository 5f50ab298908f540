/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Alerts (alert.c): dedup and rate limit, then a kernel audit record and
 * an event for the listener the control plane registered.
 */
#ifndef _CGW_ALERT_H
#define _CGW_ALERT_H

#include <linux/sched.h>
#include "decide.h"

struct cgw_event {
	u8 op;
	u64 cgroup_id;
	const struct cgw_obj *obj;
	const struct cgw_decision *d;
	unsigned int mode;
};

/* Who did what an alert is about. */
struct cgw_task_ctx {
	pid_t pid;
	char comm[TASK_COMM_LEN];
	const char *cgroup;	/* "" when unknown */
	const char *exe;	/* "" when unknown */
};

/*
 * Where events go besides the audit log: the control plane's multicast
 * (netlink.c).  Called in any context a hook runs in, under RCU.
 */
typedef void (*cgw_event_sink_t)(const struct cgw_event *ev,
				 const struct cgw_task_ctx *t, u64 suppressed);

int cgw_alert_init(void);
void cgw_alert_exit(void);
void cgw_alert_set_sink(cgw_event_sink_t sink);
void cgw_alert(const struct cgw_event *ev);
void cgw_alert_tamper(const char *what);
void cgw_alert_promoted(const struct cgw_cgroup *cg);
void cgw_alert_breaker(const struct cgw_cgroup *cg);

#endif /* _CGW_ALERT_H */
