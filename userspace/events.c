// SPDX-License-Identifier: GPL-2.0
/* Decoding and rendering of events; see events.h. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include "container.h"
#include "decode.h"
#include "events.h"
#include "names.h"
#include "output.h"
#include "util.h"

static struct nla_policy ev_policy[CGW_EV_A_MAX + 1] = {
	[CGW_EV_A_TIME] = { .type = NLA_U64 },
	[CGW_EV_A_CGROUP_ID] = { .type = NLA_U64 },
	[CGW_EV_A_CGROUP] = { .type = NLA_STRING },
	[CGW_EV_A_PID] = { .type = NLA_U32 },
	[CGW_EV_A_COMM] = { .type = NLA_STRING },
	[CGW_EV_A_EXE] = { .type = NLA_STRING },
	[CGW_EV_A_OP] = { .type = NLA_U8 },
	[CGW_EV_A_MODE] = { .type = NLA_U8 },
	[CGW_EV_A_VERDICT] = { .type = NLA_U8 },
	[CGW_EV_A_REASON] = { .type = NLA_U8 },
	[CGW_EV_A_SUPPRESSED] = { .type = NLA_U64 },
	[CGW_EV_A_OBJECT] = { .type = NLA_NESTED },
	[CGW_EV_A_SEVERITY] = { .type = NLA_U8 },
};

static char *str_or_empty(struct nlattr *a)
{
	return xstrdup(a ? nla_get_string(a) : "");
}

int cgw_decode_event(struct nlattr *nest, struct cgw_event_rec *ev)
{
	struct nlattr *tb[CGW_EV_A_MAX + 1];

	memset(ev, 0, sizeof(*ev));
	if (nla_parse_nested(tb, CGW_EV_A_MAX, nest, ev_policy) ||
	    !tb[CGW_EV_A_CGROUP_ID] || !tb[CGW_EV_A_OP] || !tb[CGW_EV_A_VERDICT])
		return -1;
	ev->time_ns = tb[CGW_EV_A_TIME] ? nla_get_u64(tb[CGW_EV_A_TIME]) : 0;
	ev->cgroup_id = nla_get_u64(tb[CGW_EV_A_CGROUP_ID]);
	ev->pid = tb[CGW_EV_A_PID] ? nla_get_u32(tb[CGW_EV_A_PID]) : 0;
	ev->op = nla_get_u8(tb[CGW_EV_A_OP]);
	ev->verdict = nla_get_u8(tb[CGW_EV_A_VERDICT]);
	ev->mode = tb[CGW_EV_A_MODE] ? nla_get_u8(tb[CGW_EV_A_MODE]) : 0;
	ev->reason = tb[CGW_EV_A_REASON] ? nla_get_u8(tb[CGW_EV_A_REASON]) : 0;
	if (tb[CGW_EV_A_SEVERITY]) {
		ev->has_severity = true;
		ev->severity = nla_get_u8(tb[CGW_EV_A_SEVERITY]);
	}
	ev->suppressed = tb[CGW_EV_A_SUPPRESSED] ?
			 nla_get_u64(tb[CGW_EV_A_SUPPRESSED]) : 0;
	if (tb[CGW_EV_A_OBJECT]) {
		if (cgw_decode_entry(tb[CGW_EV_A_OBJECT], &ev->obj))
			return -1;
		ev->has_obj = true;
	}
	ev->cgroup = str_or_empty(tb[CGW_EV_A_CGROUP]);
	ev->comm = str_or_empty(tb[CGW_EV_A_COMM]);
	ev->exe = str_or_empty(tb[CGW_EV_A_EXE]);
	return 0;
}

void cgw_event_rec_free(struct cgw_event_rec *ev)
{
	free(ev->cgroup);
	free(ev->comm);
	free(ev->exe);
	if (ev->has_obj)
		cgw_entry_rec_free(&ev->obj);
	memset(ev, 0, sizeof(*ev));
}

void cgw_fmt_rfc3339(uint64_t ns, char *buf, size_t len)
{
	time_t secs = (time_t)(ns / 1000000000u);
	struct tm tm;
	char day[24];

	gmtime_r(&secs, &tm);
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%09" PRIu64 "Z", day, ns % 1000000000u);
}

void cgw_event_object(const struct cgw_event_rec *ev, char *buf, size_t len)
{
	const struct cgw_entry_rec *o = &ev->obj;
	const char *proto;
	char addr[64];

	if (!ev->has_obj) {
		snprintf(buf, len, "-");
		return;
	}
	switch (o->kind) {
	case CGW_KIND_NET:
		/* A socket made, bound, listened or accepted on: say which. */
		if (o->access & ~CGW_NET_CONNECT) {
			char *s = cgw_entry_object(o, false);

			snprintf(buf, len, "%s", s);
			free(s);
			break;
		}
		if (o->wild == CGW_WILD_ADDR)
			snprintf(addr, sizeof(addr), o->family == AF_INET6 ? "[*]:%u" : "*:%u",
				 o->port);
		else if (fmt_addr(o->family, o->addr, o->addrlen, o->port, addr,
				  sizeof(addr)))
			snprintf(addr, sizeof(addr), "?");
		proto = cgw_proto_name(o->proto);
		if (proto)
			snprintf(buf, len, "%s %s", proto, addr);
		else
			snprintf(buf, len, "proto-%u %s", o->proto, addr);
		break;
	case CGW_KIND_FILE:
		if (cgw_wild_dir(o->wild) && o->path) {
			char *glob = cgw_dir_glob(o->path);

			snprintf(buf, len, "%s", glob);
			free(glob);
			break;
		}
		/* fallthrough */
	default:
		snprintf(buf, len, "%s", o->path ? o->path : "");
		break;
	}
}

