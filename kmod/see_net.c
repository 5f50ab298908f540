// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets, judged by what they are: a socket made (family, type,
 * protocol), the local address it binds, listens and accepts on, and the
 * peer it connects or sends to, read as the socket's own family reads it.
 * The family a caller writes in an address is not trusted: AF_UNSPEC in
 * a send is delivered by UDP and raw sockets as their own family, an IPv6
 * socket reaches IPv4 peers as ::ffff:a.b.c.d (cgw_net_normalise() makes
 * that the IPv4 peer), and a raw socket's port means nothing.  A unix
 * peer is judged by the socket the kernel resolved, at
 * security_unix_stream_connect() and security_unix_may_send(), not by the
 * path the caller spelled: a symlink, a bind mount or a relative path to
 * a socket is seen as the socket it reaches.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/percpu.h>
#include <linux/sctp.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/un.h>
#include <net/af_unix.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include "limits.h"
#include "model.h"
#include "see.h"
#include "vcache.h"

/* What cgwarden makes of a socket family. */
static enum cgw_seen cgw_family_seen(int family)
{
	switch (family) {
	case AF_INET:
	case AF_INET6:
	case AF_UNIX:
		return CGW_SEEN_OBJ;
	case AF_NETLINK:
		/* The kernel's own interfaces: capabilities guard them. */
		return CGW_SEEN_NONE;
	default:
		return CGW_SEEN_UNKNOWN;
	}
}

/* A NET key of @sk's family, type and protocol, for @access. */
static enum cgw_seen cgw_see_sock(const struct sock *sk, u32 access,
				  struct cgw_obj *o)
{
	u16 proto = READ_ONCE(sk->sk_protocol);

	o->kind = CGW_KIND_NET;
	o->family = READ_ONCE(sk->sk_family);
	o->type = READ_ONCE(sk->sk_type);
	o->proto = proto;
	o->access = access;
	/* MPTCP (262) and anything else a u8 cannot hold: not decided on. */
	return proto > U8_MAX ? CGW_SEEN_UNKNOWN : CGW_SEEN_OBJ;
}

/*
 * @sa (@len bytes) as an address of @family into @o, whose type and
 * protocol are set.  Shorter than the family's address: the kernel
 * refuses the call, and so does protect.
 */
static enum cgw_seen cgw_see_inet(int family, const struct sockaddr *sa,
				  int len, struct cgw_obj *o)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

	memset(o->addr, 0, sizeof(o->addr));
	o->family = family;
	if (family == AF_INET) {
		if (len < (int)sizeof(*sin))
			return CGW_SEEN_UNKNOWN;
		memcpy(o->addr, &sin->sin_addr, 4);
		o->port = ntohs(sin->sin_port);
	} else {
		if (len < SIN6_LEN_RFC2133)
			return CGW_SEEN_UNKNOWN;
		memcpy(o->addr, &sin6->sin6_addr, 16);
		o->port = ntohs(sin6->sin6_port);
	}
	cgw_net_normalise(o);
	return CGW_SEEN_OBJ;
}

/*
 * The family an address @given to an inet socket of family @own is read
 * as: AF_UNSPEC in a send is the socket's own (UDP and raw deliver it),
 * AF_INET from an IPv6 socket is IPv4 (UDP sends and connects it).  What
 * else the kernel refuses, protect refuses too: 0 for that.
 */
static int cgw_dest_family(int own, int given)
{
	if (given == AF_UNSPEC)
		return own;
	if (given == AF_INET)
		return AF_INET;
	if (given == AF_INET6 && own == AF_INET6)
		return AF_INET6;
	return 0;
}

/* A remote (@connect) or local address @sa given to inet socket @sk. */
static enum cgw_seen cgw_see_inet_addr(const struct sock *sk,
				       const struct sockaddr *sa, int len,
				       u32 access, struct cgw_obj *o)
{
	enum cgw_seen seen = cgw_see_sock(sk, access, o);
	int family;

	if (seen != CGW_SEEN_OBJ)
		return seen;
	family = cgw_dest_family(o->family, sa->sa_family);
	if (!family)
		return CGW_SEEN_UNKNOWN;
	return cgw_see_inet(family, sa, len, o);
}

