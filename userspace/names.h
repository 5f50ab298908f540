/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of the contract's enums, both ways.  The names are what the user
 * types and what --json prints, so they are part of the CLI's interface.
 */
#ifndef CGW_NAMES_H
#define CGW_NAMES_H

#include <stdint.h>

/* Name of a value, or NULL if this CLI does not know it. */
const char *cgw_mode_name(unsigned int mode);
const char *cgw_op_name(unsigned int op);
const char *cgw_verdict_name(unsigned int verdict);
const char *cgw_reason_name(unsigned int reason);
const char *cgw_kind_name(unsigned int kind);
const char *cgw_hook_state_name(unsigned int state);
/* "dir", "any-address"; NULL for CGW_WILD_NONE and unknown values. */
const char *cgw_wild_name(unsigned int wild);
const char *cgw_severity_name(unsigned int severity);
/* "tcp", "udp", ...; NULL for protocols without a short name here. */
const char *cgw_proto_name(unsigned int proto);
/* The IPPROTO_* number of a name cgw_proto_name() gives, or -1. */
int cgw_proto_parse(const char *name);

/* Value of a name (exact, lower case), or -1. */
int cgw_mode_parse(const char *name);
int cgw_op_parse(const char *name);
int cgw_kind_parse(const char *name);
int cgw_hook_state_parse(const char *name);
int cgw_wild_parse(const char *name);		/* never CGW_WILD_NONE */

#endif
