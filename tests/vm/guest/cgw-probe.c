// SPDX-License-Identifier: GPL-2.0
/*
 * cgw-probe: the guest-side workload of the VM suites.  Each command does
 * one operation cgwarden mediates and prints "ok" or the errno name, so a
 * suite asserts exactly what a user would see (EPERM, not "it failed").
 *
 *   cgw-probe open PATH r|w|a|rw|wo|rt|n3    (w, a, rw: O_CREAT; wo: O_WRONLY;
 *                                             rt: O_RDONLY|O_TRUNC;
 *                                             n3: O_ACCMODE 3, ioctl-only)
 *   cgw-probe link OLD NEW | rename OLD NEW | exchange A B
 *   cgw-probe symlink TARGET NEW | unlink PATH | rmdir PATH | mkdir PATH
 *   cgw-probe mknod PATH                     (a fifo)
 *   cgw-probe chmod PATH MODE | chown PATH UID GID   (MODE in octal)
 *   cgw-probe truncate PATH LEN | ftruncate PATH LEN
 *   cgw-probe atomic PATH TEXT               (mkstemp(PATH.XXXXXX), write
 *                                             TEXT, rename onto PATH)
 *   cgw-probe connect tcp|udp ADDR PORT     (IPv4 or IPv6 literal)
 *   cgw-probe sendto udp ADDR PORT [unspec] (unspec: sa_family AF_UNSPEC)
 *   cgw-probe raw ADDR PORT [unspec]        (raw IPPROTO_UDP socket: a UDP
 *                                             datagram to ADDR:PORT)
 *   cgw-probe socket FAMILY TYPE [PROTO]     (make one: FAMILY inet, inet6,
 *                                             unix, packet, vsock, or a
 *                                             number; TYPE stream, dgram,
 *                                             raw, seqpacket)
 *   cgw-probe serve ADDR|- PORT bind|listen|accept
 *                                            (TCP server up to that step;
 *                                             "-": no bind; accept is
 *                                             non-blocking, EAGAIN is ok)
 *   cgw-probe sctp-connectx PORT ADDR...     (non-blocking connectx to the
 *                                             addresses; EINPROGRESS is ok)
 *   cgw-probe unix-listen PATH|@NAME stream|dgram
 *                                            (bind, listen; stay until killed)
 *   cgw-probe unixdg PATH|@NAME              (a datagram sent to it)
 *   cgw-probe unix PATH|@ABSTRACT            (stream connect)
 *   cgw-probe exec PATH ARGV0 [ARG...]       (execv; prints only on error)
 *   cgw-probe memfd NAME PATH ARGV0 [ARG...] (copy PATH into a memfd called
 *                                             NAME, fexecve it; prints only
 *                                             on error)
 *   cgw-probe tree PATH ARGV0 [ARG...]       (open_tree(OPEN_TREE_CLONE) of
 *                                             the file PATH: a detached
 *                                             mount; execveat it; prints
 *                                             only on error)
 *   cgw-probe as UID CMD [ARG...]            (drop to UID/GID, no groups,
 *                                             no capabilities; execvp CMD)
 *   cgw-probe loop N CMD...                  (repeat CMD N times, quietly;
 *                                             prints "ok" or the first error)
 *   cgw-probe repeat N CMD...                (like loop, but goes on past
 *                                             errors; prints the error count)
 *   cgw-probe while PATH CMD...              (repeat CMD while PATH exists;
 *                                             prints "R runs, E errors")
 *   cgw-probe spawn N PATH [ARG...]          (fork+exec+wait N times)
 *   cgw-probe files PREFIX N r|w|a|rw|truncate (open, or truncate to 0,
 *                                             PREFIX0..PREFIX<N-1>;
 *                                             prints the error count)
 *   cgw-probe udpflood ADDR N                (one sendto to each of N
 *                                             distinct ADDR:port endpoints;
 *                                             prints the error count)
 *   cgw-probe clone3 CGDIR CMD...            (a child born in cgroup CGDIR,
 *                                             clone3(CLONE_INTO_CGROUP),
 *                                             runs CMD; prints clone3's
 *                                             error, or what CMD prints)
 *   cgw-probe bind SRC DST                   (mount --bind SRC DST)
 *   cgw-probe umount PATH
 *   cgw-probe chroot DIR [PATH ARGV0 ...]    (chroot, chdir /, then execv
 *                                             PATH if given)
 *   cgw-probe pivot NEWROOT PUTOLD           (pivot_root, chdir /)
 *   cgw-probe ns user|mnt|user+mnt CMD...    (unshare; in a user namespace
 *                                             map root to the caller; then
 *                                             run CMD, a probe command)
 *   cgw-probe ptrace PID ADDR                (PTRACE_ATTACH, PEEKDATA and
 *                                             POKEDATA the same word back
 *                                             at ADDR (hex, writable), detach)
 *   cgw-probe vmwrite PID ADDR               (process_vm_readv and writev of
 *                                             the word at ADDR)
 *   cgw-probe traceme PATH ARGV0 ...         (fork; the child asks to be
 *                                             traced and execs PATH; the
 *                                             parent lets it run; prints
 *                                             the child's result)
 *
 * Exit status: 0 when the operation succeeded, 1 when it failed, 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <linux/sched.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <linux/sctp.h>
#include <linux/vm_sockets.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int quiet;

static int report(int err)
{
	if (!quiet)
		printf("%s\n", err ? strerrorname_np(err) : "ok");
	return err ? 1 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: cgw-probe open|connect|sendto|unix|exec|loop|spawn ...\n");
	return 2;
}

static int do_open(int argc, char **argv)
{
	int flags, fd;

	if (argc < 3)
		return usage();
	if (!strcmp(argv[2], "r"))
		flags = O_RDONLY;
	else if (!strcmp(argv[2], "w"))
		flags = O_WRONLY | O_CREAT;
	else if (!strcmp(argv[2], "a"))
		flags = O_WRONLY | O_APPEND | O_CREAT;
	else if (!strcmp(argv[2], "rw"))
		flags = O_RDWR | O_CREAT;
	else if (!strcmp(argv[2], "wo"))
		flags = O_WRONLY;
	else if (!strcmp(argv[2], "rt"))
		flags = O_RDONLY | O_TRUNC;
	else if (!strcmp(argv[2], "n3"))
		flags = O_ACCMODE;
	else
		return usage();
	fd = open(argv[1], flags, 0644);
	if (fd < 0)
		return report(errno);
	close(fd);
	return report(0);
}

/* Fill @ss from ADDR PORT; returns its length or 0. */
static socklen_t parse_addr(const char *addr, const char *port,
			    struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(atoi(port));
		return sizeof(*sin);
	}
	if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(atoi(port));
		return sizeof(*sin6);
	}
	return 0;
}