/*
 * An abstract unix name, as ss(8) prints it ('@' first).  An abstract
 * name is what it is spelled: it is judged as given.  A path is judged
 * once resolved (cgw_see_unix_name()): NONE here, as for autobind.
 */
static enum cgw_seen cgw_see_abstract(const struct sockaddr *sa, int len,
				      u32 access, struct cgw_obj *o)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)sa;
	char *buf = this_cpu_ptr(cgw_scratch)->path;
	int n = len - (int)offsetof(struct sockaddr_un, sun_path);

	if (n <= 1 || sun->sun_path[0])
		return CGW_SEEN_NONE;
	n = min_t(int, n, sizeof(sun->sun_path));
	o->kind = CGW_KIND_UNIX;
	o->access = access;
	buf[0] = '@';
	memcpy(buf + 1, sun->sun_path + 1, n - 1);
	o->path = buf;
	o->path_len = n;
	return CGW_SEEN_OBJ;
}

/* Connects and sends: the peer, as the socket's family reads it. */
static enum cgw_seen cgw_see_peer(struct socket *sock,
				  const struct sockaddr *sa, int len,
				  bool send, struct cgw_obj *o)
{
	const struct sock *sk = sock->sk;
	enum cgw_seen seen;

	if (!sk)
		return CGW_SEEN_NONE;
	seen = cgw_family_seen(READ_ONCE(sk->sk_family));
	if (seen != CGW_SEEN_OBJ) {
		/* Say what it was, for the report. */
		cgw_see_sock(sk, CGW_NET_CONNECT, o);
		return seen;
	}
	/* No address: the connected peer, judged at connect. */
	if (!sa || len < (int)sizeof(sa->sa_family))
		return CGW_SEEN_NONE;
	if (sk->sk_family == AF_UNIX)
		return cgw_see_abstract(sa, len, CGW_NET_CONNECT, o);
	/* connect(AF_UNSPEC) disconnects: no peer. */
	if (!send && sa->sa_family == AF_UNSPEC)
		return CGW_SEEN_NONE;
	return cgw_see_inet_addr(sk, sa, len, CGW_NET_CONNECT, o);
}

/* security_socket_connect(sock, address, addrlen) */
enum cgw_seen cgw_see_connect(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_peer((struct socket *)regs->di,
			    (struct sockaddr *)regs->si, (int)regs->dx, false,
			    o);
}

/*
 * An SCTP send may add peers from SCTP_DSTADDRV4/V6 control messages to
 * the association it makes, which no hook sees: not decided on.  The
 * control messages are in kernel memory by now (____sys_sendmsg()).
 */
static bool cgw_sctp_more_peers(const struct sock *sk, struct msghdr *msg)
{
	struct cmsghdr *cmsg;

	if (sk->sk_protocol != IPPROTO_SCTP || !msg->msg_controllen)
		return false;
	if (msg->msg_control_is_user)
		return true;
	for_each_cmsghdr(cmsg, msg)
		if (cmsg->cmsg_level == IPPROTO_SCTP &&
		    (cmsg->cmsg_type == SCTP_DSTADDRV4 ||
		     cmsg->cmsg_type == SCTP_DSTADDRV6))
			return true;
	return false;
}

/* security_socket_sendmsg(sock, msg, size): sends that name a peer */
enum cgw_seen cgw_see_sendmsg(struct pt_regs *regs, struct cgw_obj *o)
{
	struct socket *sock = (struct socket *)regs->di;
	struct msghdr *msg = (struct msghdr *)regs->si;

	if (sock->sk && cgw_sctp_more_peers(sock->sk, msg)) {
		cgw_see_sock(sock->sk, CGW_NET_CONNECT, o);
		return CGW_SEEN_UNKNOWN;
	}
	return cgw_see_peer(sock, msg->msg_name, msg->msg_namelen, true, o);
}

/*
 * The peer of a connect or send as given, for the verdict cache
 * (cgw_vcache_lookup_peer()): the address's first 8 bytes (family, port,
 * and an IPv4 address or an IPv6 flow label), an IPv6 address, and the
 * family, type and protocol of the socket that reads it.  The long way
 * (cgw_see_peer()) makes its object of nothing else.  False for what is
 * not kept: no address, a socket not inet, an SCTP socket (more peers in
 * control messages), an address the long way refuses or reads as another
 * family (too short, AF_UNSPEC, IPv6 to an IPv4 socket).
 */