static const char *name_or(const char *name, const char *dflt)
{
	return name ? name : dflt;
}

/*
 * Falco's priority: the severity, one step graver for a denial (something
 * was refused: a workload may have broken).
 */
const char *cgw_event_priority(const struct cgw_event_rec *ev)
{
	bool deny = ev->verdict == CGW_VERDICT_DENY;

	if (!ev->has_severity)
		return deny ? "Critical" : "Warning";
	switch (ev->severity) {
	case CGW_SEV_LOW: return deny ? "Warning" : "Notice";
	case CGW_SEV_MEDIUM: return deny ? "Error" : "Warning";
	default: return "Critical";	/* high, or graver than this CLI knows */
	}
}

/* The program the object is bound to (exe pairing), or NULL. */
static const char *object_exe(const struct cgw_event_rec *ev)
{
	return ev->has_obj ? ev->obj.exe : NULL;
}

/* "high", "?" for a value newer than this CLI, NULL when not sent. */
static const char *severity(const struct cgw_event_rec *ev)
{
	return ev->has_severity ? name_or(cgw_severity_name(ev->severity), "?") : NULL;
}

/* Access letters for a file, or NULL: other kinds have none. */
static const char *event_access(const struct cgw_event_rec *ev,
				char acc[CGW_ACCESS_STR])
{
	if (!ev->has_obj || ev->obj.kind != CGW_KIND_FILE)
		return NULL;
	fmt_access(ev->obj.access, acc);
	return acc;
}

static void json_container(struct json *j, const char *cgroup)
{
	struct cgw_container c;

	if (!cgw_container_from_path(cgroup, &c)) {
		json_null(j, "container");
		return;
	}
	json_obj_begin(j, "container");
	json_str(j, "runtime", c.runtime);
	json_str(j, "id", c.id);
	if (c.pod_uid[0])
		json_str(j, "pod_uid", c.pod_uid);
	json_obj_end(j);
}

static void print_json(FILE *f, const struct cgw_event_rec *ev,
		       const char *time, const char *object, const char *acc)
{
	struct json j;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_str(&j, "time", time);
	json_u64(&j, "cgroup_id", ev->cgroup_id);
	json_str(&j, "cgroup", ev->cgroup);
	json_container(&j, ev->cgroup);
	json_u64(&j, "pid", ev->pid);
	json_str(&j, "comm", ev->comm);
	json_str(&j, "exe", ev->exe);
	json_str(&j, "op", name_or(cgw_op_name(ev->op), "?"));
	json_str(&j, "object", object);
	if (ev->has_obj && ev->obj.kind == CGW_KIND_EXEC && ev->obj.name)
		json_str(&j, "name", ev->obj.name);
	if (acc)
		json_str(&j, "access", acc);
	else
		json_null(&j, "access");
	if (object_exe(ev))
		json_str(&j, "object_exe", object_exe(ev));
	if (ev->has_obj && ev->obj.wild)
		json_str(&j, "object_wild", name_or(cgw_wild_name(ev->obj.wild), "?"));
	json_str(&j, "mode", name_or(cgw_mode_name(ev->mode), "?"));
	json_str(&j, "verdict", name_or(cgw_verdict_name(ev->verdict), "?"));
	json_str(&j, "reason", name_or(cgw_reason_name(ev->reason), "?"));
	if (severity(ev))
		json_str(&j, "severity", severity(ev));
	else
		json_null(&j, "severity");
	json_u64(&j, "suppressed", ev->suppressed);
	json_obj_end(&j);
	json_finish(&j);
}

/*
 * Falco's alert: output, priority, rule, time, output_fields (with
 * Falco's own field names where one exists), plus source, tags and
 * hostname as Falco sends them.
 */
