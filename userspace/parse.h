/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Numbers typed on the command line: decimal digits only.  No sign, no
 * whitespace, no trailing junk, no silent wrap: "12x", "-1", " 5" and
 * 4294967296 (for a u32) are refused rather than guessed at.
 */
#ifndef CGW_PARSE_H
#define CGW_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* 0, or -EINVAL (not a number) or -ERANGE (does not fit). */
int parse_u64(const char *s, uint64_t *out);
int parse_u32(const char *s, uint32_t *out);

bool is_all_digits(const char *s);

/*
 * A duration in milliseconds: digits and a unit, ms, s, m or h ("30s",
 * "5m", "1500ms"); bare digits are seconds.  0, -EINVAL or -ERANGE (past
 * a u32 of milliseconds, about 49 days).
 */
int parse_duration_ms(const char *s, uint32_t *ms);

/*
 * A model entry or candidate id as `model show` and `model candidates`
 * print it: one to eight lower-case hex digits ("0000002a", "2a").  0
 * or -EINVAL.
 */
int parse_entry_id(const char *s, uint32_t *id);

/* "on" (true) or "off" (false), exactly.  0 or -EINVAL. */
int parse_on_off(const char *s, bool *on);

#endif
