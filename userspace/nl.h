/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the cgwarden generic netlink family: one request, then its
 * replies (a single message, or a multi-part dump) and the final ack,
 * with kernel errors turned into messages a user can act on.
 */
#ifndef CGW_NL_H
#define CGW_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

struct cgw_nl;

/*
 * Connect and resolve the family.  Prints why and returns NULL on
 * failure (module not loaded, no netlink, ...).
 */
struct cgw_nl *cgw_nl_open(void);
void cgw_nl_close(struct cgw_nl *nl);

/* A request for cmd; flags is 0 or NLM_F_DUMP.  Add attributes, then send. */
struct nl_msg *cgw_nl_msg(struct cgw_nl *nl, uint8_t cmd, int flags);
/* The same with room for size bytes (libnl's default is a page). */
struct nl_msg *cgw_nl_msg_size(struct cgw_nl *nl, uint8_t cmd, int flags, size_t size);
/*
 * Let a request of size bytes be sent: the kernel refuses a netlink
 * message larger than the socket's send buffer.  Returns 0, or -1 after
 * printing why.
 */
int cgw_nl_set_sndbuf(struct cgw_nl *nl, size_t size);

/*
 * Called once per reply message with its attributes: tb[] parsed against
 * the top-level policy, and the raw stream for attributes that repeat.
 * Returns 0, or -1 for a reply it could not use (after printing why).
 */
typedef int (*cgw_nl_reply_fn)(struct nlattr **tb, struct nlattr *attrs,
			       int len, void *arg);

/*
 * Send msg (consumed) and process replies until the ack or the end of the
 * dump.  enoent says what ENOENT from the kernel means for this request
 * ("cgroup not tracked: /ctr1"); NULL for the plain errno text.  Returns
 * 0, or -1 after printing the error.
 */
int cgw_nl_exchange(struct cgw_nl *nl, struct nl_msg *msg, cgw_nl_reply_fn fn,
		    void *arg, const char *enoent);

/*
 * The end of a verb of one request: unless an attribute did not fit
 * (unfit: "netlink message too large"), send msg and process the replies
 * with cgw_nl_exchange(), ENOENT meaning "ENOENT: WHAT" (no such text
 * when enoent is NULL); then close nl.  Returns EXIT_OK or EXIT_ERR.
 */
int cgw_nl_finish(struct cgw_nl *nl, struct nl_msg *msg, bool unfit, cgw_nl_reply_fn fn,
		  void *arg, const char *enoent, const char *what);
/* A request without attributes on a connection of its own, the same way. */
int cgw_nl_run(uint8_t cmd, int flags, cgw_nl_reply_fn fn, void *arg);

/*
 * Join the event multicast group (needs CAP_NET_ADMIN in the initial user
 * namespace).  Prints why and returns -1 on failure.
 */
int cgw_nl_join_events(struct cgw_nl *nl);
struct nl_sock *cgw_nl_sock(struct cgw_nl *nl);

/* Print "cgwardenctl: malformed reply from the kernel (what)"; returns -1. */
int cgw_nl_malformed(const char *what);

#endif
