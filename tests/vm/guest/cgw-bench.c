// SPDX-License-Identifier: GPL-2.0
/*
 * cgw-bench: ns per operation of what cgwarden hooks.  Under qemu with
 * -icount shift=0 the guest clock counts executed instructions, so the
 * figures are instruction counts of the whole kernel path, repeatable
 * within 0.1%; compare them within one boot, as ratios.
 *
 *   cgw-bench open FILE N       open+close of an existing file
 *   cgw-bench connect PORT N    TCP connect to a loopback listener
 *   cgw-bench sendto N          UDP sendto to 127.0.0.1:9
 *   cgw-bench exec N PROG       fork+exec+wait of a static program
 *
 * Prints the median of 5 runs of N, in ns/op.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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

static void one(const char *what, char **argv)
{
	if (!strcmp(what, "open")) {
		close(open(argv[0], O_RDONLY));
	} else if (!strcmp(what, "connect")) {
		struct sockaddr_in sin = lo(atoi(argv[0]));
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		connect(fd, (struct sockaddr *)&sin, sizeof(sin));
		close(fd);
	} else if (!strcmp(what, "sendto")) {
		static int fd = -1;
		struct sockaddr_in sin = lo(9);

		if (fd < 0)
			fd = socket(AF_INET, SOCK_DGRAM, 0);
		sendto(fd, "x", 1, 0, (struct sockaddr *)&sin, sizeof(sin));
	} else {
		pid_t pid = fork();

		if (!pid) {
			execl(argv[0], argv[0], (char *)NULL);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	}
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	char **rest = argv + 3;
	double t[5];
	long i, n;
	int r, lfd = -1;

	if (argc < 3 || (strcmp(what, "sendto") && argc < 4)) {
		fprintf(stderr, "usage: cgw-bench open FILE N | connect PORT N | sendto N | exec N PROG\n");
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
			if (lfd >= 0)
				close(accept(lfd, NULL, NULL));
		}
		t[r] = (now() - t0) / n;
	}
	qsort(t, 5, sizeof(t[0]), cmp);
	printf("%.0f\n", t[2]);
	return 0;
}