static void print_falco(FILE *f, const struct cgw_event_rec *ev,
			const char *time, const char *object, const char *acc,
			const char *hostname)
{
	const char *op = name_or(cgw_op_name(ev->op), "?");
	const char *priority = cgw_event_priority(ev);
	bool deny = ev->verdict == CGW_VERDICT_DENY;
	struct cgw_container c;
	char *output, *rule;
	struct json j;
	/* Falco says "host" for anything that is not a container. */
	bool ctr = cgw_container_from_path(ev->cgroup, &c) &&
		   strcmp(c.runtime, "systemd");

	output = xasprintf("%s: %s cgwarden %s %s of %s (cgroup=%s container=%s "
			   "pid=%" PRIu32 " comm=%s exe=%s reason=%s)",
			   time, priority,
			   deny ? "denied" : "alerted on", op, object, ev->cgroup,
			   ctr ? c.id : "host", ev->pid, ev->comm, ev->exe,
			   name_or(cgw_reason_name(ev->reason), "?"));
	if (!utf8_valid(output)) {
		/* A message for people: bytes that are not UTF-8 as \xNN. */
		char *esc = human_escape(output);

		free(output);
		output = esc;
	}
	rule = xasprintf("cgwarden %s not in model", op);
	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_str(&j, "output", output);
	json_str(&j, "priority", priority);
	json_str(&j, "rule", rule);
	json_str(&j, "time", time);
	json_str(&j, "source", "cgwarden");
	json_arr_begin(&j, "tags");
	json_str(&j, NULL, "cgwarden");
	json_str(&j, NULL, op);
	json_arr_end(&j);
	json_str(&j, "hostname", hostname);
	json_obj_begin(&j, "output_fields");
	json_u64(&j, "evt.time", ev->time_ns);
	json_str(&j, "evt.type", op);
	json_u64(&j, "proc.pid", ev->pid);
	json_str(&j, "proc.name", ev->comm);
	json_str(&j, "proc.exepath", ev->exe);
	json_str(&j, "container.id", ctr ? c.id : "host");
	if (ev->has_obj && ev->obj.kind == CGW_KIND_NET)
		json_str(&j, "fd.name", object);
	else
		json_str(&j, "fd.name", ev->has_obj ? object : "");
	json_str(&j, "cgwarden.cgroup", ev->cgroup);
	json_u64(&j, "cgwarden.cgroup_id", ev->cgroup_id);
	json_str(&j, "cgwarden.mode", name_or(cgw_mode_name(ev->mode), "?"));
	json_str(&j, "cgwarden.verdict",
		 name_or(cgw_verdict_name(ev->verdict), "?"));
	json_str(&j, "cgwarden.reason", name_or(cgw_reason_name(ev->reason), "?"));
	if (acc)
		json_str(&j, "cgwarden.access", acc);
	if (severity(ev))
		json_str(&j, "cgwarden.severity", severity(ev));
	if (object_exe(ev))
		json_str(&j, "cgwarden.object_exe", object_exe(ev));
	json_u64(&j, "cgwarden.suppressed", ev->suppressed);
	json_obj_end(&j);
	json_obj_end(&j);
	json_finish(&j);
	free(output);
	free(rule);
}

static void print_human(FILE *f, const struct cgw_event_rec *ev,
			const char *time, const char *object, const char *acc)
{
	char *obj = human_escape(object), *cg = human_escape(ev->cgroup);
	char *comm = human_escape(ev->comm), *exe = human_escape(ev->exe);

	fprintf(f, "%s %-5s %-7s %s%s%s cgroup=%s pid=%" PRIu32 " comm=%s exe=%s reason=%s",
		time, name_or(cgw_verdict_name(ev->verdict), "?"),
		name_or(cgw_op_name(ev->op), "?"), obj, acc ? " " : "",
		acc ? acc : "", cg, ev->pid, comm, exe,
		name_or(cgw_reason_name(ev->reason), "?"));
	if (severity(ev))
		fprintf(f, " severity=%s", severity(ev));
	/* Pairing binds the object to the task's program: said only if not. */
	if (object_exe(ev) && strcmp(object_exe(ev), ev->exe)) {
		char *oexe = human_escape(object_exe(ev));

		fprintf(f, " object_exe=%s", oexe);
		free(oexe);
	}
	if (ev->suppressed)
		fprintf(f, " (+%" PRIu64 " suppressed)", ev->suppressed);
	fputc('\n', f);
	free(obj);
	free(cg);
	free(comm);
	free(exe);
}

void cgw_event_print(FILE *f, const struct cgw_event_rec *ev,
		     enum cgw_event_format fmt, const char *hostname)
{
	char time[40], object[4200], accbuf[CGW_ACCESS_STR];
	const char *acc = event_access(ev, accbuf);

	cgw_fmt_rfc3339(ev->time_ns, time, sizeof(time));
	cgw_event_object(ev, object, sizeof(object));
	switch (fmt) {
	case CGW_EV_JSON:
		print_json(f, ev, time, object, acc);
		break;
	case CGW_EV_FALCO:
		print_falco(f, ev, time, object, acc, hostname);
		break;
	default:
		print_human(f, ev, time, object, acc);
		break;
	}
	fflush(f);
}
