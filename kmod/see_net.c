// SPDX-License-Identifier: GPL-2.0
/* Network destinations: connect, and sends that carry an address. */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/percpu.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/un.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include "see.h"

/* A unix address as ss(8) prints it: abstract names start with '@'. */
static enum cgw_seen cgw_see_unix(const struct sockaddr_un *sun, int len,
				  struct cgw_obj *o)
{
	char *buf = this_cpu_ptr(cgw_scratch)->path;
	int n = len - (int)offsetof(struct sockaddr_un, sun_path);

	if (n <= 0)
		return CGW_SEEN_NONE;	/* autobind, not a destination */
	n = min_t(int, n, sizeof(sun->sun_path));
	o->kind = CGW_KIND_UNIX;
	if (sun->sun_path[0]) {
		o->path = sun->sun_path;
		o->path_len = strnlen(sun->sun_path, n);
		return CGW_SEEN_OBJ;
	}
	buf[0] = '@';
	memcpy(buf + 1, sun->sun_path + 1, n - 1);
	o->path = buf;
	o->path_len = n;
	return CGW_SEEN_OBJ;
}

static enum cgw_seen cgw_see_addr(struct socket *sock,
				  const struct sockaddr *sa, int len,
				  struct cgw_obj *o)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

	if (!sa || len < (int)sizeof(sa->sa_family))
		return CGW_SEEN_NONE;
	o->kind = CGW_KIND_NET;
	o->family = sa->sa_family;
	o->proto = sock->sk ? sock->sk->sk_protocol : 0;
	switch (sa->sa_family) {
	case AF_INET:
		if (len < (int)sizeof(*sin))
			return CGW_SEEN_NONE;	/* the call fails with EINVAL */
		memcpy(o->addr, &sin->sin_addr, 4);
		o->port = ntohs(sin->sin_port);
		return CGW_SEEN_OBJ;
	case AF_INET6:
		if (len < SIN6_LEN_RFC2133)
			return CGW_SEEN_NONE;
		memcpy(o->addr, &sin6->sin6_addr, 16);
		o->port = ntohs(sin6->sin6_port);
		return CGW_SEEN_OBJ;
	case AF_UNIX:
		o->family = 0;
		o->proto = 0;
		return cgw_see_unix((const struct sockaddr_un *)sa, len, o);
	default:
		return CGW_SEEN_NONE;
	}
}

/* security_socket_connect(sock, address, addrlen) */
enum cgw_seen cgw_see_connect(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_addr((struct socket *)regs->di,
			    (struct sockaddr *)regs->si, (int)regs->dx, o);
}

/* security_socket_sendmsg(): a send to a connected peer was decided at connect */
enum cgw_seen cgw_see_sendmsg(struct pt_regs *regs, struct cgw_obj *o)
{
	struct msghdr *msg = (struct msghdr *)regs->si;

	return cgw_see_addr((struct socket *)regs->di, msg->msg_name,
			    msg->msg_namelen, o);
}
