// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>

#include "uapi/cgwarden.h"
#include "nl.h"
#include "util.h"
#include "verbs.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct cgw_nl {
	struct nl_sock *sk;
	int family;
};

/* State of one exchange, shared by the callbacks. */
struct exchange {
	cgw_nl_reply_fn fn;
	void *arg;
	bool done;
	int kerr;		/* negative errno from the kernel, or 0 */
	bool failed;		/* the reply callback gave up */
	char extack[256];	/* the kernel's explanation, if any */
};

static struct nla_policy top_policy[CGW_A_MAX + 1] = {
	[CGW_A_VERSION] = { .type = NLA_STRING },
	[CGW_A_HOOK] = { .type = NLA_NESTED },
	[CGW_A_STATS] = { .type = NLA_NESTED },
	[CGW_A_CONFIG] = { .type = NLA_NESTED },
	[CGW_A_CGROUP_ID] = { .type = NLA_U64 },
	[CGW_A_MODE] = { .type = NLA_U8 },
	[CGW_A_CGROUP] = { .type = NLA_NESTED },
	[CGW_A_ENTRY] = { .type = NLA_NESTED },
	[CGW_A_RULE] = { .type = NLA_NESTED },
	[CGW_A_GENERATION] = { .type = NLA_U64 },
};

int cgw_nl_malformed(const char *what)
{
	fprintf(stderr, "cgwardenctl: malformed reply from the kernel (%s)\n", what);
	return -1;
}

/* Is the module there at all?  Then the family is in another netns. */
static bool module_loaded(void)
{
	return access("/sys/module/cgwarden", F_OK) == 0;
}

struct cgw_nl *cgw_nl_open(void)
{
	struct cgw_nl *nl = xcalloc(1, sizeof(*nl));
	int one = 1, err;

	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		fputs("cgwardenctl: out of memory\n", stderr);
		exit(1);
	}
	err = genl_connect(nl->sk);
	if (err) {
		fprintf(stderr, "cgwardenctl: cannot open a generic netlink socket: %s\n",
			nl_geterror(err));
		goto err_free;
	}
	/*
	 * Error acks that carry the kernel's reason (extack) and do not echo
	 * our request back.  Older kernels lack these; that is fine.
	 */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Model entries carry paths up to CGW_PATH_MAX: size reads by peeking. */
	nl_socket_enable_msg_peek(nl->sk);

	nl->family = genl_ctrl_resolve(nl->sk, CGW_GENL_NAME);
	if (nl->family < 0) {
		if (nl->family != -NLE_OBJ_NOTFOUND)
			fprintf(stderr, "cgwardenctl: cannot look up the %s netlink family: %s\n",
				CGW_GENL_NAME, nl_geterror(nl->family));
		else if (module_loaded())
			fputs("cgwardenctl: cgwarden is only reachable from the initial network namespace\n",
			      stderr);
		else
			fputs("cgwardenctl: cgwarden module is not loaded (modprobe cgwarden)\n",
			      stderr);
		goto err_free;
	}
	return nl;

err_free:
	nl_socket_free(nl->sk);
	free(nl);
	return NULL;
}

int cgw_nl_join_events(struct cgw_nl *nl)
{
	int one = 1;
	int grp = genl_ctrl_resolve_grp(nl->sk, CGW_GENL_NAME, CGW_MCGRP_EVENTS);
	int err;

	if (grp < 0) {
		fprintf(stderr, "cgwardenctl: this kernel module has no event group: %s\n",
			nl_geterror(grp));
		return -1;
	}
	err = nl_socket_add_membership(nl->sk, grp);
	if (err) {
		if (err == -NLE_PERM)
			fputs("cgwardenctl: permission denied: events need CAP_SYS_ADMIN "
			      "in the initial user namespace\n", stderr);
		else
			fprintf(stderr, "cgwardenctl: cannot join the event group: %s\n",
				nl_geterror(err));
		return -1;
	}
	nl_socket_disable_seq_check(nl->sk);
	/*
	 * A slow reader loses events and is told so (ENOBUFS); with
	 * NETLINK_BROADCAST_ERROR the kernel learns it too, and counts them.
	 */
	nl_socket_set_buffer_size(nl->sk, 4 << 20, 0);
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_BROADCAST_ERROR,
		   &one, sizeof(one));
	return 0;
}

int cgw_nl_set_sndbuf(struct cgw_nl *nl, size_t size)
{
	int fd = nl_socket_get_fd(nl->sk);
	int v = size > INT_MAX / 2 ? INT_MAX / 2 : (int)size;

	/* FORCE passes net.core.wmem_max; it needs CAP_NET_ADMIN, as we do. */
	if (!setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof(v)) ||
	    !setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)))
		return 0;
	fprintf(stderr, "cgwardenctl: cannot grow the netlink send buffer: %s\n",
		strerror(errno));
	return -1;
}

struct nl_sock *cgw_nl_sock(struct cgw_nl *nl)
{
	return nl->sk;
}

void cgw_nl_close(struct cgw_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

struct nl_msg *cgw_nl_msg(struct cgw_nl *nl, uint8_t cmd, int flags)
{
	return cgw_nl_msg_size(nl, cmd, flags, 0);
}

struct nl_msg *cgw_nl_msg_size(struct cgw_nl *nl, uint8_t cmd, int flags, size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
				 flags, cmd, CGW_GENL_VERSION)) {
		fputs("cgwardenctl: out of memory\n", stderr);
		exit(1);
	}
	return msg;
}