static int do_net(int argc, char **argv, int send)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int type, fd, rc;

	if (argc < 4)
		return usage();
	type = !strcmp(argv[1], "udp") ? SOCK_DGRAM : SOCK_STREAM;
	len = parse_addr(argv[2], argv[3], &ss);
	if (!len)
		return usage();
	fd = socket(ss.ss_family, type, 0);
	if (fd < 0)
		return report(errno);
	/* The address says AF_UNSPEC: UDP delivers it as the socket's own. */
	if (argc > 4 && !strcmp(argv[4], "unspec"))
		ss.ss_family = AF_UNSPEC;
	if (send)
		rc = sendto(fd, "x", 1, 0, (struct sockaddr *)&ss, len) < 0;
	else
		rc = connect(fd, (struct sockaddr *)&ss, len) < 0;
	rc = rc ? errno : 0;
	close(fd);
	return report(rc);
}

static int do_unix(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t n;
	socklen_t len;
	int fd, rc;

	if (argc < 2)
		return usage();
	n = strlen(argv[1]);
	if (n >= sizeof(sun.sun_path))
		return usage();
	memcpy(sun.sun_path, argv[1], n);
	if (argv[1][0] == '@')
		sun.sun_path[0] = '\0';
	len = offsetof(struct sockaddr_un, sun_path) + n +
	      (argv[1][0] == '@' ? 0 : 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return report(errno);
	rc = connect(fd, (struct sockaddr *)&sun, len) < 0 ? errno : 0;
	close(fd);
	return report(rc);
}

/* A UDP datagram to ADDR:PORT from a raw socket. */
static int do_raw(int argc, char **argv)
{
	struct sockaddr_storage ss;
	struct udphdr udp = { .uh_sport = htons(4321), .uh_ulen = htons(9) };
	char pkt[sizeof(udp) + 1];
	socklen_t len;
	int fd, rc;

	if (argc < 3)
		return usage();
	len = parse_addr(argv[1], argv[2], &ss);
	if (!len || ss.ss_family != AF_INET)
		return usage();
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);
	if (fd < 0)
		return report(errno);
	udp.uh_dport = htons(atoi(argv[2]));
	memcpy(pkt, &udp, sizeof(udp));
	pkt[sizeof(udp)] = 'x';
	if (argc > 3 && !strcmp(argv[3], "unspec"))
		ss.ss_family = AF_UNSPEC;
	rc = sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&ss, len) < 0 ? errno : 0;
	close(fd);
	return report(rc);
}

