/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of the contract's enums, both ways.  The names are what the user
 * types and what --json prints, so they are part of the CLI's interface.
 */
#ifndef CGW_NAMES_H
#define CGW_NAMES_H

#include <stddef.h>
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

/* "stream", "dgram", "raw", ... (SOCK_*); NULL if unknown. */
const char *cgw_sock_type_name(unsigned int type);
int cgw_sock_type_parse(const char *name);
/*
 * The socket type of a net entry from before types: the protocol's usual
 * one (the kernel's rule too), 0 if none.
 */
unsigned int cgw_net_default_type(unsigned int proto);
/* CGW_NET_* bits as "connect,bind"; 0 reads as connect. */
void cgw_net_access_fmt(uint32_t access, char *buf, size_t len);
/* "bind,listen" into CGW_NET_* bits: 0, or -1 if not such a list. */
int cgw_net_access_parse(const char *s, uint32_t *access);

/* Value of a name (exact, lower case), or -1. */
int cgw_mode_parse(const char *name);
int cgw_op_parse(const char *name);
int cgw_kind_parse(const char *name);
int cgw_hook_state_parse(const char *name);
int cgw_wild_parse(const char *name);		/* never CGW_WILD_NONE */

#endif
