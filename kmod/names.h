/* SPDX-License-Identifier: GPL-2.0 */
/* The spelling of cgwarden's enums in messages and audit records. */
#ifndef _CGW_NAMES_H
#define _CGW_NAMES_H

const char *cgw_op_name(unsigned int op);
const char *cgw_mode_name(unsigned int mode);
const char *cgw_verdict_name(unsigned int v);
const char *cgw_reason_name(unsigned int r);
const char *cgw_severity_name(unsigned int sev);
int cgw_mode_parse(const char *s);

#endif /* _CGW_NAMES_H */
