/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocation that cannot fail: a CLI has nothing better to do on ENOMEM
 * than to say so and exit.
 */
#ifndef CGW_UTIL_H
#define CGW_UTIL_H

#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
