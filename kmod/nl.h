/* SPDX-License-Identifier: GPL-2.0 */
/* What netlink.c and policy_nl.c share. */
#ifndef _CGW_NL_H
#define _CGW_NL_H

#include <net/genetlink.h>
#include "alert.h"

int cgw_netlink_init(void);
void cgw_netlink_exit(void);
void cgw_policy_exit(void);

void *cgw_nl_put_header(struct sk_buff *skb, u32 portid, u32 seq, int flags,
			u8 cmd);
int cgw_nl_cgroup_id(struct genl_info *info, u64 *id);

extern const struct nla_policy cgw_rule_policy[CGW_RULE_A_MAX + 1];
extern const struct nla_policy cgw_entry_policy[CGW_ENTRY_A_MAX + 1];
int cgw_nl_policy_set(struct sk_buff *skb, struct genl_info *info);
int cgw_nl_policy_clear(struct sk_buff *skb, struct genl_info *info);
int cgw_nl_policy_get(struct sk_buff *skb, struct netlink_callback *cb);
int cgw_nl_model_import(struct sk_buff *skb, struct genl_info *info);
int cgw_nl_lock(struct sk_buff *skb, struct genl_info *info);

#endif /* _CGW_NL_H */