static int word(const char *s, const char *const *names, const int *values, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return values[i];
	return atoi(s);
}

static int do_socket(int argc, char **argv)
{
	static const char *const fams[] = { "inet", "inet6", "unix", "packet", "vsock" };
	static const int famv[] = { AF_INET, AF_INET6, AF_UNIX, AF_PACKET, AF_VSOCK };
	static const char *const types[] = { "stream", "dgram", "raw", "seqpacket" };
	static const int typev[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET };
	int family, type, proto, fd;

	if (argc < 3)
		return usage();
	family = word(argv[1], fams, famv, 5);
	type = word(argv[2], types, typev, 4);
	proto = argc > 3 ? atoi(argv[3]) : 0;
	if (family == AF_PACKET && argc <= 3)
		proto = htons(0x0003);	/* ETH_P_ALL */
	fd = socket(family, type, proto);
	if (fd < 0)
		return report(errno);
	close(fd);
	return report(0);
}

static int do_serve(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len = 0;
	int fd, rc = 0, one = 1;

	if (argc < 4)
		return usage();
	if (strcmp(argv[1], "-")) {
		len = parse_addr(argv[1], argv[2], &ss);
		if (!len)
			return usage();
	}
	fd = socket(len ? ss.ss_family : AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return report(errno);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (len && bind(fd, (struct sockaddr *)&ss, len))
		rc = errno;
	if (!rc && strcmp(argv[3], "bind") && listen(fd, 8))
		rc = errno;
	if (!rc && !strcmp(argv[3], "accept") && accept(fd, NULL, NULL) < 0 &&
	    errno != EAGAIN)
		rc = errno;
	close(fd);
	return report(rc);
}

static int do_sctp_connectx(int argc, char **argv)
{
	struct sockaddr_in addrs[8];
	int fd, n = argc - 2, rc;

	if (argc < 3 || n > 8)
		return usage();
	for (int i = 0; i < n; i++) {
		memset(&addrs[i], 0, sizeof(addrs[i]));
		addrs[i].sin_family = AF_INET;
		addrs[i].sin_port = htons(atoi(argv[1]));
		if (inet_pton(AF_INET, argv[2 + i], &addrs[i].sin_addr) != 1)
			return usage();
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_SCTP);
	if (fd < 0)
		return report(errno);
	rc = setsockopt(fd, IPPROTO_SCTP, SCTP_SOCKOPT_CONNECTX, addrs,
			(socklen_t)(n * sizeof(addrs[0]))) < 0 ? errno : 0;
	close(fd);
	return report(rc == EINPROGRESS ? 0 : rc);
}

/* PATH, or @NAME for an abstract name, as a sockaddr_un; its length or 0. */
static socklen_t unix_addr(const char *name, struct sockaddr_un *sun)
{
	size_t n = strlen(name);

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (n >= sizeof(sun->sun_path))
		return 0;
	memcpy(sun->sun_path, name, n);
	if (name[0] == '@')
		sun->sun_path[0] = '\0';
	return offsetof(struct sockaddr_un, sun_path) + n + (name[0] == '@' ? 0 : 1);
}

static int do_unix_listen(int argc, char **argv)
{
	struct sockaddr_un sun;
	socklen_t len;
	int fd, dgram;

	if (argc < 3)
		return usage();
	len = unix_addr(argv[1], &sun);
	dgram = !strcmp(argv[2], "dgram");
	if (!len)
		return usage();
	fd = socket(AF_UNIX, dgram ? SOCK_DGRAM : SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, len) ||
	    (!dgram && listen(fd, 128)))
		return report(errno);
	report(0);
	for (;;)
		pause();
}

