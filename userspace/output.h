/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rendering: the same records as a table for people or as one line of
 * JSON for scripts.  Paths come from containers that may be hostile, so
 * human output escapes anything a terminal could act on, and JSON
 * escapes what JSON requires and repairs invalid UTF-8.
 */
#ifndef CGW_OUTPUT_H
#define CGW_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>

#include "records.h"

/*
 * JSON documents built with json-c and printed compact, one per line.
 * Strings are bytes: one that is not valid UTF-8 is written as
 * {"hex":"<its bytes in hex>"} in its place (docs/models.md, "Names that
 * are not UTF-8"), as YAML documents do.
 */
#define JSON_MAX_DEPTH 8

struct json {
	FILE *f;
	int depth;
	json_object *root, *stack[JSON_MAX_DEPTH];
	/* json_stream(): what closes the document; elements written so far */
	char *tail;
	size_t items;
};

void json_init(struct json *j, FILE *f);
/* key is NULL inside arrays and for the outermost value. */
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_flag(struct json *j, const char *key, bool val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_null(struct json *j, const char *key);
/*
 * An array too long to hold as one tree (a model's entries): as the last
 * member of every container still open, under key.  What the document
 * has so far is written, and from then on each value added at the top
 * (json_obj_begin(j, NULL) ... json_obj_end()) is an element, written and
 * freed as soon as it is complete.  json_finish() closes the document.
 * The output is the same as the whole tree's.
 */
void json_stream(struct json *j, const char *key);
/* Print the document (or its end, after json_stream()) and free it. */
void json_finish(struct json *j);

/*
 * Length of the valid UTF-8 character at s (libc's decoder), or 0 if
 * there is none.
 */
size_t utf8_len(const unsigned char *s);
bool utf8_valid(const char *s);
/* The bytes of s as lowercase hex; allocated. */
char *hex_encode(const char *s);
/* len hex digits as bytes (NUL-terminated, *outlen of them), or NULL. */
char *hex_decode(const char *s, size_t len, size_t *outlen);

/* s made safe for a terminal: \\, \xNN for controls and invalid UTF-8. */
char *human_escape(const char *s);

/*
 * File access bits as "rwax" with '-' for bits not set, then the names of
 * the other bits (CGW_ACC_NAMES) after commas: "-w--,create,rename-to",
 * "r---,mount"; the letters are left out when only named bits are set
 * ("mount").
 */
void fmt_access(uint32_t access, char out[CGW_ACCESS_STR]);

/*
 * "10.0.0.1", "::1"; with a port "10.0.0.1:80", "[::1]:53".  Returns 0,
 * or -1 if family and address length do not match or buf is too small.
 */
int fmt_addr(unsigned int family, const uint8_t *addr, size_t addrlen,
	     uint16_t port, char *buf, size_t len);

/*
 * Generalised entries as people see them (and exports write them): a DIR
 * entry's directory with a last component "*" added, so "/tmp" shows as
 * "/tmp/" "*" and "/" as "/" "*"; allocated.
 */
char *cgw_dir_glob(const char *dir);
/* DIR and CREATED entries stand for names in a directory: shown as a glob. */
static inline int cgw_wild_dir(unsigned int wild)
{
	return wild == CGW_WILD_DIR || wild == CGW_WILD_CREATED;
}

/* How `model show` marks a generalisation: "any address"; NULL for none. */
const char *cgw_wild_shown(unsigned int wild);

/*
 * What an entry names, without its kind, unescaped and allocated:
 * "rw-- /etc/passwd", "rw-- /tmp/" "*" (DIR), "/bin/busybox (as sh)",
 * "tcp 10.0.0.1:80", "tcp *:443" and "tcp [*]:443" (ADDR), "/run/x.sock".
 * The exec name is given only when it differs from the program's own
 * name, unless always_name.
 */
char *cgw_entry_object(const struct cgw_entry_rec *e, bool always_name);

/* Columns padded to their widest cell, two spaces apart. */
struct table {
	size_t ncols, ncells, cap;
	char **cells;
};

void table_init(struct table *t, size_t ncols);
void table_add(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void table_print(const struct table *t, FILE *f);
void table_free(struct table *t);

/* Stable orders: entries by kind, then path or address; cgroups by path. */
int cgw_entry_cmp(const void *a, const void *b);
int cgw_cgroup_cmp(const void *a, const void *b);

void output_status(FILE *f, const struct cgw_status_rec *st, bool json);
void output_config(FILE *f, const struct cgw_config_rec *cfg, bool json);
/*
 * These two sort their input.  Both say which container a cgroup belongs
 * to (container.h), read from its path; path is NULL when not known (a
 * numeric CGROUP argument): model show then says only the id.
 */
void output_cgroups(FILE *f, struct cgw_cgroup_rec *cgs, size_t n, bool json);
void output_model(FILE *f, uint64_t cgroup_id, const char *path,
		  struct cgw_entry_rec *ents, size_t n, bool json);


/*
 * stats: a few lines for people, or Prometheus' text exposition format
 * (version 0.0.4, what node-exporter's textfile collector reads), all
 * metrics named cgwarden_*.  output_prometheus sorts cgs (by path).
 */
void output_stats_human(FILE *f, const struct cgw_status_rec *st,
			const struct cgw_cgroup_rec *cgs, size_t n);
void output_prometheus(FILE *f, const struct cgw_status_rec *st,
		       struct cgw_cgroup_rec *cgs, size_t n);
/*
 * s as a label value, without the quotes: \\, \" and \n escaped as the
 * format requires, bytes that are not UTF-8 replaced by U+FFFD.
 */
void prom_write_label_value(FILE *f, const char *s);

#endif
