/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verbs, each taking its own argv (argv[0] is the verb), each
 * returning the exit status: 0 ok, 1 error, 2 usage.
 */
#ifndef CGW_VERBS_H
#define CGW_VERBS_H

#include <stdbool.h>
#include <stddef.h>

#include "records.h"

enum { EXIT_OK = 0, EXIT_ERR = 1, EXIT_USAGE = 2 };

struct cgw_nl;

int cmd_status(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_mode(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_candidates(int argc, char **argv);
int cmd_accept(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_lock(int argc, char **argv);

/* Shared by the verbs (main.c). */
int help(const char *usage);				/* stdout, EXIT_OK */
int usage_error(const char *usage, const char *fmt, ...)	/* stderr, EXIT_USAGE */
	__attribute__((format(printf, 2, 3)));
/* After getopt_long() returned c ('?' or ':'): say which option. */
int bad_option(const char *usage, char **argv, int c);
/*
 * For verbs that take only --json and --help besides positional arguments
 * (which start at argv[*first_arg]).  Returns GO_ON, or the exit status
 * if the verb is done (help shown, or a usage error).
 */
#define GO_ON (-1)
int parse_json_opt(int argc, char **argv, const char *usage, bool *json,
		   int *first_arg);

/* policycmd.c: policy documents, also what `model import` reads. */
struct cgw_policy;
const char *policy_file_name(const char *path);	/* "-" is "<stdin>" */
/* The whole of path ("-": stdin), NUL-terminated.  Prints why on failure. */
int policy_read_file(const char *path, char **buf, size_t *len);
/* Read and check a policy; prints every problem.  Returns 0 or -1. */
int policy_read(const char *path, struct cgw_policy *p);

/* status.c: the STATUS reply, also what `config` shows. */
int status_fetch(struct cgw_nl *nl, struct cgw_status_rec *st);

#endif
