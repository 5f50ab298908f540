/* SPDX-License-Identifier: GPL-2.0 */
/* What a learned name generalises to (generalise.c), pure logic. */
#ifndef _CGW_GENERALISE_H
#define _CGW_GENERALISE_H

#include <linux/types.h>

size_t cgw_generalise_numbers(char *path, size_t len);
size_t cgw_generalise_name(const char *path, size_t len, char *out, bool mnt);
bool cgw_sensitive_path(const char *path, size_t len);
bool cgw_secret_path(const char *path, size_t len);
bool cgw_executable_path(const char *path, size_t len);
size_t cgw_dir_len(const char *path, size_t len);
unsigned int cgw_long_runs(const char *path, size_t len);
size_t cgw_generalise_runs(const char *path, size_t len, unsigned int mask,
			   char *out);
bool cgw_may_collapse(const char *path, size_t len, u32 access);

/* What a path is to generalisation, once: cgw_path_class(). */
#define CGW_PATH_KNOWN		0x1
#define CGW_PATH_SECRET		0x2
#define CGW_PATH_SENSITIVE	0x4

u8 cgw_path_class(const char *path, size_t len);
bool cgw_class_may_collapse(u8 cls, u32 access);

#endif /* _CGW_GENERALISE_H */