static int do_unixdg(int argc, char **argv)
{
	struct sockaddr_un sun;
	socklen_t len;
	int fd, rc;

	if (argc < 2)
		return usage();
	len = unix_addr(argv[1], &sun);
	if (!len)
		return usage();
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0)
		return report(errno);
	rc = sendto(fd, "x", 1, 0, (struct sockaddr *)&sun, len) < 0 ? errno : 0;
	close(fd);
	return report(rc);
}

static int do_exec(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	execv(argv[1], argv + 2);
	return report(errno);
}

static int do_memfd(int argc, char **argv)
{
	extern char **environ;
	char buf[65536];
	ssize_t n;
	int in, fd;

	if (argc < 4)
		return usage();
	in = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return report(errno);
	fd = syscall(SYS_memfd_create, argv[1], 1 /* MFD_CLOEXEC */);
	if (fd < 0)
		return report(errno);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, n) != n)
			return report(errno);
	if (n < 0)
		return report(errno);
	close(in);
	syscall(SYS_execveat, fd, "", argv + 3, environ, AT_EMPTY_PATH);
	return report(errno);
}

#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif

static int do_tree(int argc, char **argv)
{
	extern char **environ;
	int fd;

	if (argc < 3)
		return usage();
	/* OPEN_TREE_CLONE 1, OPEN_TREE_CLOEXEC O_CLOEXEC */
	fd = syscall(SYS_open_tree, AT_FDCWD, argv[1], 1 | O_CLOEXEC);
	if (fd < 0)
		return report(errno);
	syscall(SYS_execveat, fd, "", argv + 2, environ, AT_EMPTY_PATH);
	return report(errno);
}

static int do_as(int argc, char **argv)
{
	uid_t id;

	if (argc < 3)
		return usage();
	id = (uid_t)atol(argv[1]);
	if (setgroups(0, NULL) || setgid(id) || setuid(id))
		return report(errno);
	execvp(argv[2], argv + 2);
	return report(errno);
}

static int run(int argc, char **argv);

static int do_loop(int argc, char **argv)
{
	long i, n;
	int rc;

	if (argc < 3)
		return usage();
	n = atol(argv[1]);
	quiet = 1;
	for (i = 0; i < n; i++) {
		rc = run(argc - 2, argv + 2);
		if (rc) {
			printf("failed at %ld\n", i);
			return rc;
		}
	}
	quiet = 0;
	return report(0);
}

static int do_repeat(int argc, char **argv)
{
	long i, n, errors = 0;

	if (argc < 3)
		return usage();
	n = atol(argv[1]);
	quiet = 1;
	for (i = 0; i < n; i++)
		errors += run(argc - 2, argv + 2) != 0;
	printf("%ld errors\n", errors);
	return 0;
}

static char files_out[4096];

