// SPDX-License-Identifier: GPL-2.0
/*
 * cgw-recycle N LEARNED OTHER: a verdict cache must not outlive what it
 * named.  N times: fork a child that waits, open /proc/CHILD/LEARNED
 * (allowed, and now cached), reap the child (its /proc dentries are
 * freed), fork another, open /proc/CHILD2/OTHER: a never-learned file
 * whose dentry may land at the address the freed one had.  One process,
 * one CPU (taskset), so the slab hands the memory straight back.
 *
 * Prints "L learned-ok, O other-ok, E other-EPERM".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		pause();
		_exit(0);
	}
	return pid;
}

static int try_open(pid_t pid, const char *name)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
	unsigned long learned = 0, other = 0, eperm = 0;
	int i, n, err;
	pid_t pid;

	if (argc != 4 || (n = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: cgw-recycle N LEARNED OTHER\n");
		return 2;
	}
	for (i = 0; i < n; i++) {
		pid = child();
		if (pid < 0)
			return 1;
		learned += try_open(pid, argv[2]) == 0;
		reap(pid);
		pid = child();
		if (pid < 0)
			return 1;
		err = try_open(pid, argv[3]);
		other += err == 0;
		eperm += err == EPERM;
		reap(pid);
	}
	printf("%lu learned-ok, %lu other-ok, %lu other-EPERM\n", learned, other,
	       eperm);
	return 0;
}
