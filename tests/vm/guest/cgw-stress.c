// SPDX-License-Identifier: GPL-2.0
/*
 * cgw-stress: one cgroup's share of the stress suite's workload.  It moves
 * itself into a cgroup, then for a while does rounds of the operations
 * cgwarden mediates and counts every attempt, so the suite can compare
 * what was done with what the module counted for that cgroup:
 *
 *   cgw-stress CGROUP-DIR SECONDS FILE-PREFIX NFILES PORT
 *   cgw-stress nop                       (exits at once: what it executes)
 *
 * A round is one fork+exec of itself ("nop"), four read opens of
 * FILE-PREFIX<n> (n cycling through 0..NFILES-1), one TCP connect and two
 * UDP sendto to 127.0.0.1:PORT.  Nothing else it does reaches a hook once
 * it is in the cgroup: it is static, and its output goes to an open fd.
 * The cgroup's counters must then read exec = E, open = O + E (the kernel
 * opens the binary of every exec), connect = C, sendmsg = S, and its
 * denials must be the EPERMs seen (when no exec is refused).
 *
 * Output, one line:
 *   stress cgroup=DIR secs=T rounds=R exec=E open=O connect=C sendto=S
 *          eperm=P exec_eperm=X killed=K other_err=Z
 * Exit status: 0, or 1 if it could not join the cgroup, 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { OPENS_PER_ROUND = 4, SENDS_PER_ROUND = 2, EXEC_FAILED = 100 };

static volatile sig_atomic_t stop;

struct counts {
	long rounds, exec, open, connect, sendto;
	long eperm, exec_eperm, killed, other_err;
};

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Account the outcome of one operation: @err is 0 or an errno. */
static void outcome(struct counts *c, int err, int expected)
{
	if (err == EPERM)
		c->eperm++;
	else if (err && err != expected)
		c->other_err++;
}

static int join(const char *dir)
{
	char path[4096];
	int fd, rc;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	rc = write(fd, "0", 1) == 1 ? 0 : -1;
	close(fd);
	return rc;
}

static void do_exec(struct counts *c, const char *self)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		c->other_err++;
		return;
	}
	if (!pid) {
		execl(self, "cgw-stress", "nop", (char *)NULL);
		_exit(EXEC_FAILED + (errno < 100 ? errno : 99));
	}
	c->exec++;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			c->other_err++;
			return;
		}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		c->killed++;
	else if (WIFEXITED(status) && WEXITSTATUS(status) == EXEC_FAILED + EPERM)
		c->exec_eperm++;
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		c->other_err++;
}

static void do_open(struct counts *c, const char *prefix, long n)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s%ld", prefix, n);
	c->open++;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		outcome(c, errno, 0);
		return;
	}
	close(fd);
}

static void do_net(struct counts *c, const struct sockaddr_in *sin)
{
	int fd, i;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		/* a protected cgroup that never made one is refused it */
		if (errno == EPERM)
			c->eperm++;
		else
			c->other_err++;
		return;
	}
	c->connect++;
	if (connect(fd, (const struct sockaddr *)sin, sizeof(*sin)) < 0)
		outcome(c, errno, ECONNREFUSED);
	close(fd);

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		/* a protected cgroup that never made one is refused it */
		if (errno == EPERM)
			c->eperm++;
		else
			c->other_err++;
		return;
	}
	for (i = 0; i < SENDS_PER_ROUND; i++) {
		c->sendto++;
		if (sendto(fd, "x", 1, 0, (const struct sockaddr *)sin, sizeof(*sin)) < 0)
			outcome(c, errno, ECONNREFUSED);
	}
	close(fd);
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct counts c = { 0 };
	char self[4096];
	double t0, secs;
	long nfiles, next = 0, i;
	ssize_t n;

	if (argc == 2 && !strcmp(argv[1], "nop"))
		return 0;
	if (argc != 6) {
		fprintf(stderr, "usage: cgw-stress CGROUP-DIR SECONDS FILE-PREFIX NFILES PORT | nop\n");
		return 2;
	}
	secs = atof(argv[2]);
	nfiles = atol(argv[4]);
	sin.sin_port = htons(atoi(argv[5]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (secs <= 0 || nfiles < 1)
		return 2;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0) {
		perror("cgw-stress: /proc/self/exe");
		return 1;
	}
	self[n] = '\0';
	signal(SIGTERM, on_term);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (join(argv[1])) {
		fprintf(stderr, "cgw-stress: cannot join %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	t0 = now();
	while (!stop && now() - t0 < secs) {
		do_exec(&c, self);
		for (i = 0; i < OPENS_PER_ROUND; i++) {
			do_open(&c, argv[3], next);
			next = (next + 1) % nfiles;
		}
		do_net(&c, &sin);
		c.rounds++;
	}
	printf("stress cgroup=%s secs=%.1f rounds=%ld exec=%ld open=%ld connect=%ld sendto=%ld eperm=%ld exec_eperm=%ld killed=%ld other_err=%ld\n",
	       argv[1], now() - t0, c.rounds, c.exec, c.open, c.connect,
	       c.sendto, c.eperm, c.exec_eperm, c.killed, c.other_err);
	return 0;
}