static int do_files(int argc, char **argv)
{
	char path[4096], *args[4] = { "open", path, NULL, NULL };
	long i, n, errors = 0;

	if (argc < 4)
		return usage();
	n = atol(argv[2]);
	args[2] = argv[3];
	quiet = 1;
	/*
	 * The buffer of the one line printed is in memory before the flood:
	 * in a cgroup at its memory.max (40-caps-memory), printing must not
	 * need a page the model may have taken.
	 */
	setvbuf(stdout, files_out, _IOFBF, sizeof(files_out));
	memset(files_out, 0, sizeof(files_out));
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s%ld", argv[1], i);
		/* truncate to 0 by name: no file is allocated (40-caps-memory) */
		if (!strcmp(argv[3], "truncate"))
			errors += truncate(path, 0) != 0;
		else
			errors += do_open(3, args) != 0;
	}
	printf("%ld errors\n", errors);
	return 0;
}

static int do_udpflood(int argc, char **argv)
{
	struct sockaddr_storage ss;
	long i, n, errors = 0;
	socklen_t len;
	int fd;

	if (argc < 3)
		return usage();
	n = atol(argv[2]);
	len = parse_addr(argv[1], "0", &ss);
	if (!len)
		return usage();
	fd = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (fd < 0)
		return report(errno);
	for (i = 0; i < n; i++) {
		/* ports 1..65535, then the next address up */
		unsigned short port = 1 + i % 65535;
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		if (ss.ss_family == AF_INET) {
			sin->sin_port = htons(port);
			if (i && port == 1)
				sin->sin_addr.s_addr = htonl(ntohl(sin->sin_addr.s_addr) + 1);
		} else {
			sin6->sin6_port = htons(port);
			if (i && port == 1)
				sin6->sin6_addr.s6_addr[15]++;
		}
		errors += sendto(fd, "x", 1, 0, (struct sockaddr *)&ss, len) < 0;
	}
	close(fd);
	printf("%ld errors\n", errors);
	return 0;
}

static int do_spawn(int argc, char **argv)
{
	long i, n;
	int status;
	pid_t pid;

	if (argc < 3)
		return usage();
	n = atol(argv[1]);
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0)
			return report(errno);
		if (!pid) {
			execv(argv[2], argv + 2);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0)
			return report(errno);
		if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) {
			printf("child failed: status %d\n", status);
			return 1;
		}
	}
	return report(0);
}

/* Repeat until told to stop (PATH removed): for changes made meanwhile. */
static int do_while(int argc, char **argv)
{
	long runs = 0, errors = 0;

	if (argc < 3)
		return usage();
	quiet = 1;
	while (access(argv[1], F_OK) == 0) {
		errors += run(argc - 2, argv + 2) != 0;
		runs++;
	}
	printf("%ld runs, %ld errors\n", runs, errors);
	return 0;
}

