// SPDX-License-Identifier: GPL-2.0
/*
 * The names of the uapi enums, one spelling for audit records, kernel
 * messages, module parameters and the CLI (which reads the same
 * CGW_*_NAMES lists from the uapi header).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <uapi/cgwarden.h>
#include "names.h"

static const char *const cgw_op_names[] = CGW_OP_NAMES;
static const char *const cgw_mode_names[] = CGW_MODE_NAMES;
static const char *const cgw_verdict_names[] = CGW_VERDICT_NAMES;
static const char *const cgw_reason_names[] = CGW_REASON_NAMES;
static const char *const cgw_severity_names[] = CGW_SEV_NAMES;

static_assert(ARRAY_SIZE(cgw_op_names) == CGW_OP_COUNT);
static_assert(ARRAY_SIZE(cgw_mode_names) == CGW_MODE_COUNT);
static_assert(ARRAY_SIZE(cgw_verdict_names) == CGW_VERDICT_COUNT);
static_assert(ARRAY_SIZE(cgw_reason_names) == CGW_REASON_COUNT);
static_assert(ARRAY_SIZE(cgw_severity_names) == CGW_SEV_COUNT);

static const char *cgw_name(const char *const *names, unsigned int n,
			    unsigned int i)
{
	return i < n && names[i] ? names[i] : "?";
}

const char *cgw_op_name(unsigned int op)
{
	return cgw_name(cgw_op_names, CGW_OP_COUNT, op);
}

const char *cgw_mode_name(unsigned int mode)
{
	return cgw_name(cgw_mode_names, CGW_MODE_COUNT, mode);
}

const char *cgw_verdict_name(unsigned int v)
{
	return cgw_name(cgw_verdict_names, CGW_VERDICT_COUNT, v);
}

const char *cgw_reason_name(unsigned int r)
{
	return cgw_name(cgw_reason_names, CGW_REASON_COUNT, r);
}

const char *cgw_severity_name(unsigned int sev)
{
	return cgw_name(cgw_severity_names, CGW_SEV_COUNT, sev);
}

/**
 * cgw_mode_parse() - a mode from its name
 * @s: "off", "learn", "monitor" or "protect" (a trailing newline is fine)
 *
 * Return: the enum cgw_mode, or -EINVAL.
 */
int cgw_mode_parse(const char *s)
{
	return sysfs_match_string(cgw_mode_names, s);
}
