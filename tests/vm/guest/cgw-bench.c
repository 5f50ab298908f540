// SPDX-License-Identifier: GPL-2.0
/*
 * cgw-bench: ns per operation of what cgwarden hooks.  Under qemu with
 * -icount shift=0 the guest clock counts executed instructions, so the
 * figures are instruction counts of the whole kernel path, repeatable
 * within 0.1%; compare them within one boot, as ratios.
 *
 *   cgw-bench open FILE N       open+close of an existing file
 *   cgw-bench connect PORT N    TCP connect to a loopback listener (which
 *                               accepts, and resets: no TIME_WAIT)
 *   cgw-bench sendto N          UDP sendto to 127.0.0.1:9
 *   cgw-bench exec N PROG       fork+exec+wait of a static program that
 *                               exits 0 (cgw-true)
 *   cgw-bench names DIR N       the name-changing operations, once each:
 *                               create DIR/a, link it to DIR/b, rename b
 *                               to DIR/c, chmod c, truncate c, unlink a
 *                               and c (eight hooked calls, with the open)
 *   cgw-bench mmap FILE N       open FILE, mmap a page PROT_READ|PROT_EXEC,
 *                               munmap, close
 *
 * Prints the median of 5 runs of N, in ns/op; exits 1 without a figure if
 * any operation failed.
 *
 *   cgw-bench try FILE          open FILE once: "ok" or the errno's name
 *   cgw-bench attr              its own LSM label (/proc/self/attr/current)
 *   cgw-bench par P N open FILE | par P N sendto
 *                               throughput: P processes doing N operations
 *                               each, started together; prints
 *                               "ops=<P*N> ns=<elapsed> per_s=<ops/s>"
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static struct sockaddr_in lo(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

static long failures;
static int conn_fd = -1;	/* the last connect's socket, closed by main */

/* DIR/a, DIR/b and DIR/c. */
static void names_of(const char *dir, char n[3][256])
{
	for (int i = 0; i < 3; i++)
		snprintf(n[i], sizeof(n[i]), "%s/%c", dir, 'a' + i);
}

/*
 * Which of the name-changing operations "names" does after its create
 * and before its unlinks (CGW_BENCH_NAMES, a mask: 1 link, 2 rename the
 * link, 4 chmod, 8 truncate; all by default): to tell their costs apart.
 */
static unsigned int names_mask(void)
{
	const char *m = getenv("CGW_BENCH_NAMES");

	return m ? (unsigned int)strtoul(m, NULL, 0) : 15;
}

/* The name-changing operations once each; every one must succeed. */
static void names(const char *dir)
{
	static unsigned int mask = ~0U;
	char n[3][256];
	int fd;

	if (mask == ~0U)
		mask = names_mask();
	names_of(dir, n);
	fd = open(n[0], O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		failures++;
		return;
	}
	close(fd);
	if (mask & 1)
		failures += link(n[0], n[1]) != 0;
	if ((mask & 3) == 3)
		failures += rename(n[1], n[2]) != 0;
	if (mask & 4)
		failures += chmod(n[0], 0600) != 0;
	if (mask & 8)
		failures += truncate(n[0], 0) != 0;
	failures += unlink(n[0]) != 0;
	if (mask & 1)
		failures += unlink(n[(mask & 2) ? 2 : 1]) != 0;
}