/* A child born in cgroup argv[1] runs argv[2..]; its status is ours. */
static int do_clone3(int argc, char **argv)
{
	struct clone_args ca;
	int fd, status;
	long pid;

	if (argc < 3)
		return usage();
	fd = open(argv[1], O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return report(errno);
	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_INTO_CGROUP;
	ca.exit_signal = SIGCHLD;
	ca.cgroup = fd;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid < 0)
		return report(errno);
	if (pid == 0)
		_exit(run(argc - 2, argv + 2));
	close(fd);
	if (waitpid(pid, &status, 0) < 0)
		return report(errno);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* The operations on names: one system call each, its errno reported. */
static int do_names(int argc, char **argv)
{
	const char *op = argv[0];
	int rc, fd;

	if (argc < 2)
		return usage();
	if (!strcmp(op, "unlink"))
		rc = unlink(argv[1]);
	else if (!strcmp(op, "rmdir"))
		rc = rmdir(argv[1]);
	else if (!strcmp(op, "mkdir"))
		rc = mkdir(argv[1], 0755);
	else if (!strcmp(op, "mknod"))
		rc = mknod(argv[1], S_IFIFO | 0644, 0);
	else if (argc < 3)
		return usage();
	else if (!strcmp(op, "link"))
		rc = link(argv[1], argv[2]);
	else if (!strcmp(op, "rename"))
		rc = rename(argv[1], argv[2]);
	else if (!strcmp(op, "exchange"))
		rc = renameat2(AT_FDCWD, argv[1], AT_FDCWD, argv[2],
			       RENAME_EXCHANGE);
	else if (!strcmp(op, "symlink"))
		rc = symlink(argv[1], argv[2]);
	else if (!strcmp(op, "chmod"))
		rc = chmod(argv[1], strtol(argv[2], NULL, 8));
	else if (!strcmp(op, "truncate"))
		rc = truncate(argv[1], atol(argv[2]));
	else if (!strcmp(op, "ftruncate")) {
		fd = open(argv[1], O_WRONLY);
		if (fd < 0)
			return report(errno);
		rc = ftruncate(fd, atol(argv[2]));
		if (rc)
			rc = errno;
		close(fd);
		return report(rc);
	} else if (argc < 4)
		return usage();
	else if (!strcmp(op, "chown"))
		rc = chown(argv[1], atol(argv[2]), atol(argv[3]));
	else
		return usage();
	return report(rc ? errno : 0);
}

/* An atomic configuration write: a temporary file renamed onto PATH. */
static int do_atomic(int argc, char **argv)
{
	char tmp[4096];
	size_t n;
	int fd, rc = 0;

	if (argc < 3)
		return usage();
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", argv[1]);
	fd = mkstemp(tmp);
	if (fd < 0)
		return report(errno);
	n = strlen(argv[2]);
	if (write(fd, argv[2], n) != (ssize_t)n || fsync(fd))
		rc = errno;
	close(fd);
	if (!rc && rename(tmp, argv[1]))
		rc = errno;
	if (rc)
		unlink(tmp);
	return report(rc);
}

static int do_bind(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	return report(mount(argv[1], argv[2], NULL, MS_BIND, NULL) ? errno : 0);
}

static int do_umount(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	return report(umount2(argv[1], 0) ? errno : 0);
}

static int do_chroot(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (chroot(argv[1]) || chdir("/"))
		return report(errno);
	if (argc < 4)
		return report(0);
	execv(argv[2], argv + 3);
	return report(errno);
}

static int do_pivot(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	if (syscall(SYS_pivot_root, argv[1], argv[2]) || chdir("/"))
		return report(errno);
	return report(0);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n < 0 ? errno : 0;
}

static int do_ns(int argc, char **argv)
{
	char map[64];
	uid_t uid = getuid();
	gid_t gid = getgid();
	int flags = 0, err;

	if (argc < 3)
		return usage();
	if (strstr(argv[1], "user"))
		flags |= CLONE_NEWUSER;
	if (strstr(argv[1], "mnt"))
		flags |= CLONE_NEWNS;
	if (!flags)
		return usage();
	if (unshare(flags))
		return report(errno);
	if (flags & CLONE_NEWUSER) {
		err = write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "0 %u 1", (unsigned int)uid);
		if (!err)
			err = write_file("/proc/self/uid_map", map);
		snprintf(map, sizeof(map), "0 %u 1", (unsigned int)gid);
		if (!err)
			err = write_file("/proc/self/gid_map", map);
		if (err)
			return report(err);
	}
	return run(argc - 2, argv + 2);
}

static int do_ptrace(int argc, char **argv)
{
	pid_t pid;
	unsigned long addr;
	long word;
	int err = 0;

	if (argc < 3)
		return usage();
	pid = (pid_t)atol(argv[1]);
	addr = strtoul(argv[2], NULL, 16);
	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL))
		return report(errno);
	if (waitpid(pid, NULL, __WALL) < 0)
		err = errno;
	errno = 0;
	word = ptrace(PTRACE_PEEKDATA, pid, (void *)addr, NULL);
	if (!err && errno)
		err = errno;
	if (!err && ptrace(PTRACE_POKEDATA, pid, (void *)addr, (void *)word))
		err = errno;
	ptrace(PTRACE_DETACH, pid, NULL, NULL);
	return report(err);
}

static int do_vmwrite(int argc, char **argv)
{
	unsigned long addr, word;
	struct iovec local = { &word, sizeof(word) }, remote;
	pid_t pid;

	if (argc < 3)
		return usage();
	pid = (pid_t)atol(argv[1]);
	addr = strtoul(argv[2], NULL, 16);
	remote.iov_base = (void *)addr;
	remote.iov_len = sizeof(word);
	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) < 0)
		return report(errno);
	if (process_vm_writev(pid, &local, 1, &remote, 1, 0) < 0)
		return report(errno);
	return report(0);
}