/* Take NLMSGERR_ATTR_MSG out of the TLVs that follow an error or DONE. */
static void parse_extack(struct exchange *ex, const void *tlvs, int len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct nla_policy pol[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = { .type = NLA_STRING },
	};

	if (len <= 0 || nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)tlvs, len, pol))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(ex->extack, sizeof(ex->extack), "%s",
			 (const char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	/* libnl hands us the payload; the header sits right before it. */
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct exchange *ex = arg;
	int off, len;

	(void)who;
	ex->kerr = e->error;
	ex->done = true;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	off = NLMSG_HDRLEN + (int)sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += (int)e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)nlh->nlmsg_len - off;
	if (off > 0 && len > 0)
		parse_extack(ex, (char *)nlh + NLMSG_ALIGN(off), len - (NLMSG_ALIGN(off) - off));
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct exchange *ex = arg;

	(void)msg;
	ex->done = true;
	return NL_STOP;
}

/* The end of a dump: its payload is the dump's error code, then TLVs. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct exchange *ex = arg;
	int err;

	ex->done = true;
	if (nlmsg_datalen(nlh) >= (int)sizeof(int)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0)
			ex->kerr = err;
		if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
			parse_extack(ex, (char *)nlmsg_data(nlh) + NLMSG_ALIGN(sizeof(int)),
				     nlmsg_datalen(nlh) - NLMSG_ALIGN(sizeof(int)));
	}
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[CGW_A_MAX + 1];
	struct exchange *ex = arg;

	if (ex->failed)
		return NL_SKIP;	/* drain the rest of a dump */
	if (genlmsg_parse(nlh, 0, tb, CGW_A_MAX, top_policy)) {
		ex->failed = true;
		cgw_nl_malformed("attributes");
		return NL_SKIP;
	}
	if (ex->fn && ex->fn(tb, genlmsg_attrdata(nlmsg_data(nlh), 0),
			     genlmsg_attrlen(nlmsg_data(nlh), 0), ex->arg))
		ex->failed = true;
	return NL_OK;
}

static void report(const struct exchange *ex, const char *enoent)
{
	int err = -ex->kerr;
	char what[512];

	/* The kernel explains the refusals that are not about privilege. */
	if (err == EPERM && ex->extack[0])
		snprintf(what, sizeof(what), "refused");
	else if (err == EPERM)
		snprintf(what, sizeof(what),
			 "permission denied: needs CAP_NET_ADMIN in the initial user namespace");
	else if (err == ENOENT && enoent)
		snprintf(what, sizeof(what), "%s", enoent);
	else
		snprintf(what, sizeof(what), "%s", strerror(err));

	if (ex->extack[0])
		fprintf(stderr, "cgwardenctl: %s (kernel: %s)\n", what, ex->extack);
	else
		fprintf(stderr, "cgwardenctl: %s\n", what);
}

int cgw_nl_exchange(struct cgw_nl *nl, struct nl_msg *msg, cgw_nl_reply_fn fn,
		    void *arg, const char *enoent)
{
	struct exchange ex = { .fn = fn, .arg = arg };
	struct nl_cb *cb, *sock_cb;
	bool dump = nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP;
	int err;

	/* A dump ends with NLMSG_DONE; anything else with its ack. */
	if (!dump)
		nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	err = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		fprintf(stderr, "cgwardenctl: netlink send: %s\n", nl_geterror(err));
		return -1;
	}

	/* nl_socket_get_cb() takes a reference; the clone does not need it. */
	sock_cb = nl_socket_get_cb(nl->sk);
	cb = nl_cb_clone(sock_cb);
	nl_cb_put(sock_cb);
	if (!cb) {
		fputs("cgwardenctl: out of memory\n", stderr);
		exit(1);
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &ex);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &ex);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &ex);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &ex);

	while (!ex.done) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0 && !ex.kerr) {
			fprintf(stderr, "cgwardenctl: netlink receive: %s\n", nl_geterror(err));
			nl_cb_put(cb);
			return -1;
		}
		if (err < 0)
			break;
	}
	nl_cb_put(cb);

	if (ex.kerr) {
		report(&ex, enoent);
		return -1;
	}
	return ex.failed ? -1 : 0;
}

int cgw_nl_finish(struct cgw_nl *nl, struct nl_msg *msg, bool unfit, cgw_nl_reply_fn fn,
		  void *arg, const char *enoent, const char *what)
{
	char *e = enoent ? xasprintf("%s: %s", enoent, what) : NULL;
	int ret = EXIT_ERR;

	if (unfit) {
		fputs("cgwardenctl: netlink message too large\n", stderr);
		nlmsg_free(msg);
	} else if (!cgw_nl_exchange(nl, msg, fn, arg, e)) {
		ret = EXIT_OK;
	}
	free(e);
	cgw_nl_close(nl);
	return ret;
}

int cgw_nl_run(uint8_t cmd, int flags, cgw_nl_reply_fn fn, void *arg)
{
	struct cgw_nl *nl = cgw_nl_open();

	if (!nl)
		return EXIT_ERR;
	return cgw_nl_finish(nl, cgw_nl_msg(nl, cmd, flags), false, fn, arg, NULL, NULL);
}
