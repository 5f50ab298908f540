/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events (alerts and denials) as the kernel multicasts them, decoded and
 * rendered for `cgwardenctl watch`: a line for people, one JSON object
 * per line for scripts, or Falco's alert shape for existing pipelines
 * (Falcosidekick and the like).  No socket here: tests feed it messages.
 */
#ifndef CGW_EVENTS_H
#define CGW_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <netlink/attr.h>

#include "records.h"

struct cgw_event_rec {
	uint64_t time_ns;	/* since the epoch */
	uint64_t cgroup_id;
	char *cgroup;		/* owned */
	uint32_t pid;
	char *comm;		/* owned */
	char *exe;		/* owned */
	uint8_t op, mode, verdict, reason;
	bool has_severity;	/* an older module sends none */
	uint8_t severity;	/* enum cgw_severity */
	uint64_t suppressed;
	bool has_obj;
	struct cgw_entry_rec obj;
};

enum cgw_event_format { CGW_EV_HUMAN, CGW_EV_JSON, CGW_EV_FALCO };

/* A CGW_A_EVENT nest; 0, or -1 when malformed. */
int cgw_decode_event(struct nlattr *nest, struct cgw_event_rec *ev);
void cgw_event_rec_free(struct cgw_event_rec *ev);

/* "2026-11-27T00:12:55.123456789Z" into buf (at least 32 bytes). */
void cgw_fmt_rfc3339(uint64_t ns, char *buf, size_t len);

/* What was touched, as one string: a path, "tcp 10.0.0.1:80", ... */
void cgw_event_object(const struct cgw_event_rec *ev, char *buf, size_t len);

/*
 * Falco's priority for an event: by severity (high Critical, medium
 * Warning, low Notice), or without one by verdict (deny Critical, else
 * Warning).
 */
const char *cgw_event_priority(const struct cgw_event_rec *ev);

/* One line (ending in '\n') in the given format. */
void cgw_event_print(FILE *f, const struct cgw_event_rec *ev,
		     enum cgw_event_format fmt, const char *hostname);

#endif