static int do_traceme(int argc, char **argv)
{
	int pfd[2], status, err = 0;
	pid_t pid;

	if (argc < 3 || pipe(pfd))
		return usage();
	pid = fork();
	if (pid < 0)
		return report(errno);
	if (!pid) {
		close(pfd[0]);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0)
			execv(argv[1], argv + 2);
		err = errno;
		if (write(pfd[1], &err, sizeof(err)) < 0)
			_exit(3);
		_exit(1);
	}
	close(pfd[1]);
	/* The exec stops the child with SIGTRAP: let it go, untraced. */
	while (waitpid(pid, &status, 0) == pid && WIFSTOPPED(status))
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
	if (read(pfd[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(pfd[0]);
	return report(err);
}

static int run(int argc, char **argv)
{
	static const char *const names[] = {
		"link", "rename", "exchange", "symlink", "unlink", "rmdir",
		"mkdir", "mknod", "chmod", "chown", "truncate", "ftruncate",
	};
	size_t i;

	if (argc < 1)
		return usage();
	if (!strcmp(argv[0], "open"))
		return do_open(argc, argv);
	if (!strcmp(argv[0], "connect"))
		return do_net(argc, argv, 0);
	if (!strcmp(argv[0], "sendto"))
		return do_net(argc, argv, 1);
	if (!strcmp(argv[0], "unix"))
		return do_unix(argc, argv);
	if (!strcmp(argv[0], "exec"))
		return do_exec(argc, argv);
	if (!strcmp(argv[0], "memfd"))
		return do_memfd(argc, argv);
	if (!strcmp(argv[0], "tree"))
		return do_tree(argc, argv);
	if (!strcmp(argv[0], "raw"))
		return do_raw(argc, argv);
	if (!strcmp(argv[0], "socket"))
		return do_socket(argc, argv);
	if (!strcmp(argv[0], "serve"))
		return do_serve(argc, argv);
	if (!strcmp(argv[0], "sctp-connectx"))
		return do_sctp_connectx(argc, argv);
	if (!strcmp(argv[0], "unix-listen"))
		return do_unix_listen(argc, argv);
	if (!strcmp(argv[0], "unixdg"))
		return do_unixdg(argc, argv);
	if (!strcmp(argv[0], "as"))
		return do_as(argc, argv);
	if (!strcmp(argv[0], "loop"))
		return do_loop(argc, argv);
	if (!strcmp(argv[0], "files"))
		return do_files(argc, argv);
	if (!strcmp(argv[0], "udpflood"))
		return do_udpflood(argc, argv);
	if (!strcmp(argv[0], "repeat"))
		return do_repeat(argc, argv);
	if (!strcmp(argv[0], "while"))
		return do_while(argc, argv);
	if (!strcmp(argv[0], "spawn"))
		return do_spawn(argc, argv);
	if (!strcmp(argv[0], "clone3"))
		return do_clone3(argc, argv);
	if (!strcmp(argv[0], "atomic"))
		return do_atomic(argc, argv);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(argv[0], names[i]))
			return do_names(argc, argv);
	if (!strcmp(argv[0], "bind"))
		return do_bind(argc, argv);
	if (!strcmp(argv[0], "umount"))
		return do_umount(argc, argv);
	if (!strcmp(argv[0], "chroot"))
		return do_chroot(argc, argv);
	if (!strcmp(argv[0], "pivot"))
		return do_pivot(argc, argv);
	if (!strcmp(argv[0], "ns"))
		return do_ns(argc, argv);
	if (!strcmp(argv[0], "ptrace"))
		return do_ptrace(argc, argv);
	if (!strcmp(argv[0], "vmwrite"))
		return do_vmwrite(argc, argv);
	if (!strcmp(argv[0], "traceme"))
		return do_traceme(argc, argv);
	return usage();
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return run(argc - 1, argv + 1);
}