static bool cgw_peer_key(const struct sock *sk, const struct sockaddr *sa,
			 int len, u64 *peer)
{
	u16 family = READ_ONCE(sk->sk_family);
	u16 proto = READ_ONCE(sk->sk_protocol);

	if (!sa || len < (int)sizeof(struct sockaddr_in) ||
	    (family != AF_INET && family != AF_INET6) ||
	    proto == IPPROTO_SCTP)
		return false;
	if (sa->sa_family == AF_INET6 && family == AF_INET6 &&
	    len >= SIN6_LEN_RFC2133) {
		memcpy(&peer[1],
		       &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	} else if (sa->sa_family == AF_INET) {
		peer[1] = 0;
		peer[2] = 0;
	} else {
		return false;
	}
	memcpy(&peer[0], sa, sizeof(peer[0]));
	peer[3] = family | (u64)READ_ONCE(sk->sk_type) << 16 |
		  (u64)proto << 32;
	return true;
}

/* Was a connect or send by @sock to @sa (@len bytes) allowed before? */
static bool cgw_peer_cached(const struct cgw_cgroup *cg,
			    const struct socket *sock, const struct sockaddr *sa,
			    int len, struct cgw_vkey *vk)
{
	u64 peer[4] __uninitialized;

	return sock->sk && cgw_peer_key(sock->sk, sa, len, peer) &&
	       cgw_vcache_lookup_peer(cg, peer, vk);
}

/**
 * cgw_see_connect_cached() - a connect allowed before, in the verdict cache
 * @cg: current's cgroup's state
 * @regs: security_socket_connect()'s arguments
 * @vk: the key, for cgw_vcache_store()
 *
 * Callers hold rcu_read_lock().
 *
 * Return: true if an allow was kept for it.
 */
bool cgw_see_connect_cached(const struct cgw_cgroup *cg, struct pt_regs *regs,
			    struct cgw_vkey *vk)
{
	return cgw_peer_cached(cg, (const struct socket *)regs->di,
			       (const struct sockaddr *)regs->si,
			       (int)regs->dx, vk);
}

/**
 * cgw_see_sendmsg_cached() - a send allowed before, in the verdict cache
 * @cg: current's cgroup's state
 * @regs: security_socket_sendmsg()'s arguments
 * @vk: the key, for cgw_vcache_store()
 *
 * The address is the kernel's copy by now (move_addr_to_kernel()).
 * Callers hold rcu_read_lock().
 *
 * Return: true if an allow was kept for it.
 */
bool cgw_see_sendmsg_cached(const struct cgw_cgroup *cg, struct pt_regs *regs,
			    struct cgw_vkey *vk)
{
	const struct msghdr *msg = (const struct msghdr *)regs->si;

	return cgw_peer_cached(cg, (const struct socket *)regs->di,
			       msg->msg_name, msg->msg_namelen, vk);
}

/*
 * The protocol socket(2) gets for 0 on an inet socket: the first one
 * registered for the type, TCP or UDP.  Other types name theirs.
 */
static int cgw_default_proto(int type, int proto)
{
	if (proto)
		return proto;
	if (type == SOCK_STREAM)
		return IPPROTO_TCP;
	if (type == SOCK_DGRAM)
		return IPPROTO_UDP;
	return 0;
}

/*
 * security_socket_create(family, type, protocol, kern): sockets the kernel
 * makes for itself (kern) are not the workload's.  Decided before the
 * family's module is loaded on demand.
 */
enum cgw_seen cgw_see_socket(struct pt_regs *regs, struct cgw_obj *o)
{
	int family = (int)regs->di, type = (int)regs->si;
	int proto = (int)regs->dx, kern = (int)regs->cx;
	enum cgw_seen seen;

	if (kern)
		return CGW_SEEN_NONE;
	o->kind = CGW_KIND_NET;
	o->family = family;
	o->type = type;
	o->access = CGW_NET_CREATE;
	seen = cgw_family_seen(family);
	if (seen != CGW_SEEN_OBJ)
		return seen;
	if (family == AF_UNIX)
		proto = 0;	/* 0 and PF_UNIX are the same */
	else
		proto = cgw_default_proto(type, proto);
	if (proto < 0 || proto > U8_MAX)
		return CGW_SEEN_UNKNOWN;
	o->proto = proto;
	return CGW_SEEN_OBJ;
}

/*
 * The name a unix socket is bound to: for a path, where its socket file
 * is (not how the binder spelled it); an abstract name with a leading
 * '@', as ss(8) prints it, unless only @paths are asked for (a peer
 * reached by an abstract name was judged by it).  NONE for an unbound
 * socket.
 */
static enum cgw_seen cgw_see_unix_name(const struct sock *sk, u32 access,
				       bool paths, struct cgw_obj *o)
{
	const struct unix_sock *u = unix_sk(sk);
	/* Published after ->path (unix_bind()), never changed after. */
	const struct unix_address *addr = smp_load_acquire(&u->addr);
	char *buf = this_cpu_ptr(cgw_scratch)->path;
	int n;

	if (!addr)
		return CGW_SEEN_NONE;
	o->kind = CGW_KIND_UNIX;
	o->access = access;
	n = addr->len - (int)offsetof(struct sockaddr_un, sun_path);
	if (n <= 0)
		return CGW_SEEN_NONE;
	if (addr->name->sun_path[0]) {
		if (!u->path.dentry)
			return CGW_SEEN_UNKNOWN;
		o->path = cgw_see_path(&u->path, &o->path_len);
		return o->path ? CGW_SEEN_OBJ : CGW_SEEN_UNKNOWN;
	}
	if (paths)
		return CGW_SEEN_NONE;	/* judged as spelled */
	n = min_t(int, n, sizeof(addr->name->sun_path));
	buf[0] = '@';
	memcpy(buf + 1, addr->name->sun_path + 1, n - 1);
	o->path = buf;
	o->path_len = n;
	return CGW_SEEN_OBJ;
}

/* security_unix_stream_connect(sock, other, newsk): other is the listener */
enum cgw_seen cgw_see_unix_connect(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_unix_name((const struct sock *)regs->si,
				 CGW_NET_CONNECT, true, o);
}

/*
 * security_unix_may_send(sock, other): every datagram, and a datagram
 * socket's connect.  A peer with no name (socketpair) was not chosen by
 * name.
 */
enum cgw_seen cgw_see_unix_send(struct pt_regs *regs, struct cgw_obj *o)
{
	const struct socket *other = (const struct socket *)regs->si;

	if (!other || !other->sk)
		return CGW_SEEN_NONE;
	return cgw_see_unix_name(other->sk, CGW_NET_CONNECT, true, o);
}

/*
 * security_socket_bind(sock, address, addrlen): the local address.  A
 * unix socket bound to a path makes a socket file, which the file hooks
 * see; it is judged again, by where it is, when it listens.
 */
enum cgw_seen cgw_see_bind(struct pt_regs *regs, struct cgw_obj *o)
{
	struct socket *sock = (struct socket *)regs->di;
	const struct sockaddr *sa = (const struct sockaddr *)regs->si;
	int len = (int)regs->dx;
	const struct sock *sk = sock->sk;
	enum cgw_seen seen;

	if (!sk)
		return CGW_SEEN_NONE;
	seen = cgw_family_seen(READ_ONCE(sk->sk_family));
	if (seen != CGW_SEEN_OBJ) {
		cgw_see_sock(sk, CGW_NET_BIND, o);
		return seen;
	}
	if (sk->sk_family == AF_UNIX)
		return cgw_see_abstract(sa, len, CGW_NET_BIND, o);
	if (len < (int)sizeof(sa->sa_family))
		return CGW_SEEN_UNKNOWN;
	return cgw_see_inet_addr(sk, sa, len, CGW_NET_BIND, o);
}

/* The local address @sock is bound to (port 0: not yet, any port). */
static enum cgw_seen cgw_see_local(struct socket *sock, u32 access,
				   struct cgw_obj *o)
{
	const struct sock *sk = sock->sk;
	enum cgw_seen seen;

	if (!sk)
		return CGW_SEEN_NONE;
	seen = cgw_family_seen(READ_ONCE(sk->sk_family));
	if (seen != CGW_SEEN_OBJ) {
		cgw_see_sock(sk, access, o);
		return seen;
	}
	if (sk->sk_family == AF_UNIX)
		return cgw_see_unix_name(sk, access, false, o);
	seen = cgw_see_sock(sk, access, o);
	if (seen != CGW_SEEN_OBJ)
		return seen;
	o->port = READ_ONCE(inet_sk(sk)->inet_num);
	if (o->family == AF_INET)
		memcpy(o->addr, &inet_sk(sk)->inet_rcv_saddr, 4);
#if IS_ENABLED(CONFIG_IPV6)
	else
		memcpy(o->addr, &sk->sk_v6_rcv_saddr, 16);
#endif
	cgw_net_normalise(o);
	return CGW_SEEN_OBJ;
}

/* security_socket_listen(sock, backlog) */
enum cgw_seen cgw_see_listen(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_local((struct socket *)regs->di, CGW_NET_LISTEN, o);
}

/* security_socket_accept(sock, newsock): the listening socket's address */
enum cgw_seen cgw_see_accept(struct pt_regs *regs, struct cgw_obj *o)
{
	return cgw_see_local((struct socket *)regs->di, CGW_NET_ACCEPT, o);
}

/* Not the task's doing: see cgw_sctp_access(). */
#define CGW_SCTP_PEERS	U32_MAX

/*
 * What an SCTP option does with its addresses, as SELinux reads them; 0
 * for an option this module does not know.  The peer's ASCONF requests
 * (SCTP_PARAM_*) arrive with packets, often in softirq: they are not the
 * task's doing, and not mediated.
 */
static u32 cgw_sctp_access(int optname)
{
	switch (optname) {
	case SCTP_SOCKOPT_CONNECTX:
	case SCTP_PRIMARY_ADDR:
	case SCTP_SENDMSG_CONNECT:
		return CGW_NET_CONNECT;
	case SCTP_SOCKOPT_BINDX_ADD:
	case SCTP_SET_PEER_PRIMARY_ADDR:
		return CGW_NET_BIND;
	case (__force u16)SCTP_PARAM_ADD_IP:
	case (__force u16)SCTP_PARAM_SET_PRIMARY:
		return CGW_SCTP_PEERS;
	default:
		return 0;
	}
}

/* The size of the packed address at @sa, 0 if not an inet one. */
static int cgw_sctp_addr_size(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return sizeof(struct sockaddr_in);
	if (sa->sa_family == AF_INET6)
		return sizeof(struct sockaddr_in6);
	return 0;
}

/*
 * security_sctp_bind_connect(sk, optname, address, addrlen): address @n
 * of the packed list a connectx or bindx gives (already in kernel
 * memory), CGW_SEEN_END past the last.  More than CGW_SEE_MAX_OBJS are
 * not decided on.  Options other than connectx and bindx give one.
 */
enum cgw_seen cgw_see_sctp(struct pt_regs *regs, unsigned int n,
			   struct cgw_obj *o)
{
	const struct sock *sk = (const struct sock *)regs->di;
	const u8 *addrs = (const u8 *)regs->dx;
	u32 access = cgw_sctp_access((int)regs->si);
	int len = (int)regs->cx, off = 0, size = 0;
	const struct sockaddr *sa;
	unsigned int i;

	if (n && access != CGW_NET_CONNECT && access != CGW_NET_BIND)
		return CGW_SEEN_END;
	if (access == CGW_SCTP_PEERS || !in_task())
		return CGW_SEEN_NONE;
	cgw_see_sock(sk, access, o);
	if (!access)
		return CGW_SEEN_UNKNOWN;
	for (i = 0; ; i++, off += size) {
		if (off >= len)
			return i ? CGW_SEEN_END : CGW_SEEN_NONE;
		if (i == CGW_SEE_MAX_OBJS ||
		    len - off < (int)sizeof(sa->sa_family))
			return CGW_SEEN_UNKNOWN;
		sa = (const struct sockaddr *)(addrs + off);
		size = cgw_sctp_addr_size(sa);
		if (!size || size > len - off)
			return CGW_SEEN_UNKNOWN;
		if (i == n)
			break;
	}
	return cgw_see_inet_addr(sk, sa, size, access, o);
}