/* A page of @path mapped to run, and unmapped. */
static void map_exec(const char *path)
{
	int fd = open(path, O_RDONLY);
	void *p;

	if (fd < 0) {
		failures++;
		return;
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		failures++;
	else
		munmap(p, 4096);
	close(fd);
}

/* One operation; a failure is counted, so a refused or broken benchmark
 * cannot pass for a fast one. */
static void one(const char *what, char **argv)
{
	if (!strcmp(what, "names")) {
		names(argv[0]);
		return;
	}
	if (!strcmp(what, "mmap")) {
		map_exec(argv[0]);
		return;
	}
	if (!strcmp(what, "open")) {
		int fd = open(argv[0], O_RDONLY);

		if (fd < 0)
			failures++;
		else
			close(fd);
	} else if (!strcmp(what, "connect")) {
		struct sockaddr_in sin = lo(atoi(argv[0]));
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
			failures++;
		conn_fd = fd;
	} else if (!strcmp(what, "sendto")) {
		static int fd = -1;
		struct sockaddr_in sin = lo(9);

		if (fd < 0)
			fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (sendto(fd, "x", 1, 0, (struct sockaddr *)&sin, sizeof(sin)) != 1)
			failures++;
	} else {
		pid_t pid = fork();
		int st;

		if (!pid) {
			execl(argv[0], argv[0], (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
			failures++;
	}
}

static int try_open(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		close(fd);
		printf("ok\n");
		return 0;
	}
	printf("%s\n", errno == EPERM ? "EPERM" : errno == EACCES ? "EACCES" :
	       errno == ENOENT ? "ENOENT" : strerror(errno));
	return 1;
}

static int attr(void)
{
	char buf[256];
	ssize_t n;
	int fd = open("/proc/self/attr/current", O_RDONLY);

	if (fd < 0)
		return 1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return 1;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0'))
		n--;
	printf("%.*s\n", (int)n, buf);
	return 0;
}

/* P children, released together by closing a pipe, N operations each. */
static int par(int p, long n, const char *what, char **rest)
{
	int go[2], k, bad = 0, st;
	double t0, t1;
	long i;

	if (p < 1 || n < 1 || pipe(go))
		return 2;
	for (k = 0; k < p; k++) {
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (!pid) {
			char c;

			close(go[1]);
			if (read(go[0], &c, 1) < 0)
				_exit(1);
			for (i = 0; i < n; i++)
				one(what, rest);
			_exit(failures != 0);
		}
	}
	close(go[0]);
	t0 = now();
	close(go[1]);
	while (wait(&st) > 0)
		bad |= !WIFEXITED(st) || WEXITSTATUS(st);
	t1 = now();
	printf("ops=%ld ns=%.0f per_s=%.0f\n", p * n, t1 - t0, p * n * 1e9 / (t1 - t0));
	return bad;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	char **rest = argv + 3;
	double t[5];
	long i, n;
	int r, lfd = -1;

	if (!strcmp(what, "attr"))
		return attr();
	if (!strcmp(what, "try") && argc == 3)
		return try_open(argv[2]);
	if (!strcmp(what, "par") && argc >= 5)
		return par(atoi(argv[2]), atol(argv[3]), argv[4], argv + 5);
	if (argc < 3 || (strcmp(what, "sendto") && argc < 4)) {
		fprintf(stderr, "usage: cgw-bench open FILE N | connect PORT N | sendto N | exec N PROG\n"
				"       cgw-bench names DIR N | mmap FILE N\n"
				"       cgw-bench try FILE | attr | par P N open FILE | par P N sendto\n");
		return 2;
	}
	if (!strcmp(what, "sendto")) {
		n = atol(argv[2]);
	} else if (!strcmp(what, "exec")) {
		n = atol(argv[2]);
	} else {
		n = atol(argv[3]);
		rest = argv + 2;
	}
	if (!strcmp(what, "connect")) {
		struct sockaddr_in sin = lo(atoi(argv[2]));
		int one_ = 1;

		lfd = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one_, sizeof(one_));
		if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 4096))
			return 1;
	}
	for (r = 0; r < 5; r++) {
		double t0 = now();

		for (i = 0; i < n; i++) {
			one(what, rest);
			/*
			 * The server's end resets the connection (linger 0):
			 * no TIME_WAIT socket is left on either side, so the
			 * client's search for a free port and the lookups of
			 * its SYN cost the same at every connect.
			 */
			if (lfd >= 0) {
				struct linger lg = { .l_onoff = 1, .l_linger = 0 };
				int afd = accept(lfd, NULL, NULL);

				setsockopt(afd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
				close(afd);
				close(conn_fd);
			}
		}
		t[r] = (now() - t0) / n;
	}
	qsort(t, 5, sizeof(t[0]), cmp);
	if (failures) {
		fprintf(stderr, "cgw-bench: %s: %ld of %ld operations failed\n",
			what, failures, 5 * n);
		return 1;
	}
	printf("%.0f\n", t[2]);
	return 0;
}
